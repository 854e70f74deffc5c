import RemitCore

/// Builds the view models for findings, instructions, exceptions and inputs: everything the
/// report and the evidence packets both show.
struct FindingViewBuilder {
    let context: ReconciliationContext
    var memo: ScopeDisplayMemo? = nil

    func row(_ finding: Finding) -> FindingRow {
        let key = finding.key
        return FindingRow(
            fingerprint: VisibleText.of(finding.fingerprint),
            severity: finding.severity.rawValue,
            severityRank: DisplayFormat.rank(finding.severity),
            kind: key.kind.rawValue,
            customer: VisibleText.of(key.customer),
            subprocessor: VisibleText.of(key.subprocessor),
            dimension: key.dimension.rawValue,
            value: VisibleText.of(key.value),
            flows: DisplayFormat.count(finding.flows),
            flowsRaw: String(finding.flows),
            records: DisplayFormat.count(finding.records),
            recordsRaw: String(finding.records),
            bytes: DisplayFormat.bytes(finding.bytes),
            bytesExact: DisplayFormat.plural(finding.bytes, "byte"),
            bytesRaw: String(finding.bytes),
            hasVolume: Self.hasVolume(finding),
            lastSeenDate: DisplayFormat.date(finding.lastSeen),
            lastSeen: DisplayFormat.time(finding.lastSeen),
            status: finding.status.rawValue,
            suppressed: finding.isSuppressed,
            suppressedBy: VisibleText.of(finding.suppressedBy)
        )
    }

    /// Whether the finding shows flows, records and bytes: one of flows does, even when they
    /// are 0 (rows of `count: 0`); one from the documents has none to show.
    static func hasVolume(_ finding: Finding) -> Bool {
        finding.key.kind.isFromFlows || finding.flows != 0 || finding.records != 0 || finding.bytes != 0
    }

    func detail(_ finding: Finding, linkToTable: Bool) -> FindingDetail {
        let key = finding.key
        let customer = context.register.customer(key.customer)
        var instructions: [InstructionView] = []
        var unresolved: [String] = []
        for ref in finding.instructionRefs {
            if let instruction = customer?.instruction(ref) {
                instructions.append(self.instruction(instruction))
            } else {
                unresolved.append(VisibleText.of(ref))
            }
        }
        let (authorized, basis) = authorizedScope(key, customer)
        return FindingDetail(
            row: row(finding),
            message: VisibleText.of(finding.message),
            customerName: customer?.name.map { [VisibleText.of($0)] } ?? [],
            namesCustomer: !key.customer.isEmpty,
            namesSubprocessor: !key.subprocessor.isEmpty,
            volume: !Self.hasVolume(finding) ? [] : [
                "\(DisplayFormat.plural(finding.flows, "flow")) · \(DisplayFormat.plural(finding.records, "record")) · "
                    + DisplayFormat.plural(finding.bytes, "byte"),
            ],
            period: finding.firstSeen == nil && finding.lastSeen == nil ? [] : [DisplayFormat.period(finding.firstSeen, finding.lastSeen)],
            instructions: instructions,
            unresolvedRefs: unresolved,
            authorized: authorized,
            basis: basis,
            tableLink: linkToTable ? [LinkView(href: "#" + Anchor.findingRow(finding.fingerprint), text: "back to the table")] : [],
            samples: finding.samples.map(sample),
            exception: finding.suppressedBy.flatMap { id in context.exceptions.first { $0.id == id } }.map { [exception($0)] } ?? []
        )
    }

