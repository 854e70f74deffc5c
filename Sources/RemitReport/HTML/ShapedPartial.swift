import Foundation
import Mustache

/// A partial rendered once per shape of its view model, then filled in with each model's
/// texts (the finding cards, the packets' observed rows and the scope rows of explicit
/// authorizations).
///
/// What a built-in partial prints depends on its model's texts and on which sections it
/// opens: which texts are empty, which flags are set, how many items each list holds. That
/// is the model's shape; its texts are the leaves. A shape is rendered once by swift-mustache,
/// from a copy of the model whose every non-empty text is a marker (a random word and the
/// text's number). The result is cut at the markers; a model of that shape is then the
/// pieces with its own texts, escaped as the template escapes `{{name}}`, in between. A
/// hundred thousand finding cards tag by tag were four in ten of the HTML outputs' time, and
/// share a few hundred shapes.
///
/// Only for a built-in partial that prints every text through an escaped `{{name}}` and
/// reads nothing outside its model (`PageRenderer.rendersFindingCardsApart` and the like); the copy is
/// then byte for byte the partial rendered in its page (`PartialsApartTests`). A model holding
/// something other than texts, flags, lists and `TemplateFields` is rendered as it is, and so
/// is every model past `capacity` distinct shapes.
final class ShapedPartial: @unchecked Sendable {
    /// Distinct shapes kept.
    let capacity: Int

    /// Renders a model (or its marked copy) with swift-mustache.
    private let renderModel: @Sendable (Any) throws(ReportError) -> String
    /// `randomMarker()`: a text is this, "n", the text's number and "z"; a raw leaf (HTML
    /// remit rendered, printed as it is) this, "r", its number and "z".
    private let marker: String
    private let lock = NSLock()
    private var shapes: [[UInt8]: Pieces] = [:]

    /// Nil when the partial's template cannot be rendered by shape (`accepts(_:)`).
    convenience init?(renderer: PageRenderer, partial: String, capacity: Int = 4_096) {
        guard Self.accepts(renderer.templateText(partial) ?? "{{{") else { return nil }
        self.init(capacity: capacity) { model throws(ReportError) in try renderer.render(partial: partial, model) }
    }

    /// Shapes rendered by `render`, which the caller has made sure prints every text of a
    /// model through an escaped `{{name}}` and every raw leaf through `{{{name}}}`.
    init(capacity: Int, render: @escaping @Sendable (Any) throws(ReportError) -> String) {
        self.capacity = capacity
        renderModel = render
        marker = Self.randomMarker()
    }

    /// "remit" and 128 random bits in hex: letters and digits, so escaping leaves it as it is,
    /// and random, so no input can spell it.
    static func randomMarker() -> String {
        var random = SystemRandomNumberGenerator()
        return "remit" + (0..<4).map { _ in
            let word = String(random.next() as UInt32, radix: 16)
            return String(repeating: "0", count: 8 - word.count) + word
        }.joined()
    }

    /// Whether `template` can be rendered by shape: every tag is a section, an inverted
    /// section, a section's end, a comment, remit's content type (`{{% CONTENT_TYPE:
    /// REMIT_HTML }}`) or an escaped `{{name}}`; no unescaped text, no other content type, no
    /// partial, no delimiter change and no transform, which would print a text otherwise than
    /// `Pieces.filled` does. (That each `{{name}}` prints a text, and every name is found in
    /// the model, holds for the built-in partials: `PartialsApartTests` compares them with
    /// their rendering in the page.)
    static func accepts(_ template: String) -> Bool {
        MustacheTags.contents(of: template).allSatisfy { tag in
            let tag = tag.drop { $0.isWhitespace }
            guard let first = tag.first else { return false }
            switch first {
            case "!": return true
            case "%":
                let pragma = tag.dropFirst().filter { !$0.isWhitespace }
                return pragma == "CONTENT_TYPE:" + RemitHTMLContentType.name
            case "#", "^", "/": return !tag.contains("(")
            case "{", "&", ">", "<", "$", "=": return false
            default: return !tag.contains("(")
            }
        }
    }

    /// The shapes kept so far.
    var keptShapes: Int {
        lock.withLock { shapes.count }
    }

    /// What the partial prints for `model`.
    func render(_ model: any TemplateFields) throws(ReportError) -> String {
        var shape = PartialShape()
        let shaped = model.visit(&shape)
        return try render(model, shape: shaped ? shape : nil) { text, _ in
            var number = 0
            return model.marked(text, &number)
        }
    }

    /// What `model`, of shape `shape` (nil: one that cannot be rendered by shape), renders
    /// to. `marked` makes its copy with each text replaced by the text marker given, its
    /// number and "z", and each raw leaf by the raw marker, its number and "z".
    func render(_ model: Any, shape: PartialShape?, marked: (_ text: String, _ raw: String) -> Any) throws(ReportError) -> String {
        guard let shape else { return try renderModel(model) }
        if let pieces = lock.withLock({ shapes[shape.key] }) { return pieces.filled(with: shape) }
        guard lock.withLock({ shapes.count }) < capacity else { return try renderModel(model) }
        let html = try renderModel(marked(marker + "n", marker + "r"))
        guard let pieces = Pieces(html, marker: Array(marker.utf8), shape: shape) else { return try renderModel(model) }
        lock.withLock { shapes[shape.key] = pieces }
        return pieces.filled(with: shape)
    }

