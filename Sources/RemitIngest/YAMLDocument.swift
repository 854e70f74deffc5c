import Yams

/// Reads YAML into `DocNode`s through Yams (libyaml), with YAML 1.2 core-schema scalars
/// (`yes`/`on` stay strings) and bounds on alias expansion and nesting.
enum YAMLDocument {
    struct Limits {
        /// Nodes after alias expansion: a "billion laughs" made of anchors stops here.
        var maxNodes = 1_000_000
        var maxDepth = 256
    }

    static let resolver: Resolver = {
        // swiftlint:disable:next force_try
        try! Resolver.basic
            .appending(.null, "^(?:~|null|Null|NULL|)$")
            .appending(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")
            .appending(.int, "^[-+]?[0-9]+$")
            .appending(.float, "^[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
    }()

    struct ParseError: Error {
        var line: Int
        var column: Int
        var reason: String
    }

    static func parse(_ text: String, limits: Limits = Limits()) throws(ParseError) -> DocNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, resolver, .default, .utf8)
        } catch let error as YamlError {
            throw describe(error)
        } catch {
            throw ParseError(line: 0, column: 0, reason: "\(error)")
        }
        guard let root else { return DocNode(.null, line: 1, column: 1) }
        var budget = limits.maxNodes
        return try convert(root, depth: 0, limits: limits, budget: &budget)
    }

    private static func describe(_ error: YamlError) -> ParseError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return ParseError(line: mark.line, column: mark.column, reason: "\(prefix)\(problem)")
        case .reader(let problem, let offset, _, _):
            return ParseError(line: 0, column: 0, reason: "\(problem)\(offset.map { " at byte \($0)" } ?? "")")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ParseError(line: context.mark.line, column: context.mark.column,
                              reason: "duplicate key \(duplicates.joined(separator: ", "))")
        default:
            return ParseError(line: 0, column: 0, reason: "\(error)")
        }
    }

    private static func convert(_ node: Node, depth: Int, limits: Limits, budget: inout Int) throws(ParseError) -> DocNode {
        let line = node.mark?.line ?? 0, column = node.mark?.column ?? 0
        budget -= 1
        guard budget >= 0 else {
            throw ParseError(line: line, column: column, reason: "the document expands to more than \(limits.maxNodes) nodes (alias expansion bomb?)")
        }
        guard depth < limits.maxDepth else {
            throw ParseError(line: line, column: column, reason: "nested deeper than \(limits.maxDepth) levels")
        }
        switch node {
        case .scalar(let scalar):
            let value: DocNode.Value
            if scalar.style != .plain {
                value = .string(scalar.string)
            } else {
                switch resolver.resolveTag(of: node) {
                case .null: value = .null
                case .bool: value = .bool(scalar.string.lowercased() == "true")
                case .int, .float: value = .number(scalar.string)
                default: value = .string(scalar.string)
                }
            }
            return DocNode(value, line: line, column: column)
        case .sequence(let sequence):
            var items: [DocNode] = []
            for item in sequence {
                items.append(try convert(item, depth: depth + 1, limits: limits, budget: &budget))
            }
            return DocNode(.array(items), line: line, column: column)
        case .mapping(let mapping):
            var fields: [(key: String, node: DocNode)] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw ParseError(line: key.mark?.line ?? line, column: key.mark?.column ?? column, reason: "keys must be plain strings")
                }
                if fields.contains(where: { $0.key == keyScalar.string }) {
                    throw ParseError(line: key.mark?.line ?? line, column: key.mark?.column ?? column,
                                     reason: "duplicate key \"\(keyScalar.string)\"")
                }
                fields.append((keyScalar.string, try convert(value, depth: depth + 1, limits: limits, budget: &budget)))
            }
            return DocNode(.object(fields), line: line, column: column)
        case .alias(let alias):
            throw ParseError(line: alias.mark?.line ?? line, column: alias.mark?.column ?? column, reason: "unresolved alias")
        }
    }
}