    /// The effective authorized scope on the finding's dimension (`Approval.scope`), and its basis.
    private func authorizedScope(_ key: FindingKey, _ customer: Customer?) -> (String, String) {
        guard let customer else {
            return key.customer.isEmpty ? ("— (no customer)", "—") : ("— (customer not in the register)", "—")
        }
        guard !key.subprocessor.isEmpty else { return ("— (not specific to one subprocessor)", "—") }
        guard let scope = Approval.scope(customer: customer, subprocessor: key.subprocessor, catalog: context.catalog) else {
            let objected = customer.generalAuthorization?.objections.contains(key.subprocessor) ?? false
            return ("nothing: not an approved subprocessor of this customer", objected ? "the customer objected to it" : "no authorization")
        }
        let description = ScopeDescription(scope, taxonomy: context.taxonomy, memo: memo)
        let authorized = description.values(on: key.dimension) ?? [
            "purposes: " + description.purposes.joined(separator: ", "),
            "data categories: " + description.dataCategories.joined(separator: ", "),
            "regions: " + description.regions.joined(separator: ", "),
            "operations: " + description.operations.joined(separator: ", "),
            "window: " + description.window,
        ].joined(separator: "; ")
        return (authorized, "\(description.basis), instruction \(description.instruction)")
    }

    func sample(_ sample: Sample) -> SampleView {
        SampleView(
            flow: sample.flow.map { [VisibleText.of($0)] } ?? [],
            location: VisibleText.of(sample.location.description),
            reason: sample.reason.map { [VisibleText.of($0)] } ?? []
        )
    }

    func instruction(_ instruction: Instruction) -> InstructionView {
        let href = SafeLink.href(instruction.uri)
        return InstructionView(
            id: VisibleText.of(instruction.id),
            kind: instruction.kind.rawValue,
            ref: VisibleText.of(instruction.ref ?? "—"),
            // The href whole (`SafeLink` keeps it to printable ASCII); only the text shown is cut.
            link: href.map { [LinkView(href: $0, text: VisibleText.of($0))] } ?? [],
            uriText: href == nil ? instruction.uri.map { [VisibleText.of($0)] } ?? [] : [],
            effective: DisplayFormat.bound(instruction.effective, open: "—"),
            expires: DisplayFormat.bound(instruction.expires, open: "none"),
            inForce: instruction.isInForce(at: context.asOf),
            sha256: VisibleText.of(instruction.sha256 ?? "no document hash recorded")
        )
    }

    func exception(_ rule: ExceptionRule) -> ExceptionView {
        let match = [
            rule.customer.map { "customer=\($0)" }, rule.subprocessor.map { "subprocessor=\($0)" },
            rule.dimension.map { "dimension=\($0)" }, rule.value.map { "value=\($0)" },
        ].compactMap { $0 }
        return ExceptionView(
            id: VisibleText.of(rule.id),
            kind: rule.kind.rawValue,
            match: VisibleText.of(match.isEmpty ? "any" : match.joined(separator: ", ")),
            reason: VisibleText.of(rule.reason),
            approvedBy: VisibleText.of(rule.approvedBy),
            expires: DisplayFormat.bound(rule.expires, open: "never"),
            instructionRef: VisibleText.of(rule.instructionRef ?? "—"),
            isExpired: rule.isExpired(at: context.asOf)
        )
    }

    static func input(_ input: InputProvenance, fullDigest: Bool) -> InputRow {
        var fetch: [String] = []
        if let fetchedAt = input.fetchedAt { fetch.append("fetched \(fetchedAt)") }
        if let etag = input.etag { fetch.append("ETag \(etag)") }
        if let finalURL = input.finalURL { fetch.append("from \(finalURL)") }
        return InputRow(
            role: VisibleText.of(input.role),
            source: VisibleText.of(input.source),
            format: VisibleText.of(input.format),
            status: input.status.rawValue,
            records: DisplayFormat.count(input.records),
            rejected: DisplayFormat.count(input.rejected),
            hasRejected: input.rejected > 0,
            bytes: DisplayFormat.count(input.bytes),
            sha256: VisibleText.of(input.sha256),
            sha256Shown: VisibleText.of(fullDigest ? input.sha256 : DisplayFormat.shortDigest(input.sha256)),
            fetch: fetch.isEmpty ? [] : [VisibleText.of(fetch.joined(separator: ", "))]
        )
    }
}
