public import RemitCore

/// Typed, located access to the fields of one object in a config-type input. Every error
/// names the file, line, column and field (SPEC: "an error naming the file, line and field").
public struct Fields {
    public let node: DocNode
    public let source: String
    let entries: [(key: String, node: DocNode)]
    /// Key → position, for objects large enough that scanning `entries` per lookup would make
    /// a loop over every key quadratic (a hostile `headers:` with 100,000 names).
    private let index: [String: Int]?

    public init(_ node: DocNode, source: String, what: String) throws(InputError) {
        guard case .object(let entries) = node.value else {
            throw InputError(.configuration, SourceLocation(source: source, line: node.line, column: node.column),
                             "\(what) must be an object, found \(node.typeName)")
        }
        self.node = node
        self.source = source
        self.entries = entries
        if entries.count > 16 {
            index = Dictionary(entries.enumerated().map { ($0.element.key, $0.offset) }) { first, _ in first }
        } else {
            index = nil
        }
    }

    public var location: SourceLocation { locate(node) }

    func locate(_ node: DocNode) -> SourceLocation {
        SourceLocation(source: source, line: node.line, column: node.column)
    }

    public subscript(key: String) -> DocNode? {
        if let index { return index[key].map { entries[$0].node } }
        return entries.first { $0.key == key }?.node
    }

    public var keys: [String] { entries.map(\.key) }

    private func typeError(_ key: String, _ node: DocNode, _ expected: String) -> InputError {
        InputError(.configuration, locate(node), field: key, "expected \(expected), found \(node.typeName)")
    }

    /// A string; null counts as absent.
    public func string(_ key: String) throws(InputError) -> String? {
        guard let node = self[key] else { return nil }
        switch node.value {
        case .string(let s): return s
        case .null: return nil
        default: throw typeError(key, node, "a string")
        }
    }

    public func requiredString(_ key: String) throws(InputError) -> String {
        guard let value = try nonEmptyString(key) else {
            throw InputError(.configuration, location, field: key, "required field is missing")
        }
        return value
    }

    /// A string that, when given, says something: "" is an error (an empty id, or an empty
    /// `state` path, which named the job's own folder).
    public func nonEmptyString(_ key: String) throws(InputError) -> String? {
        guard let value = try string(key) else { return nil }
        guard !value.isEmpty else {
            throw InputError(.configuration, locate(self[key]!), field: key, "must not be empty")
        }
        return value
    }

    /// A list of strings; null counts as absent.
    public func strings(_ key: String) throws(InputError) -> [String]? {
        guard let node = self[key] else { return nil }
        switch node.value {
        case .null: return nil
        case .array(let items):
            var result: [String] = []
            for item in items {
                guard case .string(let s) = item.value else { throw typeError(key, item, "a list of strings") }
                result.append(s)
            }
            return result
        default: throw typeError(key, node, "a list of strings")
        }
    }

    public func int(_ key: String, range: ClosedRange<Int> = 0...Int.max) throws(InputError) -> Int? {
        guard let node = self[key] else { return nil }
        switch node.value {
        case .null: return nil
        case .number(let text):
            guard let value = Int(text), range.contains(value) else {
                throw InputError(.configuration, locate(node), field: key, "expected a whole number in \(range.lowerBound)...\(range.upperBound), found \(text)")
            }
            return value
        default: throw typeError(key, node, "a whole number")
        }
    }

    public func bool(_ key: String) throws(InputError) -> Bool? {
        guard let node = self[key] else { return nil }
        switch node.value {
        case .null: return nil
        case .bool(let b): return b
        default: throw typeError(key, node, "true or false")
        }
    }

    /// A date (`2026-12-31`) or RFC 3339 timestamp.
    public func time(_ key: String) throws(InputError) -> TimeBound? {
        guard let text = try string(key) else { return nil }
        guard let bound = TimeBound.parse(text) else {
            throw InputError(.configuration, locate(self[key]!), field: key, "expected a date (YYYY-MM-DD) or an RFC 3339 timestamp, found \"\(text)\"")
        }
        return bound
    }

    public func object(_ key: String) throws(InputError) -> Fields? {
        guard let node = self[key] else { return nil }
        if case .null = node.value { return nil }
        return try Fields(node, source: source, what: "`\(key)`")
    }

    /// A list of objects; null counts as absent.
    public func objects(_ key: String) throws(InputError) -> [Fields]? {
        guard let node = self[key] else { return nil }
        switch node.value {
        case .null: return nil
        case .array(let items):
            var result: [Fields] = []
            for item in items { result.append(try Fields(item, source: source, what: "each entry of `\(key)`")) }
            return result
        default: throw typeError(key, node, "a list")
        }
    }

    /// Keys a standard format does not define, each where its value stands.
    func unknown(known: Set<String>, in what: String) -> [UnknownKey] {
        entries.filter { !known.contains($0.key) }.map { UnknownKey(key: $0.key, what: what, location: locate($0.node)) }
    }

    /// Keys this version does not know: `remit check` reports them, `remit run` ignores them.
    public func unknownKeys(known: Set<String>, in what: String) -> [Diagnostic] {
        entries.filter { !known.contains($0.key) }.map {
            Diagnostic(.warning, locate($0.node), "unknown key `\($0.key)` in \(what) (ignored)")
        }
    }
}

extension [Fields] {
    /// Refuses repeated ids within one list (SPEC: "a repeat is an error").
    func checkUniqueIDs(_ ids: [String], what: String, field: String = "id") throws(InputError) {
        var seen: [String: Int] = [:]
        for (index, id) in ids.enumerated() {
            if let first = seen[id] {
                let line = self[first].location.line
                throw InputError(.configuration, self[index].location, field: field, "\(what) \(field) \"\(id)\" is repeated (first at line \(line))")
            }
            seen[id] = index
        }
    }
}
