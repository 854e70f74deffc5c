import RemitCore
import RemitReport

/// The one-screen summary a run prints on stderr: counts, top findings, where the report is.
/// Printed an entry a line (`CLI.printLines`), whatever the ids, hosts and values in it hold
/// (a customer id with a line break cannot forge a line such as "passed: …").
public enum RunSummary {
    public static func lines(_ outcome: RunPipeline.Outcome, top: Int = 5) -> [String] {
        let report = outcome.report
        let findings = report.findings
        // Counted in place, not copied out: a large run has tens of thousands.
        var counts: [Severity: Int] = [:]
        var open: [Int] = []
        for index in findings.indices where !findings[index].isSuppressed {
            counts[findings[index].severity, default: 0] += 1
            if open.count < top { open.append(index) }
        }
        let openCount = counts.values.reduce(0, +)
        let flows = report.inputs.filter { $0.role == "flows" }
        let records = flows.reduce(0) { $0 + $1.records }
        let rejected = flows.reduce(0) { $0 + $1.rejected }
        var lines: [String] = []
        lines.append("remit \(report.toolVersion) · as of \(report.asOf) · \(counted(records, "flow record")) read, \(rejected) rejected")
        if report.isReplay {
            lines.append("replay: later runs are recorded and left as they are; compared with "
                + (report.previousAsOf.map { "the run as of \($0)" } ?? "no earlier run"))
        }
        for input in report.inputs where input.status == .stale {
            lines.append("stale: \(input.role) \(input.source) could not be fetched or read; used the copy fetched at \(input.fetchedAt.map { "\($0)" } ?? "an unknown time")")
        }
        lines.append("findings: \(counts[.high] ?? 0) high, \(counts[.medium] ?? 0) medium, \(counts[.low] ?? 0) low, \(counts[.info] ?? 0) info"
            + (findings.count > openCount ? " (+\(findings.count - openCount) suppressed)" : ""))
        for index in open {
            let finding = findings[index]
            let who = [finding.key.customer, finding.key.subprocessor].filter { !$0.isEmpty }.joined(separator: " → ")
            let value = finding.key.value.isEmpty ? "" : " \(finding.key.value)"
            lines.append("  \(finding.severity.rawValue.uppercased().padding(6)) \(finding.key.kind.rawValue)\(value)\(who.isEmpty ? "" : "  [\(who)]")")
        }
        if openCount > top { lines.append("  … and \(openCount - top) more") }
        let verdict = report.exitCode == 0
            ? "passed: no open finding at or above fail_on=\(report.failOn.name)"
            : "FAILED: open findings at or above fail_on=\(report.failOn.name)"
        lines.append("\(verdict) · report: \(outcome.outputDirectory)/report.html")
        return lines
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
