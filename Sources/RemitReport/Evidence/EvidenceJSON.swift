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

    static func render(_ packet: EvidencePacket, report: RunReport, memo: ScopeDisplayMemo? = nil) -> [UInt8] {
        let customer = packet.customer
        let memo = memo ?? ScopeDisplayMemo(coverage: report.context.taxonomy.regions)
        let counts = SeverityCounts(packet.findings)
        var json = JSONWriter(into: OutputBytes(capacity: 4_096 + 256 * packet.approved.count + 1_024 * packet.findings.count))
        json.beginObject()
        FindingsJSON.head(schema, report, config: true, into: &json)
        json.object("customer") { json in
            json.key("id")
            json.string(customer.id)
            json.key("name")
            json.string(customer.name)
        }
        json.object("summary") { json in
            json.key("findings")
            json.integer(packet.findings.count)
            FindingsJSON.bySeverity(counts, into: &json)
            json.key("suppressed")
            json.integer(counts.suppressed)
            json.key("approved_subprocessors")
            json.integer(packet.approved.count)
            json.key("observed_subprocessors")
            json.integer(packet.observed.count)
        }
        json.array("instructions", customer.instructions) { json, item in instruction(item, asOf: report.asOf, memo: memo, into: &json) }
        json.key("general_authorization")
        if let general = customer.generalAuthorization { self.general(general, into: &json) } else { json.null() }
        json.object("limits") { json in
            json.key("purposes")
            json.strings(customer.purposes)
            json.key("data_categories")
            json.strings(customer.dataCategories)
            json.key("regions")
            json.strings(customer.regions)
        }
        let limits = memo.limits(of: customer)
        let general = customer.generalAuthorization.map { (instruction: $0.instruction, noticeDays: $0.noticeDays) }
        json.array("authorized", packet.approved) { json, item in
            authorized(item, packet: packet, limits: limits, general: general, report: report, memo: memo, into: &json)
        }
        json.array("observed", packet.observed) { json, item in observed(item, into: &json) }
        json.array("findings", packet.findings) { json, item in FindingsJSON.finding(item, into: &json) }
        json.array("exceptions", packet.exceptions) { json, item in exception(item, asOf: report.asOf, into: &json) }
        json.array("inputs", report.inputs) { json, item in FindingsJSON.input(item, counts: .records, into: &json) }
        json.endObject()
        json.finish()
        return json.out.bytes
    }

    private static func instruction(_ instruction: Instruction, asOf: Instant, memo: ScopeDisplayMemo, into json: inout JSONWriter) {
        json.beginObject()
        json.key("id")
        json.string(instruction.id)
        json.key("kind")
        json.string(instruction.kind.rawValue)
        json.key("ref")
        json.string(instruction.ref)
        json.key("uri")
        json.string(instruction.uri)
        json.key("sha256")
        json.string(instruction.sha256)
        json.key("effective")
        json.string(memo.text(instruction.effective))
        json.key("expires")
        json.string(memo.text(instruction.expires))
        json.key("in_force")
        json.bool(instruction.isInForce(at: asOf))
        json.endObject()
    }

    private static func general(_ general: GeneralAuthorization, into json: inout JSONWriter) {
        json.beginObject()
        json.key("instruction")
        json.string(general.instruction)
        json.key("notice_days")
        json.integer(general.noticeDays)
        json.key("objections")
        json.strings(general.objections)
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
        json.key("subprocessor")
        json.string(entry.subprocessor)
        if let authorization = entry.authorization {
            let description = report.context.catalog[entry.subprocessor]
            describe(description, basis: "explicit", into: &json)
            json.key("instruction")
            json.string(authorization.instruction)
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
            json.key("instruction")
            json.string(general.instruction)
            json.splice(parts.tail)
        }
        json.endObject()
    }

    /// `name`, `service` and `basis` of an entry.
    private static func describe(_ description: Subprocessor?, basis: String, into json: inout JSONWriter) {
        json.key("name")
        json.string(description?.name)
        json.key("service")
        json.string(description?.service)
        json.key("basis")
        json.string(basis)
    }

    /// What the effective scope allows, and where the subprocessor is described.
    private static func scopeMembers(_ scope: EffectiveScope, _ description: Subprocessor?, memo: ScopeDisplayMemo, into json: inout JSONWriter) {
        json.key("purposes")
        json.strings(memo.display(scope.purposes))
        json.key("data_categories")
        json.strings(memo.display(scope.dataCategories))
        json.key("regions")
        json.strings(memo.displayRegions(scope))
        json.key("operations")
        json.strings(scope.operations?.sorted(by: byteOrder))
        json.key("from")
        json.string(memo.text(scope.from))
        json.key("until")
        json.string(memo.text(scope.until))
        json.key("described_by")
        json.strings(memo.describedBy(description))
    }

    private static func observed(_ entry: EvidencePacket.ObservedProcessing, into json: inout JSONWriter) {
        let seen = entry.observation
        func sorted(_ name: StaticString, _ values: Set<String>) {
            json.key(name)
            json.strings(values.sorted(by: byteOrder))
        }
        json.beginObject()
        json.key("subprocessor")
        json.string(entry.subprocessor)
        json.key("approved")
        json.bool(entry.isApproved)
        sorted("systems", seen.systems)
        sorted("purposes", seen.purposes)
        sorted("data_categories", seen.dataCategories)
        sorted("regions", seen.regions)
        sorted("operations", seen.operations)
        json.key("flows")
        json.integer(seen.flows)
        json.key("records")
        json.integer(seen.records)
        json.key("bytes")
        json.integer(seen.bytes)
        json.key("first_seen")
        json.string(seen.firstSeen?.description)
        json.key("last_seen")
        json.string(seen.lastSeen?.description)
        json.key("outside_scope")
        json.beginObject()
        sorted("purposes", entry.outsidePurposes)
        sorted("data_categories", entry.outsideCategories)
        sorted("regions", entry.outsideRegions)
        sorted("operations", entry.outsideOperations)
        json.key("window")
        json.bool(entry.outsideWindow)
        json.endObject()
        json.endObject()
    }

    private static func exception(_ rule: ExceptionRule, asOf: Instant, into json: inout JSONWriter) {
        json.beginObject()
        json.key("id")
        json.string(rule.id)
        json.key("kind")
        json.string(rule.kind.rawValue)
        json.object("match") { json in
            json.key("customer")
            json.string(rule.customer)
            json.key("subprocessor")
            json.string(rule.subprocessor)
            json.key("dimension")
            json.string(rule.dimension)
            json.key("value")
            json.string(rule.value)
        }
        json.key("reason")
        json.string(rule.reason)
        json.key("approved_by")
        json.string(rule.approvedBy)
        json.key("expires")
        json.string(rule.expires?.description)
        json.key("instruction_ref")
        json.string(rule.instructionRef)
        json.key("expired")
        json.bool(rule.isExpired(at: asOf))
        json.endObject()
    }
}
