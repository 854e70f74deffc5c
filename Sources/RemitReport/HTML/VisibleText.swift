/// Makes untrusted text safe to hand to the HTML templates, and honest to look at.
///
/// Every input-derived string in a view model passes through `VisibleText.of` before a
/// template sees it; the template's `{{ }}` then escapes it for HTML text or a quoted
/// attribute. This type covers what HTML escaping alone does not:
///
/// - Invisible characters are shown as `[U+XXXX]`: bidi controls (a `U+202E` can make
///   `exe.txt` read as `txt.exe`), zero-width and other format characters, control
///   characters, line/paragraph separators and Hangul fillers. The templates also wrap
///   values in `<bdi>` so a right-to-left value cannot reorder its surroundings.
/// - swift-mustache escapes per `Character`, so `"` followed by a combining mark (one
///   grapheme cluster) would slip through unescaped. Any cluster that holds one of
///   `< > & " '` together with other scalars is split, the other scalars shown as `[U+XXXX]`.
/// - A value longer than `maxCharacters` shows its start and how much more there is: a
///   pasted megabyte in an instruction's `ref`, shown with each of its findings, made pages of
///   gigabytes. The machine outputs keep every value whole.
enum VisibleText {
    /// The most Unicode scalars of one value a page shows.
    static let maxCharacters = 2_000

    static func of(_ text: String) -> String {
        if text.utf8.count > maxCharacters {
            let scalars = text.unicodeScalars
            let count = scalars.count
            if count > maxCharacters {
                return of(String(String.UnicodeScalarView(scalars.prefix(maxCharacters)))) + "…[\(count - maxCharacters) more characters]"
            }
        }
        // Printable ASCII needs nothing: most ids, keys and hosts take this path.
        func printable(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F }
        if text.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(printable) }) ?? text.utf8.allSatisfy(printable) { return text }
        var out = ""
        for character in text {
            let scalars = character.unicodeScalars
            let hidesMarkup = scalars.count > 1 && scalars.contains { isMarkup($0) }
            for scalar in scalars {
                if isInvisible(scalar) || (hidesMarkup && !isMarkup(scalar)) {
                    out.append(codePoint(scalar))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func of(_ text: String?) -> String {
        text.map { of($0) } ?? ""
    }

    static func list(_ values: [String]) -> [String] {
        values.map { of($0) }
    }

    /// `[U+202E]`.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "[U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
    }

    private static func isMarkup(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "<" || scalar == ">" || scalar == "&" || scalar == "\"" || scalar == "'"
    }

    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned:
            return true
        default:
            break
        }
        switch scalar.value {
        case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, 0x17B4, 0x17B5, 0x180B...0x180F, 0xFE00...0xFE0F, 0xE0100...0xE01EF:
            return true // fillers, the combining grapheme joiner and variation selectors render as nothing
        default:
            return scalar.properties.isNoncharacterCodePoint
        }
    }
}

/// Makes untrusted text safe to print on a terminal: control characters (ESC starts the
/// sequences that move the cursor, rewrite the window title or hide text), bidi controls and
/// other invisible characters are shown as `[U+XXXX]`, as in the HTML; tabs stay, and
/// newlines too unless the text must stay `oneLine` (a line built around an input value).
public enum TerminalText {
    public static func of(_ text: String, oneLine: Bool = false) -> String {
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || (!oneLine && $0 == 0x0A) || $0 == 0x09 }) { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if VisibleText.isInvisible(scalar) || (oneLine && scalar == "\n") {
                out.append(VisibleText.codePoint(scalar))
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Which links the HTML may contain: only `http`/`https` URLs from inputs become links
/// (SPEC "The HTML report": no input value can inject script, e.g. a `javascript:` URI).
enum SafeLink {
    /// The URL when it may be a link target, else nil (shown as text instead).
    static func href(_ uri: String?) -> String? {
        guard let uri else { return nil }
        let lower = uri.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        guard uri.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return nil }
        return uri
    }
}
