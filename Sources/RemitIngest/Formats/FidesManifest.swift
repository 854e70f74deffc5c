public import RemitCore

/// The systems of a fides manifest (YAML resource files with `system`, `dataset`, `policy`
/// top-level keys) or of fides' System API objects (JSON: one system, a list, or a manifest).
public struct FidesManifest: Sendable {
    public var systems: [FidesSystem] = []
    /// Keys of the datasets and policies in the manifest (read, not used for reconciliation).
    public var datasetKeys: [String] = []
    public var policyKeys: [String] = []
    /// Keys no fides or fideslang version defines, in the parts remit reads: the manifest's
    /// top level, systems, their privacy declarations and data flows (`StandardFormatKeys`).
    public var unknownKeys: [UnknownKey] = []
}

public struct FidesSystem: Sendable {
    /// `fides_key`, or the `vendor_id` when a dictionary entry has no key yet.
    public var key: String
    public var name: String?
    public var description: String?
    public var systemType: String?
    public var administratingDepartment: String?
    /// A GVL (`gvl.733`) or other vendor id: the system stands for a third party.
    public var vendorID: String?
    public var legalName: String?
    public var egress: [FidesDataFlow] = []
    public var ingress: [FidesDataFlow] = []
    public var declarations: [FidesDeclaration] = []
    public var territorialScope: [String] = []
    public var legalBasisForTransfers: [String] = []
    public var location: SourceLocation

    /// The declared data uses (purposes), each once.
    public var dataUses: [String] { declarations.compactMap(\.dataUse).uniqued() }
    /// The declared data categories, each once.
    public var dataCategories: [String] { declarations.flatMap(\.dataCategories).uniqued() }
}

/// `egress` / `ingress` entries: another system or dataset data goes to or comes from.
public struct FidesDataFlow: Sendable {
    public var key: String
    public var type: String?
    public var dataCategories: [String]?
    public var location: SourceLocation
}

public struct FidesDeclaration: Sendable {
    public var name: String?
    public var dataUse: String?
    public var dataCategories: [String]
    public var dataSubjects: [String]
    public var location: SourceLocation
}

/// Reads fides documents. Manifests are config-type inputs: a wrong type, a missing
/// `fides_key` (without a `vendor_id`) or a repeated key is an error naming file, line, field.
public enum FidesReader {
    public static func decode(_ root: DocNode, source: String) throws(InputError) -> FidesManifest {
        var manifest = FidesManifest()
        let systemNodes: [DocNode]
        switch root.value {
        case .array(let items):
            systemNodes = items
        case .object where root["fides_key"] != nil || root["privacy_declarations"] != nil:
            systemNodes = [root]
        default:
            let top = try Fields(root, source: source, what: "the fides manifest")
            manifest.unknownKeys = top.unknown(known: StandardFormatKeys.fidesManifest, in: "fides manifest")
            systemNodes = try list(top, "system")
            manifest.datasetKeys = try keys(top, "dataset")
            manifest.policyKeys = try keys(top, "policy")
        }
        var fields: [Fields] = []
        for node in systemNodes {
            let f = try Fields(node, source: source, what: "a fides system")
            manifest.systems.append(try system(f, unknown: &manifest.unknownKeys))
            fields.append(f)
        }
        try fields.checkUniqueIDs(manifest.systems.map(\.key), what: "fides system", field: "fides_key")
        // In the file's order, whichever order a system's parts were read in.
        manifest.unknownKeys.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        return manifest
    }

    static func system(_ f: Fields, unknown: inout [UnknownKey]) throws(InputError) -> FidesSystem {
        unknown += f.unknown(known: StandardFormatKeys.fidesSystem, in: "fides system")
        let vendorID = try f.string("vendor_id")
        guard let key = try f.string("fides_key") ?? vendorID, !key.isEmpty else {
            throw InputError(.configuration, f.location, field: "fides_key", "required field is missing (and there is no `vendor_id`)")
        }
        var system = FidesSystem(key: key, location: f.location)
        system.vendorID = vendorID
        system.name = try f.string("name")
        system.description = try f.string("description")
        system.systemType = try f.string("system_type")
        system.administratingDepartment = try f.string("administrating_department")
        system.legalName = try f.string("legal_name")
        system.egress = try dataFlows(f, "egress", unknown: &unknown)
        system.ingress = try dataFlows(f, "ingress", unknown: &unknown)
        system.territorialScope = try f.strings("territorial_scope") ?? []
        system.legalBasisForTransfers = try f.strings("legal_basis_for_transfers") ?? []
        for d in try f.objects("privacy_declarations") ?? [] {
            unknown += d.unknown(known: StandardFormatKeys.fidesDeclaration, in: "fides privacy declaration")
            system.declarations.append(FidesDeclaration(
                name: try d.string("name"), dataUse: try d.string("data_use"),
                dataCategories: try d.strings("data_categories") ?? [], dataSubjects: try d.strings("data_subjects") ?? [],
                location: d.location))
        }
        return system
    }

    static func dataFlows(_ f: Fields, _ key: String, unknown: inout [UnknownKey]) throws(InputError) -> [FidesDataFlow] {
        var flows: [FidesDataFlow] = []
        for entry in try f.objects(key) ?? [] {
            unknown += entry.unknown(known: StandardFormatKeys.fidesDataFlow, in: "fides data flow")
            flows.append(FidesDataFlow(key: try entry.requiredString("fides_key"), type: try entry.string("type"),
                                       dataCategories: try entry.strings("data_categories"), location: entry.location))
        }
        return flows
    }

    static func list(_ f: Fields, _ key: String) throws(InputError) -> [DocNode] {
        guard let node = f[key] else { return [] }
        switch node.value {
        case .null: return []
        case .array(let items): return items
        default: throw InputError(.configuration, f.locate(node), field: key, "expected a list, found \(node.typeName)")
        }
    }

    static func keys(_ f: Fields, _ key: String) throws(InputError) -> [String] {
        try list(f, key).map { node throws(InputError) in
            try Fields(node, source: f.source, what: "a fides \(key)").string("fides_key") ?? ""
        }
    }
}
