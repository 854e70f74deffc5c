import RemitCore

/// Turns the record elements of a remit XML document into `DocNode` objects, so XML and JSON
/// records go through one decoder: attributes become string fields, repeated child elements
/// become lists, single child elements become strings (or, when they hold elements, objects,
/// which a field that takes text refuses).
enum XMLRecords {
    /// Reads `<root><record …>…</record>…</root>`, calling `body` once per record, streaming,
    /// and `stray` once for any other element directly under the root (by name, `{uri}local`
    /// in another namespace, and its position): nothing in the document goes unseen.
    /// Attributes named in `numericAttributes` become numbers when they are plain digits, so
    /// they decode like JSON numbers.
    static func read(
        _ stream: XMLStream, root: String, namespace: String, record: String,
        lists: [String: String], scalars: [String: String], numericAttributes: Set<String>,
        body: (DocNode) throws(InputError) -> Void,
        stray: (_ name: String, _ line: Int, _ column: Int) throws(InputError) -> Void
    ) throws(InputError) {
        // The root element.
        var event = try stream.next()
        while case .text = event { event = try stream.next() }
        guard case .start(let rootName, let rootNamespace, _) = event else {
            throw InputError(.unreadable, stream.location, "empty XML document")
        }
        guard rootName == root, rootNamespace.isEmpty || rootNamespace == namespace else {
            throw InputError(.unreadable, stream.location,
                             "expected root element <\(root)>\(rootNamespace.isEmpty ? "" : " in namespace \(namespace)"), found <\(rootName)>\(rootNamespace.isEmpty ? "" : " in namespace \(rootNamespace)")")
        }
        var current: [(key: String, node: DocNode)]?
        var recordLine = 0, recordColumn = 0
        var child: String?
        var childText = ""
        var childHoldsElements = false
        var childLine = 0, childColumn = 0
        var depth = 1
        while true {
            let event = try stream.next()
            switch event {
            case .start(let name, _, let attributes):
                depth += 1
                if depth == 2 {
                    guard name == record else {
                        current = nil
                        try stray(name, stream.line, stream.column)
                        continue
                    }
                    recordLine = stream.line
                    recordColumn = stream.column
                    current = attributes.map { attribute in
                        let isNumber = numericAttributes.contains(attribute.name) && !attribute.value.isEmpty
                            && attribute.value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                        let value: DocNode.Value = isNumber ? .number(attribute.value) : .string(attribute.value)
                        return (attribute.name, DocNode(value, line: recordLine, column: recordColumn))
                    }
                } else if depth == 3, current != nil {
                    child = name
                    childText = ""
                    childHoldsElements = false
                    childLine = stream.line
                    childColumn = stream.column
                } else if depth == 4, child != nil, current != nil {
                    childHoldsElements = true
                }
            case .text(let text):
                if depth == 3, child != nil { childText += text }
            case .end(let name):
                if depth == 3, let childName = child, current != nil {
                    let value: DocNode.Value = childHoldsElements ? .object([]) : .string(childText.trimmingCharacters())
                    let node = DocNode(value, line: childLine, column: childColumn)
                    if let key = lists[childName] {
                        append(node, toList: key, in: &current!, line: childLine, column: childColumn)
                    } else {
                        current!.append((scalars[childName] ?? childName, node))
                    }
                    child = nil
                } else if depth == 2, name == record, let fields = current {
                    try body(DocNode(.object(fields), line: recordLine, column: recordColumn))
                    current = nil
                }
                depth -= 1
            case .end_of_document:
                return
            }
        }
    }

    /// Whether an element's name is of another vocabulary (`{uri}local`): such an element where
    /// records stand is someone else's (`<ds:Signature>`), counted or listed and otherwise left
    /// alone, as an unknown key is; one of the document's own that is not a record is a mistake.
    static func isForeign(_ name: String) -> Bool { name.hasPrefix("{") }

    /// Why an element that is not a record is refused where records stand; a long name shows
    /// its first 64 Unicode scalars (the SAX reader hands over the first 1024 bytes only).
    static func strayReason(_ name: String, record: String, root: String) -> String {
        let shown = name.unicodeScalars.count > 64 ? String(String.UnicodeScalarView(name.unicodeScalars.prefix(64))) + "…" : name
        return "<\(shown)> is not a <\(record)>: only <\(record)> elements may stand directly under <\(root)>"
    }

    private static func append(_ node: DocNode, toList key: String, in fields: inout [(key: String, node: DocNode)], line: Int, column: Int) {
        if let index = fields.firstIndex(where: { $0.key == key }), case .array(var items) = fields[index].node.value {
            items.append(node)
            fields[index].node.value = .array(items)
        } else {
            fields.append((key, DocNode(.array([node]), line: line, column: column)))
        }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
