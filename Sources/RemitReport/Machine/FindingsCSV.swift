import RemitCore

/// `findings.csv`: one row a finding, in `findings.json` order (SPEC "Outputs").
///
/// RFC 4180 quoting (a field with a comma, quote, CR or LF is quoted, quotes doubled),
/// LF line endings, empty fields for nulls, `instruction_refs` joined by `;`.
enum FindingsCSV {
    static let header = [
        "fingerprint", "severity", "kind", "customer", "subprocessor", "dimension", "value", "flows", "records",
        "bytes", "first_seen", "last_seen", "status", "suppressed_by", "instruction_refs", "message",
    ]

    static func render(_ findings: [Finding]) -> String {
        var out = row(header)
        for finding in findings {
            out += row(fields(finding))
        }
        return out
    }

    static func fields(_ finding: Finding) -> [String] {
        let key = finding.key
        return [
            finding.fingerprint, finding.severity.rawValue, key.kind.rawValue, key.customer, key.subprocessor,
            key.dimension.rawValue, key.value, String(finding.flows), String(finding.records), String(finding.bytes),
            finding.firstSeen?.description ?? "", finding.lastSeen?.description ?? "", finding.status.rawValue,
            finding.suppressedBy ?? "", finding.instructionRefs.joined(separator: ";"), finding.message,
        ]
    }

    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// Works on Unicode scalars, not characters: a quote followed by a combining mark is one
    /// `Character` but still a quote to a CSV reader.
    static func field(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { out.append("\"\"") } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }
}
