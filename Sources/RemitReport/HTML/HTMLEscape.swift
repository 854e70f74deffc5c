import Mustache

/// swift-mustache's HTML escaping, with the same result for every string, made cheap.
///
/// The library escapes `< > & " '` by walking the text `Character` by `Character` (grapheme
/// breaking every value of every page), which took a large share of rendering a big run.
/// Here text without a markup byte is left as it is (the library replaces only characters
/// that are one of those five bytes), text that is all ASCII is escaped byte by byte (in
/// ASCII each byte is its own `Character`, but for CR LF, which holds no markup), and any
/// other text takes the library's own walk, so a markup character inside a longer cluster
/// stays exactly as the library leaves it. `VisibleText` splits such clusters before a
/// template sees them anyway.
///
/// The built-in templates select it with `{{% CONTENT_TYPE: REMIT_HTML }}`; a template of a
/// company's own that does not is escaped by the library's default, with the same result.
struct RemitHTMLContentType: MustacheContentType {
    static let name = "REMIT_HTML"

    func escapeText(_ text: String) -> String {
        HTMLEscape.escape(text)
    }
}

enum HTMLEscape {
    static func escape(_ text: String) -> String {
        var text = text
        let ascii: [UInt8]?? = text.withUTF8 { utf8 in
            var markup = 0, nonASCII = false
            for b in utf8 {
                if b >= 0x80 { nonASCII = true }
                if b == 0x3C || b == 0x3E || b == 0x26 || b == 0x22 || b == 0x27 { markup += 1 }
            }
            guard markup > 0 else { return .some(nil) }
            guard !nonASCII else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + markup * 5)
            for b in utf8 {
                switch b {
                case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B]) // &lt;
                case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B]) // &gt;
                case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B]) // &amp;
                case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]) // &quot;
                case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B]) // &#39;
                default: out.append(b)
                }
            }
            return .some(out)
        }
        switch ascii {
        case .some(.none): return text
        case .some(.some(let bytes)): return String(decoding: bytes, as: UTF8.self)
        case .none: return byCharacter(text)
        }
    }

    private static let replacements: [Character: String] = [
        "<": "&lt;", ">": "&gt;", "&": "&amp;", "\"": "&quot;", "'": "&#39;",
    ]

    /// The library's walk (swift-mustache `String.htmlEscape`).
    static func byCharacter(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            if let replacement = replacements[c] { out += replacement } else { out.append(c) }
        }
        return out
    }
}
