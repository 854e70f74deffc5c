/// Where in the HTML of a template its values land. Escaping makes a value text in an
/// element's content and inside a quoted attribute value; inside a tag anywhere else (an
/// attribute value without quotes, or where attribute names stand) a value with a space or an
/// `=` in it adds attributes of its own (`<h1 title={{name}}>` with the name
/// `x autofocus onfocus=…`). A template of one's own that prints a value, or includes a
/// partial, there is refused, and so is one that ends inside a tag (a partial that opens a
/// tag for the file that includes it to fill).
///
/// The template's text is read code point by code point with the states of the HTML
/// tokenizer that decide where a tag's attributes are: text, comments (ended by `-->` or
/// `--!>`), bogus comments (`<?…>`, `<!…>`, `</…>` not followed by a letter), raw text
/// (`<title>`, `<textarea>`, `<xmp>`, … up to their end tag), a tag's name, before, in and
/// after an attribute name, before a value, and a value in double quotes, in single quotes or
/// without quotes; white space is HTML's (tab, line feed, form feed, carriage return, space).
/// Mustache tags are not HTML: a section, comment or pragma leaves the state as it is, so a
/// section that adds an attribute (`<tr{{#hidden}} hidden{{/hidden}}>`) is fine. This guards
/// against a template's mistakes, not against one written to get past it (say, a section
/// never shown that opens a quote): whoever writes the templates writes the page.
enum TemplateValuePositions {
    private enum State {
        case text, comment, bogusComment, rawText, tagName, beforeName, name, afterName, beforeValue
        case doubleQuoted, singleQuoted, unquoted, afterQuoted
    }

    private static let insideTag: Set<State> = [.tagName, .beforeName, .name, .afterName, .beforeValue, .unquoted, .afterQuoted]
    /// Elements whose content the tokenizer reads as text up to their end tag.
    private static let rawTextElements: Set<String> = [
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext",
    ]

    private struct Reader {
        var state = State.text
        /// The name of the tag being read, lower-cased, and whether it is an end tag.
        var tag = ""
        var isEndTag = false
        /// The raw-text element whose end tag ends the raw text.
        var rawText = ""

        mutating func read(_ text: Substring) {
            let scalars = Array(text.unicodeScalars)
            var i = 0
            func at(_ k: Int) -> Unicode.Scalar? { k < scalars.count ? scalars[k] : nil }
            func isLetter(_ s: Unicode.Scalar?) -> Bool { s.map { $0.isASCII && $0.properties.isAlphabetic } ?? false }
            func isSpace(_ s: Unicode.Scalar) -> Bool { [0x09, 0x0A, 0x0C, 0x0D, 0x20].contains(s.value) }
            func follows(_ word: String, from k: Int) -> Bool {
                word.unicodeScalars.enumerated().allSatisfy { at(k + $0.offset).map { String($0).lowercased() } == String($0.element) }
            }
            while i < scalars.count {
                let c = scalars[i]
                switch state {
                case .text:
                    guard c == "<" else { break }
                    if follows("!--", from: i + 1) {
                        state = .comment
                        i += 3
                        // `<!-->` and `<!--->` are whole comments.
                        if at(i + 1) == ">" { state = .text; i += 1 } else if at(i + 1) == "-", at(i + 2) == ">" { state = .text; i += 2 }
                    } else if isLetter(at(i + 1)) {
                        state = .tagName; tag = ""; isEndTag = false
                    } else if at(i + 1) == "/", isLetter(at(i + 2)) {
                        state = .tagName; tag = ""; isEndTag = true; i += 1
                    } else if at(i + 1) == "!" || at(i + 1) == "?" || at(i + 1) == "/" {
                        state = .bogusComment
                    }
                case .comment:
                    if c == "-", at(i + 1) == "-", at(i + 2) == ">" { state = .text; i += 2 }
                    else if c == "-", at(i + 1) == "-", at(i + 2) == "!", at(i + 3) == ">" { state = .text; i += 3 }
                case .bogusComment:
                    if c == ">" { state = .text }
                case .rawText:
                    if c == "<", at(i + 1) == "/", follows(rawText, from: i + 2),
                       at(i + 2 + rawText.unicodeScalars.count).map({ isSpace($0) || $0 == "/" || $0 == ">" }) ?? false {
                        state = .tagName; tag = ""; isEndTag = true; i += 1
                    }
                case .tagName:
                    if isSpace(c) || c == "/" { state = .beforeName } else if c == ">" { endTag() } else { tag += String(c).lowercased() }
                case .beforeName:
                    if c == ">" { endTag() } else if !isSpace(c), c != "/" { state = .name }
                case .name:
                    if isSpace(c) { state = .afterName } else if c == "/" { state = .beforeName } else if c == "=" {
                        state = .beforeValue
                    } else if c == ">" { endTag() }
                case .afterName:
                    if c == "/" { state = .beforeName } else if c == "=" { state = .beforeValue } else if c == ">" { endTag() }
                    else if !isSpace(c) { state = .name }
                case .beforeValue:
                    if c == "\"" { state = .doubleQuoted } else if c == "'" { state = .singleQuoted } else if c == ">" { endTag() }
                    else if !isSpace(c) { state = .unquoted }
                case .doubleQuoted:
                    if c == "\"" { state = .afterQuoted }
                case .singleQuoted:
                    if c == "'" { state = .afterQuoted }
                case .unquoted:
                    if isSpace(c) { state = .beforeName } else if c == ">" { endTag() }
                case .afterQuoted:
                    if isSpace(c) || c == "/" { state = .beforeName } else if c == ">" { endTag() } else { state = .name }
                }
                i += 1
            }
        }

        private mutating func endTag() {
            if !isEndTag, rawTextElements.contains(tag) { state = .rawText; rawText = tag } else { state = .text }
        }
    }

    /// Why `template` prints a value (or includes a partial) inside a tag outside a quoted
    /// attribute value, or ends inside a tag; nil when it does neither.
    static func unquoted(in template: String) -> String? {
        var reader = Reader()
        for (text, tag) in MustacheTags.pieces(of: template) {
            reader.read(text)
            guard let tag else { break }
            let kind = tag.drop { $0.isWhitespace }.first
            let prints = !["!", "%", "#", "^", "/", "$"].contains(kind)
            if prints, insideTag.contains(reader.state) {
                return "{{\(tag)}} stands inside an HTML tag, outside a quoted attribute value, where a value with a space "
                    + "would add attributes: put it in an attribute value in quotes (title=\"{{name}}\")"
            }
        }
        if insideTag.contains(reader.state) || reader.state == .doubleQuoted || reader.state == .singleQuoted {
            return "the file ends inside an HTML tag, which the file that includes it would go on filling: end each tag in the file that opens it"
        }
        return nil
    }
}
