import RemitCore

/// `evidence/<customer>.json`, schema `remit.evidence/1`: the evidence packet for tools, with
/// the same content as the HTML packet and in the same top-down order. Unlike the HTML, it
/// lists every finding of the customer (the HTML caps them).
///
/// Lists of taxonomy keys are the narrowest keys the effective scope allows; `null` for
/// `regions` means no regional limit and for `operations` any operation. Times are RFC 3339
/// (dates as `YYYY-MM-DD` where the register gave a date); `null` when absent.
enum EvidenceJSON {
    static let schema = "remit.evidence/1"

    /// What every packet of a run writes the same: its `inputs` member, written once per run
    /// (a fragment after the members before it, `JSONWriter.fragment`).
    struct Shared: Sendable {
        let inputs: [UInt8]

        init(_ report: RunReport) {
            var json = JSONWriter.fragment(depth: 1)
            json.array("inputs", report.inputs) { json, item in FindingsJSON.input(item, counts: .records, into: &json) }
            inputs = json.out.bytes
        }
    }

    static func render(_ packet: EvidencePacket, report: RunReport, memo: ScopeDisplayMemo? = nil, shared: Shared? = nil) -> [UInt8] {
        let customer = packet.customer
        let memo = memo ?? ScopeDisplayMemo(coverage: report.context.taxonomy.regions)
        let shared = shared ?? Shared(report)
        let counts = SeverityCounts(packet.findings)
        var json = JSONWriter(into: OutputBytes(capacity: 4_096 + 256 * packet.approved.count + 1_024 * packet.findings.count))
        json.beginObject()
        FindingsJSON.head(schema, report, config: true, into: &json)
        json.object("customer") { json in
            json.member("id", customer.id)
            json.member("name", customer.name)
        }
        json.object("summary") { json in
            json.member("findings", packet.findings.count)
            FindingsJSON.bySeverity(counts, into: &json)
            json.member("suppressed", counts.suppressed)
            json.member("approved_subprocessors", packet.approved.count)
            json.member("observed_subprocessors", packet.observed.count)
        }
        json.array("instructions", customer.instructions) { json, item in instruction(item, asOf: report.asOf, memo: memo, into: &json) }
        json.key("general_authorization")
        if let general = customer.generalAuthorization { self.general(general, into: &json) } else { json.null() }
        json.object("limits") { json in
            json.member("purposes", customer.purposes)
            json.member("data_categories", customer.dataCategories)
            json.member("regions", customer.regions)
        }
        let limits = memo.limits(of: customer)
        let general = customer.generalAuthorization.map { (instruction: $0.instruction, noticeDays: $0.noticeDays) }
        json.array("authorized", packet.approved) { json, item in
            authorized(item, packet: packet, limits: limits, general: general, report: report, memo: memo, into: &json)
        }
        json.array("observed", packet.observed) { json, item in observed(item, into: &json) }
        json.array("findings", packet.findings) { json, item in FindingsJSON.finding(item, into: &json) }
        json.array("exceptions", packet.exceptions) { json, item in exception(item, asOf: report.asOf, into: &json) }
        json.splice(shared.inputs)
        json.endObject()
        json.finish()
        return json.out.bytes
    }

    private static func instruction(_ instruction: Instruction, asOf: Instant, memo: ScopeDisplayMemo, into json: inout JSONWriter) {
        json.beginObject()
        json.member("id", instruction.id)
        json.member("kind", instruction.kind.rawValue)
        json.member("ref", instruction.ref)
        json.member("uri", instruction.uri)
        json.member("sha256", instruction.sha256)
        json.member("effective", memo.text(instruction.effective))
        json.member("expires", memo.text(instruction.expires))
        json.member("in_force", instruction.isInForce(at: asOf))
        json.endObject()
    }

    private static func general(_ general: GeneralAuthorization, into json: inout JSONWriter) {
        json.beginObject()
        json.member("instruction", general.instruction)
        json.member("notice_days", general.noticeDays)
        json.member("objections", general.objections)
        json.endObject()
    }

