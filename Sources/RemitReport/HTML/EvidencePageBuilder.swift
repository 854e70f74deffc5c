import RemitCore

/// Builds the HTML view of one customer's `EvidencePacket`.
struct EvidencePageBuilder {
    /// A customer's findings beyond this many are left to the JSON packet and `findings.json`.
    static let findingLimit = 2_000

    let report: RunReport
    let formats: Set<OutputFormat>
    let names: EvidenceFileNames
    var memo: ScopeDisplayMemo? = nil
    /// Renders each scope's `row` apart from the page (`PageRenderer.rendersScopeRowsApart`).
    var rows: ScopeRows? = nil
    /// With every template built in (`PageRenderer.rendersPacketPagesByShape`), where the page
    /// only asks whether `scopes` is empty: the rows are appended to the page's `scopeRows` as
    /// they are made, and `scopes` holds a view without texts for each (a general row is then
    /// neither copied as a view nor joined on its own).
    var writesScopeRows = false
    /// The packets' `inputsTable` (`PageRenderer.rendersInputsApart`).
    var inputsTable = ""
    /// `inputs(report)`, made once for every packet.
    var inputRows: [InputRow]? = nil

    func build(_ packet: EvidencePacket, head: PageHead) throws(ReportError) -> EvidencePage {
        let customer = packet.customer
        let views = FindingViewBuilder(context: report.context, memo: memo)
        var links = [LinkView(href: "../report.html", text: "reconciliation report")]
        if formats.contains(.json), let json = names.fileName(for: customer.id, extension: "json") {
            links.append(LinkView(href: json, text: "this packet as JSON (remit.evidence/1)"))
        }
        let findings = packet.findings
        let open = findings.count { !$0.isSuppressed }
        let (scopes, scopeRows) = try scopeViews(packet)
        return EvidencePage(
            head: head,
            customerID: VisibleText.of(customer.id),
            customerName: customer.name.map { [VisibleText.of($0)] } ?? [],
            asOf: report.asOf.description,
            toolVersion: VisibleText.of(report.toolVersion),
            configSource: VisibleText.of(report.configSource),
            configSHA256: VisibleText.of(report.configSHA256),
            links: links,
            glance: glance(packet),
            instructions: customer.instructions.map(views.instruction),
            general: customer.generalAuthorization.map { [general($0)] } ?? [],
            limits: CustomerLimits(
                purposes: customer.purposes.map(VisibleText.list) ?? ["not set"],
                dataCategories: customer.dataCategories.map(VisibleText.list) ?? ["not set"],
                regions: customer.regions.map(VisibleText.list) ?? ["not set (no regional limit)"]
            ),
            scopes: scopes,
            observations: packet.observed.map(observation),
            findings: findings.prefix(Self.findingLimit).map { views.detail($0, linkToTable: false) },
            findingsSummary: "\(DisplayFormat.plural(findings.count, "finding")): \(DisplayFormat.count(open)) unsuppressed, "
                + "\(DisplayFormat.count(findings.count - open)) suppressed.",
            findingsCap: findings.count > Self.findingLimit
                ? [CapNote(text: "Showing the first \(DisplayFormat.count(Self.findingLimit)) of \(DisplayFormat.count(findings.count)) findings, "
                    + "most severe first; all are in the JSON packet and in findings.json.")]
                : [],
            exceptions: packet.exceptions.map(views.exception),
            inputs: inputRows ?? Self.inputs(report),
            inputsTable: inputsTable,
            scopeRows: scopeRows ?? ""
        )
    }

    /// The inputs table's rows, with the full SHA-256.
    static func inputs(_ report: RunReport) -> [InputRow] {
        report.inputs.map { FindingViewBuilder.input($0, fullDigest: true) }
    }

    private func glance(_ packet: EvidencePacket) -> [GlanceItem] {
        let customer = packet.customer
        let inForce = customer.instructions.filter { $0.isInForce(at: report.asOf) }.count
        // Approved under the general authorization: no entry of the customer's own (`EvidencePacket.scope(of:description:)`).
        let general = packet.approved.count { $0.authorization == nil }
        let flows = packet.observed.reduce(into: Int64(0)) { $0.add(saturating: $1.observation.flows) }
        let firstSeen = packet.observed.compactMap(\.observation.firstSeen).min()
        let lastSeen = packet.observed.compactMap(\.observation.lastSeen).max()
        let outside = packet.observed.filter { !$0.isApproved }.count
        let counts = SeverityCounts(packet.findings)
        let bySeverity = Severity.descending.compactMap { severity in
            counts.unsuppressed(severity) > 0 ? "\(counts.unsuppressed(severity)) \(severity.rawValue)" : nil
        }
        return [
            GlanceItem(label: "Documented instructions",
                       value: "\(customer.instructions.count), \(inForce) in force at as_of"),
            GlanceItem(label: "Approved subprocessors",
                       value: "\(packet.approved.count)" + (general > 0 ? " (\(general) under the general written authorization)" : "")),
            GlanceItem(label: "Observed processing",
                       value: "\(DisplayFormat.plural(flows, "flow")) to \(DisplayFormat.plural(packet.observed.count, "subprocessor"))"
                           + (outside > 0 ? " (\(outside) not approved)" : "") + ", \(DisplayFormat.datePeriod(firstSeen, lastSeen))"),
            GlanceItem(label: "Open findings",
                       value: bySeverity.isEmpty ? "none" : bySeverity.joined(separator: ", ")),
            GlanceItem(label: "Suppressed by exceptions", value: DisplayFormat.count(counts.suppressed)),
        ]
    }

