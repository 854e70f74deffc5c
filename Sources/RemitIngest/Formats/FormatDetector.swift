import RemitCore

/// Decides which format a source is in (SPEC "Inputs": `format: auto` detects by content —
/// root element, namespace, top-level keys — then by extension).
///
/// - XML: root `<bom>` in a `http://cyclonedx.org/schema/bom/…` namespace is CycloneDX;
///   any other root is remit's own XML.
/// - JSON: `bomFormat: "CycloneDX"` (or a CycloneDX `$schema`) is CycloneDX; `vendors` with
///   `vendorListVersion`/`gvlSpecificationVersion` is a GVL; `eventTime`/`eventType` beside
///   a `run`/`job`/`dataset` object or an `inputs`/`outputs` list is OpenLineage (NDJSON when
///   the first line is a whole event); `fides_key`/`privacy_declarations` or a top-level
///   `system`/`dataset`/`policy` list of objects is fides; anything else is remit's own JSON
///   (`remitFlowEncoding` tells a `{"flows": …}` document from NDJSON). A flow source whose first
///   record has `customer`, `subprocessor`, `destination` (or a `flows` list) is remit's own
///   before anything else: a record's stray keys cannot make the file another format.
/// - YAML: a top-level `system`, `dataset` or `policy` key is fides; otherwise remit's own.
public enum FormatDetector {
    static let fidesTopLevel: Set<String> = ["system", "dataset", "policy"]
    /// Keys only remit's own flow files have at the top of a record or document.
    static let remitFlowKeys: Set<String> = recordKeys.union(["flows"])
    static let recordKeys: Set<String> = ["customer", "subprocessor", "destination"]

    /// The format of the source at `path` in `role`. `requested` is the job's `format:` option
    /// (`auto` or a family name); a family picks the encoding by content within that family.
    public static func detect(path: String, source: String, role: SourceRole, requested: String = "auto") throws(InputError) -> SourceFormat {
        let head = try FileHead.read(path: path, source: source)
        let start = SourceLocation(source: source, line: 1, column: 1)
        if requested != "auto" {
            guard let family = SourceFormat.Family(rawValue: requested), role.families.contains(family) else {
                throw InputError(.configuration, start, field: "format", "format \(requested) cannot be read as \(role.rawValue)")
            }
            if let sniffed = sniff(head, path: path, role: role, readThrough: false), sniffed.family == family { return sniffed }
            return encoding(of: family, head, path: path, role: role)
        }
        guard let sniffed = sniff(head, path: path, role: role) else {
            throw InputError(.unreadable, start, "cannot tell the format of this \(role.rawValue) source (expected \(role.families.map(\.title).joined(separator: ", ")))")
        }
        guard role.families.contains(sniffed.family) else { throw wrongRole(sniffed, role, start) }
        return sniffed
    }

    /// For the roles read in remit's own formats only (register, exceptions, taxonomy): a
    /// source whose content is plainly a standard format (a vendor list, a BOM, lineage
    /// events, a fides manifest) is refused with the role it belongs to. Its keys would
    /// otherwise be unknown keys, and a vendor list read as the register would leave every
    /// flow's customer unknown. Not when the job says `format: remit`, nor when the file
    /// has a top-level key of the role's own (`customers`, …): a newer remit file with a key
    /// that happens to be a fides one (`policy:`) is still the role's, its key unknown.
    /// Whatever else the loader of the role reads and judges.
    public static func refuseStandardFormat(path: String, source: String, role: SourceRole, requested: String = "auto") throws(InputError) {
        guard requested == "auto" else { return }
        let head = try FileHead.read(path: path, source: source)
        let keys: [String]
        switch head.firstSignificantByte {
        case UInt8(ascii: "{")?, UInt8(ascii: "[")?: keys = Array(ContentSniffer.jsonKeys(head.body).keys)
        case UInt8(ascii: "<")?: keys = []
        default: keys = ContentSniffer.yamlKeys(head.body)
        }
        // Decided first, from the head: a register's `customers` needs no look further.
        guard role.ownKeys.isDisjoint(with: keys) else { return }
        guard head.firstSignificantByte != nil, let sniffed = sniff(head, path: path, role: role),
              !role.families.contains(sniffed.family) else { return }
        throw wrongRole(sniffed, role, SourceLocation(source: source, line: 1, column: 1))
    }

    static func wrongRole(_ sniffed: SourceFormat, _ role: SourceRole, _ start: SourceLocation) -> InputError {
        let roles = [SourceRole.catalog, .flows, .mappings].filter { $0.families.contains(sniffed.family) }.map(\.rawValue)
        return InputError(.configuration, start, field: "format",
                          "this looks like \(sniffed.family.title) (\(sniffed.rawValue)), which remit reads as \(roles.joined(separator: " or ")), not as \(role.rawValue)")
    }

