/// Cheap looks at the first bytes of a file, for format detection (SPEC "Inputs": detect by
/// root element, namespace and top-level keys). Every function tolerates a head cut anywhere.
enum ContentSniffer {
    /// The top-level keys of a JSON object (or of the first element of a JSON list), with the
    /// values that are strings.
    struct JSONKeys {
        var keys: [String] = []
        var strings: [String: String] = [:]
        /// Keys whose value is a list (and of those, lists that start with an object), and
        /// keys whose value is an object.
        var lists: Set<String> = []
        var listsOfObjects: Set<String> = []
        var objects: Set<String> = []
        var isList = false
        /// The head ended inside the top-level value: keys past it are not seen.
        var cut = false

        func has(_ key: String) -> Bool { keys.contains(key) }
    }

    static func jsonKeys(_ head: ArraySlice<UInt8>) -> JSONKeys {
        var result = JSONKeys()
        var stack: [UInt8] = []
        var target = 1
        var expectKey = false
        var pendingKey: String?
        var i = head.startIndex
        while i < head.endIndex {
            let byte = head[i]
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ":"):
                i += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if stack.isEmpty, byte == UInt8(ascii: "[") { result.isList = true; target = 2 }
                if stack.count == target, let key = pendingKey {
                    if byte == UInt8(ascii: "[") {
                        result.lists.insert(key)
                        let next = head[(i + 1)...].first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
                        if next == UInt8(ascii: "{") { result.listsOfObjects.insert(key) }
                    } else {
                        result.objects.insert(key)
                    }
                    pendingKey = nil
                }
                stack.append(byte)
                expectKey = byte == UInt8(ascii: "{")
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if stack.isEmpty { return result }
                stack.removeLast()
                i += 1
                if stack.count < target { return result }
            case UInt8(ascii: ","):
                expectKey = stack.last == UInt8(ascii: "{")
                i += 1
            case UInt8(ascii: "\""):
                let (text, next) = string(head, from: i)
                i = next
                guard stack.count == target, stack.last == UInt8(ascii: "{") else { continue }
                if expectKey {
                    result.keys.append(text)
                    pendingKey = text
                    expectKey = false
                } else if let key = pendingKey {
                    result.strings[key] = text
                    pendingKey = nil
                }
            default:
                if stack.count == target { pendingKey = nil }
                if stack.isEmpty { return result }
                i += 1
            }
        }
        result.cut = !stack.isEmpty
        return result
    }

    /// The top-level keys of a JSON object that the head cut (`cut`), read through the whole
    /// file: JSON gives its members no order, so a vendor list's `vendorListVersion` or a BOM's
    /// `bomFormat` may come after megabytes of `vendors` or `components`. Values are skipped,
    /// but strings, and whether a list starts with an object. Where the file stops being
    /// JSON, the keys before it count (or the head's, if more).
    static func streamedJSONKeys(path: String, head: JSONKeys) -> JSONKeys {
        var result = JSONKeys()
        do {
            let reader = try JSONTopLevel(path: path, source: path)
            try reader.members { key throws(InputError) in
                result.keys.append(key)
                switch try reader.peek() {
                case UInt8(ascii: "\"")?:
                    if case .string(let text) = try reader.value().value { result.strings[key] = text }
                case UInt8(ascii: "{")?:
                    result.objects.insert(key)
                    try reader.skipValue()
                case UInt8(ascii: "[")?:
                    result.lists.insert(key)
                    if try reader.skipList() == UInt8(ascii: "{") { result.listsOfObjects.insert(key) }
                default:
                    try reader.skipValue()
                }
            }
        } catch {
            return result.keys.count >= head.keys.count ? result : head
        }
        return result
    }

    /// A JSON string's raw content (escapes kept as written) and the index after it.
    private static func string(_ bytes: ArraySlice<UInt8>, from start: Int) -> (String, Int) {
        var i = start + 1
        var escaped = false
        while i < bytes.endIndex {
            let byte = bytes[i]
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") {
                return (String(decoding: bytes[(start + 1)..<i], as: UTF8.self), i + 1)
            }
            i += 1
        }
        return (String(decoding: bytes[(start + 1)..<bytes.endIndex], as: UTF8.self), bytes.endIndex)
    }

    /// The root element of an XML document: local name and namespace URI ("" when none).
    static func xmlRoot(_ head: ArraySlice<UInt8>) -> (name: String, namespace: String)? {
        var text = Substring(String(decoding: head, as: UTF8.self))
        while true {
            text = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
            if text.hasPrefix("<?") || text.hasPrefix("<!") {
                let close: String = text.hasPrefix("<!--") ? "-->" : ">"
                guard let end = text.firstRange(of: close) else { return nil }
                text = text[end.upperBound...]
                continue
            }
            break
        }
        guard text.hasPrefix("<"), let end = text.firstIndex(of: ">") else { return nil }
        let tag = text[text.index(after: text.startIndex)..<end]
        let qualified = tag.prefix { !$0.isWhitespace && $0 != "/" }
        let prefix = qualified.contains(":") ? String(qualified.prefix { $0 != ":" }) : ""
        let local = qualified.contains(":") ? String(qualified.drop { $0 != ":" }.dropFirst()) : String(qualified)
        let wanted = prefix.isEmpty ? "xmlns" : "xmlns:\(prefix)"
        return (local, attribute(wanted, in: tag) ?? "")
    }

    private static func attribute(_ name: String, in tag: Substring) -> String? {
        var rest = tag
        while let range = rest.firstRange(of: name) {
            let before = range.lowerBound == rest.startIndex ? " " : rest[rest.index(before: range.lowerBound)]
            var after = rest[range.upperBound...].drop { $0.isWhitespace }
            rest = rest[range.upperBound...]
            guard before.isWhitespace, after.first == "=" else { continue }
            after = after.dropFirst().drop { $0.isWhitespace }
            guard let quote = after.first, quote == "\"" || quote == "'" else { continue }
            let value = after.dropFirst().prefix { $0 != quote }
            return String(value)
        }
        return nil
    }

    /// The top-level keys of a YAML mapping, from lines that start in the first column.
    static func yamlKeys(_ head: ArraySlice<UInt8>) -> [String] {
        var keys: [String] = []
        for line in String(decoding: head, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
            guard let first = line.first, !first.isWhitespace, !"#-%.[{".contains(first) else { continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            var key = line[..<colon].trimmingWhitespace()
            if key.count >= 2, let q = key.first, q == "\"" || q == "'", key.last == q { key = key.dropFirst().dropLast() }
            if !key.isEmpty { keys.append(String(key)) }
        }
        return keys
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return s
    }
}
