public import RemitCore

/// Reads remit's own catalog formats (SPEC "Catalog"): JSON/YAML `{"subprocessors": [...]}`
/// and XML `<subprocessors>`; every entry keeps where it was read.
public enum CatalogLoader {
    /// Beside the entries: JSON and YAML keys, XML attributes of `<subprocessors>`.
    static let topLevelKeys: Set<String> = ["version"]
    static let entryKeys: Set<String> = [
        "id", "name", "service", "purposes", "data_categories", "regions", "endpoints", "parent",
        "transfer_mechanism", "listed_since",
    ]

    /// Entries of one JSON/YAML catalog document. With `subprocessor` set, the source describes
    /// that one subprocessor: entries without an id take it, an entry with another id is an
    /// error, and a lone object is one entry.
    public static func decode(_ root: DocNode, source: String, subprocessor: String?) throws(InputError) -> ([SubprocessorDescription], [Diagnostic]) {
        let top = try Fields(root, source: source, what: "the catalog")
        var diagnostics: [Diagnostic] = []
        let entries: [Fields]
        if top["subprocessors"] != nil || subprocessor == nil {
            diagnostics += top.unknownKeys(known: topLevelKeys.union(["subprocessors"]), in: "the catalog")
            entries = try top.objects("subprocessors") ?? []
        } else {
            entries = [top]
        }
        var descriptions: [SubprocessorDescription] = []
        for entry in entries {
            descriptions.append(try description(entry, defaultID: subprocessor, &diagnostics))
        }
        try entries.checkUniqueIDs(descriptions.map(\.id), what: "subprocessor")
        return (descriptions, diagnostics)
    }

    static func description(_ e: Fields, defaultID: String?, _ diagnostics: inout [Diagnostic]) throws(InputError) -> SubprocessorDescription {
        let id: String
        if let defaultID, e["id"] == nil { id = defaultID } else { id = try e.requiredString("id") }
        // A source the job gives one subprocessor (often a vendor's own list, fetched) says
        // nothing of another: an entry that would add endpoints or scope to one, or a new
        // catalog subprocessor (approved under every general authorization), is refused.
        if let defaultID, id != defaultID {
            throw InputError(.configuration, e.locate(e["id"]!), field: "id",
                             "this source describes \(defaultID) only (`subprocessor:` in the job), not \(id)")
        }
        diagnostics += e.unknownKeys(known: entryKeys, in: "subprocessor \(id)")
        let endpoints = try e.strings("endpoints") ?? []
        if case .array(let items)? = e["endpoints"]?.value {
            for item in items {
                guard let endpoint = item.stringValue, DestinationResolver.host(of: endpoint).isEmpty else { continue }
                diagnostics.append(Diagnostic(.warning, e.locate(item), "endpoint \"\(endpoint.prefix(64))\" of \(id) names no host (ignored)"))
            }
        }
        return SubprocessorDescription(
            id: id, name: try e.string("name"), service: try e.string("service"), purposes: try e.strings("purposes") ?? [],
            dataCategories: try e.strings("data_categories") ?? [], regions: try e.strings("regions") ?? [],
            endpoints: endpoints, parent: try e.string("parent"),
            transferMechanism: try e.string("transfer_mechanism"), listedSince: try e.time("listed_since"),
            location: e.location
        )
    }

    /// The XML catalog: `<subprocessors xmlns="urn:remit:catalog:1">` with one `<subprocessor>`
    /// per entry, read as the same fields as JSON (child elements become lists).
    public static func decodeXML(path: String, source: String, subprocessor: String?) throws(InputError) -> ([SubprocessorDescription], [Diagnostic]) {
        let stream = try XMLStream(path: path, source: source)
        var descriptions: [SubprocessorDescription] = []
        var diagnostics: [Diagnostic] = []
        var entries: [Fields] = []
        // An element of the catalog's own vocabulary that is not a subprocessor (a misspelt
        // `<subprocesor>`), or text where subprocessors or their fields stand, is an error,
        // once the whole document has read as XML (a document that is not XML says so first);
        // an element of another vocabulary (`<ds:Signature>`) is listed and ignored, as an
        // unknown key is.
        var stray: InputError?
        let unknown = try XMLRecords.read(
            stream, root: "subprocessors", namespace: "urn:remit:catalog:1", record: "subprocessor", rootAttributes: topLevelKeys,
            lists: ["purpose": "purposes", "category": "data_categories", "region": "regions", "endpoint": "endpoints"],
            scalars: ["service": "service"], numericFields: []
        ) { node throws(InputError) in
            guard stray == nil else { return }
            // A field given twice (an attribute and a child, two `<service>`) is refused, as a
            // repeated key is in JSON and YAML: which one counts would be ambiguous. (Unknown
            // elements may repeat: they are listed as unknown keys.)
            if let (key, repeated) = node.repeatedEntry(among: entryKeys) {
                throw InputError(.configuration, SourceLocation(source: source, line: repeated.line, column: repeated.column),
                                 field: key, "`\(key)` is given more than once")
            }
            let fields = try Fields(node, source: source, what: "a subprocessor")
            descriptions.append(try description(fields, defaultID: subprocessor, &diagnostics))
            entries.append(fields)
        } stray: { found, line, column in
            if case .element(let name) = found, found.isForeign {
                diagnostics.append(Diagnostic(.warning, SourceLocation(source: source, line: line, column: column),
                                              "element `\(name.prefix(200))` is not a <subprocessor> (ignored)"))
                return
            }
            if stray == nil {
                stray = InputError(.configuration, SourceLocation(source: source, line: line, column: column),
                                   found.reason(record: "subprocessor", root: "subprocessors"))
            }
        }
        if let stray { throw stray }
        try entries.checkUniqueIDs(descriptions.map(\.id), what: "subprocessor")
        let rootKeys = unknown.map { Diagnostic(.warning, $0.location, "unknown key `\($0.name.prefix(200))` in the catalog (ignored)") }
        return (descriptions, rootKeys + diagnostics)
    }
}
