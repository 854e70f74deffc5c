import Foundation
public import RemitCore

/// Reads taxonomy files and the built-in taxonomy (SPEC "Taxonomy keys and coverage").
public enum TaxonomyLoader {
    /// A taxonomy file's top-level keys.
    static let topLevelKeys: Set<String> = ["version", "extends", "purposes", "data_categories", "data_subjects", "operations", "region_groups"]

    /// The built-in taxonomy, shipped as `taxonomy.yml` in the module's resources.
    public static func builtIn() throws(InputError) -> Taxonomy {
        let document = try builtInDocument()
        return try decode(document.root, source: "built-in taxonomy").0
    }

    public static func builtInDocument() throws(InputError) -> Document {
        guard let url = Bundle.module.url(forResource: "taxonomy", withExtension: "yml") else {
            throw InputError(.configuration, SourceLocation(source: "built-in taxonomy"), "the built-in taxonomy resource is missing from this installation")
        }
        return try Document.load(path: url.path, source: "built-in taxonomy")
    }

    /// A taxonomy file; with `extends: default` it is added to the built-in taxonomy.
    public static func decode(_ root: DocNode, source: String) throws(InputError) -> (Taxonomy, [Diagnostic]) {
        let f = try Fields(root, source: source, what: "the taxonomy")
        var diagnostics = f.unknownKeys(known: topLevelKeys, in: "the taxonomy")
        var entries: [Taxonomy.Dimension: [Taxonomy.Entry]] = [:]
        for dimension in Taxonomy.Dimension.allCases {
            entries[dimension] = try self.entries(f, dimension.rawValue, &diagnostics)
        }
        var groups: [String: [String]] = [:]
        if let g = try f.object("region_groups") {
            for name in g.keys {
                groups[name] = try g.strings(name) ?? []
            }
        }
        let taxonomy = Taxonomy(entries: entries, regionGroups: groups)
        switch try f.string("extends") {
        case nil:
            return (taxonomy, diagnostics)
        case "default":
            return (try builtIn().extended(with: taxonomy), diagnostics)
        case let other?:
            throw InputError(.configuration, f.locate(f["extends"]!), field: "extends", "only `extends: default` is supported, found \"\(other)\"")
        }
    }

    private static func entries(_ f: Fields, _ key: String, _ diagnostics: inout [Diagnostic]) throws(InputError) -> [Taxonomy.Entry] {
        guard let node = f[key] else { return [] }
        guard case .array(let items) = node.value else {
            throw InputError(.configuration, f.locate(node), field: key, "expected a list, found \(node.typeName)")
        }
        var result: [Taxonomy.Entry] = []
        var seen: [String: Int] = [:]
        for item in items {
            let entry: Taxonomy.Entry
            if case .string(let k) = item.value {
                entry = Taxonomy.Entry(key: k, location: f.locate(item))
            } else {
                let e = try Fields(item, source: f.source, what: "each entry of `\(key)`")
                diagnostics += e.unknownKeys(known: ["key", "label", "risk", "description"], in: "a taxonomy entry")
                let risk = try e.string("risk")
                if let risk, !["low", "medium", "high"].contains(risk) {
                    throw InputError(.configuration, e.locate(e["risk"]!), field: "risk", "expected low, medium or high, found \"\(risk)\"")
                }
                entry = Taxonomy.Entry(key: try e.requiredString("key"), label: try e.string("label"), highRisk: risk == "high",
                                       riskStated: risk != nil, location: e.location)
            }
            if let first = seen[entry.key] {
                throw InputError(.configuration, f.locate(item), field: "key", "taxonomy key \"\(entry.key)\" is repeated (first at line \(first))")
            }
            seen[entry.key] = item.line
            result.append(entry)
        }
        return result
    }
}
