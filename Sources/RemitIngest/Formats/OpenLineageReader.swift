public import RemitCore

/// Streams OpenLineage events from NDJSON (one event a line), a JSON list of events, or a
/// single JSON event; each event is parsed alone, so a broken one is one rejected record.
public enum OpenLineageReader {
    public static func read(path: String, source: String, ndjson: Bool, body: (OpenLineageEvent) -> Void,
                            rejected: (RejectedRecord) -> Void) throws(InputError) {
        func element(_ element: JSONTopLevel.Element, line: Int) {
            switch element {
            case .node(let node):
                body(OpenLineageEvent.decode(node, source: source, location: SourceLocation(source: source, line: line)))
            case .invalid(let location, let reason):
                rejected(RejectedRecord(location: location, reason: reason))
            }
        }
        if ndjson {
            try NDJSONReader().readLines(path: path, source: source) { parsed, line in element(parsed, line: line) }
            return
        }
        let document = try JSONTopLevel(path: path, source: source)
        switch try document.peek() {
        case UInt8(ascii: "[")?:
            try document.elements { parsed in element(parsed, line: line(of: parsed)) }
            try document.finish()
        case UInt8(ascii: "{")?:
            let node = try document.value()
            try document.finish()
            element(.node(node), line: node.line)
        case nil:
            throw InputError(.unreadable, SourceLocation(source: source), "the file is empty")
        default:
            throw InputError(.unreadable, SourceLocation(source: source, line: 1, column: 1), "OpenLineage events are a JSON object, a JSON list or NDJSON")
        }
    }

    private static func line(of element: JSONTopLevel.Element) -> Int {
        switch element {
        case .node(let node): node.line
        case .invalid(let location, _): location.line
        }
    }
}
