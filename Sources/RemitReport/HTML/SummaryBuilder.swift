import RemitCore

/// The top of the report in words and charts: the verdict against `fail_on`, how the run
/// compares with history, counts by severity and kind, and the trend of the last runs.
struct SummaryBuilder {
    /// Runs shown in the trend, this one included.
    static let trendRuns = 30

    let report: RunReport

    func verdict() -> VerdictView {
        let failOn = report.failOn
        let unsuppressed = report.findings.count { !$0.isSuppressed }
        let failing = report.findings.count { !$0.isSuppressed && failOn.fails($0.severity) }
        let suppressed = report.findings.count - unsuppressed
        let rest = "\(DisplayFormat.plural(unsuppressed - failing, "other unsuppressed finding")), "
            + "\(DisplayFormat.plural(suppressed, "suppressed finding"))."
        switch report.failOn {
        case .none:
            return VerdictView(
                state: "none", headline: "No gate",
                text: "fail_on is none: findings do not fail the run (exit 0). "
                    + "\(DisplayFormat.plural(unsuppressed, "unsuppressed finding")), \(DisplayFormat.plural(suppressed, "suppressed finding"))."
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

    func comparison() -> ComparisonView {
        let newCount = report.findings.newCount
        let persisting = report.findings.count - newCount
        // The same words whether or not later runs are recorded: a rerun of one as_of gives
        // the same report (SPEC "Reconciliation": idempotent reruns).
        guard let previous = report.previousAsOf else {
            return ComparisonView(state: "first", text: "No earlier run to compare with: every finding counts as new and none can be resolved.")
        }
        let changes = "\(DisplayFormat.count(newCount)) new, \(DisplayFormat.count(persisting)) persisting, "
            + "\(DisplayFormat.count(report.resolved.count)) resolved"
        return ComparisonView(state: "compared", text: "Compared with the previous run, as of \(previous): \(changes).")
    }

    func summary() -> SummaryView {
        let counts = SeverityCounts(report.findings)
        let newCount = report.findings.newCount
        let findings = report.findings
        var kinds: [FindingKind: SeverityCounts] = [:]
        for index in findings.indices {
            kinds[findings[index].key.kind, default: SeverityCounts()].count(findings[index].severity, suppressed: findings[index].isSuppressed)
        }
        let ordered = kinds.keys.sorted { a, b in
            kinds[a]!.total != kinds[b]!.total ? kinds[a]!.total > kinds[b]!.total : a < b
        }
        let kindRows = ordered.map { kind in
            let of = kinds[kind]!
            return KindRow(
                kind: kind.rawValue, high: DisplayFormat.count(of.unsuppressed(.high)),
                medium: DisplayFormat.count(of.unsuppressed(.medium)), low: DisplayFormat.count(of.unsuppressed(.low)),
                info: DisplayFormat.count(of.unsuppressed(.info)), suppressed: DisplayFormat.count(of.suppressed),
                total: DisplayFormat.count(of.total)
            )
        }
        let chart = ordered.map { Charts.Series(label: $0.rawValue, parts: Self.parts(kinds[$0]!)) }
        return SummaryView(
            severities: Severity.descending.map { SeverityTile(severity: $0.rawValue, count: DisplayFormat.count(counts.unsuppressed($0))) },
            suppressed: DisplayFormat.count(counts.suppressed),
            total: DisplayFormat.count(report.findings.count),
            changes: report.previousAsOf == nil ? [] : [ChangeTiles(
                new: DisplayFormat.count(newCount), persisting: DisplayFormat.count(report.findings.count - newCount),
                resolved: DisplayFormat.count(report.resolved.count)
            )],
            kinds: kindRows,
            chart: chart.isEmpty ? [] : [Charts.horizontal(title: "Findings by kind and severity", chart)],
            trend: trend()
        )
    }

    private static func parts(_ counts: SeverityCounts) -> [(cssClass: String, name: String, value: Int)] {
        Severity.descending.map { ("sev-\($0.rawValue)", $0.rawValue, counts.unsuppressed($0)) }
            + [("suppressed", "suppressed", counts.suppressed)]
    }

    /// The trend's labels: each run's shortest form that no other run shares (`11-26`; then
    /// `2025-11-26` across years; then the time, for two runs of one day), so that most stay
    /// short when one night was run twice.
    static func trendLabels(_ instants: [Instant]) -> [String] {
        let forms: [(Instant) -> String] = [
            { String($0.dateString.suffix(5)) },
            { $0.dateString },
            { String($0.dateString.suffix(5)) + " " + String($0.description.dropFirst(11).prefix(5)) },
            { $0.dateString + " " + String($0.description.dropFirst(11).prefix(5)) },
            { $0.description },
        ]
        let labelled = forms.map { form in instants.map(form) }
        return instants.indices.map { i in
            let form = labelled.first { labels in !labels.indices.contains { $0 != i && labels[$0] == labels[i] } } ?? labelled[labelled.count - 1]
            return form[i]
        }
    }

    /// The last runs from history plus this one; none without history.
    private func trend() -> [LineChart] {
        let past = report.history.filter { $0.asOf < report.asOf }.sorted { $0.asOf < $1.asOf }.suffix(Self.trendRuns - 1)
        guard !past.isEmpty else { return [] }
        let counts = SeverityCounts(report.findings)
        let labels = Self.trendLabels(past.map(\.asOf) + [report.asOf])
        var runs = zip(past, labels).map { run, label in
            TrendChart.Run(label: label, asOf: run.asOf.description, bySeverity: run.bySeverity, suppressed: run.suppressed)
        }
        runs.append(TrendChart.Run(
            label: labels[labels.count - 1], asOf: report.asOf.description,
            bySeverity: Dictionary(uniqueKeysWithValues: Severity.descending.map { ($0, counts.unsuppressed($0)) }),
            suppressed: counts.suppressed
        ))
        return [TrendChart.draw(title: "Open findings by severity in the last \(runs.count) runs", runs)]
    }
}
