import Foundation
import RemitCore
import RemitReport
import Testing

/// The report's summary against history, its trend chart and the heat map's states.
@Suite("HTML: summary, history, trend and heat map")
struct ReportSummaryTests {
    func html(_ report: RunReport) throws -> String {
        try written(report, formats: [.html]).text("report.html")
    }

    @Test func aFirstRunSaysSoAndShowsNoTrend() throws {
        var report = SampleRun.report()
        report.history = []
        let page = try html(report)
        #expect(page.contains("No earlier run to compare with: every finding counts as new and none can be resolved."))
        #expect(!page.contains("new since the previous run"))
        #expect(!page.contains("<polyline"))
        #expect(page.contains("The trend of the last runs appears here once run history exists."))
    }

    @Test func aComparedRunCountsNewPersistingAndResolved() throws {
        var report = SampleRun.report()
        report.previousAsOf = Instant.parse("2026-11-27T00:00:00Z")
        report.reconciliation.findings[0].status = .persisting
        report.resolved = [report.findings[1]]
        let page = try html(report)
        let count = report.findings.count
        #expect(page.contains("Compared with the previous run, as of 2026-11-27T00:00:00Z: \(count - 1) new, 1 persisting, 1 resolved."))
        #expect(page.contains("<div class=\"tile change\"><b>\(count - 1)</b>new since the previous run</div>"))
        #expect(page.contains("<div class=\"tile change\"><b>1</b>resolved</div>"))
        #expect(page.contains("<td><code>\(report.findings[1].fingerprint)</code></td></tr>"), "the resolved table lists it")
    }

    /// A replay's page is the page of the same run before later runs were recorded.
    @Test func aReplayReportsAsTheRunDid() throws {
        var report = SampleRun.report()
        for previous in [Instant.parse("2026-11-26T00:00:00Z"), nil] {
            report.previousAsOf = previous
            report.isReplay = false
            let first = try html(report)
            report.isReplay = true
            #expect(try html(report) == first)
        }
    }

    @Test func theTrendDrawsOneLabelledLinePerSeverity() throws {
        let report = SampleRun.report()
        let page = try html(report)
        for severity in ["sev-high", "sev-medium", "sev-low", "sev-info", "suppressed"] {
            #expect(occurrences(of: "<polyline class=\"\(severity)\" points=\"", in: page) == 1, "\(severity)")
        }
        // Markers carry each run's count; the past runs come from history, oldest first.
        #expect(page.contains("<title>2026-11-26T00:00:00Z: 4 high</title>"))
        #expect(page.contains("<title>2026-11-27T00:00:00Z: 1 low</title>"))
        let high = report.findings.filter { !$0.isSuppressed && $0.severity == .high }.count
        #expect(page.contains(">high \(high)</text>"))
        // Four grid steps of a round size cover the largest count (5 → steps of 2).
        for label in ["0", "2", "4", "6", "8"] {
            #expect(page.contains("text-anchor=\"end\">\(label)</text>"), "grid label \(label)")
        }
    }

    /// Each run of the trend has a label of its own: month and day, the year too across
    /// years, and the time for two runs of one day (a backfill at noon), each run only as
    /// long as it must be.
    @Test(arguments: [
        (["2026-11-26T00:00:00Z", "2026-11-27T00:00:00Z"], ["11-26", "11-27", "11-28"]),
        (["2025-11-28T00:00:00Z", "2026-11-27T00:00:00Z"], ["2025-11-28", "11-27", "2026-11-28"]),
        (["2026-11-27T00:00:00Z", "2026-11-27T12:00:00Z"], ["11-27 00:00", "11-27 12:00", "11-28"]),
        (["2025-11-27T09:00:00Z", "2026-11-27T10:00:00Z", "2026-11-27T11:00:00Z"] as [String],
         ["2025-11-27", "11-27 10:00", "11-27 11:00", "11-28"]),
    ] as [([String], [String])])
    func everyRunOfTheTrendHasALabelOfItsOwn(past: [String], labels: [String]) throws {
        var report = SampleRun.report()
        report.history = past.map { PastRun(asOf: Instant.parse($0)!, exitCode: 1, bySeverity: [.high: 1], suppressed: 0) }
        let page = try html(report)
        let drawn = page.components(separatedBy: "text-anchor=\"middle\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(drawn == labels)
    }

    @Test func heatMapStatesRankFindingsAboveUnused() throws {
        var report = SampleRun.report()
        // cust-beta's sp-backup is approved (generally) and unused; give it a finding.
        var reconciler = Reconciler(context: report.context)
        reconciler.report(FindingKey(.authorizationWithoutInstruction, customer: "cust-beta", subprocessor: "sp-backup",
                                     dimension: .instruction, value: "gone"))
        report.reconciliation.findings += reconciler.finish().findings.filter { $0.key.value == "gone" }
        let page = try html(report)
        #expect(page.contains("class=\"hm-medium\"><title>cust-beta × sp-backup: approved, unused, with findings (worst: medium), 1 finding</title>"))
        #expect(page.contains("<text class=\"cell\""))
        #expect(page.contains("class=\"hm-unauthorized\"><title>cust-beta × sp-adtech: used but not approved, 1 finding</title>"))
        #expect(page.contains(">✗</text></a>"))
    }
}
