import RemitCore

/// `findings.csv`: one row a finding, in `findings.json` order (SPEC "Outputs").
///
/// RFC 4180 quoting (a field with a comma, quote, CR or LF is quoted, quotes doubled; so is
/// one with a `;` or tab, which some spreadsheets take for the separator),
/// CRLF line endings (a line break inside a quoted value is kept as it is), empty fields for nulls, `instruction_refs` joined by `;`. A field that
/// a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, tab or CR: values
/// come from vendors and logs) is quoted with a `'` before it, which makes it text there;
/// control characters but tab, LF and CR show as `[U+XXXX]` (`withControlsShown`);
/// `findings.json` has every value as it is.
enum FindingsCSV {
    static let header = [
        "fingerprint", "severity", "kind", "customer", "subprocessor", "dimension", "value", "flows", "records",
        "bytes", "first_seen", "last_seen", "status", "suppressed_by", "instruction_refs", "message",
    ]

    static func render(_ findings: [Finding]) -> [UInt8] {
        var out = OutputBytes()
        try! write(findings, into: &out) { (_: inout OutputBytes) throws(ReportError) in }
        return out.bytes
    }

    /// The file, with `flush` called after each row.
    static func write(
        _ findings: [Finding], into out: inout OutputBytes, flush: (inout OutputBytes) throws(ReportError) -> Void
    ) throws(ReportError) {
        row(header, into: &out)
        // By index, each finding passed on in place (a `for` loop copies every finding).
        for index in findings.indices {
            row(findings[index], into: &out)
            try flush(&out)
        }
    }

    /// One finding's row.
    private static func row(_ finding: Finding, into out: inout OutputBytes) {
        field(finding.fingerprint, into: &out); out.byte(0x2C)
        field(finding.severity.rawValue, into: &out); out.byte(0x2C)
        field(finding.key.kind.rawValue, into: &out); out.byte(0x2C)
        field(finding.key.customer, into: &out); out.byte(0x2C)
        field(finding.key.subprocessor, into: &out); out.byte(0x2C)
        field(finding.key.dimension.rawValue, into: &out); out.byte(0x2C)
        field(finding.key.value, into: &out); out.byte(0x2C)
        out.integer(finding.flows); out.byte(0x2C)
        out.integer(finding.records); out.byte(0x2C)
        out.integer(finding.bytes); out.byte(0x2C)
        if let firstSeen = finding.firstSeen { field(firstSeen.description, into: &out) }
        out.byte(0x2C)
        if let lastSeen = finding.lastSeen { field(lastSeen.description, into: &out) }
        out.byte(0x2C)
        field(finding.status.rawValue, into: &out); out.byte(0x2C)
        field(finding.suppressedBy ?? "", into: &out); out.byte(0x2C)
        field(finding.instructionRefs.joined(separator: ";"), into: &out); out.byte(0x2C)
        field(finding.message, into: &out)
        out.byte(0x0D); out.byte(0x0A)
    }

    static func row(_ fields: [String], into out: inout OutputBytes) {
        for (i, text) in fields.enumerated() {
            if i > 0 { out.byte(0x2C) }
            field(text, into: &out)
        }
        out.byte(0x0D); out.byte(0x0A)
    }

    /// Works on Unicode scalars, not characters: a quote followed by a combining mark is one
    /// `Character` but still a quote to a CSV reader.
    static func field(_ text: String) -> String {
        var out = OutputBytes()
        field(text, into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// `field(_:)` on the UTF-8 bytes (a quote, comma, CR or LF is always its own byte).
    static func field(_ text: String, into out: inout OutputBytes) {
        var text = text
        var found = text.withUTF8(byteClasses)
        // Only a byte that may start a control character sends the text the long way.
        if found & Self.mayStartControl != 0 {
            text = withControlsShown(text)
            found = text.withUTF8(byteClasses)
        }
        text.withUTF8 { utf8 in
            let formula = utf8.first.map(startsFormula) ?? false
            // A `;` or tab separates fields where a spreadsheet takes it for the separator
            // (`;` in many locales): quoted, such a field is never split into one that starts
            // a formula (`x;=cmd|…`).
            guard formula || found & Self.needsQuotes != 0 else { out.bytes.append(contentsOf: utf8); return }
            out.byte(0x22)
            if formula { out.byte(0x27) }
            for b in utf8 {
                if b == 0x22 { out.byte(0x22) }
                out.byte(b)
            }
            out.byte(0x22)
        }
    }

    /// Byte classes (`byteClass`): a byte that may start a control character shown as
    /// `[U+XXXX]` (C0 but tab, LF and CR; DEL; 0xC2, which starts C1; 0xEF, which starts
    /// U+FFFE and U+FFFF), and one that makes the field quoted (comma, quote, LF, CR, `;`, tab).
    private static let mayStartControl: UInt8 = 1, needsQuotes: UInt8 = 2

    private static let byteClass: [UInt8] = (0...255).map { byte in
        if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D || byte == 0x3B || byte == 0x09 { return needsQuotes }
        if byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xEF { return mayStartControl }
        return 0
    }

    /// The classes of the bytes of a text, or-ed: one look-up a byte.
    private static func byteClasses(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt8 {
        byteClass.withUnsafeBufferPointer { table in
            var found: UInt8 = 0
            for byte in utf8 { found |= table[Int(byte)] }
            return found
        }
    }

    /// Control characters other than tab, LF and CR (C0, DEL, C1) and the noncharacters
    /// U+FFFE and U+FFFF as `[U+XXXX]`, as the HTML shows them: a NUL made Python's
    /// csv module (before 3.11) refuse the whole file, and an ESC drove the terminal of who
    /// printed it.
    static func withControlsShown(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value) || value == 0xFFFE || value == 0xFFFF {
                out.append(contentsOf: VisibleText.codePoint(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `=`, `+`, `-`, `@`, tab, CR: what a spreadsheet takes for the start of a formula.
    static func startsFormula(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
    }
}
