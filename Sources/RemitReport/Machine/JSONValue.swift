/// A JSON value whose objects keep their keys in the order they were written.
///
/// remit's machine outputs are contracts (SPEC "Outputs"): key order, indentation and
/// escaping must not depend on a dictionary's iteration order or a library's defaults, so
/// they are written by this small writer instead of `JSONSerialization`/`JSONEncoder`.
/// It writes UTF-8 bytes straight into a buffer (`OutputBytes`): a large run writes hundreds
/// of megabytes of JSON, and building `String`s scalar by scalar took most of its time.
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
        String(decoding: prettyBytes, as: UTF8.self)
    }

    /// `prettyPrinted` as UTF-8 bytes.
    var prettyBytes: [UInt8] {
        var out = OutputBytes()
        out.json(self, indent: 0)
        out.byte(0x0A)
        return out.bytes
    }

    /// A JSON string literal. Besides what JSON requires, `<`, `>`, `&`, DEL and U+2028/2029
    /// are written as `\u` escapes, so the same text is safe inside an HTML
    /// `<script type="application/json">` element and in JavaScript string contexts.
    static func quoted(_ text: String) -> String {
        var out = OutputBytes()
        out.jsonString(text)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// A growing UTF-8 byte buffer the machine outputs are written into.
struct OutputBytes {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always) mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Text as it is (UTF-8).
    @inline(__always) mutating func text(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Text as it is, from a `StaticString` (no bridging, no allocation).
    @inline(__always) mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A decimal integer, as `String(value)` spells it.
    mutating func integer(_ value: Int64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0) // 32 bytes of scratch space
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[31 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: scratch[(32 - count)...])
        }
    }

    mutating func integer(_ value: Int) {
        integer(Int64(value))
    }

    /// `count` levels of two-space indentation.
    @inline(__always) mutating func indent(_ count: Int) {
        for _ in 0..<count { bytes.append(0x20); bytes.append(0x20) }
    }

    mutating func json(_ value: JSONValue, indent level: Int) {
        switch value {
        case .string(let text):
            jsonString(text)
        case .integer(let number):
            integer(number)
        case .bool(let flag):
            if flag { literal("true") } else { literal("false") }
        case .null:
            literal("null")
        case .array(let items):
            guard !items.isEmpty else { literal("[]"); return }
            literal("[\n")
            for (i, item) in items.enumerated() {
                indent(level + 1)
                json(item, indent: level + 1)
                if i == items.count - 1 { byte(0x0A) } else { literal(",\n") }
            }
            indent(level)
            byte(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { literal("{}"); return }
            literal("{\n")
            for (i, (key, item)) in members.enumerated() {
                indent(level + 1)
                jsonString(key)
                literal(": ")
                json(item, indent: level + 1)
                if i == members.count - 1 { byte(0x0A) } else { literal(",\n") }
            }
            indent(level)
            byte(UInt8(ascii: "}"))
        }
    }

    /// `"key": [ … ]` at `indent`, as `json(_:indent:)` would write the member, with each
    /// element made and written in turn and `flush` called after each.
    mutating func streamedArray<Item>(
        _ key: String, _ items: [Item], indent level: Int, flush: (inout OutputBytes) throws(ReportError) -> Void,
        element: (Item) -> JSONValue
    ) throws(ReportError) {
        indent(level)
        jsonString(key)
        literal(": ")
        guard !items.isEmpty else { literal("[]"); return }
        literal("[\n")
        for (i, item) in items.enumerated() {
            indent(level + 1)
            json(element(item), indent: level + 1)
            if i == items.count - 1 { byte(0x0A) } else { literal(",\n") }
            try flush(&self)
        }
        indent(level)
        byte(UInt8(ascii: "]"))
    }

    /// `JSONValue.quoted`, on the string's UTF-8 bytes: every byte that needs no escape is
    /// copied as it is, in runs.
    mutating func jsonString(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            byte(UInt8(ascii: "\""))
            var start = 0, i = 0
            let count = utf8.count
            while i < count {
                let b = utf8[i]
                let escape: Bool
                var length = 1
                switch b {
                case 0x22, 0x5C, 0x3C, 0x3E, 0x26, 0x7F, 0x00..<0x20:
                    escape = true
                case 0xE2 where i + 2 < count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    escape = true // U+2028, U+2029
                    length = 3
                default:
                    escape = false
                }
                guard escape else { i += 1; continue }
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
                switch b {
                case 0x22: literal("\\\"")
                case 0x5C: literal("\\\\")
                case 0x0A: literal("\\n")
                case 0x0D: literal("\\r")
                case 0x09: literal("\\t")
                case 0x08: literal("\\b")
                case 0x0C: literal("\\f")
                case 0xE2: literal(utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                default: unicodeEscape(b)
                }
                i += length
                start = i
            }
            if start < count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<count])) }
            byte(UInt8(ascii: "\""))
        }
    }

    /// `\u00XX`, lowercase hex, for a byte below 0x80.
    private mutating func unicodeEscape(_ value: UInt8) {
        let hex: StaticString = "0123456789abcdef"
        literal("\\u00")
        hex.withUTF8Buffer { digits in
            bytes.append(digits[Int(value >> 4)])
            bytes.append(digits[Int(value & 0x0F)])
        }
    }
}
