import RemitCore

/// `findings.json`, schema `remit.findings/1` (SPEC "Outputs").
///
/// Keys are written in the order the SPEC shows them. Optional parts appear only when
/// present: `fetched_at`/`etag` on an input, `column`/`reason` on a sample. Beyond the
/// SPEC's example: `first_seen_run` on a finding (the `as_of` of the first run that had
/// it), and `new`, `resolved` and `previous_as_of` in the summary.
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
        for index in report.findings.indices {
            finding(report.findings[index], into: &json)
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
        json.member("schema", schema)
        json.object("tool") { json in
            json.member("name", "remit")
            json.member("version", report.toolVersion)
        }
        json.member("as_of", report.asOf.description)
        guard config else { return }
        json.object("config") { json in
            json.member("source", report.configSource)
            json.member("sha256", report.configSHA256)
        }
    }

    /// What an input's entry counts: records (`findings.json`, evidence) or bytes (manifest).
    enum InputCounts {
        case records, bytes
    }

    /// One input's entry; `final_url` (a fetched source that was redirected) only in the manifest.
    static func input(_ input: InputProvenance, counts: InputCounts, into json: inout JSONWriter) {
        json.beginObject()
        json.member("role", input.role)
        json.member("source", input.source)
        json.member("format", input.format)
        json.member("sha256", input.sha256)
        switch counts {
        case .records:
            json.member("records", input.records)
            json.member("rejected", input.rejected)
        case .bytes:
            json.member("bytes", input.bytes)
        }
        json.member("status", input.status.rawValue)
        if let fetchedAt = input.fetchedAt {
            json.member("fetched_at", fetchedAt.description)
        }
        if let etag = input.etag {
            json.member("etag", etag)
        }
        if counts == .bytes, let finalURL = input.finalURL {
            json.member("final_url", finalURL)
        }
        json.endObject()
    }

    /// `flows`/`rejected` add up the flows inputs; `by_severity` counts unsuppressed findings.
    private static func summary(_ report: RunReport, into json: inout JSONWriter) {
        let flowInputs = report.inputs.filter { $0.role == "flows" }
        let counts = SeverityCounts(report.findings)
        json.object("summary") { json in
            json.member("flows", flowInputs.reduce(0) { $0 + $1.records })
            json.member("rejected", flowInputs.reduce(0) { $0 + $1.rejected })
            bySeverity(counts, into: &json)
            json.member("suppressed", counts.suppressed)
            json.member("new", report.findings.newCount)
            json.member("resolved", report.resolved.count)
            json.member("previous_as_of", report.previousAsOf?.description)
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
        json.member("fingerprint", finding.fingerprint)
        json.member("kind", key.kind.rawValue)
        json.member("severity", finding.severity.rawValue)
        json.member("customer", key.customer)
        json.member("subprocessor", key.subprocessor)
        json.member("dimension", key.dimension.rawValue)
        json.member("value", key.value)
        json.member("flows", finding.flows)
        json.member("records", finding.records)
        json.member("bytes", finding.bytes)
        json.member("first_seen", finding.firstSeen?.description)
        json.member("last_seen", finding.lastSeen?.description)
        json.member("status", status ?? finding.status.rawValue)
        json.member("first_seen_run", finding.firstSeenRun?.description)
        json.member("suppressed_by", finding.suppressedBy)
        json.member("instruction_refs", finding.instructionRefs)
        json.member("message", finding.message)
        json.array("samples", finding.samples) { json, item in sample(item, into: &json) }
        json.endObject()
    }

    /// `line` is null when the location has none (a JSON pointer, a whole file).
    private static func sample(_ sample: Sample, into json: inout JSONWriter) {
        json.beginObject()
        json.member("flow", sample.flow)
        json.member("source", sample.location.source)
        json.key("line")
        if sample.location.line > 0 { json.integer(sample.location.line) } else { json.null() }
        if sample.location.column > 0 {
            json.member("column", sample.location.column)
        }
        if let reason = sample.reason {
            json.member("reason", reason)
        }
        json.endObject()
    }
}