    /// One approved subprocessor. A customer under a general authorization has an entry for
    /// every catalog subprocessor, and thousands of customers share the same customer-wide
    /// limits: such an entry is the same for all of them but for its `instruction`, so the
    /// members around it are written once per distinct general scope and copied after that,
    /// without looking the description up or building the scope.
    private static func authorized(
        _ entry: EvidencePacket.Approved, packet: EvidencePacket, limits: Int, general: (instruction: String?, noticeDays: Int)?,
        report: RunReport, memo: ScopeDisplayMemo, into json: inout JSONWriter
    ) {
        json.beginObject()
        json.member("subprocessor", entry.subprocessor)
        if let authorization = entry.authorization {
            let description = report.context.catalog[entry.subprocessor]
            describe(description, basis: "explicit", into: &json)
            json.member("instruction", authorization.instruction)
            scopeMembers(packet.scope(of: entry, description: description), description, memo: memo, into: &json)
        } else {
            let general = general!
            let key = ScopeDisplayMemo.GeneralScope(limits: limits, noticeDays: general.noticeDays, subprocessor: entry.subprocessor)
            let parts = memo.generalScopeJSON(key, depth: json.depth) { head, tail in
                let description = report.context.catalog[entry.subprocessor]
                describe(description, basis: "general", into: &head)
                scopeMembers(packet.scope(of: entry, description: description), description, memo: memo, into: &tail)
            }
            json.splice(parts.head)
            json.member("instruction", general.instruction)
            json.splice(parts.tail)
        }
        json.endObject()
    }

    /// `name`, `service` and `basis` of an entry.
    private static func describe(_ description: Subprocessor?, basis: String, into json: inout JSONWriter) {
        json.member("name", description?.name)
        json.member("service", description?.service)
        json.member("basis", basis)
    }

    /// What the effective scope allows, and where the subprocessor is described.
    private static func scopeMembers(_ scope: EffectiveScope, _ description: Subprocessor?, memo: ScopeDisplayMemo, into json: inout JSONWriter) {
        json.member("purposes", memo.display(scope.purposes))
        json.member("data_categories", memo.display(scope.dataCategories))
        json.member("regions", memo.displayRegions(scope))
        json.member("operations", scope.operations?.sorted(by: byteOrder))
        json.member("from", memo.text(scope.from))
        json.member("until", memo.text(scope.until))
        json.member("described_by", memo.describedBy(description))
    }

    private static func observed(_ entry: EvidencePacket.ObservedProcessing, into json: inout JSONWriter) {
        let seen = entry.observation
        func sorted(_ name: StaticString, _ values: Set<String>) {
            json.member(name, values.sorted(by: byteOrder))
        }
        json.beginObject()
        json.member("subprocessor", entry.subprocessor)
        json.member("approved", entry.isApproved)
        sorted("systems", seen.systems)
        sorted("purposes", seen.purposes)
        sorted("data_categories", seen.dataCategories)
        sorted("regions", seen.regions)
        sorted("operations", seen.operations)
        json.member("flows", seen.flows)
        json.member("records", seen.records)
        json.member("bytes", seen.bytes)
        json.member("first_seen", seen.firstSeen?.description)
        json.member("last_seen", seen.lastSeen?.description)
        json.key("outside_scope")
        json.beginObject()
        sorted("purposes", seen.outsidePurposes)
        sorted("data_categories", seen.outsideCategories)
        sorted("regions", seen.outsideRegions)
        sorted("operations", seen.outsideOperations)
        json.member("window", entry.outsideWindow)
        json.endObject()
        json.endObject()
    }

    private static func exception(_ rule: ExceptionRule, asOf: Instant, into json: inout JSONWriter) {
        json.beginObject()
        json.member("id", rule.id)
        json.member("kind", rule.kind.rawValue)
        json.object("match") { json in
            json.member("customer", rule.customer)
            json.member("subprocessor", rule.subprocessor)
            json.member("dimension", rule.dimension)
            json.member("value", rule.value)
        }
        json.member("reason", rule.reason)
        json.member("approved_by", rule.approvedBy)
        json.member("expires", rule.expires?.description)
        json.member("instruction_ref", rule.instructionRef)
        json.member("expired", rule.isExpired(at: asOf))
        json.endObject()
    }
}
