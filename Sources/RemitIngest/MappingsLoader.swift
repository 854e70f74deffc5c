public import RemitCore

/// Reads mappings (SPEC "Mappings"): systems, extra destination patterns, labels.
public enum MappingsLoader {
    public static func decode(_ root: DocNode, source: String) throws(InputError) -> (Mappings, [Diagnostic]) {
        let f = try Fields(root, source: source, what: "the mappings")
        var diagnostics = f.unknownKeys(known: ["version", "systems", "destinations", "labels"], in: "the mappings")
        var systems: [String: Mappings.System] = [:]
        if let s = try f.object("systems") {
            for name in s.keys {
                let system = try Fields(s[name]!, source: source, what: "system \(name)")
                diagnostics += system.unknownKeys(known: ["purposes", "data_categories", "owner", "description"], in: "system \(name)")
                systems[name] = Mappings.System(
                    purposes: try system.strings("purposes") ?? [], dataCategories: try system.strings("data_categories") ?? [],
                    owner: try system.string("owner"), location: system.location)
            }
        }
        var destinations: [Mappings.DestinationRule] = []
        for rule in try f.objects("destinations") ?? [] {
            diagnostics += rule.unknownKeys(known: ["pattern", "subprocessor"], in: "a destination rule")
            let pattern = try rule.requiredString("pattern")
            // A pattern read as no host (`\\\\server\\share`, `https:///x`) would match every
            // destination without one.
            // So would one no host can match (`.x.example`, `*..x.example`): an error too.
            let host = DestinationResolver.host(of: pattern)
            guard DestinationResolver.isPlausibleHost(host.hasPrefix("*.") ? String(host.dropFirst(2)) : host) else {
                throw InputError(.configuration, rule.locate(rule["pattern"]!), field: "pattern",
                                 "names no host: a pattern is a host, `*.` and a domain, or a URL around one")
            }
            destinations.append(Mappings.DestinationRule(
                pattern: pattern, subprocessor: try rule.requiredString("subprocessor"), location: rule.location))
        }
        var labels: [String: String] = [:]
        if let l = try f.object("labels") {
            for label in l.keys {
                // null or "" marks a label as not personal data: adapters drop it.
                labels[label] = try l.string(label) ?? ""
            }
        }
        return (Mappings(systems: systems, destinations: destinations, labels: labels), diagnostics)
    }
}
