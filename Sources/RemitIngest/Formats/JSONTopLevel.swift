import RemitCore

/// Walks a JSON document's top level without holding it: members of a top-level object, or
/// elements of a top-level list, each parsed alone with its true line and column. Standard
/// formats use it to keep only what they need (a BOM's `services`, not its components).
final class JSONTopLevel {
    /// One element of a list: parsed, or why it could not be.
    enum Element {
        case node(DocNode)
        case invalid(SourceLocation, String)
    }

    private let cursor: ByteCursor
    let source: String
    var maxElementBytes = 16 << 20

    init(path: String, source: String) throws(InputError) {
        cursor = try ByteCursor(path: path, source: source)
        self.source = source
        try cursor.skipBOM()
        try cursor.skipWhitespace()
    }

    deinit { cursor.close() }

    /// Where the reading stands: at a member's value, inside `members`.
    var here: SourceLocation {
        SourceLocation(source: source, line: cursor.line, column: cursor.column)
    }

    /// The first byte of the document (`{` or `[` for JSON), nil when empty.
    func peek() throws(InputError) -> UInt8? { try cursor.peek() }

    /// Calls `body` with each key of the top-level object; `body` must consume the value with
    /// `value()`, `skipValue()` or `elements(_:)`. A repeated key is refused, as `JSONParser`
    /// refuses one in any object (README "Rules worth knowing").
    func members(_ body: (String) throws(InputError) -> Void) throws(InputError) {
        guard try cursor.peek() == UInt8(ascii: "{") else { throw cursor.error("expected a JSON object") }
        cursor.advance()
        var first = true
        var seen: Set<String> = []
        while true {
            try cursor.skipWhitespace()
            if try cursor.peek() == UInt8(ascii: "}") { cursor.advance(); break }
            if !first {
                guard try cursor.peek() == UInt8(ascii: ",") else { throw cursor.error("expected ',' or '}' in the top-level object") }
                cursor.advance()
                try cursor.skipWhitespace()
            }
            first = false
            let keyAt = SourceLocation(source: source, line: cursor.line, column: cursor.column)
            let key = try cursor.readKey()
            guard seen.insert(key).inserted else { throw InputError(.unreadable, keyAt, "invalid JSON: duplicate key \"\(key)\"") }
            try cursor.skipWhitespace()
            guard try cursor.peek() == UInt8(ascii: ":") else { throw cursor.error("expected ':' after a key") }
            cursor.advance()
            try cursor.skipWhitespace()
            try body(key)
        }
        try finish()
    }

    /// The next value, parsed whole (for small members).
    func value() throws(InputError) -> DocNode {
        switch try element() {
        case .node(let node): return node
        case .invalid(let location, let reason): throw InputError(.unreadable, location, reason)
        }
    }

    func skipValue() throws(InputError) {
        _ = try cursor.captureValue(limit: 0)
    }

    /// Skips the list that comes next, element by element, without holding any; returns the
    /// first byte of its first element (nil for an empty list).
    func skipList() throws(InputError) -> UInt8? {
        guard try cursor.peek() == UInt8(ascii: "[") else { throw cursor.error("expected a list") }
        cursor.advance()
        var first: UInt8?
        var isFirst = true
        while true {
            try cursor.skipWhitespace()
            if try cursor.peek() == UInt8(ascii: "]") { cursor.advance(); return first }
            if !isFirst {
                guard try cursor.peek() == UInt8(ascii: ",") else { throw cursor.error("expected ',' or ']' in a list") }
                cursor.advance()
                try cursor.skipWhitespace()
            } else {
                first = try cursor.peek()
            }
            isFirst = false
            _ = try cursor.captureValue(limit: 0)
        }
    }

    /// The elements of the list that comes next, one at a time.
    func elements(_ body: (Element) throws(InputError) -> Void) throws(InputError) {
        guard try cursor.peek() == UInt8(ascii: "[") else { throw cursor.error("expected a list") }
        cursor.advance()
        var first = true
        while true {
            try cursor.skipWhitespace()
            if try cursor.peek() == UInt8(ascii: "]") { cursor.advance(); return }
            if !first {
                guard try cursor.peek() == UInt8(ascii: ",") else { throw cursor.error("expected ',' or ']' in a list") }
                cursor.advance()
                try cursor.skipWhitespace()
            }
            first = false
            try body(try element())
        }
    }

    /// After the top-level value: only whitespace may follow.
    func finish() throws(InputError) {
        try cursor.skipWhitespace()
        if try cursor.peek() != nil { throw cursor.error("unexpected data after the JSON document") }
    }

    private func element() throws(InputError) -> Element {
        let line = cursor.line, column = cursor.column
        let location = SourceLocation(source: source, line: line, column: column)
        guard let bytes = try cursor.captureValue(limit: maxElementBytes) else {
            return .invalid(location, "value is larger than \(maxElementBytes >> 20) MiB")
        }
        return bytes.withUnsafeBufferPointer { Self.parse($0, line: line, column: column, source: source) }
    }

    /// One value parsed alone, positions shifted back to where it stands in the file.
    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, line: Int, column: Int, source: String) -> Element {
        do {
            return .node(try JSONParser.parse(buffer, firstLine: line, firstColumn: column))
        } catch {
            return .invalid(SourceLocation(source: source, line: error.line, column: error.column), "invalid JSON: \(error.reason)")
        }
    }
}
