import Foundation

/// The tags of a mustache template, read as far as remit needs to know which templates may
/// be rendered apart from their pages.
enum MustacheTags {
    /// The contents of the `{{…}}` tags of `template`, in order, with the default delimiters
    /// (`{{{name}}}` gives `{name}`). Braces are read as characters, as swift-mustache reads
    /// them: a `{` that a Unicode prepend mark (U+0600) before it joins into one character is
    /// no brace there, so a byte-wise search would see a tag start one brace early and take
    /// the `{{{name}}}` after it for part of that tag.
    static func contents(of template: String) -> [Substring] {
        pieces(of: template).compactMap(\.tag)
    }

    /// `template` as the text before each tag and the tag's contents (see `contents(of:)`),
    /// in order; the last piece is the text after the last tag, with no tag.
    static func pieces(of template: String) -> [(text: Substring, tag: Substring?)] {
        var pieces: [(text: Substring, tag: Substring?)] = []
        var rest = template[...]
        while let open = pair("{", in: rest) {
            let afterOpen = rest[open.upperBound...]
            guard let close = pair("}", in: afterOpen) else { break }
            var end = close.lowerBound
            var next = close.upperBound
            // `{{{name}}}`: the third closing brace belongs to the tag.
            if afterOpen.first == "{", afterOpen[next...].first == "}" {
                end = afterOpen.index(after: close.lowerBound)
                next = afterOpen.index(after: next)
            }
            pieces.append((rest[..<open.lowerBound], afterOpen[..<end]))
            rest = afterOpen[next...]
        }
        pieces.append((rest, nil))
        return pieces
    }

    /// The first two characters of `text` in a row that are both `brace`.
    private static func pair(_ brace: Character, in text: Substring) -> Range<Substring.Index>? {
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == brace, next < text.endIndex, text[next] == brace { return index..<text.index(after: next) }
            index = next
        }
        return nil
    }

    /// Whether `template` may include the partial `name`: `{{> name}}` or `{{< name}}`, with
    /// any white space; also a dynamic partial (`{{>*field}}`), which could include anything.
    /// White space is skipped by character, as swift-mustache skips it: a space with a
    /// combining mark is white space there. (A template that changes its delimiters, which
    /// could hide any tag, is refused before this is asked: `unescapedOutput(in:)`.)
    static func includes(_ name: String, in template: String) -> Bool {
        contents(of: template).contains { tag in
            let tag = tag.drop { $0.isWhitespace }
            guard let first = tag.first, first == ">" || first == "<" else { return false }
            var target = tag.dropFirst().drop { $0.isWhitespace }
            while target.last?.isWhitespace == true { target = target.dropLast() }
            return target == name || target.hasPrefix("*")
        }
    }

    /// Why `template` could print a value without HTML escaping, or nil when it cannot: a
    /// `{{{name}}}` or `{{&name}}` tag, a content type other than HTML (`{{% CONTENT_TYPE:
    /// TEXT }}` turns escaping off for the whole file), a change of delimiters
    /// (`{{=<% %>=}}`), after which an unescaped tag would not be seen here, a `{{` before a
    /// line break (swift-mustache reads no tag there but text, in which it then finds tags
    /// this reading would not), or a transform (`{{reversed(name)}}`: escaping relies on
    /// `VisibleText` having split any character that holds markup, and a transform can put
    /// one together again). Values come from vendors and logs (SPEC: no input value can
    /// inject markup into the report).
    static func unescapedOutput(in template: String) -> String? {
        for tag in contents(of: template) {
            if tag.first?.isNewline == true {
                return "a {{ before a line break is not a tag to the template engine, which would read what follows otherwise than this check"
            }
            let body = tag.drop { $0.isWhitespace }
            if let first = body.first, first != "!", first != "%", body.contains("(") {
                return "{{\(tag)}} applies a transform, which could undo what escaping relies on: print values with {{name}}"
            }
            switch body.first {
            case "{", "&":
                return "{{\(tag)}} would print a value without HTML escaping: print values with {{name}}"
            case "=":
                return "{{\(tag)}} changes the tag delimiters, which would hide an unescaped tag from this check"
            case "%":
                let pragma = body.dropFirst().filter { !$0.isWhitespace }
                let escaping = ["CONTENT_TYPE:" + RemitHTMLContentType.name, "CONTENT_TYPE:HTML"]
                if !escaping.contains(pragma) {
                    return "{{\(tag)}} would turn HTML escaping off: only CONTENT_TYPE: HTML or REMIT_HTML is allowed"
                }
            default:
                continue
            }
        }
        return nil
    }
}
