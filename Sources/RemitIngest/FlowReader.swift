import RemitCore

/// remit's own flow encodings (SPEC "Flows"), detected by content, then by extension.
public enum FlowFileFormat: String, Sendable {
    case ndjson = "remit-ndjson"
    case json = "remit-json"
    case xml = "remit-xml"
}

/// What reading one flow source produced.
public struct FlowReadStats: Sendable {
    public var records = 0
    public var rejected = 0
}

/// Streams the flow records of one file to `body`, record by record.
public enum FlowReader {
    public static func read(
        path: String, source: String, format: FlowFileFormat,
        body: (FlowRecordDecoder.Outcome) -> Void
    ) throws(InputError) -> FlowReadStats {
        var stats = FlowReadStats()
        let counting: (FlowRecordDecoder.Outcome) -> Void = { outcome in
            stats.records += 1
            if case .rejected = outcome { stats.rejected += 1 }
            body(outcome)
        }
        switch format {
        case .ndjson: try NDJSONReader().read(path: path, source: source, body: counting)
        case .json: try JSONDocumentReader().read(path: path, source: source, body: counting)
        case .xml: try readXML(path: path, source: source, body: counting)
        }
        return stats
    }

    static func readXML(path: String, source: String, body: (FlowRecordDecoder.Outcome) -> Void) throws(InputError) {
        let stream = try XMLStream(path: path, source: source)
        try XMLRecords.read(stream, root: "flows", namespace: "urn:remit:flows:1", record: "flow",
                            lists: ["category": "data_categories"], scalars: [:],
                            numericAttributes: ["count", "records", "bytes"]) { node in
            body(FlowRecordDecoder.decode(node, location: SourceLocation(source: source, line: node.line)))
        }
    }

    /// Detects the encoding of a remit flow file: `<` is XML, `[` a JSON list; `{` is a JSON
    /// document when the file is named .json and its first line is not a whole object without
    /// `flows`, and NDJSON otherwise (.ndjson/.jsonl always).
    public static func detect(path: String, source: String) throws(InputError) -> FlowFileFormat {
        let lower = path.lowercased()
        let head = try FileHead.read(path: path, source: source)
        switch head.firstSignificantByte {
        case UInt8(ascii: "<"): return .xml
        case UInt8(ascii: "["): return .json
        case UInt8(ascii: "{"):
            if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .ndjson }
            if let firstLine = head.firstLine {
                let node = try? firstLine.withUnsafeBufferPointer { buffer throws(JSONParser.SyntaxError) in try JSONParser.parse(buffer) }
                if let node { return node["flows"] != nil ? .json : .ndjson }
            }
            return .json
        case nil:
            if lower.hasSuffix(".xml") { return .xml }
            if lower.hasSuffix(".json") { return .json }
            return .ndjson
        default:
            throw InputError(.unreadable, SourceLocation(source: source, line: 1, column: 1),
                             "not a remit flow file (expected NDJSON, a JSON list or object, or XML)")
        }
    }
}

/// The first bytes of a file, for format detection.
public struct FileHead {
    public var bytes: [UInt8]
    public var isComplete: Bool

    public static func read(path: String, source: String, limit: Int = 1 << 16) throws(InputError) -> FileHead {
        let file = try ChunkedFile(path: path, location: SourceLocation(source: source))
        defer { file.close() }
        var buffer = [UInt8](repeating: 0, count: limit)
        var total = 0
        var chunk = [UInt8](repeating: 0, count: limit)
        while total < limit {
            let n = try file.read(into: &chunk)
            if n == 0 { return FileHead(bytes: Array(buffer[0..<total]), isComplete: true) }
            let take = min(n, limit - total)
            buffer.replaceSubrange(total..<(total + take), with: chunk[0..<take])
            total += take
        }
        return FileHead(bytes: buffer, isComplete: false)
    }

    var body: ArraySlice<UInt8> {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    }

    public var firstSignificantByte: UInt8? {
        body.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    }

    /// The first line, when it ends inside the head (or the file ends).
    public var firstLine: [UInt8]? {
        let b = body
        if let newline = b.firstIndex(of: 0x0A) { return Array(b[..<newline]) }
        return isComplete ? Array(b) : nil
    }
}
