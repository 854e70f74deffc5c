import CXMLReader
import RemitCore

/// Turns the record elements of a remit XML document into `DocNode` objects, so XML and JSON
/// records go through one decoder: attributes become string fields, repeated child elements
/// become lists, single child elements become strings (or, when they hold elements, objects,
/// which a field that takes text refuses).
enum XMLRecords {
    /// Reads `<root><record …>…</record>…</root>`, calling `body` once per record, streaming,
    /// and `stray` once for anything else where records or their fields stand (see `XMLStray`),
    /// with its position: nothing in the document goes unseen.
    /// Fields (attributes or child elements) named in `numericFields` are numbers when their
    /// text is one (`numberOrString`), so they decode like JSON numbers.
    /// Returns the root's attributes in no namespace other than `rootAttributes`, where the
    /// root stands, as the unknown keys of the document's top level (one of another
    /// vocabulary, such as `xsi:schemaLocation` or `xml:lang`, is someone else's).
    static func read(
        _ stream: XMLStream, root: String, namespace: String, record: String, rootAttributes: Set<String>,
        lists: [String: String], scalars: [String: String], numericFields: Set<String>,
        body: (DocNode) throws(InputError) -> Void,
        stray: (_ stray: XMLStray, _ line: Int, _ column: Int) throws(InputError) -> Void
    ) throws(InputError) -> [(name: String, location: SourceLocation)] {
        // The root element.
        var event = try stream.next()
        while case .text = event { event = try stream.next() }
        guard case .start(let rootName, let rootNamespace, let attributes) = event else {
            throw InputError(.unreadable, stream.location, "empty XML document")
        }
        guard rootName == root, rootNamespace.isEmpty || rootNamespace == namespace else {
            throw InputError(.unreadable, stream.location,
                             "expected root element <\(root)>\(rootNamespace.isEmpty ? "" : " in namespace \(namespace)"), found <\(rootName)>\(rootNamespace.isEmpty ? "" : " in namespace \(rootNamespace)")")
        }
        let unknown = attributes.filter { !$0.name.hasPrefix("{") && !rootAttributes.contains($0.name) }
            .map { (name: $0.name, location: stream.location) }
        var current: [(key: String, node: DocNode)]?
        var recordLine = 0, recordColumn = 0
        var child: String?
        var childText = ""
        var childHoldsElements = false
        var childLine = 0, childColumn = 0
        var recordText: String?
        var depth = 1
        while true {
            let event = try stream.next()
            switch event {
            case .start(let name, _, let attributes):
                depth += 1
                if depth == 2 {
                    guard name == record else {
                        current = nil
                        try stray(.element(name), stream.line, stream.column)
                        continue
                    }
                    recordLine = stream.line
                    recordColumn = stream.column
                    recordText = nil
                    current = attributes.map { attribute in
                        let value = numericFields.contains(attribute.name) ? numberOrString(attribute.value) : .string(attribute.value)
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
                if depth == 3, child != nil {
                    childText += text
                } else if depth <= 2, !text.utf8.allSatisfy(XMLStray.isBlank) {
                    if depth == 1 {
                        try stray(.text(XMLStray.excerpt(of: text)), stream.line, stream.column)
                    } else if current != nil, recordText == nil {
                        recordText = XMLStray.excerpt(of: text)
                    }
                }
            case .end(let name):
                if depth == 3, let childName = child, current != nil {
                    let text = childText.trimmingCharacters()
                    let value: DocNode.Value = childHoldsElements ? .object([]) : numericFields.contains(childName) ? numberOrString(text) : .string(text)
                    let node = DocNode(value, line: childLine, column: childColumn)
                    if let key = lists[childName] {
                        append(node, toList: key, in: &current!, line: childLine, column: childColumn)
                    } else {
                        current!.append((scalars[childName] ?? childName, node))
                    }
                    child = nil
                } else if depth == 2, name == record, let fields = current {
                    if let recordText {
                        try stray(.textInRecord(recordText), recordLine, recordColumn)
                    } else {
                        try body(DocNode(.object(fields), line: recordLine, column: recordColumn))
                    }
                    current = nil
                }
                depth -= 1
            case .end_of_document:
                return unknown
            }
        }
    }

    /// A numeric field's text: digits (`007` too), or JSON's number grammar (`12.0`, `1.2e1`,
    /// `-1`), is the number it writes, judged as in JSON; other text is a string (rejected,
    /// quoted).
    static func numberOrString(_ text: String) -> DocNode.Value {
        var text = text
        let isNumber = !text.isEmpty && text.withUTF8 { bytes in
            bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } || JSONBytes.scanNumber(UnsafeRawBufferPointer(bytes), 0)?.end == bytes.count
        }
        return isNumber ? .number(text) : .string(text)
    }

    private static func append(_ node: DocNode, toList key: String, in fields: inout [(key: String, node: DocNode)], line: Int, column: Int) {
        if let index = fields.firstIndex(where: { $0.key == key }), case .array(var items) = fields[index].node.value {
            fields[index].node.value = .null   // the list's only owner now: appended in place, not copied each time
            items.append(node)
            fields[index].node.value = .array(items)
        } else {
            fields.append((key, DocNode(.array([node]), line: line, column: column)))
        }
    }
}

/// What stands where records, or a record's fields, stand in a remit XML document, and is
/// neither: a flow file counts or refuses it, a catalog lists it or fails on it.
enum XMLStray: Equatable {
    /// An element directly under the root that is not a record, by name (`{uri}local` in
    /// another namespace).
    case element(String)
    /// Text directly under the root, between records (what `excerpt` shows of it).
    case text(String)
    /// Text directly inside a record, outside its fields (which are attributes and child
    /// elements): the record is refused whole, since which value it meant is unknown.
    case textInRecord(String)

