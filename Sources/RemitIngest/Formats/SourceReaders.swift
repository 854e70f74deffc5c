public import RemitCore

/// What one catalog or mappings source contributed, in whichever format it is.
public struct SourceContribution: Sendable {
    public var format: SourceFormat
    public var descriptions: [SubprocessorDescription] = []
    public var mappings = Mappings()
    public var diagnostics: [Diagnostic] = []
    /// Entries read: subprocessors for a catalog source, systems for a mappings source.
    public var records = 0
}

/// Reads a catalog source in any catalog format (SPEC "Catalog", "Standard formats").
public enum CatalogSourceReader {
    /// `requested` is the job's `format:`; `context` carries the mappings read before the
    /// catalog and the source's `subprocessor` option.
    public static func read(path: String, source: String, requested: String, context: AdapterContext) throws(InputError) -> SourceContribution {
        let format = try FormatDetector.detect(path: path, source: source, role: .catalog, requested: requested)
        var result = SourceContribution(format: format)
        switch format {
        case .remitXML:
            (result.descriptions, result.diagnostics) = try CatalogLoader.decodeXML(path: path, source: source, subprocessor: context.subprocessor)
        case .remitJSON, .remitYAML, .remitNDJSON:
            let document = try Document.load(path: path, source: source)
            result.format = document.format == "json" ? .remitJSON : .remitYAML
            (result.descriptions, result.diagnostics) = try CatalogLoader.decode(document.root, source: source, subprocessor: context.subprocessor)
        case .gvlJSON:
            let document = try Document.load(path: path, source: source)
            let list = try GVLReader.decode(document.root, source: source)
            (result.descriptions, result.diagnostics) = GVLCatalog.descriptions(list, context: context)
            result.diagnostics += unknownKeyWarnings(list.unknownKeys)
        case .cyclonedxJSON, .cyclonedxXML:
            let bom = format == .cyclonedxXML ? try CycloneDXXMLReader.read(path: path, source: source)
                : try CycloneDXJSONReader.read(path: path, source: source)
            (result.descriptions, result.diagnostics) = try CycloneDXCatalog.descriptions(bom, context: context)
            result.diagnostics += unknownKeyWarnings(bom.unknownKeys)
        case .fidesYAML, .fidesJSON:
            let adapter = try fides(path: path, source: source, context: context)
            result.descriptions = adapter.descriptions()
            result.mappings = adapter.mappings()
            result.diagnostics = unknownKeyWarnings(adapter.manifest.unknownKeys)
        case .openlineageJSON, .openlineageNDJSON:
            throw InputError(.configuration, SourceLocation(source: source), field: "format", "\(format.rawValue) is not a catalog format")
        }
        result.records = result.descriptions.count
        if result.descriptions.isEmpty, result.mappings.systems.isEmpty {
            // A catalog that describes no one (and, for fides, adds no system either) is most
            // often the wrong file, or a file read in the wrong `format:` (other formats' keys
            // are ignored, so nothing fails).
            result.diagnostics.append(Diagnostic(.warning, SourceLocation(source: source),
                "describes no subprocessor (read as \(result.format.rawValue)); if that is not expected, check the file and the source's `format`"))
        }
        return result
    }

    /// One warning a key the format does not define, counted over the entries that hold it.
    static func unknownKeyWarnings(_ keys: [UnknownKey]) -> [Diagnostic] {
        var tally = UnknownKeyTally()
        tally.add(keys)
        return tally.warnings
    }

    static func fides(path: String, source: String, context: AdapterContext) throws(InputError) -> FidesAdapter {
        let document = try Document.load(path: path, source: source)
        return FidesAdapter(manifest: try FidesReader.decode(document.root, source: source), context: context)
    }
}

/// Reads a mappings source: remit's own mappings file, or a fides manifest (whose systems
/// feed `mappings.systems` and whose third parties add catalog entries).
public enum MappingsSourceReader {
    /// The format the source will be read in.
    public static func format(path: String, source: String, requested: String) throws(InputError) -> SourceFormat {
        try FormatDetector.detect(path: path, source: source, role: .mappings, requested: requested)
    }

    /// `context` matters to a fides manifest only, whose vendors and egress targets go through
    /// its labels; remit's own mappings file is read as it is.
    public static func read(path: String, source: String, requested: String, context: AdapterContext) throws(InputError) -> SourceContribution {
        try read(path: path, source: source, format: try format(path: path, source: source, requested: requested), context: context)
    }

    /// Reads the source in `format`, as `format(path:source:requested:)` detected it.
    public static func read(path: String, source: String, format: SourceFormat, context: AdapterContext) throws(InputError) -> SourceContribution {
        var result = SourceContribution(format: format)
        switch format.family {
        case .fides:
            let adapter = try CatalogSourceReader.fides(path: path, source: source, context: context)
            result.mappings = adapter.mappings()
            result.descriptions = adapter.descriptions()
            result.diagnostics = CatalogSourceReader.unknownKeyWarnings(adapter.manifest.unknownKeys)
        default:
            let document = try Document.load(path: path, source: source)
            result.format = document.format == "json" ? .remitJSON : .remitYAML
            (result.mappings, result.diagnostics) = try MappingsLoader.decode(document.root, source: source)
        }
        result.records = result.mappings.entries
        return result
    }
}
