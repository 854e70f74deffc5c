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

    /// The document, one finding at a time: `flush` is called after each, so a caller can
    /// write the bytes out as they come (a large run's findings would otherwise be a buffer
    /// of hundreds of megabytes).
    static func write(
        _ report: RunReport, into out: inout OutputBytes, flush: (inout OutputBytes) throws(ReportError) -> Void
    ) throws(ReportError) {
        var json = JSONWriter(into: out)
        out = OutputBytes()
        json.beginObject()
        head(schema, report, config: false, into: &json)
        json.array("inputs", report.inputs) { json, item in input(item, counts: .records, into: &json) }
        summary(report, into: &json)
        json.key("findings")
        json.beginArray()
        for item in report.findings {
            finding(item, into: &json)
            try flush(&json.out)
        }
        json.endArray()
        json.key("resolved")
        json.beginArray()
        for item in report.resolved {
            finding(item, status: "resolved", into: &json)
            try flush(&json.out)
        }
        json.endArray()
        json.endObject()
        json.finish()
        out = json.out
    }

    /// The members every remit JSON document starts with: `schema`, `tool`, `as_of` and,
    /// with `config`, the job file and its SHA-256.
    static func head(_ schema: String, _ report: RunReport, config: Bool, into json: inout JSONWriter) {
        json.key("schema")
        json.string(schema)
        json.object("tool") { json in
            json.key("name")
            json.string("remit")
            json.key("version")
            json.string(report.toolVersion)
        }
        json.key("as_of")
        json.string(report.asOf.description)
        guard config else { return }
        json.object("config") { json in
            json.key("source")
            json.string(report.configSource)
            json.key("sha256")
            json.string(report.configSHA256)
        }
    }

    /// What an input's entry counts: records (`findings.json`, evidence) or bytes (manifest).
    enum InputCounts {
        case records, bytes
    }

    /// One input's entry; `final_url` (a fetched source that was redirected) only in the manifest.
    static func input(_ input: InputProvenance, counts: InputCounts, into json: inout JSONWriter) {
        json.beginObject()
        json.key("role")
        json.string(input.role)
        json.key("source")
        json.string(input.source)
        json.key("format")
        json.string(input.format)
        json.key("sha256")
        json.string(input.sha256)
        switch counts {
        case .records:
            json.key("records")
            json.integer(input.records)
            json.key("rejected")
            json.integer(input.rejected)
        case .bytes:
            json.key("bytes")
            json.integer(input.bytes)
        }
        json.key("status")
        json.string(input.status.rawValue)
        if let fetchedAt = input.fetchedAt {
            json.key("fetched_at")
            json.string(fetchedAt.description)
        }
        if let etag = input.etag {
            json.key("etag")
            json.string(etag)
        }
        if counts == .bytes, let finalURL = input.finalURL {
            json.key("final_url")
            json.string(finalURL)
        }
        json.endObject()
    }

    /// `flows`/`rejected` add up the flows inputs; `by_severity` counts unsuppressed findings.
    private static func summary(_ report: RunReport, into json: inout JSONWriter) {
        let flowInputs = report.inputs.filter { $0.role == "flows" }
        let counts = SeverityCounts(report.findings)
        json.object("summary") { json in
            json.key("flows")
            json.integer(flowInputs.reduce(0) { $0 + $1.records })
            json.key("rejected")
            json.integer(flowInputs.reduce(0) { $0 + $1.rejected })
            bySeverity(counts, into: &json)
            json.key("suppressed")
            json.integer(counts.suppressed)
            json.key("new")
            json.integer(report.findings.filter { $0.status == .new }.count)
            json.key("resolved")
            json.integer(report.resolved.count)
            json.key("previous_as_of")
            json.string(report.previousAsOf?.description)
            json.key("replay")
            json.bool(report.isReplay)
        }
    }

    /// `"by_severity": {"high": …, …}`: unsuppressed findings by severity, highest first.
    static func bySeverity(_ counts: SeverityCounts, into json: inout JSONWriter) {
        json.object("by_severity") { json in
            for severity in Severity.descending {
                json.key(escaping: severity.rawValue)
                json.integer(counts.unsuppressed(severity))
            }
        }
    }

    static func finding(_ finding: Finding, status: String? = nil, into json: inout JSONWriter) {
        let key = finding.key
        json.beginObject()
        json.key("fingerprint")
        json.string(finding.fingerprint)
        json.key("kind")
        json.string(key.kind.rawValue)
        json.key("severity")
        json.string(finding.severity.rawValue)
        json.key("customer")
        json.string(key.customer)
        json.key("subprocessor")
        json.string(key.subprocessor)
        json.key("dimension")
        json.string(key.dimension.rawValue)
        json.key("value")
        json.string(key.value)
        json.key("flows")
        json.integer(finding.flows)
        json.key("records")
        json.integer(finding.records)
        json.key("bytes")
        json.integer(finding.bytes)
        json.key("first_seen")
        json.string(finding.firstSeen?.description)
        json.key("last_seen")
        json.string(finding.lastSeen?.description)
        json.key("status")
        json.string(status ?? finding.status.rawValue)
        json.key("first_seen_run")
        json.string(finding.firstSeenRun?.description)
        json.key("suppressed_by")
        json.string(finding.suppressedBy)
        json.key("instruction_refs")
        json.strings(finding.instructionRefs)
        json.key("message")
        json.string(finding.message)
        json.array("samples", finding.samples) { json, item in sample(item, into: &json) }
        json.endObject()
    }

    /// `line` is null when the location has none (a JSON pointer, a whole file).
    private static func sample(_ sample: Sample, into json: inout JSONWriter) {
        json.beginObject()
        json.key("flow")
        json.string(sample.flow)
        json.key("source")
        json.string(sample.location.source)
        json.key("line")
        if sample.location.line > 0 { json.integer(sample.location.line) } else { json.null() }
        if sample.location.column > 0 {
            json.key("column")
            json.integer(sample.location.column)
        }
        if let reason = sample.reason {
            json.key("reason")
            json.string(reason)
        }
        json.endObject()
    }
}
