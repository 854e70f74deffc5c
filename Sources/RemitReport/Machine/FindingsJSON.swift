import RemitCore

/// `findings.json`, schema `remit.findings/1` (SPEC "Outputs").
///
/// Keys are written in the order the SPEC shows them. Optional parts appear only when
/// present: `fetched_at`/`etag` on an input, `column`/`reason` on a sample. Beyond the
/// SPEC's example: `first_seen_run` on a finding (the `as_of` of the first run that had
/// it), and `new`, `resolved`, `previous_as_of` and `replay` in the summary.
enum FindingsJSON {
    static let schema = "remit.findings/1"

    static func render(_ report: RunReport) -> [UInt8] {
        var out = OutputBytes()
        try! write(report, into: &out) { (_: inout OutputBytes) throws(ReportError) in }
        return out.bytes
    }

    /// The document as `JSONValue` prints it, one finding at a time: `flush` is called
    /// after each, so a caller can write the bytes out as they come (a large run's
    /// findings would otherwise be a tree of millions of values, then a buffer of its text).
    static func write(
        _ report: RunReport, into out: inout OutputBytes, flush: (inout OutputBytes) throws(ReportError) -> Void
    ) throws(ReportError) {
        out.literal("{\n")
        let head: [(String, JSONValue)] = [
            ("schema", .string(schema)),
            ("tool", tool(report)),
            ("as_of", .string(report.asOf.description)),
            ("inputs", .array(report.inputs.map(input))),
            ("summary", summary(report)),
        ]
        for (key, value) in head {
            out.indent(1)
            out.jsonString(key)
            out.literal(": ")
            out.json(value, indent: 1)
            out.literal(",\n")
        }
        try out.streamedArray("findings", report.findings, indent: 1, flush: flush) { finding($0) }
        out.literal(",\n")
        try out.streamedArray("resolved", report.resolved, indent: 1, flush: flush) { finding($0, status: "resolved") }
        out.literal("\n}\n")
    }

    static func tool(_ report: RunReport) -> JSONValue {
        .object([("name", .string("remit")), ("version", .string(report.toolVersion))])
    }

    static func input(_ input: InputProvenance) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("role", .string(input.role)),
            ("source", .string(input.source)),
            ("format", .string(input.format)),
            ("sha256", .string(input.sha256)),
            ("records", .integer(input.records)),
            ("rejected", .integer(input.rejected)),
            ("status", .string(input.status.rawValue)),
        ]
        if let fetchedAt = input.fetchedAt { members.append(("fetched_at", .string(fetchedAt.description))) }
        if let etag = input.etag { members.append(("etag", .string(etag))) }
        return .object(members)
    }

    /// `flows`/`rejected` add up the flows inputs; `by_severity` counts unsuppressed findings.
    private static func summary(_ report: RunReport) -> JSONValue {
        let flowInputs = report.inputs.filter { $0.role == "flows" }
        let counts = SeverityCounts(report.findings)
        return .object([
            ("flows", .integer(flowInputs.reduce(0) { $0 + $1.records })),
            ("rejected", .integer(flowInputs.reduce(0) { $0 + $1.rejected })),
            ("by_severity", .object(Severity.descending.map { ($0.rawValue, .integer(counts.unsuppressed($0))) })),
            ("suppressed", .integer(counts.suppressed)),
            ("new", .integer(report.findings.filter { $0.status == .new }.count)),
            ("resolved", .integer(report.resolved.count)),
            ("previous_as_of", .optional(report.previousAsOf?.description)),
            ("replay", .bool(report.isReplay)),
        ])
    }

    static func finding(_ finding: Finding, status: String? = nil) -> JSONValue {
        let key = finding.key
        return .object([
            ("fingerprint", .string(finding.fingerprint)),
            ("kind", .string(key.kind.rawValue)),
            ("severity", .string(finding.severity.rawValue)),
            ("customer", .string(key.customer)),
            ("subprocessor", .string(key.subprocessor)),
            ("dimension", .string(key.dimension.rawValue)),
            ("value", .string(key.value)),
            ("flows", .integer(finding.flows)),
            ("records", .integer(finding.records)),
            ("bytes", .integer(finding.bytes)),
            ("first_seen", .optional(finding.firstSeen?.description)),
            ("last_seen", .optional(finding.lastSeen?.description)),
            ("status", .string(status ?? finding.status.rawValue)),
            ("first_seen_run", .optional(finding.firstSeenRun?.description)),
            ("suppressed_by", .optional(finding.suppressedBy)),
            ("instruction_refs", .array(finding.instructionRefs.map(JSONValue.string))),
            ("message", .string(finding.message)),
            ("samples", .array(finding.samples.map(sample))),
        ])
    }

    /// `line` is null when the location has none (a JSON pointer, a whole file).
    private static func sample(_ sample: Sample) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("flow", .optional(sample.flow)),
            ("source", .string(sample.location.source)),
            ("line", sample.location.line > 0 ? .integer(sample.location.line) : .null),
        ]
        if sample.location.column > 0 { members.append(("column", .integer(sample.location.column))) }
        if let reason = sample.reason { members.append(("reason", .string(reason))) }
        return .object(members)
    }
}