    private func general(_ general: GeneralAuthorization) -> GeneralAuthorizationView {
        GeneralAuthorizationView(
            instruction: VisibleText.of(general.instruction ?? "none named"),
            noticeDays: DisplayFormat.plural(general.noticeDays, "day"),
            objections: VisibleText.list(general.objections)
        )
    }

    /// The views of the approved subprocessors' scopes, with their rows when `rows` renders
    /// them, or with `writesScopeRows` the rows joined and views without texts. A row kept for
    /// a general authorization is copied without looking the subprocessor's description up or
    /// working its scope out.
    private func scopeViews(_ packet: EvidencePacket) throws(ReportError) -> (views: [ScopeView], joined: String?) {
        let catalog = report.context.catalog
        func authorized(_ entry: EvidencePacket.Approved) -> EvidencePacket.AuthorizedScope {
            let description = catalog[entry.subprocessor]
            return EvidencePacket.AuthorizedScope(subprocessor: entry.subprocessor, description: description,
                                                  scope: packet.scope(of: entry, description: description))
        }
        guard let rows else { return (packet.approved.map { scope(authorized($0)) }, nil) }
        let limits = rows.limits(of: packet.customer)
        // The instruction of every general scope of the customer.
        let instruction = packet.customer.generalAuthorization.map { ScopeDescription.instruction(named: $0.instruction) }
        if writesScopeRows {
            var joined = ""
            let escaped = instruction.map(HTMLEscape.escape) ?? ""
            for entry in packet.approved {
                if entry.authorization == nil, let general = packet.customer.generalAuthorization, instruction != nil {
                    try rows.appendGeneral(general, limits: limits, subprocessor: entry.subprocessor, escapedInstruction: escaped,
                                           into: &joined) { scope(authorized(entry)) }
                } else {
                    joined += try rows.rendered(scope(authorized(entry))).renderedRow
                }
            }
            return (Array(repeating: ScopeView.withoutTexts, count: packet.approved.count), joined)
        }
        var views: [ScopeView] = []
        views.reserveCapacity(packet.approved.count)
        for entry in packet.approved {
            if entry.authorization == nil, let general = packet.customer.generalAuthorization, let instruction {
                views.append(try rows.general(general, limits: limits, subprocessor: entry.subprocessor, instruction: instruction) {
                    scope(authorized(entry))
                })
            } else {
                views.append(try rows.rendered(scope(authorized(entry))))
            }
        }
        return (views, nil)
    }

    private func scope(_ entry: EvidencePacket.AuthorizedScope) -> ScopeView {
        let description = ScopeDescription(entry.scope, taxonomy: report.context.taxonomy, memo: memo)
        var seen: Set<String> = []
        let sources = (entry.description?.locations ?? []).map(\.description).filter { seen.insert($0).inserted }
        return ScopeView(
            subprocessor: VisibleText.of(entry.subprocessor),
            name: VisibleText.of(entry.description?.name ?? "—"),
            service: VisibleText.of(entry.description?.service ?? "—"),
            basis: description.shortBasis,
            isGeneral: description.isGeneral,
            instruction: description.instruction,
            purposes: description.purposes,
            dataCategories: description.dataCategories,
            regions: description.regions,
            operations: description.operations,
            window: description.window,
            windowFrom: description.windowFrom,
            windowUntil: description.windowUntil,
            describedBy: VisibleText.list(sources)
        )
    }

    private func observation(_ entry: EvidencePacket.ObservedProcessing) -> ObservationView {
        let seen = entry.observation
        func tags(_ values: Set<String>, outside: Set<String>) -> [TagView] {
            values.sorted(by: byteOrder).map { TagView(text: VisibleText.of($0), outside: outside.contains($0)) }
        }
        let anyOutside = entry.outsideWindow || !(seen.outsidePurposes.isEmpty && seen.outsideCategories.isEmpty
            && seen.outsideRegions.isEmpty && seen.outsideOperations.isEmpty)
        return ObservationView(
            subprocessor: VisibleText.of(entry.subprocessor),
            approval: entry.isApproved ? "approved" : "not approved",
            isApproved: entry.isApproved,
            systems: tags(seen.systems, outside: []),
            purposes: tags(seen.purposes, outside: seen.outsidePurposes),
            dataCategories: tags(seen.dataCategories, outside: seen.outsideCategories),
            regions: tags(seen.regions, outside: seen.outsideRegions),
            operations: tags(seen.operations, outside: seen.outsideOperations),
            hasOutside: anyOutside,
            flows: DisplayFormat.count(seen.flows),
            records: DisplayFormat.count(seen.records),
            bytes: DisplayFormat.count(seen.bytes),
            period: DisplayFormat.datePeriod(seen.firstSeen, seen.lastSeen),
            periodExact: DisplayFormat.period(seen.firstSeen, seen.lastSeen),
            outsideWindow: entry.outsideWindow
        )
    }
}
