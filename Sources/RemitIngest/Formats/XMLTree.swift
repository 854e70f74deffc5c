import RemitCore

/// One element of a streamed XML document, held as a small tree: adapters cut a record-sized
/// part (a CycloneDX `<service>`) out of the stream and read it like a JSON object.
struct XMLNode: Sendable {
    var name: String
    var attributes: [(name: String, value: String)]
    var children: [XMLNode] = []
    var text = ""
    var line: Int

    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    func children(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The element's own text, whitespace trimmed.
    var value: String { text.trimmingCharacters() }

    /// The trimmed text of a child element, nil when absent or empty.
    func childText(_ name: String) -> String? {
        guard let text = child(name)?.value, !text.isEmpty else { return nil }
        return text
    }
}

extension XMLStream {
    /// Reads the rest of an element whose start event was just returned, with everything in
    /// it. `budget` bounds the elements held (a hostile file cannot make the tree huge). In a
    /// document with a namespace (`home`), an element in none is not the document's own: it is
    /// named `{}local`, as elements of other namespaces are `{uri}local`.
    func readElement(name: String, attributes: [(name: String, value: String)], home: String, budget: inout Int) throws(InputError) -> XMLNode {
        var node = XMLNode(name: name, attributes: attributes, line: line)
        budget -= 1
        guard budget >= 0 else { throw InputError(.unreadable, location, "an XML element holds too many elements to read") }
        while true {
            switch try next() {
            case .start(let childName, let childNamespace, let childAttributes):
                let name = childNamespace.isEmpty && !home.isEmpty ? "{}" + childName : childName
                node.children.append(try readElement(name: name, attributes: childAttributes, home: home, budget: &budget))
            case .text(let text):
                if node.text.utf8.count < 1 << 20 { node.text += text }
            case .end:
                return node
            case .end_of_document:
                throw InputError(.unreadable, location, "invalid XML: the document ends inside <\(name)>")
            }
        }
    }

    /// Skips the rest of an element whose start event was just returned.
    func skipElement() throws(InputError) {
        var depth = 1
        while depth > 0 {
            switch try next() {
            case .start: depth += 1
            case .end: depth -= 1
            case .text: continue
            case .end_of_document: throw InputError(.unreadable, location, "invalid XML: the document ends inside an element")
            }
        }
    }

    /// The root element's start event, after any leading text.
    func root() throws(InputError) -> (name: String, namespace: String, attributes: [(name: String, value: String)]) {
        var event = try next()
        while case .text = event { event = try next() }
        guard case .start(let name, let namespace, let attributes) = event else {
            throw InputError(.unreadable, location, "empty XML document")
        }
        return (name, namespace, attributes)
    }
}
