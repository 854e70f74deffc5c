import RemitCore

/// Builds the view model of `report.html` from a `RunReport`.
struct ReportPageBuilder {
    /// Above this many findings the table shows the first ones (most severe first) and
    /// points to `findings.csv`/`findings.json` for the rest (SPEC: "very large runs stay usable").
    static let tableLimit = 2_000
    /// Runs shown in the trend, this one included.
    static let trendRuns = 30

    let report: RunReport
    let formats: Set<OutputFormat>
    let evidenceNames: EvidenceFileNames
    let head: PageHead

    func build() -> ReportPage {
        let findings = FindingViewBuilder(context: report.context)
        let shown = Array(report.findings.prefix(Self.tableLimit))
        return ReportPage(
            head: head,
            header: header(),
            verdict: verdict(),
            summary: summary(),
            matrix: MatrixBuilder(report: report).build(),
            customers: customers(),
            filters: filters(shown),
            table: shown.map(findings.row),
            hasFindings: !shown.isEmpty,
            tableCap: tableCap(),
            details: shown.map(findings.detail),
            resolved: report.resolved.map(findings.row)
        )
    }

    private func header() -> RunHeader {
        RunHeader(
            asOf: report.asOf.description,
            toolVersion: VisibleText.of(report.toolVersion),
            configSource: VisibleText.of(report.configSource),
            configSHA256: VisibleText.of(report.configSHA256),
            configSHA256Short: VisibleText.of(DisplayFormat.shortDigest(report.configSHA256)),
            failOn: report.failOn.name,
            inputs: report.inputs.map { FindingViewBuilder.input($0, fullDigest: false) }
        )
    }

    private func verdict() -> VerdictView {
        let unsuppressed = report.findings.filter { !$0.isSuppressed }
        let failing = unsuppressed.filter { report.failOn.fails($0.severity) }.count
        let suppressed = report.findings.count - unsuppressed.count
        let rest = "\(DisplayFormat.plural(unsuppressed.count - failing, "other unsuppressed finding")), "
            + "\(DisplayFormat.plural(suppressed, "suppressed finding"))."
        switch report.failOn {
        case .none:
            return VerdictView(
                state: "none", headline: "No gate",
                text: "fail_on is none: findings do not fail the run. "
                    + "\(DisplayFormat.plural(unsuppressed.count, "unsuppressed finding")), \(DisplayFormat.plural(suppressed, "suppressed finding"))."
            )
        case .atLeast(let threshold) where failing > 0:
            return VerdictView(
                state: "fail", headline: "Fail",
                text: "\(DisplayFormat.plural(failing, "unsuppressed finding")) at or above fail_on (\(threshold.rawValue)): "
                    + "the run exits 1. " + rest
            )
        case .atLeast(let threshold):
            return VerdictView(
                state: "pass", headline: "Pass",
                text: "No unsuppressed finding at or above fail_on (\(threshold.rawValue)): the run exits 0. " + rest
            )
        }
    }

    private func summary() -> SummaryView {
        let counts = SeverityCounts(report.findings)
        let newCount = report.findings.filter { $0.status == .new }.count
        var kinds: [FindingKind: [Finding]] = [:]
        for finding in report.findings { kinds[finding.key.kind, default: []].append(finding) }
        let ordered = kinds.keys.sorted { a, b in
            kinds[a]!.count != kinds[b]!.count ? kinds[a]!.count > kinds[b]!.count : a < b
        }
        let kindRows = ordered.map { kind in
            let of = SeverityCounts(kinds[kind]!)
            return KindRow(
                kind: kind.rawValue, high: DisplayFormat.count(of.unsuppressed(.high)),
                medium: DisplayFormat.count(of.unsuppressed(.medium)), low: DisplayFormat.count(of.unsuppressed(.low)),
                info: DisplayFormat.count(of.unsuppressed(.info)), suppressed: DisplayFormat.count(of.suppressed),
                total: DisplayFormat.count(kinds[kind]!.count)
            )
        }
        let chart = ordered.map { Charts.Series(label: $0.rawValue, parts: Self.parts(SeverityCounts(kinds[$0]!))) }
        return SummaryView(
            severities: Severity.descending.map { SeverityTile(severity: $0.rawValue, count: DisplayFormat.count(counts.unsuppressed($0))) },
            suppressed: DisplayFormat.count(counts.suppressed),
            total: DisplayFormat.count(report.findings.count),
            new: DisplayFormat.count(newCount),
            persisting: DisplayFormat.count(report.findings.count - newCount),
            resolved: DisplayFormat.count(report.resolved.count),
            kinds: kindRows,
            chart: chart.isEmpty ? [] : [Charts.horizontal(title: "Findings by kind and severity", chart)],
            trend: trend()
        )
    }

