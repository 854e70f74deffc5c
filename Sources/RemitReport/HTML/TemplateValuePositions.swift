/// Where in the HTML of a template its values land. Escaping makes a value text in an
/// element's content and inside a quoted attribute value; inside a tag anywhere else (an
/// attribute value without quotes, or where attribute names stand) a value with a space or an
/// `=` in it adds attributes of its own (`<h1 title={{name}}>` with the name
/// `x autofocus onfocus=…`). A template of one's own that prints a value, or includes a
/// partial, there is refused.
///
/// The template's text is read with the states of the HTML tokenizer that matter here: text,
/// a comment, a tag's name, its attribute names, before a value, and a value in double
/// quotes, in single quotes or without quotes. Mustache tags are not HTML: a section, comment
/// or pragma leaves the state as it is, so a section that adds an attribute
/// (`<tr{{#hidden}} hidden{{/hidden}}>`) is fine.
enum TemplateValuePositions {
    private enum State {
        case text, comment, tagName, attributes, beforeValue, doubleQuoted, singleQuoted, unquoted
    }

    /// Why `template` prints a value (or includes a partial) inside a tag outside a quoted
    /// attribute value, or nil when it does not.
    static func unquoted(in template: String) -> String? {
        var state = State.text
        for (text, tag) in MustacheTags.pieces(of: template) {
            state = read(text, from: state)
            guard let tag else { break }
            let kind = tag.drop { $0.isWhitespace }.first
            let prints = !["!", "%", "#", "^", "/", "$"].contains(kind)
            let insideTag: Set<State> = [.tagName, .attributes, .beforeValue, .unquoted]
            if prints, insideTag.contains(state) {
                return "{{\(tag)}} stands inside an HTML tag, outside a quoted attribute value, where a value with a space "
                    + "would add attributes: put it in an attribute value in quotes (title=\"{{name}}\")"
            }
        }
        return nil
    }

    private static func read(_ text: Substring, from start: State) -> State {
        var state = start
        var index = text.startIndex
        func isLetter(_ c: Character?) -> Bool { c.map { $0.isASCII && $0.isLetter } ?? false }
        while index < text.endIndex {
            let c = text[index]
            let rest = text[text.index(after: index)...]
            switch state {
            case .text:
                if c == "<", rest.hasPrefix("!--") {
                    state = .comment
                } else if c == "<", isLetter(rest.first) || (rest.first == "/" && isLetter(rest.dropFirst().first)) {
                    state = .tagName
                }
            case .comment:
                if c == "-", rest.hasPrefix("->") { state = .text; index = text.index(index, offsetBy: 2) }
            case .tagName:
                if c == ">" { state = .text } else if c.isWhitespace || c == "/" { state = .attributes }
            case .attributes:
                if c == ">" { state = .text } else if c == "=" { state = .beforeValue }
            case .beforeValue:
                if c == "\"" { state = .doubleQuoted } else if c == "'" { state = .singleQuoted } else if c == ">" {
                    state = .text
                } else if !c.isWhitespace { state = .unquoted }
            case .doubleQuoted:
                if c == "\"" { state = .attributes }
            case .singleQuoted:
                if c == "'" { state = .attributes }
            case .unquoted:
                if c == ">" { state = .text } else if c.isWhitespace { state = .attributes }
            }
            index = text.index(after: index)
        }
        return state
    }
}
