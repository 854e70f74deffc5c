/// A parsed JSON or YAML value with the line and column where it starts: the common
/// form every config-type input is read through, so errors can point into the file.
public struct DocNode: Sendable {
    public enum Value: Sendable {
        case null
        case bool(Bool)
        /// The number as written (validated JSON/YAML number syntax).
        case number(String)
        case string(String)
        case array([DocNode])
        /// Keys in document order; duplicate keys are refused by the parsers.
        case object([(key: String, node: DocNode)])
    }

    public var value: Value
    public var line: Int
    public var column: Int

    public init(_ value: Value, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }

    public var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }

    public var isNull: Bool {
        if case .null = value { true } else { false }
    }

    public subscript(key: String) -> DocNode? {
        guard case .object(let fields) = value else { return nil }
        return fields.first { $0.key == key }?.node
    }

    /// The first entry whose key, one of `keys`, repeats an earlier entry's. JSON and YAML
    /// parsers refuse a repeated key; an object built from XML can give a field twice (an
    /// attribute and a child element, or two child elements). It runs for every flow record of
    /// the reference path: a small object is searched without allocating, a large one (a
    /// hostile record may have 100,000 keys) through a set.
    func repeatedEntry(among keys: Set<String>) -> (key: String, node: DocNode)? {
        guard case .object(let entries) = value else { return nil }
        if entries.count <= 16 {
            for i in entries.indices.dropFirst() where entries[..<i].contains(where: { $0.key == entries[i].key }) {
                if keys.contains(entries[i].key) { return entries[i] }
            }
            return nil
        }
        var given: Set<String> = []
        return entries.first { keys.contains($0.key) && !given.insert($0.key).inserted }
    }

    public var stringValue: String? {
        if case .string(let s) = value { return s }
        return nil
    }
}
