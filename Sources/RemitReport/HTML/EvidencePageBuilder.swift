import RemitCore

/// Builds the evidence packet of one register customer from a `RunReport`.
struct EvidencePageBuilder {
    /// A customer's findings beyond this many are left to `findings.json`/`findings.csv`.
    static let findingLimit = 2_000

    let report: RunReport
    let head: PageHead
    /// Findings (in output order) and observed pairs, grouped by customer once for all packets.
    private let findingsByCustomer: [String: [Finding]]
    private let pairsByCustomer: [String: [Pair]]

    init(report: RunReport, head: PageHead) {
        self.report = report
        self.head = head
        var findings: [String: [Finding]] = [:]
        for finding in report.findings { findings[finding.key.customer, default: []].append(finding) }
        findingsByCustomer = findings
        var pairs: [String: [Pair]] = [:]
        for pair in report.reconciliation.observations.keys { pairs[pair.customer, default: []].append(pair) }
        pairsByCustomer = pairs
    }

    func build(_ customer: Customer) -> EvidencePage {
        let context = report.context
        let views = FindingViewBuilder(context: context)
        let findings = findingsByCustomer[customer.id] ?? []
        let suppressing = Set(findings.compactMap(\.suppressedBy))
        let exceptions = context.exceptions.filter { $0.customer == customer.id || suppressing.contains($0.id) }
        let open = findings.filter { !$0.isSuppressed }.count
        return EvidencePage(
            head: head,
            customerID: VisibleText.of(customer.id),
            customerName: customer.name.map { [VisibleText.of($0)] } ?? [],
            asOf: report.asOf.description,
            toolVersion: VisibleText.of(report.toolVersion),
            configSource: VisibleText.of(report.configSource),
            configSHA256: VisibleText.of(report.configSHA256),
            reportLink: [LinkView(href: "../report.html", text: "reconciliation report")],
            instructions: customer.instructions.map(views.instruction),
            general: customer.generalAuthorization.map { [general($0)] } ?? [],
            limits: CustomerLimits(
                purposes: customer.purposes.map(VisibleText.list) ?? ["not set"],
                dataCategories: customer.dataCategories.map(VisibleText.list) ?? ["not set"],
                regions: customer.regions.map(VisibleText.list) ?? ["not set (no regional limit)"]
            ),
            scopes: Approval.approvedSubprocessors(of: customer, catalog: context.catalog).compactMap { scope(customer, $0) },
            observations: observations(customer),
            findings: findings.prefix(Self.findingLimit).map(views.detail),
            findingsSummary: "\(DisplayFormat.plural(findings.count, "finding")): \(DisplayFormat.count(open)) unsuppressed, "
                + "\(DisplayFormat.count(findings.count - open)) suppressed.",
            findingsCap: findings.count > Self.findingLimit
                ? [CapNote(text: "Showing the first \(DisplayFormat.count(Self.findingLimit)) of \(DisplayFormat.count(findings.count)) findings, most severe first; all are in findings.json and findings.csv.")]
                : [],
            exceptions: exceptions.map(views.exception),
            inputs: report.inputs.map { FindingViewBuilder.input($0, fullDigest: true) }
        )
    }

    private func general(_ general: GeneralAuthorization) -> GeneralAuthorizationView {
        GeneralAuthorizationView(
            instruction: VisibleText.of(general.instruction ?? "none named"),
            noticeDays: DisplayFormat.plural(general.noticeDays, "day"),
            objections: VisibleText.list(general.objections)
        )
    }

    private func scope(_ customer: Customer, _ id: String) -> ScopeView? {
        let catalog = report.context.catalog
        guard let scope = Approval.scope(customer: customer, subprocessor: id, catalog: catalog) else { return nil }
        let description = ScopeDescription(scope, taxonomy: report.context.taxonomy)
        let described = catalog[id]
        return ScopeView(
            subprocessor: VisibleText.of(id),
            name: VisibleText.of(described?.name ?? "—"),
            service: VisibleText.of(described?.service ?? "—"),
            basis: description.basis,
            isGeneral: description.isGeneral,
            instruction: description.instruction,
            purposes: description.purposes,
            dataCategories: description.dataCategories,
            regions: description.regions,
            operations: description.operations,
            window: description.window,
            describedBy: VisibleText.list(uniqueSources(described))
        )
    }

    private func uniqueSources(_ subprocessor: Subprocessor?) -> [String] {
        var seen: Set<String> = []
        return (subprocessor?.locations ?? []).map(\.description).filter { seen.insert($0).inserted }
    }

    private func observations(_ customer: Customer) -> [ObservationView] {
        let pairs = (pairsByCustomer[customer.id] ?? []).sorted()
        return pairs.map { pair in
            let observed = report.reconciliation.observations[pair]!
            let approved = Approval.scope(customer: customer, subprocessor: pair.subprocessor, catalog: report.context.catalog) != nil
            func sorted(_ values: Set<String>) -> [String] { VisibleText.list(values.sorted(by: byteOrder)) }
            return ObservationView(
                subprocessor: VisibleText.of(pair.subprocessor),
                approval: approved ? "approved" : "not approved",
                isApproved: approved,
                systems: sorted(observed.systems),
                purposes: sorted(observed.purposes),
                dataCategories: sorted(observed.dataCategories),
                regions: sorted(observed.regions),
                operations: sorted(observed.operations),
                flows: DisplayFormat.count(observed.flows),
                records: DisplayFormat.count(observed.records),
                bytes: DisplayFormat.count(observed.bytes),
                period: DisplayFormat.period(observed.firstSeen, observed.lastSeen)
            )
        }
    }
}
