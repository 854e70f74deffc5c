import RemitCore

/// Reads a CycloneDX XML BOM (1.4–1.6) into `CycloneDXBOM` through the hardened streaming
/// reader: each top-level `<service>` is held as a small tree while it is read, everything
/// outside `<services>` is skipped as it streams by.
public enum CycloneDXXMLReader {
    static let namespacePrefix = "http://cyclonedx.org/schema/bom/"
    /// Elements one top-level service may hold (nested services included).
    static let maxElementsPerService = 200_000

    public static func read(path: String, source: String) throws(InputError) -> CycloneDXBOM {
        let stream = try XMLStream(path: path, source: source)
        let root = try stream.root()
        guard root.name == "bom", root.namespace.hasPrefix(namespacePrefix) else {
            throw InputError(.unreadable, stream.location,
                             "not a CycloneDX BOM: expected root <bom> in namespace \(namespacePrefix)<version>, found <\(root.name)>\(root.namespace.isEmpty ? "" : " in \(root.namespace)")")
        }
        var bom = CycloneDXBOM()
        bom.specVersion = String(root.namespace.dropFirst(namespacePrefix.count))
        bom.serialNumber = root.attributes.first { $0.name == "serialNumber" }?.value
        var problems: [CycloneDXProblem] = []
        while true {
            switch try stream.next() {
            case .start("services", root.namespace, _):
                try readServices(stream, source: source, namespace: root.namespace, into: &bom.services, problems: &problems,
                                 unknown: &bom.unknownKeys)
            case .start:
                try stream.skipElement()
            case .text:
                continue
            case .end, .end_of_document:
                bom.problems = problems
                return bom
            }
        }
    }

    private static func readServices(
        _ stream: XMLStream, source: String, namespace: String, into services: inout [CycloneDXService], problems: inout [CycloneDXProblem],
        unknown: inout [UnknownKey]
    ) throws(InputError) {
        while true {
            switch try stream.next() {
            case .start("service", namespace, let attributes):
                var budget = maxElementsPerService
                let node = try stream.readElement(name: "service", attributes: attributes, home: namespace, budget: &budget)
                services.append(service(node, source: source, problems: &problems, unknown: &unknown))
            case .start:
                try stream.skipElement()
            case .text:
                continue
            case .end, .end_of_document:
                return
            }
        }
    }

    static func service(_ node: XMLNode, source: String, problems: inout [CycloneDXProblem], unknown: inout [UnknownKey]) -> CycloneDXService {
        var service = CycloneDXService(location: SourceLocation(source: source, line: node.line))
        noteUnknown(node, known: StandardFormatKeys.service, in: "CycloneDX service", source: source, &unknown)
        service.bomRef = node.attribute("bom-ref")
        service.name = node.childText("name")
        service.group = node.childText("group")
        service.version = node.childText("version")
        service.description = node.childText("description")
        if let provider = node.child("provider") {
            noteUnknown(provider, known: StandardFormatKeys.provider, in: "CycloneDX provider", source: source, &unknown)
            service.provider = CycloneDXProvider(name: provider.childText("name"), urls: provider.children("url").map(\.value))
        }
        service.endpoints = node.child("endpoints")?.children("endpoint").map(\.value) ?? []
        service.trustZone = node.childText("trustZone")
        if let boundary = node.child("x-trust-boundary") {
            switch boundary.value {
            case "true", "1": service.crossesTrustBoundary = true
            case "false", "0": service.crossesTrustBoundary = false
            default:
                problems.append(CycloneDXProblem(location: SourceLocation(source: source, line: boundary.line), field: "x-trust-boundary",
                                                 reason: "`x-trust-boundary` must be true or false, found \"\(boundary.value.prefix(64))\""))
            }
        }
        let dataElement = node.child("data")
        if let dataElement { noteUnknown(dataElement, known: StandardFormatKeys.dataElements, in: "CycloneDX data", source: source, &unknown) }
        let entries = (dataElement?.children ?? []).filter { StandardFormatKeys.dataElements.contains($0.name) }
        for (place, entry) in entries.enumerated() {
            switch entry.name {
            case "classification":
                guard var data = data(classification: entry, source: source, problems: &problems) else { continue }
                data.place = place
                service.data.append(data)
            case "dataflow":
                noteUnknown(entry, known: StandardFormatKeys.dataflowElements, in: "CycloneDX dataflow", source: source, &unknown)
                guard let classification = entry.child("classification") else {
                    problems.append(CycloneDXProblem(location: SourceLocation(source: source, line: entry.line), field: "classification",
                                                     reason: "a <dataflow> needs a <classification flow=\"…\">"))
                    continue
                }
                guard var data = data(classification: classification, source: source, problems: &problems) else { continue }
                data.place = place
                data.location = SourceLocation(source: source, line: entry.line)
                data.name = entry.attribute("name")
                data.description = entry.attribute("description")
                data.sources = entry.child("source")?.children("url").map(\.value) ?? []
                data.destinations = entry.child("destination")?.children("url").map(\.value) ?? []
                if let governance = entry.child("governance") {
                    data.owners = parties(governance, "owners", "owner")
                    data.custodians = parties(governance, "custodians", "custodian")
                    data.stewards = parties(governance, "stewards", "steward")
                }
                service.data.append(data)
            default:
                continue
            }
        }
        for child in node.child("services")?.children("service") ?? [] {
            service.services.append(self.service(child, source: source, problems: &problems, unknown: &unknown))
        }
        return service
    }

    /// `<classification flow="outbound">PII</classification>`; nil when the flow is invalid or
    /// the text empty (it must say what data flows).
    static func data(classification node: XMLNode, source: String, problems: inout [CycloneDXProblem]) -> CycloneDXData? {
        let location = SourceLocation(source: source, line: node.line)
        guard let text = node.attribute("flow") else {
            problems.append(CycloneDXProblem(location: location, field: "flow", reason: "required attribute `flow` is missing"))
            return nil
        }
        guard let flow = CycloneDXData.Direction(rawValue: text) else {
            problems.append(CycloneDXProblem(location: location, field: "flow",
                                             reason: "`flow` must be \(CycloneDXData.Direction.expected), found \"\(text.prefix(64))\""))
            return nil
        }
        guard !node.value.allSatisfy(\.isWhitespace) else {
            problems.append(CycloneDXProblem(location: location, field: "classification",
                                             reason: "a <classification> must say what data flows: its text is blank"))
            return nil
        }
        return CycloneDXData(classification: node.value, flow: flow, location: location)
    }

    /// Child elements of CycloneDX's namespace that `known` leaves out; elements of another
    /// namespace (`{uri}name`, `{}name`) are extensions, not unknown.
    static func noteUnknown(_ node: XMLNode, known: Set<String>, in what: String, source: String, _ unknown: inout [UnknownKey]) {
        for child in node.children where !child.name.hasPrefix("{") && !known.contains(child.name) {
            unknown.append(UnknownKey(key: child.name, what: what, location: SourceLocation(source: source, line: child.line)))
        }
    }

    static func parties(_ governance: XMLNode, _ role: String, _ element: String) -> [String] {
        (governance.child(role)?.children(element) ?? []).compactMap { party in
            (party.child("organization") ?? party.child("contact"))?.childText("name")
        }
    }
}
