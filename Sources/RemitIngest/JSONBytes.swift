/// Byte-level pieces of JSON (RFC 8259) for the flow-line scanner: the same grammar as
/// `JSONParser`, without building values. Every function returns nil (or false) where
/// `JSONParser` would report an error, so the caller can hand the line to it for the message.
enum JSONBytes {
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    /// Whether the bytes are valid UTF-8 (no overlongs, surrogates or values past U+10FFFF).
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        var i = 0
        while i < n {
            // Eight ASCII bytes at a time.
            while i + 8 <= n, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { return true }
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            func continuation(_ k: Int) -> Bool { i + k < n && bytes[i + k] & 0xC0 == 0x80 }
            switch b0 {
            case 0xC2...0xDF:
                guard continuation(1) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard continuation(1), continuation(2) else { return false }
                let b1 = bytes[i + 1]
                if b0 == 0xE0 && b1 < 0xA0 { return false }
                if b0 == 0xED && b1 > 0x9F { return false }
                i += 3
            case 0xF0...0xF4:
                guard continuation(1), continuation(2), continuation(3) else { return false }
                let b1 = bytes[i + 1]
                if b0 == 0xF0 && b1 < 0x90 { return false }
                if b0 == 0xF4 && b1 > 0x8F { return false }
                i += 4
            default:
                return false
            }
        }
        return true
    }

    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            if bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n { if bytes[i] >= 0x80 { return false }; i += 1 }
        return true
    }

    /// Scans a string starting at the opening quote at `i`; returns the index after the
    /// closing quote and whether it has escapes. nil for a control character, a bad escape or
    /// an unterminated string.
    static func scanString(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> (end: Int, escaped: Bool)? {
        var i = start + 1
        var escaped = false
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { return (i + 1, escaped) }
            if b < 0x20 { return nil }
            if b == UInt8(ascii: "\\") {
                escaped = true
                guard i + 1 < n else { return nil }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard let code = hex4(bytes, i + 2) else { return nil }
                    i += 6
                    if (0xD800...0xDBFF).contains(code) {
                        guard i + 1 < n, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u"),
                              let low = hex4(bytes, i + 2), (0xDC00...0xDFFF).contains(low) else { return nil }
                        i += 6
                    } else if (0xDC00...0xDFFF).contains(code) {
                        return nil
                    }
                default:
                    return nil
                }
                continue
            }
            i += 1
        }
        return nil
    }

    static func hex4(_ bytes: UnsafeRawBufferPointer, _ i: Int) -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let b = bytes[k]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    /// The content of a string already checked by `scanString` (quotes excluded), escapes
    /// decoded into `out`.
    static func decodeEscapes(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = start
        while i < end {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\") else { out.append(b); i += 1; continue }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = hex4(bytes, i)!
                i += 4
                if (0xD800...0xDBFF).contains(code) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (hex4(bytes, i + 2)! - 0xDC00)
                    i += 6
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(code)!)).utf8)
            default: out.append(e) // " \ /
            }
        }
    }

    /// Scans a number at `i` (JSON grammar); returns its end and whether it is plain digits.
    static func scanNumber(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> (end: Int, plain: Bool)? {
        let n = bytes.count
        var i = start
        var plain = true
        func digit(_ k: Int) -> Bool { k < n && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        if bytes[i] == UInt8(ascii: "-") { i += 1; plain = false }
        guard digit(i) else { return nil }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if digit(i) { return nil }
        } else {
            while digit(i) { i += 1 }
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            plain = false
            i += 1
            guard digit(i) else { return nil }
            while digit(i) { i += 1 }
        }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            plain = false
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digit(i) else { return nil }
            while i < n, bytes[i] == UInt8(ascii: "0") { i += 1 }
            let significant = i
            while digit(i) { i += 1 }
            // Out of the strict parser's range (`JSONParser.maxExponentDigits`): the line goes
            // to the strict path, which rejects it with the reason.
            guard i - significant <= JSONParser.maxExponentDigits else { return nil }
        }
        return (i, plain)
    }

    /// A count field's value: the exact non-negative integer the number text denotes
    /// (`FlowRecordDecoder.exactInteger`), or nil.
    static func count(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, plain: Bool) -> Int64? {
        if plain, end - start <= 18 {
            var value: Int64 = 0
            for k in start..<end { value = value * 10 + Int64(bytes[k] - 0x30) }
            return value
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let exact = FlowRecordDecoder.exactInteger(text), exact >= 0 else { return nil }
        return exact
    }

    /// Whether the literal `word` stands at `i`.
    static func literal(_ bytes: UnsafeRawBufferPointer, _ i: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] { return false }
        return true
    }
}
