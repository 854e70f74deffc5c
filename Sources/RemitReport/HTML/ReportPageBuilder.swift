import RemitCore

/// Builds the view model of `report.html` from a `RunReport`.
struct ReportPageBuilder {
    /// Above this many findings the table shows the first ones (most severe first) and
    /// points to `findings.csv`/`findings.json` for the rest (SPEC: "very large runs stay usable").
    static let tableLimit = 2_000

    let report: RunReport
    let formats: Set<OutputFormat>
    let evidenceNames: EvidenceFileNames
    let head: PageHead
    var memo: ScopeDisplayMemo? = nil

    func build() -> ReportPage {
        let findings = FindingViewBuilder(context: report.context, memo: memo)
        let shown = Array(report.findings.prefix(Self.tableLimit))
        let summary = SummaryBuilder(report: report)
        return ReportPage(
            head: head,
            header: header(),
            verdict: summary.verdict(),
            comparison: summary.comparison(),
            summary: summary.summary(),
            matrix: MatrixBuilder(report: report).build(),
            customers: customers(),
            filters: filters(shown),
            table: shown.map(findings.row),
            hasFindings: !shown.isEmpty,
            tableCap: tableCap(),
            details: shown.map { findings.detail($0, linkToTable: true) },
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
            inputs: report.inputs.map { FindingViewBuilder.input($0, fullDigest: false) },
            inputsSummary: inputsSummary()
        )
    }

    /// `7 inputs · 691 flow records read, 3 rejected · all fresh`.
    private func inputsSummary() -> String {
        let flows = report.inputs.filter { $0.role == "flows" }
        var statuses: [String: Int] = [:]
        for input in report.inputs { statuses[input.status.rawValue, default: 0] += 1 }
        let status = statuses.count == 1 ? "all \(statuses.keys.first!)"
            : InputProvenance.Status.allCases.compactMap { s in statuses[s.rawValue].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
        return [
            DisplayFormat.plural(report.inputs.count, "input"),
            "\(DisplayFormat.plural(flows.reduce(0) { $0 + $1.records }, "flow record")) read, "
                + "\(DisplayFormat.count(flows.reduce(0) { $0 + $1.rejected })) rejected",
            status,
        ].filter { !$0.isEmpty }.joined(separator: " · ")
    }

    private func customers() -> [CustomerSummary] {
        let all = report.findings
        var byCustomer: [String: SeverityCounts] = [:]
        for index in all.indices where !all[index].key.customer.isEmpty {
            byCustomer[all[index].key.customer, default: SeverityCounts()].count(all[index].severity, suppressed: all[index].isSuppressed)
        }
        var usedCount: [String: Int] = [:]
        for pair in report.reconciliation.observations.keys { usedCount[pair.customer, default: 0] += 1 }
        var seen: Set<String> = []
        return report.context.register.customers.compactMap { customer in
            guard seen.insert(customer.id).inserted else { return nil }
            let findings = byCustomer[customer.id] ?? SeverityCounts()
            let worst = Severity.descending.first { findings.unsuppressed($0) > 0 }
            let approved = Approval.approvedSubprocessors(of: customer, catalog: report.context.catalog).count
            let open = findings.total - findings.suppressed
            var evidence: [LinkView] = []
            if formats.contains(.html), let name = evidenceNames.fileName(for: customer.id) {
                evidence.append(LinkView(href: "evidence/" + name, text: "HTML"))
            }
            if formats.contains(.json), let name = evidenceNames.fileName(for: customer.id, extension: "json") {
                evidence.append(LinkView(href: "evidence/" + name, text: "JSON"))
            }
            return CustomerSummary(
                anchor: Anchor.customer(customer.id),
                id: VisibleText.of(customer.id),
                name: VisibleText.of(customer.name),
                evidence: evidence,
                approved: DisplayFormat.count(approved),
                used: DisplayFormat.count(usedCount[customer.id] ?? 0),
                findings: "\(DisplayFormat.count(open)) open"
                    + (findings.total > open ? ", \(DisplayFormat.count(findings.total - open)) suppressed" : ""),
                worst: worst.map { [$0.rawValue] } ?? []
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
