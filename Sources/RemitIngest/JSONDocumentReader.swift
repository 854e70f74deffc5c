import RemitCore

/// Streams the records of a JSON flow document, `[ … ]` or `{"flows": [ … ], …}`, without
/// holding the document: a structural scanner cuts out one element at a time, which is then
/// parsed alone. A malformed element is one rejected record; a broken document structure
/// (unbalanced brackets, truncation) is a fatal error naming line and column.
struct JSONDocumentReader {
    var maxElementBytes = 16 << 20

    /// Streams the records to `body`; returns the keys beside `flows` that a flow document
    /// does not define (`FlowRecordDecoder.documentKeys`), for `remit check`.
    func read(path: String, source: String, body: (FlowRecordDecoder.Outcome) -> Void) throws(InputError) -> [UnknownKey] {
        var unknown: [UnknownKey] = []
        let cursor = try ByteCursor(path: path, source: source)
        defer { cursor.close() }
        try cursor.skipBOM()
        try cursor.skipWhitespace()
        switch try cursor.peek() {
        case UInt8(ascii: "["):
            try readArray(cursor, source: source, body: body)
        case UInt8(ascii: "{"):
            cursor.advance()
            var sawFlows = false
            var keys: Set<String> = []
            while true {
                try cursor.skipWhitespace()
                if try cursor.peek() == UInt8(ascii: "}") { cursor.advance(); break }
                if !keys.isEmpty {
                    guard try cursor.peek() == UInt8(ascii: ",") else { throw cursor.error("expected ',' or '}' in the top-level object") }
                    cursor.advance()
                    try cursor.skipWhitespace()
                }
                let keyLine = cursor.line, keyColumn = cursor.column
                let key = try cursor.readKey()
                // As everywhere else, a repeated key is refused: which `flows` counts would
                // be ambiguous.
                guard keys.insert(key).inserted else {
                    throw InputError(.unreadable, SourceLocation(source: source, line: keyLine, column: keyColumn),
                                     "invalid JSON: the top-level object repeats the key `\(key.prefix(64))`")
                }
                try cursor.skipWhitespace()
                guard try cursor.peek() == UInt8(ascii: ":") else { throw cursor.error("expected ':' after a key") }
                cursor.advance()
                try cursor.skipWhitespace()
                if key != "flows", !FlowRecordDecoder.documentKeys.contains(key) {
                    unknown.append(UnknownKey(key: key, what: "flows document", location: SourceLocation(source: source, line: cursor.line, column: cursor.column)))
                }
                if key == "flows" {
                    guard try cursor.peek() == UInt8(ascii: "[") else { throw cursor.error("`flows` must be a list") }
                    sawFlows = true
                    try readArray(cursor, source: source, body: body)
                } else {
                    try skipValue(cursor, source: source)
                }
            }
            if !sawFlows { throw InputError(.unreadable, SourceLocation(source: source, line: 1, column: 1), "the JSON object has no `flows` list") }
        case nil:
            throw InputError(.unreadable, SourceLocation(source: source), "the file is empty")
        default:
            throw cursor.error("a JSON flow document starts with '[' or '{'")
        }
        try cursor.skipWhitespace()
        if try cursor.peek() != nil { throw cursor.error("unexpected data after the JSON document") }
        return unknown
    }

    /// A member beside `flows`: checked to be JSON (a document that is not is refused, as
    /// any other), unless it is too large to hold, when only its structure is followed.
    private func skipValue(_ cursor: ByteCursor, source: String) throws(InputError) {
        let line = cursor.line, column = cursor.column
        guard let bytes = try cursor.captureValue(limit: maxElementBytes) else { return }
        do {
            _ = try bytes.withUnsafeBufferPointer { buffer throws(JSONParser.SyntaxError) in
                try JSONParser.parse(buffer, firstLine: line, firstColumn: column)
            }
        } catch {
            throw InputError(.unreadable, SourceLocation(source: source, line: error.line, column: error.column), "invalid JSON: \(error.reason)")
        }
    }

