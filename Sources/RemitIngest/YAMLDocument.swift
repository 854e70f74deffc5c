import Yams

/// Reads YAML into `DocNode`s through Yams (libyaml), with YAML 1.2 core-schema scalars
/// (`yes`/`on` stay strings) and bounds on alias expansion and nesting.
enum YAMLDocument {
    struct Limits {
        /// Nodes after alias expansion: a "billion laughs" made of anchors stops here.
        var maxNodes = 1_000_000
        var maxDepth = 256
    }

    /// Plain scalars are typed by `coreScalar` after composing, so Yams resolves no tag
    /// (its regular expressions cost more than the parse on a large register).
    static let resolver = Resolver.basic

    /// The YAML 1.2 core schema for a plain scalar: `~`, `null`, `Null`, `NULL` or empty is
    /// null; `true`/`True`/`TRUE`/`false`/`False`/`FALSE` a boolean; `[-+]?[0-9]+` and
    /// `[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?` numbers; anything else a string.
    static func coreScalar(_ text: String) -> DocNode.Value {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: return isNumber(Array(text.utf8)) ? .number(text) : .string(text)
        }
    }

    private static func isNumber(_ b: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        let whole = digits()
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let fraction = digits()
            guard whole > 0 || fraction > 0 else { return false }
        } else if whole == 0 {
            return false
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == b.count
    }

    struct ParseError: Error {
        var line: Int
        var column: Int
        var reason: String
    }

    static func parse(_ text: String, limits: Limits = Limits()) throws(ParseError) -> DocNode {
        try checkNesting(text, limits: limits)
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

    /// Refuses absurd nesting and non-scalar keys before Yams sees them. Its composer recurses
    /// once per level, so 100,000 nested `[` would overflow the stack instead of failing
    /// cleanly; and it hashes every key to find repeats, so an alias to a billion-laughs
    /// structure used as a key (`*bomb : x`, `? *bomb`, `[*bomb]: x`) would hash for hours.
    /// remit's keys are plain strings, so explicit `?` keys, aliases as keys and lists or
    /// mappings as keys are refused. Flow brackets are counted outside quoted scalars and
    /// comments (a quote counts only where a scalar can start, so `O'Brien` is no quote);
    /// block nesting is bounded by indentation.
    static func checkNesting(_ text: String, limits: Limits) throws(ParseError) {
        enum State { case plain, double, single, comment }
        let bytes = Array(text.utf8)
        var state = State.plain
        var depth = 0, line = 1, column = 0, indent = 0
        var atLineStart = true, escaped = false
        var previous: UInt8 = 0x0A
        /// The next byte after spaces and tabs from `index` on the same line (0x0A at the end).
        func nextSignificant(from index: Int) -> (byte: UInt8, index: Int) {
            var k = index
            while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
            return (k < bytes.count ? bytes[k] : 0x0A, k)
        }
        /// A `:` that makes what stands before it a key: followed by a blank, a line end or a flow indicator.
        func isKeyColon(at index: Int) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
            let after = index + 1 < bytes.count ? bytes[index + 1] : 0x0A
            return [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(after)
        }
        func keyError(_ what: String) -> ParseError {
            ParseError(line: line, column: column, reason: "\(what) (remit's keys are plain strings)")
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            column += 1
            defer { previous = byte }
            if byte == 0x0A {
                line += 1; column = 0; indent = 0; atLineStart = true
                if state == .comment { state = .plain }
                continue
            }
            if atLineStart {
                if byte == 0x20 {
                    indent += 1
                    guard indent <= limits.maxDepth * 8 else {
                        throw ParseError(line: line, column: column, reason: "indented deeper than \(limits.maxDepth * 8) columns")
                    }
                    continue
                }
                atLineStart = false
            }
            switch state {
            case .comment:
                continue
            case .double:
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { state = .plain }
                continue
            case .single:
                if byte == UInt8(ascii: "'") { state = .plain }
                continue
            case .plain:
                break
            }
            let scalarCanStart = [0x20, 0x09, 0x0A, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "-")].contains(previous)
            switch byte {
            case UInt8(ascii: "\"") where scalarCanStart: state = .double
            case UInt8(ascii: "'") where scalarCanStart: state = .single
            case UInt8(ascii: "#") where previous == 0x20 || previous == 0x09 || previous == 0x0A: state = .comment
            case UInt8(ascii: "?") where scalarCanStart:
                let after = index < bytes.count ? bytes[index] : 0x0A
                if after == 0x20 || after == 0x09 || after == 0x0A || after == 0x0D { throw keyError("explicit `?` keys are not allowed") }
            case UInt8(ascii: "*") where scalarCanStart:
                // An alias name as libyaml scans it: letters, digits, `-` and `_`.
                var end = index
                while end < bytes.count, isAnchorByte(bytes[end]) { end += 1 }
                if isKeyColon(at: nextSignificant(from: end).index) { throw keyError("an alias cannot be a key") }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                guard depth <= limits.maxDepth else {
                    throw ParseError(line: line, column: column, reason: "nested deeper than \(limits.maxDepth) levels")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
                if isKeyColon(at: nextSignificant(from: index).index) { throw keyError("a list or mapping cannot be a key") }
            default:
                break
            }
        }
    }

    private static func isAnchorByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// Where block-style `key` comes again in the mapping whose key at `first` it repeats:
    /// the next line indented as far that holds the key (plain or quoted) and a colon,
    /// before a line indented less ends the mapping. Nil when not found that way (a flow
    /// mapping, a key spelt with escapes): the first occurrence is named then.
    static func repeatedKey(_ key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let indent = first.column - 1
        let spellings = [key, "\"\(key)\"", "'\(key)'"]
        var number = 0
        // LF, CR LF or CR ends a line (`\r\n` is one Character, which a split at "\n" misses).
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            number += 1
            guard number > first.line else { continue }
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let column = line.count - content.count
            if column < indent { return nil }
            guard column == indent else { continue }
            for spelling in spellings where content.hasPrefix(spelling) {
                if content.dropFirst(spelling.count).drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":") {
                    return (number, column + 1)
                }
            }
        }
        return nil
    }

    private static func describe(_ error: YamlError) -> ParseError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if problem.contains("Maximum nesting level") {
                return ParseError(line: mark.line, column: mark.column, reason: "nested too deeply (more than libyaml's limit of levels)")
            }
            let prefix = context.map { "\($0.text) " } ?? ""
            return ParseError(line: mark.line, column: mark.column, reason: "\(prefix)\(problem)")
        case .reader(let problem, let offset, _, _):
            return ParseError(line: 0, column: 0, reason: "\(problem)\(offset.map { " at byte \($0)" } ?? "")")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the key's first occurrence; the error belongs where it is repeated.
            let first = context.mark
            if duplicates.count == 1, let repeat_ = repeatedKey(duplicates[0], after: first, in: context.text) {
                return ParseError(line: repeat_.line, column: repeat_.column,
                                  reason: "duplicate key \(duplicates[0]) (first at line \(first.line))")
            }
            return ParseError(line: first.line, column: first.column,
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
            } else if scalar.tag.rawValue == Tag.Name.implicit.rawValue {
                value = coreScalar(scalar.string)
            } else {
                switch Tag.Name(rawValue: scalar.tag.rawValue) {
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
            var keys: Set<String> = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw ParseError(line: key.mark?.line ?? line, column: key.mark?.column ?? column, reason: "keys must be plain strings")
                }
                // Repeats through a set: a mapping with 100,000 keys stays linear.
                if !keys.insert(keyScalar.string).inserted {
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
