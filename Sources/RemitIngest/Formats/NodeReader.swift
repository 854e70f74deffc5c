import RemitCore

/// Tolerant, located reads from the JSON objects of a standard format: a field of the wrong
/// type is recorded as a problem (file, line, column, field) and reads as absent, so one bad
/// entry can be rejected while the rest of the file is still used. `null` counts as absent.
struct NodeReader {
    struct Problem: Sendable {
        var location: SourceLocation
        var field: String
        var reason: String
    }

    let source: String
    var problems: [Problem] = []
    var unknownKeys: [UnknownKey] = []

    init(source: String) {
        self.source = source
    }

    func locate(_ node: DocNode) -> SourceLocation {
        SourceLocation(source: source, line: node.line, column: node.column)
    }

    /// Notes the keys of `object` that `known` (the format's own) leaves out.
    mutating func noteUnknownKeys(_ object: DocNode, known: Set<String>, in what: String) {
        guard case .object(let members) = object.value else { return }
        for member in members where !known.contains(member.key) {
            unknownKeys.append(UnknownKey(key: member.key, what: what, location: locate(member.node)))
        }
    }

    mutating func problem(_ node: DocNode, _ field: String, _ reason: String) {
        problems.append(Problem(location: locate(node), field: field, reason: reason))
    }

    private mutating func wrongType(_ node: DocNode, _ field: String, _ expected: String) {
        problem(node, field, "`\(field)` must be \(expected), found \(node.typeName)")
    }

    mutating func string(_ object: DocNode, _ key: String) -> String? {
        guard let node = object[key] else { return nil }
        switch node.value {
        case .null: return nil
        case .string(let text): return text
        default: wrongType(node, key, "a string"); return nil
        }
    }

    /// A list of strings; a lone string is taken as a list of one.
    mutating func strings(_ object: DocNode, _ key: String) -> [String] {
        guard let node = object[key] else { return [] }
        switch node.value {
        case .null: return []
        case .string(let text): return [text]
        case .array(let items):
            var result: [String] = []
            for item in items {
                guard case .string(let text) = item.value else { wrongType(item, key, "a list of strings"); continue }
                result.append(text)
            }
            return result
        default: wrongType(node, key, "a list of strings"); return []
        }
    }

    mutating func bool(_ object: DocNode, _ key: String) -> Bool? {
        guard let node = object[key] else { return nil }
        switch node.value {
        case .null: return nil
        case .bool(let value): return value
        default: wrongType(node, key, "true or false"); return nil
        }
    }

    /// A non-negative whole number.
    mutating func count(_ object: DocNode, _ key: String) -> Int64? {
        guard let node = object[key] else { return nil }
        switch node.value {
        case .null: return nil
        case .number(let text):
            guard let value = FlowRecordDecoder.exactInteger(text), value >= 0 else {
                problem(node, key, "`\(key)` must be a non-negative whole number, found \(text)")
                return nil
            }
            return value
        default: wrongType(node, key, "a number"); return nil
        }
    }

    mutating func list(_ object: DocNode, _ key: String) -> [DocNode] {
        guard let node = object[key] else { return [] }
        switch node.value {
        case .null: return []
        case .array(let items): return items
        default: wrongType(node, key, "a list"); return []
        }
    }

    /// A list whose elements must be objects; other elements are problems and left out.
    mutating func objects(_ object: DocNode, _ key: String) -> [DocNode] {
        placedObjects(object, key).map(\.node)
    }

    /// `objects`, each with its place in the list, the refused entries counted.
    mutating func placedObjects(_ object: DocNode, _ key: String) -> [(place: Int, node: DocNode)] {
        list(object, key).enumerated().compactMap { place, item in
            if case .object = item.value { return (place, item) }
            wrongType(item, key, "a list of objects")
            return nil
        }
    }

    mutating func object(_ object: DocNode, _ key: String) -> DocNode? {
        guard let node = object[key] else { return nil }
        switch node.value {
        case .null: return nil
        case .object: return node
        default: wrongType(node, key, "an object"); return nil
        }
    }
}
