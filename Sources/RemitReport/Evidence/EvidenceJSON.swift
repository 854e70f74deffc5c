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
        return JSONValue.object([
            ("schema", .string(schema)),
            ("tool", FindingsJSON.tool(report)),
            ("as_of", .string(report.asOf.description)),
            ("config", .object([("source", .string(report.configSource)), ("sha256", .string(report.configSHA256))])),
            ("customer", .object([("id", .string(customer.id)), ("name", .optional(customer.name))])),
            ("summary", .object([
                ("findings", .integer(packet.findings.count)),
                ("by_severity", .object(Severity.descending.map { ($0.rawValue, .integer(counts.unsuppressed($0))) })),
                ("suppressed", .integer(counts.suppressed)),
                ("approved_subprocessors", .integer(packet.scopes.count)),
                ("observed_subprocessors", .integer(packet.observed.count)),
            ])),
            ("instructions", .array(customer.instructions.map { instruction($0, asOf: report.asOf, memo: memo) })),
            ("general_authorization", customer.generalAuthorization.map(general) ?? .null),
            ("limits", .object([
                ("purposes", strings(customer.purposes)),
                ("data_categories", strings(customer.dataCategories)),
                ("regions", strings(customer.regions)),
            ])),
            ("authorized", .array(packet.scopes.map { authorized($0, memo: memo) })),
            ("observed", .array(packet.observed.map(observed))),
            ("findings", .array(packet.findings.map { FindingsJSON.finding($0) })),
            ("exceptions", .array(packet.exceptions.map { exception($0, asOf: report.asOf) })),
            ("inputs", .array(report.inputs.map(FindingsJSON.input))),
        ]).prettyBytes
    }

    private static func instruction(_ instruction: Instruction, asOf: Instant, memo: ScopeDisplayMemo) -> JSONValue {
        .object([
            ("id", .string(instruction.id)),
            ("kind", .string(instruction.kind.rawValue)),
            ("ref", .optional(instruction.ref)),
            ("uri", .optional(instruction.uri)),
            ("sha256", .optional(instruction.sha256)),
            ("effective", .optional(memo.text(instruction.effective))),
            ("expires", .optional(memo.text(instruction.expires))),
            ("in_force", .bool(instruction.isInForce(at: asOf))),
        ])
    }

    private static func general(_ general: GeneralAuthorization) -> JSONValue {
        .object([
            ("instruction", .optional(general.instruction)),
            ("notice_days", .integer(general.noticeDays)),
            ("objections", .array(general.objections.map(JSONValue.string))),
        ])
    }

    private static func authorized(_ entry: EvidencePacket.AuthorizedScope, memo: ScopeDisplayMemo) -> JSONValue {
        let scope = entry.scope
        let describedBy = memo.describedBy(entry.description)
        return .object([
            ("subprocessor", .string(entry.subprocessor)),
            ("name", .optional(entry.description?.name)),
            ("service", .optional(entry.description?.service)),
            ("basis", .string(scope.isGeneral ? "general" : "explicit")),
            ("instruction", .optional(scope.instruction)),
            ("purposes", strings(memo.display(scope.purposes))),
            ("data_categories", strings(memo.display(scope.dataCategories))),
            ("regions", strings(memo.displayRegions(scope))),
            ("operations", strings(scope.operations?.sorted(by: byteOrder))),
            ("from", .optional(memo.text(scope.from))),
            ("until", .optional(memo.text(scope.until))),
            ("described_by", .array(describedBy.map(JSONValue.string))),
        ])
    }

    private static func observed(_ entry: EvidencePacket.ObservedProcessing) -> JSONValue {
        let seen = entry.observation
        func sorted(_ values: Set<String>) -> JSONValue { strings(values.sorted(by: byteOrder)) }
        return .object([
            ("subprocessor", .string(entry.subprocessor)),
            ("approved", .bool(entry.isApproved)),
            ("systems", sorted(seen.systems)),
            ("purposes", sorted(seen.purposes)),
            ("data_categories", sorted(seen.dataCategories)),
            ("regions", sorted(seen.regions)),
            ("operations", sorted(seen.operations)),
            ("flows", .integer(seen.flows)),
            ("records", .integer(seen.records)),
            ("bytes", .integer(seen.bytes)),
            ("first_seen", .optional(seen.firstSeen?.description)),
            ("last_seen", .optional(seen.lastSeen?.description)),
            ("outside_scope", .object([
                ("purposes", sorted(entry.outsidePurposes)),
                ("data_categories", sorted(entry.outsideCategories)),
                ("regions", sorted(entry.outsideRegions)),
                ("operations", sorted(entry.outsideOperations)),
                ("window", .bool(entry.outsideWindow)),
            ])),
        ])
    }

    private static func exception(_ rule: ExceptionRule, asOf: Instant) -> JSONValue {
        .object([
            ("id", .string(rule.id)),
            ("kind", .string(rule.kind.rawValue)),
            ("match", .object([
                ("customer", .optional(rule.customer)),
                ("subprocessor", .optional(rule.subprocessor)),
                ("dimension", .optional(rule.dimension)),
                ("value", .optional(rule.value)),
            ])),
            ("reason", .string(rule.reason)),
            ("approved_by", .string(rule.approvedBy)),
            ("expires", .optional(rule.expires?.description)),
            ("instruction_ref", .optional(rule.instructionRef)),
            ("expired", .bool(rule.isExpired(at: asOf))),
        ])
    }

    private static func strings(_ values: [String]?) -> JSONValue {
        values.map { .array($0.map(JSONValue.string)) } ?? .null
    }
}