    /// XML's white space: text of nothing else between elements is layout.
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// What a reason shows of stray text: from its first byte that is not white space, the
    /// first `REMIT_XML_TEXT_EXCERPT_BYTES` bytes (what the SAX reader keeps), with each run
    /// of white space as one space, at most 40 Unicode scalars, and "…" when more follows.
    static func excerpt(of text: String) -> String {
        let bytes = Array(text.utf8)
        guard let start = bytes.firstIndex(where: { !isBlank($0) }) else { return "" }
        let end = min(start + Int(REMIT_XML_TEXT_EXCERPT_BYTES), bytes.count)
        return excerpt(bytes[start..<end], more: bytes[end...].contains { !isBlank($0) })
    }

    /// `excerpt(of:)` from the kept bytes, whose end may cut a character.
    static func excerpt(_ kept: ArraySlice<UInt8>, more: Bool) -> String {
        var kept = kept
        // A character cut at the end: its lead byte and what of it was kept go.
        if let lead = kept.lastIndex(where: { $0 & 0xC0 != 0x80 }), kept[lead] >= 0xC0 {
            let length = kept[lead] >= 0xF0 ? 4 : kept[lead] >= 0xE0 ? 3 : 2
            if kept.endIndex - lead < length { kept = kept[..<lead] }
        }
        var collapsed: [UInt8] = []
        collapsed.reserveCapacity(kept.count)
        for byte in kept {
            if isBlank(byte) {
                if collapsed.last != 0x20 { collapsed.append(0x20) }
            } else {
                collapsed.append(byte)
            }
        }
        while collapsed.last == 0x20 { collapsed.removeLast() }
        let scalars = String(decoding: collapsed, as: UTF8.self).unicodeScalars
        let shown = String(String.UnicodeScalarView(scalars.prefix(40)))
        return scalars.count > 40 || more ? shown + "…" : shown
    }

    /// An element of another vocabulary (`{uri}local`) where records stand is someone
    /// else's (`<ds:Signature>`), counted or listed and otherwise left alone, as an unknown
    /// key is; anything else here that is not a record is a mistake.
    var isForeign: Bool {
        if case .element(let name) = self { return name.hasPrefix("{") }
        return false
    }

    /// Why it is refused; a long name shows its first 64 Unicode scalars (the SAX reader hands
    /// over the first 1024 bytes only).
    func reason(record: String, root: String) -> String {
        switch self {
        case .element(let name):
            let shown = name.unicodeScalars.count > 64 ? String(String.UnicodeScalarView(name.unicodeScalars.prefix(64))) + "…" : name
            return "<\(shown)> is not a <\(record)>: only <\(record)> elements may stand directly under <\(root)>"
        case .text(let excerpt):
            return "text \"\(excerpt)\" directly under <\(root)>, outside any <\(record)>: only <\(record)> elements may stand there"
        case .textInRecord(let excerpt):
            return "text \"\(excerpt)\" directly inside <\(record)>, outside its fields: each field is an attribute or a child element"
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
