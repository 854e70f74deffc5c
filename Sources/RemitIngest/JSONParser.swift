/// A strict JSON parser (RFC 8259) over bytes, producing `DocNode`s with line and column.
///
/// Validates UTF-8, refuses unpaired surrogate escapes, duplicate keys (documented rule:
/// a repeated key makes the value invalid, since which copy wins is ambiguous) and nesting
/// deeper than `maxDepth`. Columns count bytes from 1.
///
/// Hostile input stays bounded: at most `maxValues` values per parse (a 16 MiB line of `[]`
/// would otherwise become millions of nodes), and repeated keys are found through a set once
/// an object has more than a few keys, so an object with 100,000 keys parses in linear time.
struct JSONParser {
    struct SyntaxError: Error, Sendable {
        var line: Int
        var column: Int
        var reason: String
        /// The input ended inside the value (it was cut short, not written wrong).
        var atEnd = false
    }

    static let defaultMaxDepth = 256
    /// Values (objects, lists, strings, numbers, literals) one parse may hold: about 80 MB
    /// of nodes at most. Raise it here for documents with more values.
    static let defaultMaxValues = 1_000_000
    /// Digits an exponent may have (leading zeros aside): `1e999999999` at most.
    static let maxExponentDigits = 9
    /// Objects with more keys than this check for repeats through a set.
    static let keySetThreshold = 16

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i: Int
    private var line: Int
    private var lineStart: Int
    private let maxDepth: Int
    private var valuesLeft: Int
    private let maxValues: Int
    private var scratch: [UInt8] = []
    /// Strings already made, when the parse shares repeated ones (`parse(_:streaming:…)`).
    private var pool: StringPool?

    init(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1, maxDepth: Int = JSONParser.defaultMaxDepth,
         maxValues: Int = JSONParser.defaultMaxValues) {
        self.bytes = bytes
        self.i = 0
        self.line = firstLine
        self.lineStart = 0
        self.maxDepth = maxDepth
        self.valuesLeft = maxValues
        self.maxValues = maxValues
    }

