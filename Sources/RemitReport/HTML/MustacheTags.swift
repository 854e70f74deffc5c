import Foundation

/// The tags of a mustache template, read as far as remit needs to know which templates may
/// be rendered apart from their pages.
enum MustacheTags {
    /// The contents of the `{{…}}` tags of `template`, in order, with the default delimiters
    /// (`{{{name}}}` gives `{name}`).
    static func contents(of template: String) -> [Substring] {
        var tags: [Substring] = []
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else { break }
            var end = close.lowerBound
            var next = close.upperBound
            // `{{{name}}}`: the third closing brace belongs to the tag.
            if afterOpen.first == "{", afterOpen[next...].first == "}" {
                end = afterOpen.index(after: close.lowerBound)
                next = afterOpen.index(after: next)
            }
            tags.append(afterOpen[..<end])
            rest = afterOpen[next...]
        }
        return tags
    }

    /// Whether `template` may include the partial `name`: `{{> name}}` or `{{< name}}`, with
    /// any white space; also a dynamic partial (`{{>*field}}`) and a template that changes its
    /// delimiters, which could include anything.
    static func includes(_ name: String, in template: String) -> Bool {
        contents(of: template).contains { tag in
            let tag = tag.drop { $0.isWhitespace }
            guard let first = tag.first else { return false }
            if first == "=" { return true }
            guard first == ">" || first == "<" else { return false }
            let target = tag.dropFirst().trimmingCharacters(in: .whitespacesAndNewlines)
            return target == name || target.hasPrefix("*")
        }
    }
}
