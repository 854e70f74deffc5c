/// A JSON value whose objects keep their keys in the order they were written.
///
/// remit's machine outputs are contracts (SPEC "Outputs"): key order, indentation and
/// escaping must not depend on a dictionary's iteration order or a library's defaults, so
/// they are written by this small writer instead of `JSONSerialization`/`JSONEncoder`.
enum JSONValue {
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// `.string(text)`, or `.null` when there is no text.
    static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    static func integer(_ value: Int) -> JSONValue {
        .integer(Int64(value))
    }

    /// Pretty-printed with 2-space indentation and a trailing newline.
    var prettyPrinted: String {
        var out = ""
        JSONValue.write(self, indent: 0, into: &out)
        out.append("\n")
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .string(let text):
            out.append(quoted(text))
        case .integer(let number):
            out.append(String(number))
        case .bool(let flag):
            out.append(flag ? "true" : "false")
        case .null:
            out.append("null")
        case .array(let items):
            guard !items.isEmpty else { out.append("[]"); return }
            out.append("[\n")
            for (i, item) in items.enumerated() {
                out.append(String(repeating: "  ", count: indent + 1))
                write(item, indent: indent + 1, into: &out)
                out.append(i == items.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: "  ", count: indent) + "]")
        case .object(let members):
            guard !members.isEmpty else { out.append("{}"); return }
            out.append("{\n")
            for (i, (key, item)) in members.enumerated() {
                out.append(String(repeating: "  ", count: indent + 1))
                out.append(quoted(key))
                out.append(": ")
                write(item, indent: indent + 1, into: &out)
                out.append(i == members.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: "  ", count: indent) + "}")
        }
    }

    /// A JSON string literal. Besides what JSON requires, `<`, `>`, `&`, DEL and U+2028/2029
    /// are written as `\u` escapes, so the same text is safe inside an HTML
    /// `<script type="application/json">` element and in JavaScript string contexts.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            case "<", ">", "&", "\u{7F}", "\u{2028}", "\u{2029}":
                out.append(unicodeEscape(scalar.value))
            default:
                if scalar.value < 0x20 {
                    out.append(unicodeEscape(scalar.value))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
        return out
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
