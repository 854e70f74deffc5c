import RemitCore

/// Loads a config-type input (YAML or JSON) into a `DocNode`, with its bytes for hashing.
public struct Document {
    public var root: DocNode
    public var bytes: [UInt8]
    public var format: String

    public static func load(path: String, source: String) throws(InputError) -> Document {
        let location = SourceLocation(source: source)
        let bytes = try FileBytes.read(path, location: location)
        return try parse(bytes, path: path, source: source)
    }

    public static func parse(_ bytes: [UInt8], path: String, source: String) throws(InputError) -> Document {
        let location = SourceLocation(source: source)
        try FileBytes.refuseWideEncoding(bytes[...], location: location)
        if isJSON(bytes, path: path) {
            do {
                let root = try bytes.withUnsafeBufferPointer { buffer throws(JSONParser.SyntaxError) in
                    try JSONParser.parse(buffer)
                }
                return Document(root: root, bytes: bytes, format: "json")
            } catch {
                throw InputError(.unreadable, SourceLocation(source: source, line: error.line, column: error.column), "invalid JSON: \(error.reason)")
            }
        }
        let text = try FileBytes.text(bytes, location: location)
        do {
            return Document(root: try YAMLDocument.parse(text), bytes: bytes, format: "yaml")
        } catch {
            throw InputError(.unreadable, SourceLocation(source: source, line: error.line, column: error.column), "invalid YAML: \(error.reason)")
        }
    }

    /// `.json` files, and files whose first non-blank byte opens a JSON object or list.
    static func isJSON(_ bytes: [UInt8], path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".json") { return true }
        if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") { return false }
        let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }
}