    private static func parts(_ counts: SeverityCounts) -> [(cssClass: String, name: String, value: Int)] {
        Severity.descending.map { ("sev-\($0.rawValue)", $0.rawValue, counts.unsuppressed($0)) }
            + [("suppressed", "suppressed", counts.suppressed)]
    }

    /// The last runs from history plus this one; none without history.
    private func trend() -> [BarChart] {
        guard !report.history.isEmpty else { return [] }
        let past = report.history.filter { $0.asOf < report.asOf }.sorted { $0.asOf < $1.asOf }.suffix(Self.trendRuns - 1)
        var series = past.map { run in
            Charts.Series(
                label: String(run.asOf.dateString.suffix(5)),
                parts: Severity.descending.map { ("sev-\($0.rawValue)", $0.rawValue, run.bySeverity[$0] ?? 0) }
                    + [("suppressed", "suppressed", run.suppressed)]
            )
        }
        series.append(Charts.Series(label: String(report.asOf.dateString.suffix(5)), parts: Self.parts(SeverityCounts(report.findings))))
        return [Charts.vertical(title: "Findings in the last \(series.count) runs", series)]
    }

    private func customers() -> [CustomerSummary] {
        var byCustomer: [String: [Finding]] = [:]
        for finding in report.findings where !finding.key.customer.isEmpty {
            byCustomer[finding.key.customer, default: []].append(finding)
        }
        var seen: Set<String> = []
        return report.context.register.customers.compactMap { customer in
            guard seen.insert(customer.id).inserted else { return nil }
            let findings = byCustomer[customer.id] ?? []
            let worst = findings.filter { !$0.isSuppressed }.map(\.severity).max()
            let approved = Approval.approvedSubprocessors(of: customer, catalog: report.context.catalog).count
            return CustomerSummary(
                anchor: Anchor.customer(customer.id),
                id: VisibleText.of(customer.id),
                name: VisibleText.of(customer.name),
                evidence: evidenceNames.fileName(for: customer.id).map {
                    [LinkView(href: "evidence/" + $0, text: "evidence packet")]
                } ?? [],
                approved: DisplayFormat.plural(approved, "approved subprocessor"),
                findings: DisplayFormat.plural(findings.count, "finding"),
                worst: worst.map { "worst unsuppressed: \($0.rawValue)" } ?? "no unsuppressed finding"
            )
        }
    }

    private func filters(_ shown: [Finding]) -> FilterOptions {
        func distinct(_ values: [String]) -> [String] {
            Set(values).sorted(by: byteOrder).map { VisibleText.of($0) }
        }
        let severities = Set(shown.map(\.severity))
        return FilterOptions(
            severities: Severity.descending.filter(severities.contains).map(\.rawValue),
            kinds: distinct(shown.map(\.key.kind.rawValue)),
            customers: distinct(shown.map(\.key.customer).filter { !$0.isEmpty }),
            subprocessors: distinct(shown.map(\.key.subprocessor).filter { !$0.isEmpty })
        )
    }

    private func tableCap() -> [CapNote] {
        let more = report.findings.count - Self.tableLimit
        guard more > 0 else { return [] }
        let files = [formats.contains(.csv) ? "findings.csv" : nil, formats.contains(.json) ? "findings.json" : nil].compactMap { $0 }
        let whereTo = files.isEmpty ? "the machine outputs (run with --formats json,csv)" : files.joined(separator: " and ")
        return [CapNote(text: "This table shows the first \(DisplayFormat.count(Self.tableLimit)) of "
            + "\(DisplayFormat.count(report.findings.count)) findings, most severe first; "
            + "the other \(DisplayFormat.count(more)) are in \(whereTo).")]
    }
}
