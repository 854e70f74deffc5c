/// Escaping for XML 1.0 text and attribute values (used by `junit.xml`).
enum XMLText {
    /// Escapes markup characters; in attributes also quotes and whitespace that attribute
    /// normalization would otherwise fold. Characters XML 1.0 forbids (most C0 controls,
    /// U+FFFE, U+FFFF) cannot be escaped at all, so they are shown as `[U+XXXX]`.
    /// Works on Unicode scalars, so a combining mark after `<` or `"` cannot hide it.
    static func escape(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append("&amp;")
            case "<": out.append("&lt;")
            case ">": out.append("&gt;")
            case "\"" where attribute: out.append("&quot;")
            case "'" where attribute: out.append("&apos;")
            case "\n" where attribute: out.append("&#10;")
            case "\r": out.append("&#13;")
            case "\t" where attribute: out.append("&#9;")
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out.append(VisibleText.codePoint(scalar))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

extension OutputBytes {
    /// `XMLText.escape(text, attribute:)`, appended; text with nothing to escape is copied
    /// as its bytes.
    mutating func xml(_ text: String, attribute: Bool) {
        var text = text
        let plain = text.withUTF8 { utf8 in
            !utf8.contains { b in
                b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0xEF || (attribute && (b == 0x22 || b == 0x27))
            }
        }
        self.text(plain ? text : XMLText.escape(text, attribute: attribute))
    }
}
