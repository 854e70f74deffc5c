import RemitCore

/// Streams an NDJSON file line by line: each line is parsed on its own, so a bad line is
/// one rejected record and the rest of the file still counts. Memory holds one chunk and
/// one line; a line longer than `maxLineBytes` is rejected without being held.
struct NDJSONReader {
    static let chunkBytes = 1 << 20
    var maxLineBytes = 16 << 20

    func read(path: String, source: String, body: (FlowRecordDecoder.Outcome) -> Void) throws(InputError) {
        try readLines(path: path, source: source) { element, line in
            body(Self.decode(element, source: source, line: line))
        }
    }

    /// One remit flow line, the reference way: the strict parser, then the record decoder.
    /// The fast scanners fall back to it for any line they cannot judge alone.
    static func decodeLine(_ line: UnsafeBufferPointer<UInt8>, source: String, line number: Int) -> FlowRecordDecoder.Outcome {
        decode(parseLine(line, source: source, line: number), source: source, line: number)
    }

    private static func decode(_ element: JSONTopLevel.Element, source: String, line: Int) -> FlowRecordDecoder.Outcome {
        switch element {
        case .node(let node): FlowRecordDecoder.decode(node, location: SourceLocation(source: source, line: line))
        case .invalid(let location, let reason): .rejected(RejectedRecord(location: location, reason: reason))
        }
    }

    /// Each non-blank line parsed on its own, with its line number: the common part of every
    /// NDJSON format (remit's flows, OpenLineage events).
    func readLines(path: String, source: String, body: (JSONTopLevel.Element, Int) -> Void) throws(InputError) {
        let file = try ChunkedFile(path: path, location: SourceLocation(source: source))
        defer { file.close() }
        var chunk = [UInt8](repeating: 0, count: Self.chunkBytes)
        var pending: [UInt8] = []
        var overlong = false
        var lineNumber = 1
        var first = true

        func finish(_ bytes: UnsafeBufferPointer<UInt8>) {
            defer { lineNumber += 1 }
            if overlong || bytes.count > maxLineBytes {
                overlong = false
                body(.invalid(SourceLocation(source: source, line: lineNumber), "line is longer than \(maxLineBytes >> 20) MiB"), lineNumber)
                return
            }
            var line = bytes
            if first {
                first = false
                if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF { line = UnsafeBufferPointer(rebasing: line[3...]) }
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            body(Self.parseLine(line, source: source, line: lineNumber), lineNumber)
        }

        while true {
            let n = try file.read(into: &chunk)
            if n == 0 { break }
            chunk.withUnsafeBufferPointer { buffer in
                var start = 0
                while start < n {
                    guard let newline = UnsafeBufferPointer(rebasing: buffer[start..<n]).firstIndex(of: 0x0A) else {
                        if !overlong {
                            pending.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<n]))
                            if pending.count > maxLineBytes { overlong = true; pending = [] }
                        }
                        return
                    }
                    let end = start + newline
                    if pending.isEmpty && !overlong {
                        finish(UnsafeBufferPointer(rebasing: buffer[start..<end]))
                    } else {
                        if !overlong {
                            pending.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
                            if pending.count > maxLineBytes { overlong = true }
                        }
                        pending.withUnsafeBufferPointer { finish($0) }
                        pending.removeAll(keepingCapacity: pending.count < 1 << 20)
                    }
                    start = end + 1
                }
            }
        }
        if !pending.isEmpty || overlong {
            pending.withUnsafeBufferPointer { finish($0) }
        }
    }

    static func parseLine(_ line: UnsafeBufferPointer<UInt8>, source: String, line number: Int) -> JSONTopLevel.Element {
        do {
            return .node(try JSONParser.parse(line, firstLine: number))
        } catch {
            return .invalid(SourceLocation(source: source, line: number, column: error.column), "invalid JSON: \(error.reason)")
        }
    }
}