    /// Parses one value that must fill the whole buffer (whitespace around it allowed).
    /// `firstLine` and `firstColumn` are where the buffer starts in its file (a value cut out
    /// of a larger document), so every node and error is placed where it stands there.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1, firstColumn: Int = 1, maxDepth: Int = defaultMaxDepth,
        maxValues: Int = defaultMaxValues
    ) throws(SyntaxError) -> DocNode {
        var parser = JSONParser(bytes, firstLine: firstLine, maxDepth: maxDepth, maxValues: maxValues)
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        parser.i = start
        parser.lineStart = start - (firstColumn - 1)
        parser.skipWhitespace()
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.i < bytes.count { throw parser.error("unexpected data after the JSON value") }
        return node
    }

    /// `parse`, except that when the value is an object whose member `key` is a list, each
    /// element of that list is handed to `element` as soon as it is parsed and not kept: the
    /// member is returned as an empty list and `streamed` is true. A large register is read
    /// one customer at a time this way instead of as one tree of every value (SPEC limits,
    /// value counts and errors stay those of `parse`: a syntax error anywhere is still thrown).
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, streaming key: String, element: (DocNode) -> Void,
        maxDepth: Int = defaultMaxDepth, maxValues: Int = defaultMaxValues
    ) throws(SyntaxError) -> (root: DocNode, streamed: Bool) {
        var parser = JSONParser(bytes, firstLine: 1, maxDepth: maxDepth, maxValues: maxValues)
        parser.pool = StringPool()
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        parser.i = start
        parser.lineStart = start
        parser.skipWhitespace()
        var streamed = false
        let node: DocNode
        if parser.i < bytes.count, bytes[parser.i] == UInt8(ascii: "{") {
            parser.valuesLeft -= 1
            guard parser.valuesLeft >= 0 else { throw parser.error("more than \(maxValues) values in one document or record (remit's limit)") }
            guard 0 < maxDepth else { throw parser.error("nested deeper than \(maxDepth) levels") }
            let startLine = parser.line, startColumn = parser.column
            node = DocNode(try parser.parseObject(depth: 1, streaming: key, element: element, streamed: &streamed),
                           line: startLine, column: startColumn)
        } else {
            node = try parser.parseValue(depth: 0)
        }
        parser.skipWhitespace()
        if parser.i < bytes.count { throw parser.error("unexpected data after the JSON value") }
        return (node, streamed)
    }

    private var column: Int { i - lineStart + 1 }

    private func error(_ reason: String) -> SyntaxError {
        SyntaxError(line: line, column: column, reason: reason, atEnd: i >= bytes.count)
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A: i += 1; line += 1; lineStart = i
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(SyntaxError) -> DocNode {
        guard i < bytes.count else { throw error("unexpected end of input") }
        valuesLeft -= 1
        guard valuesLeft >= 0 else { throw error("more than \(maxValues) values in one document or record (remit's limit)") }
        let startLine = line, startColumn = column
        switch bytes[i] {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw error("nested deeper than \(maxDepth) levels") }
            return DocNode(try parseObject(depth: depth + 1), line: startLine, column: startColumn)
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw error("nested deeper than \(maxDepth) levels") }
            return DocNode(try parseArray(depth: depth + 1), line: startLine, column: startColumn)
        case UInt8(ascii: "\""):
            return DocNode(.string(try parseString()), line: startLine, column: startColumn)
        case UInt8(ascii: "t"):
            try literal("true")
            return DocNode(.bool(true), line: startLine, column: startColumn)
        case UInt8(ascii: "f"):
            try literal("false")
            return DocNode(.bool(false), line: startLine, column: startColumn)
        case UInt8(ascii: "n"):
            try literal("null")
            return DocNode(.null, line: startLine, column: startColumn)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return DocNode(.number(try parseNumber()), line: startLine, column: startColumn)
        default:
            throw error("unexpected character \(Self.describe(bytes[i]))")
        }
    }

    static func describe(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else {
            var ended = error("unexpected end of input")
            ended.atEnd = (i..<bytes.count).allSatisfy { bytes[$0] == word.utf8Start[$0 - i] }
            throw ended
        }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] {
            throw error("invalid literal")
        }
        i += count
    }

    private mutating func parseObject(depth: Int) throws(SyntaxError) -> DocNode.Value {
        var streamed = false
        return try parseObject(depth: depth, streaming: nil, element: { _ in }, streamed: &streamed)
    }

    private mutating func parseObject(
        depth: Int, streaming streamKey: String?, element: (DocNode) -> Void, streamed: inout Bool
    ) throws(SyntaxError) -> DocNode.Value {
        i += 1
        var fields: [(key: String, node: DocNode)] = []
        var keys: Set<String> = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
        while true {
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside an object") }
            guard bytes[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyLine = line, keyColumn = column
            let key = try parseString()
            let repeated: Bool
            if fields.count < Self.keySetThreshold {
                repeated = fields.contains { $0.key == key }
            } else {
                if keys.isEmpty { keys = Set(fields.map(\.key)) }
                repeated = !keys.insert(key).inserted
            }
            if repeated {
                throw SyntaxError(line: keyLine, column: keyColumn, reason: "duplicate key \"\(key)\"")
            }
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            i += 1
            skipWhitespace()
            if let streamKey, key == streamKey, i < bytes.count, bytes[i] == UInt8(ascii: "[") {
                fields.append((key, try streamArray(depth: depth, element: element)))
                streamed = true
            } else {
                fields.append((key, try parseValue(depth: depth)))
            }
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
            throw error("expected ',' or '}' in an object")
        }
    }

    /// A list value, as `parseValue` reads it, whose elements go to `element`; an empty list
    /// in their place.
    private mutating func streamArray(depth: Int, element: (DocNode) -> Void) throws(SyntaxError) -> DocNode {
        valuesLeft -= 1
        guard valuesLeft >= 0 else { throw error("more than \(maxValues) values in one document or record (remit's limit)") }
        let startLine = line, startColumn = column
        guard depth < maxDepth else { throw error("nested deeper than \(maxDepth) levels") }
        i += 1
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return DocNode(.array([]), line: startLine, column: startColumn)
        }
        while true {
            skipWhitespace()
            element(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside a list") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return DocNode(.array([]), line: startLine, column: startColumn) }
            throw error("expected ',' or ']' in a list")
        }
    }

    private mutating func parseArray(depth: Int) throws(SyntaxError) -> DocNode.Value {
        i += 1
        var items: [DocNode] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth))
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside a list") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw error("expected ',' or ']' in a list")
        }
    }

    private mutating func parseNumber() throws(SyntaxError) -> String {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, isDigit(bytes[i]) { throw error("invalid number: leading zero") }
        } else {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number: digits expected after '.'") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number: digits expected in the exponent") }
            while i < bytes.count, bytes[i] == UInt8(ascii: "0") { i += 1 }
            let significant = i
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            // RFC 8259 section 9 lets a parser limit the range of numbers: an exponent of more
            // than 9 digits (past leading zeros) is refused, so no reader of the number's text
            // ever meets one that does not fit an Int (`1e-9223372036854775808` trapped `abs`).
            guard i - significant <= Self.maxExponentDigits else { throw error("number out of range: exponent of more than \(Self.maxExponentDigits) digits") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func parseString() throws(SyntaxError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                guard let text = Self.text(slice) else {
                    i = start
                    throw error("invalid UTF-8 in a string")
                }
                return pool?.share(text) ?? text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string (must be escaped)") }
            i += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""):
                i += 1
                guard let text = scratch.withUnsafeBufferPointer(Self.text) else { throw error("invalid UTF-8 in a string") }
                return pool?.share(text) ?? text
            case UInt8(ascii: "\\"):
                try parseEscape()
            case 0..<0x20:
                throw error("control character in a string (must be escaped)")
            default:
                scratch.append(byte)
                i += 1
            }
        }
        throw error("unterminated string")
    }

    /// The string of UTF-8 `bytes`, or nil when they are not valid UTF-8. (`String(validating:as:)`
    /// is generic and looked up its type metadata for every string of a large register.)
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard JSONBytes.isValidUTF8(UnsafeRawBufferPointer(bytes)) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func parseEscape() throws(SyntaxError) {
        i += 1
        guard i < bytes.count else { throw error("unterminated string") }
        let byte = bytes[i]
        i += 1
        switch byte {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800...0xDBFF).contains(code) {
                guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                    var unpaired = error("unpaired surrogate escape")
                    unpaired.atEnd = i == bytes.count || (i + 1 == bytes.count && bytes[i] == UInt8(ascii: "\\"))
                    throw unpaired
                }
                i += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate escape") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw error("unpaired surrogate escape")
            }
            guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
            scratch.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            i -= 1
            throw error("invalid escape \\\(Self.describe(byte))")
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else {
            var ended = error("truncated \\u escape")
            ended.atEnd = (i..<bytes.count).allSatisfy { Self.isHexDigit(bytes[$0]) }
            throw ended
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[i]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }
}
