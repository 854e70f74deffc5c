/// Every input encoding remit reads, named as `remit check` and `findings.json` show them
/// (`InputProvenance.format`).
public enum SourceFormat: String, Sendable, CaseIterable {
    case remitNDJSON = "remit-ndjson"
    case remitJSON = "remit-json"
    case remitYAML = "remit-yaml"
    case remitXML = "remit-xml"
    case cyclonedxJSON = "cyclonedx-json"
    case cyclonedxXML = "cyclonedx-xml"
    case gvlJSON = "gvl-json"
    case openlineageJSON = "openlineage-json"
    case openlineageNDJSON = "openlineage-ndjson"
    case fidesYAML = "fides-yaml"
    case fidesJSON = "fides-json"

    /// The family a job's `format:` option names.
    public enum Family: String, Sendable {
        case remit, cyclonedx, gvl, openlineage, fides

        public var title: String {
            switch self {
            case .remit: "a remit file"
            case .cyclonedx: "a CycloneDX BOM"
            case .gvl: "an IAB TCF Global Vendor List"
            case .openlineage: "OpenLineage run events"
            case .fides: "a fides manifest"
            }
        }
    }

    public var family: Family {
        switch self {
        case .remitNDJSON, .remitJSON, .remitYAML, .remitXML: .remit
        case .cyclonedxJSON, .cyclonedxXML: .cyclonedx
        case .gvlJSON: .gvl
        case .openlineageJSON, .openlineageNDJSON: .openlineage
        case .fidesYAML, .fidesJSON: .fides
        }
    }

    /// SPEC "Flows": records without a customer from these sources count for every customer
    /// unless the job says otherwise (`customers:`).
    public var defaultsToAllCustomers: Bool {
        switch family {
        case .cyclonedx, .openlineage, .fides: true
        case .remit, .gvl: false
        }
    }
}

/// The roles a source can play in a job, and the format families each accepts
/// (SPEC "Job config").
public enum SourceRole: String, Sendable {
    case catalog, flows, mappings
    /// Roles read in remit's own formats only.
    case register, exceptions, taxonomy

    public var families: [SourceFormat.Family] {
        switch self {
        case .catalog: [.remit, .gvl, .cyclonedx, .fides]
        case .flows: [.remit, .cyclonedx, .openlineage, .fides]
        case .mappings: [.remit, .fides]
        case .register, .exceptions, .taxonomy: [.remit]
        }
    }

    /// Top-level keys of remit's own file in a role read in remit's formats only, but
    /// `version`, which a CycloneDX BOM has too.
    var ownKeys: Set<String> {
        switch self {
        case .register: RegisterLoader.topLevelKeys.subtracting(["version"])
        case .exceptions: ExceptionsLoader.topLevelKeys.subtracting(["version"])
        case .taxonomy: TaxonomyLoader.topLevelKeys.subtracting(["version"])
        case .catalog, .flows, .mappings: []
        }
    }
}
