/// A growing UTF-8 byte buffer the machine outputs are written into: a large run writes
/// hundreds of megabytes of JSON, CSV and XML, and building `String`s scalar by scalar took
/// most of its time.
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

    /// A JSON string literal, from the string's UTF-8 bytes: every byte that needs no escape
    /// is copied as it is, in runs. Besides what JSON requires, `<`, `>`, `&`, DEL and
    /// U+2028/2029 are written as `\u` escapes, so the same text is safe inside an HTML
    /// `<script type="application/json">` element and in JavaScript string contexts.
    mutating func jsonString(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ jsonString(utf8: $0) }) == nil {
            var text = text
            text.withUTF8 { jsonString(utf8: $0) }
        }
    }

    private mutating func jsonString(utf8: UnsafeBufferPointer<UInt8>) {
        // Most texts need no escape: such a text is written with its quotes in one append.
        if utf8.count <= Self.plainTextBytes, !Self.mayNeedEscape(utf8) {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count + 2) { quoted in
                quoted[0] = UInt8(ascii: "\"")
                for index in utf8.indices { quoted[index + 1] = utf8[index] }
                quoted[utf8.count + 1] = UInt8(ascii: "\"")
                bytes.append(contentsOf: UnsafeBufferPointer(quoted))
            }
            return
        }
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

    /// The longest text `jsonString` copies with its quotes through the stack.
    private static let plainTextBytes = 512

    /// The bytes `jsonString` escapes, and 0xE2, which starts U+2028 and U+2029.
    private static let escapedBytes: [UInt8] = (0...255).map { byte in
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x7F || byte == 0xE2 ? 1 : 0
    }

    /// Whether a byte of the text may need an escape (one table look-up a byte, no branch).
    private static func mayNeedEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        escapedBytes.withUnsafeBufferPointer { escaped in
            var found: UInt8 = 0
            for byte in utf8 { found |= escaped[Int(byte)] }
            return found != 0
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