    /// A shape's rendering cut at its markers: `literals[0]`, leaf `slots[0]`, `literals[1]`, …
    private struct Pieces {
        var literals: [String] = []
        /// Each leaf between two literals: a text (escaped) or a raw leaf, and its number.
        var slots: [(raw: Bool, number: Int)] = []
        var literalBytes = 0

        /// Nil when a marker names no leaf of the model (the rendering is then not a copy to fill).
        init?(_ html: String, marker: [UInt8], shape: PartialShape) {
            let bytes = Array(html.utf8)
            var start = 0, i = 0
            while i + marker.count < bytes.count {
                guard bytes[i] == marker[0], bytes[i..<(i + marker.count)].elementsEqual(marker) else { i += 1; continue }
                let kind = bytes[i + marker.count]
                guard kind == UInt8(ascii: "n") || kind == UInt8(ascii: "r") else { return nil }
                var j = i + marker.count + 1, number = 0, digits = 0
                while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39, digits < 9 {
                    number = number * 10 + Int(bytes[j] - 0x30)
                    j += 1
                    digits += 1
                }
                let raw = kind == UInt8(ascii: "r")
                guard digits > 0, j < bytes.count, bytes[j] == UInt8(ascii: "z"),
                      number < (raw ? shape.raw.count : shape.leaves.count) else { return nil }
                literals.append(String(decoding: bytes[start..<i], as: UTF8.self))
                slots.append((raw, number))
                i = j + 1
                start = i
            }
            literals.append(String(decoding: bytes[start...], as: UTF8.self))
            literalBytes = literals.reduce(0) { $0 + $1.utf8.count }
        }

        func filled(with shape: PartialShape) -> String {
            var out = ""
            out.reserveCapacity(literalBytes + shape.leaves.reduce(0) { $0 + $1.utf8.count } + shape.raw.reduce(0) { $0 + $1.utf8.count } + 64)
            out += literals[0]
            for (index, slot) in slots.enumerated() {
                out += slot.raw ? shape.raw[slot.number] : HTMLEscape.escape(shape.leaves[slot.number])
                out += literals[index + 1]
            }
            return out
        }
    }
}

/// A model's shape and texts (`ShapedPartial`).
struct PartialShape {
    var key: [UInt8] = []
    var leaves: [String] = []
    /// HTML remit rendered, printed as it is (`EvidencePageShape`).
    var raw: [String] = []
}

/// What a `ShapedPartial` can render by shape: texts, flags, lists of them and
/// `TemplateFields`. Each value says what it adds to its model's shape and what it becomes in
/// the marked copy, so a model is walked with one cast per field (trying each type in turn
/// was most of the walk).
protocol Shaped {
    /// Adds the value to `shape`; false for a value that cannot be rendered by shape.
    func visit(_ shape: inout PartialShape) -> Bool
    /// The value with each non-empty text replaced by `marker`, its number (in `visit`'s
    /// order) and `z`.
    func marked(_ marker: String, _ number: inout Int) -> Any
}

extension String: Shaped {
    func visit(_ shape: inout PartialShape) -> Bool {
        if isEmpty { shape.key.append(1) } else { shape.key.append(2); shape.leaves.append(self) }
        return true
    }

    func marked(_ marker: String, _ number: inout Int) -> Any {
        guard !isEmpty else { return self }
        defer { number += 1 }
        return marker + String(number) + "z"
    }
}

extension Bool: Shaped {
    func visit(_ shape: inout PartialShape) -> Bool {
        shape.key.append(self ? 4 : 3)
        return true
    }

    func marked(_ marker: String, _ number: inout Int) -> Any { self }
}

extension Array: Shaped where Element: Shaped {
    func visit(_ shape: inout PartialShape) -> Bool {
        shape.key.append(6)
        var count = count
        repeat { shape.key.append(UInt8(count & 0x7F) | (count > 0x7F ? 0x80 : 0)); count >>= 7 } while count > 0
        for item in self { guard item.visit(&shape) else { return false } }
        return true
    }

    func marked(_ marker: String, _ number: inout Int) -> Any {
        map { $0.marked(marker, &number) }
    }
}

extension TemplateFields {
    func visit(_ shape: inout PartialShape) -> Bool {
        shape.key.append(5)
        return visitFields(&shape)
    }

    func visitFields(_ shape: inout PartialShape) -> Bool {
        visitFieldsByName(&shape)
    }

    /// Each field read by name and cast (a string switch and a conformance look-up for each,
    /// which made the walk most of the cards' time).
    func visitFieldsByName(_ shape: inout PartialShape) -> Bool {
        for name in Self.fieldNames {
            guard let child = child(named: name) else { shape.key.append(0); continue }
            guard let shaped = child as? any Shaped, shaped.visit(&shape) else { return false }
        }
        return true
    }

    func marked(_ marker: String, _ number: inout Int) -> Any {
        var children: [String: Any] = [:]
        for name in Self.fieldNames {
            if let child = child(named: name) as? any Shaped { children[name] = child.marked(marker, &number) }
        }
        return MarkedFields(children: children)
    }
}

/// A view model's fields by name, for `ShapedPartial`'s marked copies.
struct MarkedFields: MustacheParent {
    let children: [String: Any]

    func child(named name: String) -> Any? {
        children[name]
    }
}
