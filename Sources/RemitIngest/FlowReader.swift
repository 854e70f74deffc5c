public import RemitCore

/// The encoding of a flow source: remit's own (NDJSON, JSON, XML) or a standard format.
public typealias FlowFileFormat = SourceFormat

extension SourceFormat {
    /// remit's own flow encodings, by their short names.
    public static let ndjson = SourceFormat.remitNDJSON
    public static let json = SourceFormat.remitJSON
    public static let xml = SourceFormat.remitXML
}

/// What reading one flow source produced.
public struct FlowReadStats: Sendable {
    /// Flow records read (before `customers: all` expansion), rejected ones included.
    public var records = 0
    public var rejected = 0
    /// Entries of a standard format that are not flows (inbound data, START events, datasets
    /// at no subprocessor, internal data): read, and on purpose not reconciled.
    public var skipped = 0
    /// Keys a standard format does not define (remit's own records name theirs in
    /// `FlowRecord.unknownKeys`).
    public var unknownKeys = UnknownKeyTally()

    public init() {}

    mutating func count(_ outcome: FlowRecordDecoder.Outcome) {
        records += 1
        if case .rejected = outcome { rejected += 1 }
    }
}

/// Streams the flow records of one source to `body`, record by record.
public enum FlowReader {
    /// Reads a flow source. `context` (labels, destination patterns) is used by the standard
    /// formats only.
    public static func read(
        path: String, source: String, format: FlowFileFormat, context: AdapterContext = AdapterContext(mappings: Mappings()),
        body: (FlowRecordDecoder.Outcome) -> Void
    ) throws(InputError) -> FlowReadStats {
        var stats = FlowReadStats()
        func counting(_ outcome: FlowRecordDecoder.Outcome) {
            stats.count(outcome)
            body(outcome)
        }
        switch format {
        case .remitNDJSON: try NDJSONReader().read(path: path, source: source, body: counting)
        case .remitJSON:
            let unknown = try JSONDocumentReader().read(path: path, source: source, body: counting)
            stats.unknownKeys.add(unknown)
        case .remitXML:
            let (skipped, unknown) = try readXML(path: path, source: source, body: counting)
            stats.skipped = skipped
            stats.unknownKeys.add(unknown)
        case .remitYAML, .gvlJSON:
            throw InputError(.configuration, SourceLocation(source: source), field: "format", "\(format.rawValue) is not a flows format")
        case .cyclonedxJSON, .cyclonedxXML:
            let bom = format == .cyclonedxXML ? try CycloneDXXMLReader.read(path: path, source: source)
                : try CycloneDXJSONReader.read(path: path, source: source)
            let result = CycloneDXFlows(bom: bom, context: context).flows()
            for outcome in result.outcomes { counting(outcome) }
            stats.skipped = result.skipped
            stats.unknownKeys.add(bom.unknownKeys)
        case .openlineageJSON, .openlineageNDJSON:
            return try readOpenLineage(path: path, source: source, ndjson: format == .openlineageNDJSON, context: context, body: body)
        case .fidesYAML, .fidesJSON:
            let document = try Document.load(path: path, source: source)
            let manifest = try FidesReader.decode(document.root, source: source)
            for flow in FidesAdapter(manifest: manifest, context: context).flows() { counting(.record(flow)) }
            stats.unknownKeys.add(manifest.unknownKeys)
        }
        return stats
    }

    static func readOpenLineage(path: String, source: String, ndjson: Bool, context: AdapterContext,
                                body: (FlowRecordDecoder.Outcome) -> Void) throws(InputError) -> FlowReadStats {
        let adapter = OpenLineageFlows(context: context)
        var stats = FlowReadStats()
        try OpenLineageReader.read(path: path, source: source, ndjson: ndjson) { event in
            stats.unknownKeys.add(event.unknownKeys)
            let result = adapter.flows(event)
            for outcome in result.outcomes {
                stats.count(outcome)
                body(outcome)
            }
            stats.skipped += result.skipped
        } rejected: { record in
            stats.count(.rejected(record))
            body(.rejected(record))
        }
        return stats
    }

    /// Returns the elements of another vocabulary found where records stand (skipped, as
    /// not flows); anything else there that is not a `<flow>` (an element, text), and a
    /// `<flow>` holding text outside its fields, is a rejected record.
    /// The records of an XML flow file, to `body`; returns how many elements of another
    /// vocabulary stood among them, and the root's attributes as unknown keys.
    static func readXML(path: String, source: String, body: (FlowRecordDecoder.Outcome) -> Void) throws(InputError) -> (skipped: Int, unknown: [UnknownKey]) {
        var skipped = 0
        let stream = try XMLStream(path: path, source: source)
        let root = try XMLRecords.read(stream, root: "flows", namespace: "urn:remit:flows:1", record: "flow",
                                       rootAttributes: FlowRecordDecoder.documentKeys, lists: ["category": "data_categories"], scalars: [:],
                                       numericFields: ["count", "records", "bytes"]) { node in
            body(FlowRecordDecoder.decode(node, location: SourceLocation(source: source, line: node.line)))
        } stray: { stray, line, _ in
            if stray.isForeign { skipped += 1; return }
            body(.rejected(RejectedRecord(location: SourceLocation(source: source, line: line),
                                          reason: stray.reason(record: "flow", root: "flows"))))
        }
        return (skipped, root.map { UnknownKey(key: $0.name, what: "flows document", location: $0.location) })
    }

    /// Detects the format of a flow source by content, then by extension (SPEC "Inputs");
    /// `requested` is the job's `format:` option.
    public static func detect(path: String, source: String, requested: String = "auto") throws(InputError) -> FlowFileFormat {
        try FormatDetector.detect(path: path, source: source, role: .flows, requested: requested)
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

    /// Whether anything but white space follows `line` (the first line that is not blank):
    /// in the head, or past it when the head is not the whole file.
    func hasContent(after line: [UInt8]) -> Bool {
        let b = body
        guard let start = b.firstRange(of: line)?.upperBound else { return false }
        if b[start...].contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) { return true }
        return !isComplete
    }

    /// The first line that is not blank, when it ends inside the head (or the file ends).
    public var firstLine: [UInt8]? {
        var b = body
        while let newline = b.firstIndex(of: 0x0A) {
            let line = b[..<newline]
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { return Array(line) }
            b = b[(newline + 1)...]
        }
        return isComplete && !b.isEmpty ? Array(b) : nil
    }
}