    /// The format by content, then by extension; nil when neither tells. With `readThrough`,
    /// a JSON object that the head cuts and whose keys there name no standard format is read
    /// through for the rest of its top-level keys (`ContentSniffer.streamedJSONKeys`).
    static func sniff(_ head: FileHead, path: String, role: SourceRole, readThrough: Bool = true) -> SourceFormat? {
        switch head.firstSignificantByte {
        case UInt8(ascii: "<")?:
            guard let root = ContentSniffer.xmlRoot(head.body) else { return .remitXML }
            return root.name == "bom" && root.namespace.hasPrefix("http://cyclonedx.org/schema/bom/") ? .cyclonedxXML : .remitXML
        case UInt8(ascii: "{")?, UInt8(ascii: "[")?:
            let keys = ContentSniffer.jsonKeys(head.body)
            // A flow record names its customer, subprocessor or destination: whatever other
            // keys or wrongly typed values the first one has, the file is remit's own flows.
            if role == .flows, !remitFlowKeys.isDisjoint(with: keys.keys) { return encoding(of: .remit, head, path: path, role: role) }
            if let standard = standardFormat(keys, head, path: path, role: role) { return standard }
            if readThrough, keys.cut, !keys.isList, !head.isComplete,
               let standard = standardFormat(ContentSniffer.streamedJSONKeys(path: path, head: keys), head, path: path, role: role) {
                return standard
            }
            return encoding(of: .remit, head, path: path, role: role)
        case nil:
            return byExtension(path, role: role)
        default:
            let keys = ContentSniffer.yamlKeys(head.body)
            if !fidesTopLevel.isDisjoint(with: keys) { return .fidesYAML }
            return role == .flows ? nil : .remitYAML
        }
    }

    /// The standard format a JSON document's top-level keys name, nil for none.
    static func standardFormat(_ keys: ContentSniffer.JSONKeys, _ head: FileHead, path: String, role: SourceRole) -> SourceFormat? {
        if keys.strings["bomFormat"] == "CycloneDX" || keys.strings["$schema"]?.contains("cyclonedx.org") == true { return .cyclonedxJSON }
        if keys.has("vendorListVersion") || keys.has("gvlSpecificationVersion") { return .gvlJSON }
        // OpenLineage: an event (`eventTime`, `eventType`) with a `run`, `job` or `dataset`
        // object or an `inputs`/`outputs` list; a record's `"job": "nightly"` is not one.
        if keys.has("eventTime") || keys.has("eventType"),
           !keys.objects.isDisjoint(with: ["run", "job", "dataset"]) || !keys.lists.isDisjoint(with: ["inputs", "outputs"]) {
            return encoding(of: .openlineage, head, path: path, role: role)
        }
        // fides: a System object, or a manifest whose `system`/`dataset`/`policy` list holds
        // objects (a record's `"system": ["a"]` is not one).
        if keys.has("fides_key") || keys.has("privacy_declarations") || !fidesTopLevel.isDisjoint(with: keys.listsOfObjects) {
            return .fidesJSON
        }
        return nil
    }

    /// The encoding within a family, from the first bytes.
    static func encoding(of family: SourceFormat.Family, _ head: FileHead, path: String, role: SourceRole) -> SourceFormat {
        let first = head.firstSignificantByte
        switch family {
        case .cyclonedx:
            return first == UInt8(ascii: "<") ? .cyclonedxXML : .cyclonedxJSON
        case .gvl:
            return .gvlJSON
        case .fides:
            return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .fidesJSON : .fidesYAML
        case .openlineage:
            // Content first: a first line that is a whole event, then the name.
            if first == UInt8(ascii: "{"), let line = head.firstLine, parsesAsObject(line) { return .openlineageNDJSON }
            let lower = path.lowercased()
            if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .openlineageNDJSON }
            return .openlineageJSON
        case .remit:
            switch first {
            case UInt8(ascii: "<")?: return .remitXML
            case UInt8(ascii: "[")?: return .remitJSON
            case UInt8(ascii: "{")?:
                guard role == .flows else { return .remitJSON }
                return remitFlowEncoding(head, path: path)
            case nil: return byExtension(path, role: role) ?? .remitJSON
            default: return role == .flows ? .remitNDJSON : .remitYAML
            }
        }
    }

    /// remit's own flow files starting with `{`, by content, then by name:
    /// - a first line that is a whole object with more lines after it: NDJSON, whatever keys
    ///   that record has (a stray `flows` list in it is an unknown key);
    /// - otherwise a first object that holds a `flows` list and names no customer,
    ///   subprocessor or destination: a `{"flows": [ … ]}` document (pretty-printed, or on one
    ///   line alone);
    /// - otherwise a first object that names one of those: a record, so NDJSON (a first record
    ///   longer than the head included);
    /// - a first line that is not a whole record and shows neither (a document pretty-printed,
    ///   or too long for the head): by the name (`.json` a document), else NDJSON.
    static func remitFlowEncoding(_ head: FileHead, path: String) -> SourceFormat {
        let firstIsRecord = head.firstLine.map(parsesAsObject) ?? false
        if firstIsRecord, let line = head.firstLine, head.hasContent(after: line) { return .remitNDJSON }
        let keys = ContentSniffer.jsonKeys(head.body)
        let namesRecordKeys = !recordKeys.isDisjoint(with: keys.keys)
        if keys.lists.contains("flows"), !namesRecordKeys { return .remitJSON }
        if namesRecordKeys { return .remitNDJSON }
        if !firstIsRecord, path.lowercased().hasSuffix(".json") { return .remitJSON }
        return .remitNDJSON
    }

    static func parsesAsObject(_ line: [UInt8]) -> Bool {
        let node = try? line.withUnsafeBufferPointer { buffer throws(JSONParser.SyntaxError) in try JSONParser.parse(buffer) }
        if case .object? = node?.value { return true }
        return false
    }

    /// For files whose content says nothing (empty files).
    static func byExtension(_ path: String, role: SourceRole) -> SourceFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".cdx.json") || lower.hasSuffix(".bom.json") { return .cyclonedxJSON }
        if lower.hasSuffix(".cdx.xml") || lower.hasSuffix(".bom.xml") { return .cyclonedxXML }
        if lower.hasSuffix(".xml") { return .remitXML }
        if lower.hasSuffix(".json") { return .remitJSON }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return role == .flows ? .remitNDJSON : nil }
        if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") { return role == .flows ? nil : .remitYAML }
        return role == .flows ? .remitNDJSON : nil
    }
}
