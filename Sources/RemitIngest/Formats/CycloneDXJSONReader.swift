import RemitCore

/// Reads a CycloneDX JSON BOM (1.4–1.6) into `CycloneDXBOM`, streaming: only `services` is
/// parsed (one top-level service at a time); components and everything else are skipped.
public enum CycloneDXJSONReader {
    public static func read(path: String, source: String) throws(InputError) -> CycloneDXBOM {
        let document = try JSONTopLevel(path: path, source: source)
        var bom = CycloneDXBOM()
        var reader = NodeReader(source: source)
        var bomFormat: DocNode?
        try document.members { key throws(InputError) in
            switch key {
            case "bomFormat": bomFormat = try document.value()
            case "specVersion": bom.specVersion = try document.value().stringValue
            case "serialNumber": bom.serialNumber = try document.value().stringValue
            case "services":
                guard try document.peek() == UInt8(ascii: "[") else {
                    let node = try document.value()
                    if case .null = node.value { break }
                    // Unreadable, as the broken JSON around it would be: a BOM is a flow file too.
                    throw InputError(.unreadable, reader.locate(node), field: "services", "`services` must be a list of objects, found \(node.typeName)")
                }
                try document.elements { element throws(InputError) in
                    switch element {
                    case .node(let node):
                        guard case .object = node.value else {
                            reader.problem(node, "services", "each service must be an object, found \(node.typeName)")
                            return
                        }
                        bom.services.append(service(node, &reader))
                    case .invalid(let location, let reason):
                        throw InputError(.unreadable, location, reason)
                    }
                }
            default:
                if !StandardFormatKeys.bom.contains(key) {
                    reader.unknownKeys.append(UnknownKey(key: key, what: "CycloneDX BOM", location: document.here))
                }
                try document.skipValue()
            }
        }
        if let bomFormat, bomFormat.stringValue != "CycloneDX" {
            throw InputError(.unreadable, reader.locate(bomFormat), field: "bomFormat", "not a CycloneDX BOM: `bomFormat` must be \"CycloneDX\"")
        }
        bom.problems = reader.problems.map { CycloneDXProblem(location: $0.location, field: $0.field, reason: $0.reason) }
        bom.unknownKeys = reader.unknownKeys
        return bom
    }

    static func service(_ node: DocNode, _ reader: inout NodeReader) -> CycloneDXService {
        var service = CycloneDXService(location: reader.locate(node))
        reader.noteUnknownKeys(node, known: StandardFormatKeys.service, in: "CycloneDX service")
        service.bomRef = reader.string(node, "bom-ref")
        service.name = reader.string(node, "name")
        service.group = reader.string(node, "group")
        service.version = reader.string(node, "version")
        service.description = reader.string(node, "description")
        if let provider = reader.object(node, "provider") {
            reader.noteUnknownKeys(provider, known: StandardFormatKeys.provider, in: "CycloneDX provider")
            service.provider = CycloneDXProvider(name: reader.string(provider, "name"), urls: reader.strings(provider, "url"))
        }
        service.endpoints = reader.strings(node, "endpoints")
        service.trustZone = reader.string(node, "trustZone")
        service.crossesTrustBoundary = reader.bool(node, "x-trust-boundary")
        for (place, entry) in reader.placedObjects(node, "data") {
            guard var data = data(entry, &reader) else { continue }
            data.place = place
            service.data.append(data)
        }
        for child in reader.objects(node, "services") {
            service.services.append(self.service(child, &reader))
        }
        return service
    }

    /// One `data` entry; nil (with a problem recorded) when its `flow` is missing or invalid,
    /// or its `classification` missing or empty: both are required, and an entry that says
    /// nothing of what flows would pass every data-category check.
    static func data(_ node: DocNode, _ reader: inout NodeReader) -> CycloneDXData? {
        let location = reader.locate(node)
        reader.noteUnknownKeys(node, known: StandardFormatKeys.serviceData, in: "CycloneDX data entry")
        guard let flowText = reader.string(node, "flow") else {
            if node["flow"] == nil || node["flow"]?.typeName == "null" { reader.problem(node, "flow", "required field `flow` is missing") }
            return nil
        }
        guard let flow = CycloneDXData.Direction(rawValue: flowText) else {
            reader.problem(node["flow"]!, "flow", "`flow` must be \(CycloneDXData.Direction.expected), found \"\(flowText.prefix(64))\"")
            return nil
        }
        guard let classification = reader.string(node, "classification"), !classification.allSatisfy(\.isWhitespace) else {
            switch node["classification"]?.value {
            case nil, .null?: reader.problem(node, "classification", "required field `classification` is missing")
            case .string?: reader.problem(node["classification"]!, "classification", "`classification` is blank: it must say what data flows")
            default: break // the wrong type is a problem `string` recorded
            }
            return nil
        }
        var data = CycloneDXData(classification: classification, flow: flow, location: location)
        data.name = reader.string(node, "name")
        data.description = reader.string(node, "description")
        data.sources = reader.strings(node, "source")
        data.destinations = reader.strings(node, "destination")
        if let governance = reader.object(node, "governance") {
            data.owners = parties(governance, "owners", &reader)
            data.custodians = parties(governance, "custodians", &reader)
            data.stewards = parties(governance, "stewards", &reader)
        }
        return data
    }

    /// Names of the organizations or contacts in a governance role.
    static func parties(_ governance: DocNode, _ role: String, _ reader: inout NodeReader) -> [String] {
        reader.objects(governance, role).compactMap { party in
            let entity = reader.object(party, "organization") ?? reader.object(party, "contact")
            return entity.flatMap { reader.string($0, "name") }
        }
    }
}
