public import RemitCore

/// Reads exceptions (SPEC "Exceptions"): approved, time-bound deviations.
public enum ExceptionsLoader {
    /// The exceptions file's top-level keys.
    static let topLevelKeys: Set<String> = ["version", "exceptions"]

    public static func decode(_ root: DocNode, source: String) throws(InputError) -> ([ExceptionRule], [Diagnostic]) {
        let f = try Fields(root, source: source, what: "the exceptions")
        var diagnostics = f.unknownKeys(known: topLevelKeys, in: "the exceptions")
        let entries = try f.objects("exceptions") ?? []
        let ids = try entries.map { e throws(InputError) in try e.requiredString("id") }
        try entries.checkUniqueIDs(ids, what: "exception")
        var rules: [ExceptionRule] = []
        for e in entries {
            let id = try e.requiredString("id")
            diagnostics += e.unknownKeys(known: ["id", "match", "reason", "instruction_ref", "approved_by", "expires"], in: "exception \(id)")
            guard let match = try e.object("match") else {
                throw InputError(.configuration, e.location, field: "match", "required field is missing")
            }
            diagnostics += match.unknownKeys(known: ["kind", "customer", "subprocessor", "dimension", "value"], in: "the match of \(id)")
            let kindText = try match.requiredString("kind")
            guard let kind = FindingKind(rawValue: kindText) else {
                throw InputError(.configuration, match.locate(match["kind"]!), field: "match.kind", "unknown finding kind \"\(kindText)\"")
            }
            let dimension = try match.string("dimension")
            if let dimension, FindingDimension(rawValue: dimension) == nil {
                throw InputError(.configuration, match.locate(match["dimension"]!), field: "match.dimension", "unknown dimension \"\(dimension)\"")
            }
            let expires = try e.time("expires")
            if expires == nil {
                diagnostics.append(Diagnostic(.warning, e.location, "exception \(id) has no `expires`: it never expires"))
            }
            // Compared as each finding's dimension normalizes it (`ExceptionRule.matches`).
            let value = try match.string("value")
            rules.append(ExceptionRule(
                id: id, kind: kind, customer: try match.string("customer"), subprocessor: try match.string("subprocessor"),
                dimension: dimension, value: value, reason: try e.requiredString("reason"),
                instructionRef: try e.string("instruction_ref"), approvedBy: try e.requiredString("approved_by"),
                expires: expires, location: e.location))
        }
        return (rules, diagnostics)
    }
}
