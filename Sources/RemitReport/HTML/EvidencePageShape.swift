/// The shape of a whole evidence packet page, for rendering packets by shape
/// (`PageRenderer.rendersPacketPagesByShape`): ten thousand packets were a sixth of a large
/// run's time in swift-mustache, tag by tag, and share far fewer shapes.
///
/// Only for the built-in `evidence.mustache` and the partials it includes, with the rows and
/// cards rendered apart and joined, and the inputs table rendered once: the page then prints
/// the joined rows, the cards and the inputs table through `{{{name}}}` (raw leaves, HTML remit
/// rendered), tells only whether the scopes, observations, findings and inputs are empty, and
/// prints every other text through an escaped `{{name}}`. `PartialsApartTests` compares
/// pages rendered so with pages rendered by swift-mustache, byte for byte.
enum EvidencePageShape {
    /// Printed as they are: HTML remit rendered before the page.
    static let raw: Set<String> = ["inputsTable", "scopeRows", "observedRows", "findingCards"]
    /// Lists the page only tests for emptiness; their items are in the raw leaves.
    static let onlyWhetherEmpty: Set<String> = ["scopes", "observations", "findings", "inputs"]

    /// The page's shape, or nil when a field cannot be rendered by shape.
    static func shape(of page: EvidencePage) -> PartialShape? {
        var shape = PartialShape()
        shape.key.append(5)
        for name in EvidencePage.fieldNames {
            let child = page.child(named: name)
            if raw.contains(name) {
                guard let html = child as? String else { return nil }
                shape.key.append(7)
                shape.raw.append(html)
            } else if onlyWhetherEmpty.contains(name) {
                guard let list = child as? any Collection else { return nil }
                shape.key.append(list.isEmpty ? 8 : 9)
            } else {
                guard let shaped = child as? any Shaped, shaped.visit(&shape) else { return nil }
            }
        }
        return shape
    }

    /// The page with each text replaced by `text`, its number and "z", each raw leaf by `raw`,
    /// its number and "z", and each list it only tests by an empty list or a list of one
    /// empty item, in `shape(of:)`'s order.
    static func marked(_ page: EvidencePage, text: String, raw rawMarker: String) -> Any {
        var children: [String: Any] = [:]
        var number = 0, rawNumber = 0
        for name in EvidencePage.fieldNames {
            let child = page.child(named: name)
            if raw.contains(name) {
                children[name] = rawMarker + String(rawNumber) + "z"
                rawNumber += 1
            } else if onlyWhetherEmpty.contains(name) {
                children[name] = (child as? any Collection)?.isEmpty ?? true ? [MarkedFields]() : [MarkedFields(children: [:])]
            } else if let shaped = child as? any Shaped {
                children[name] = shaped.marked(text, &number)
            }
        }
        return MarkedFields(children: children)
    }
}