    private func readArray(_ cursor: ByteCursor, source: String, body: (FlowRecordDecoder.Outcome) -> Void) throws(InputError) {
        cursor.advance()
        var first = true
        while true {
            try cursor.skipWhitespace()
            if try cursor.peek() == UInt8(ascii: "]") { cursor.advance(); return }
            if !first {
                guard try cursor.peek() == UInt8(ascii: ",") else { throw cursor.error("expected ',' or ']' in the list of flows") }
                cursor.advance()
                try cursor.skipWhitespace()
            }
            first = false
            let line = cursor.line, column = cursor.column
            let location = SourceLocation(source: source, line: line)
            guard let element = try cursor.captureValue(limit: maxElementBytes) else {
                body(.rejected(RejectedRecord(location: location, reason: "record is larger than \(maxElementBytes >> 20) MiB")))
                continue
            }
            let outcome = element.withUnsafeBufferPointer { buffer in
                Self.decode(buffer, line: line, column: column, location: location)
            }
            body(outcome)
        }
    }
}

extension JSONDocumentReader {
    /// One element: parsed alone, positions shifted back to where it stands in the file.
    static func decode(_ buffer: UnsafeBufferPointer<UInt8>, line: Int, column: Int, location: SourceLocation) -> FlowRecordDecoder.Outcome {
        do {
            return FlowRecordDecoder.decode(try JSONParser.parse(buffer, firstLine: line, firstColumn: column), location: location)
        } catch {
            var at = location
            at.line = error.line
            at.column = error.column
            return .rejected(RejectedRecord(location: at, reason: "invalid JSON: \(error.reason)"))
        }
    }
}

/// A byte-at-a-time view of a file with line and column, refilled in chunks.
final class ByteCursor {
    private let file: ChunkedFile
    private let source: String
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var position = 0
    private var end = 0
    private(set) var line = 1
    private var lineStart = 0
    private var consumed = 0

    init(path: String, source: String) throws(InputError) {
        file = try ChunkedFile(path: path, location: SourceLocation(source: source))
        self.source = source
    }

    func close() { file.close() }

    var column: Int { consumed + position - lineStart + 1 }

    func error(_ reason: String) -> InputError {
        InputError(.unreadable, SourceLocation(source: source, line: line, column: column), "invalid JSON: \(reason)")
    }

    func peek() throws(InputError) -> UInt8? {
        if position == end {
            consumed += end
            end = try file.read(into: &buffer)
            position = 0
            if end == 0 { return nil }
        }
        return buffer[position]
    }

    func advance() {
        if buffer[position] == 0x0A { line += 1; lineStart = consumed + position + 1 }
        position += 1
    }

    func skipBOM() throws(InputError) {
        if try peek() == 0xEF, end - position >= 3, buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF {
            position += 3
        }
    }

    func skipWhitespace() throws(InputError) {
        while let b = try peek(), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { advance() }
    }

    /// A top-level key, its escapes decoded (`"fl\u006fws"` is `flows`).
    func readKey() throws(InputError) -> String {
        let at = error("")
        guard try peek() == UInt8(ascii: "\"") else { throw error("expected a string key") }
        guard let bytes = try captureValue(limit: 4096) else { throw error("key too long") }
        let node = try? bytes.withUnsafeBufferPointer { buffer throws(JSONParser.SyntaxError) in try JSONParser.parse(buffer) }
        guard case .string(let key)? = node?.value else {
            throw InputError(.unreadable, at.location, "invalid JSON: a key that is not a valid string")
        }
        return key
    }

    /// The bytes of the next JSON value, found by structure (brackets and strings), not
    /// validated: the parser does that. Returns nil, having skipped the value, when it is
    /// longer than `limit` (0 = skip without keeping).
    func captureValue(limit: Int) throws(InputError) -> [UInt8]? {
        var out: [UInt8] = []
        var keep = limit > 0
        var depth = 0
        var inString = false
        var escaped = false
        func take(_ b: UInt8) {
            guard keep else { return }
            out.append(b)
            if out.count > limit { keep = false; out = [] }
        }
        while let b = try peek() {
            if inString {
                take(b)
                advance()
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return limit > 0 && keep ? out : nil }
                }
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return limit > 0 && keep ? out : nil }
                depth -= 1
                take(b)
                advance()
                if depth == 0 { return limit > 0 && keep ? out : nil }
                continue
            case UInt8(ascii: ","), 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 { return limit > 0 && keep ? out : nil }
            default:
                break
            }
            take(b)
            advance()
        }
        if depth > 0 || inString { throw error("the document ends inside a value (truncated?)") }
        return limit > 0 && keep ? out : nil
    }
}
