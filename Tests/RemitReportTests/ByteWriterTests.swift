import Foundation
import Mustache
@testable import RemitReport
import Testing

/// The byte writers of the machine outputs and the HTML escaper give exactly what the
/// `String`-building code before them gave (kept here as the reference).
@Suite("Byte writers: JSON, CSV, XML and HTML escaping as before")
struct ByteWriterTests {
    /// Texts that exercise every escape: quotes, backslashes, controls, markup, DEL,
    /// U+2028/2029 (and their neighbours, which are not escaped), combining marks after a
    /// quote, CR LF, multi-byte scalars and emoji.
    static let texts: [String] = [
        "", "plain", "say \"hi\"", "back\\slash", "<script>&</script>", "tab\there", "cr\r\nlf", "\u{0}\u{1}\u{1F}\u{7F}",
        "\u{08}\u{0C}", "line\u{2028}para\u{2029}next\u{2027}\u{202A}", "Zürich, 東京, é", "\"\u{301}x", "'single'",
        "a,b", "two\nlines", "emoji 👩‍👩‍👧 and 🇨🇭", "\u{FFFE}\u{FFFF}", "\u{600}\"", "x\u{202E}y", "&amp; stays &amp;",
        String(repeating: "long \"text\" <with> & ", count: 50),
        // Texts without an escape are copied with their quotes in one piece up to 512 bytes.
        String(repeating: "p", count: 511), String(repeating: "q", count: 512), String(repeating: "r", count: 513),
        String(repeating: "é", count: 256), String(repeating: "é", count: 257) + "<", "ü" + String(repeating: "s", count: 510) + "\u{2028}",
    ]

    /// Random texts over an alphabet that is mostly the characters that need escaping.
    static func randomTexts(count: Int) -> [String] {
        let alphabet: [Unicode.Scalar] = ["a", "\"", "\\", "<", ">", "&", "'", ",", "\n", "\r", "\t", "\u{0}", "\u{1B}", "\u{7F}",
                                          "\u{2028}", "\u{2029}", "\u{301}", "é", "東", "\u{1F600}", "\u{FFFF}", "\u{202E}"]
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &generator) { text.append(alphabet.randomElement(using: &generator)!) }
            return String(text)
        }
    }

    static func quoted(_ text: String) -> String {
        var out = OutputBytes()
        out.jsonString(text)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    @Test func jsonStringsAreEscapedAsTheScalarWriterDid() {
        for text in Self.texts + Self.randomTexts(count: 2_000) {
            #expect(Self.quoted(text) == Reference.jsonQuoted(text), "\(Array(text.unicodeScalars))")
        }
    }

    static let document: Reference.Value = {
        let integers: [Int64] = [0, 1, -1, 9, 10, 99, 100, 1_234_567, Int64.max, Int64.min, -1_000_000_000_000]
        return .object([
            ("strings", .array(Self.texts.map(Reference.Value.string))),
            ("integers", .array(integers.map(Reference.Value.integer))),
            ("flags", .array([.bool(true), .bool(false), .null])),
            ("empty", .object([])),
            ("none", .array([])),
            ("nested", .object([("a", .object([("b", .array([.array([]), .object([("c", .string("d"))])]))]))])),
            ("keys that need \"escaping\" <&>", .object([("\u{2028}", .array([.array([.array([.null])])]))])),
        ])
    }()

    @Test func prettyPrintingMatchesTheStringWriter() {
        var json = JSONWriter()
        Reference.write(Self.document, into: &json)
        json.finish()
        #expect(String(decoding: json.out.bytes, as: UTF8.self) == Reference.pretty(Self.document))
    }

    /// Members written once as a fragment and spliced after other members of an object at
    /// the same depth give the bytes of writing them in place, on lines of their own (an
    /// object in a list) or on the object's line (one list deeper).
    @Test(arguments: [1, 2]) func splicedFragmentsAreWrittenInPlace(lists: Int) {
        guard case .object(let members) = Self.document else { Issue.record("not an object"); return }
        for split in 1...members.count {
            let head = Array(members[..<split]), tail = Array(members[split...])
            var fragment = JSONWriter.fragment(depth: lists + 1)
            for (key, value) in tail {
                fragment.key(escaping: key)
                Reference.write(value, into: &fragment)
            }
            var json = JSONWriter()
            for _ in 0..<lists { json.beginArray() }
            json.beginObject()
            for (key, value) in head {
                json.key(escaping: key)
                Reference.write(value, into: &json)
            }
            json.splice(fragment.out.bytes)
            json.endObject()
            for _ in 0..<lists { json.endArray() }
            json.finish()
            var expected = Reference.Value.object(members)
            for _ in 0..<lists { expected = .array([expected]) }
            #expect(String(decoding: json.out.bytes, as: UTF8.self) == Reference.pretty(expected), "split at \(split)")
        }
    }

    @Test func csvFieldsAreQuotedAsBefore() {
        for text in Self.texts + Self.randomTexts(count: 2_000) {
            #expect(FindingsCSV.field(text) == Reference.csvField(text))
        }
    }

    @Test func xmlTextIsEscapedAsBefore() {
        for text in Self.texts + Self.randomTexts(count: 2_000) {
            for attribute in [false, true] {
                var out = OutputBytes()
                out.xml(text, attribute: attribute)
                #expect(String(decoding: out.bytes, as: UTF8.self) == XMLText.escape(text, attribute: attribute))
            }
        }
    }

    /// The same template rendered with swift-mustache's own HTML escaping and with remit's.
    @Test func htmlEscapingIsTheLibrarysExactly() throws {
        MustacheContentTypes.register(RemitHTMLContentType(), named: RemitHTMLContentType.name)
        let library = try MustacheTemplate(string: "<p title=\"{{.}}\">{{.}}</p>\n")
        let remit = try MustacheTemplate(string: "{{% CONTENT_TYPE: REMIT_HTML }}\n<p title=\"{{.}}\">{{.}}</p>\n")
        for text in Self.texts + Self.randomTexts(count: 2_000) {
            #expect(remit.render(text) == library.render(text), "\(Array(text.unicodeScalars))")
            #expect(HTMLEscape.escape(text) == HTMLEscape.byCharacter(text))
        }
        #expect(HTMLEscape.escape("<a href='x'>\"&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;")
    }

    /// The page checks count inline assets in one pass, 32 bytes at a time: the same counts as
    /// a plain scan for each.
    @Test func inlineAssetsAreCountedAsByAPlainScan() {
        func plain(_ needle: String, _ bytes: [UInt8]) -> Int {
            let pattern = Array(needle.utf8)
            guard !pattern.isEmpty, pattern.count <= bytes.count else { return 0 }
            var found = 0, i = 0
            while i <= bytes.count - pattern.count {
                if bytes[i..<(i + pattern.count)].elementsEqual(pattern) { found += 1; i += pattern.count } else { i += 1 }
            }
            return found
        }
        let pages = ["", "<", "<style", "<style<style>", "<<style>>", "aaa", "<style>x</style><style>", "<scrip<script",
                     String(repeating: "<sty<style", count: 100)] + Self.randomTexts(count: 300).map { "<s" + $0 + "<style" }
        let more = ["<script>j</script><style>x</style><style>x</style>", "<style>x</style>x</style><script><script>j</script>",
                    "<style><style>x</style></style>", "<scri<script>j</script", "<stylex</style>"]
        // Every place within and across the 32-byte steps, and at the very end.
        let placed = (0..<70).map { String(repeating: "a", count: $0) + "<style>x</style>" + String(repeating: "<", count: 40) + "<s" }
            + (0..<40).map { String(repeating: "<", count: $0) + "<script>j</script>" + String(repeating: "s", count: 33 - $0 % 5) + "<" }
        for page in pages + more + placed {
            for (style, script) in [("x", "j"), ("", ""), (page, page), ("x</style><style>x", "j")] {
                let bytes = Array(page.utf8)
                let found = bytes.withUnsafeBufferPointer { PageRenderer.inlineAssets(in: $0, style: style, script: script) }
                #expect(found.styles == plain("<style", bytes) && found.scripts == plain("<script", bytes), "\(page)")
                #expect(found.styleBlocks == plain("<style>" + style + "</style>", bytes), "\(page) \(style)")
                #expect(found.scriptBlocks == plain("<script>" + script + "</script>", bytes), "\(page) \(script)")
            }
        }
    }

    /// The writers as they were before they wrote bytes.
    enum Reference {
        indirect enum Value {
            case string(String)
            case integer(Int64)
            case bool(Bool)
            case null
            case array([Value])
            case object([(String, Value)])
        }

        /// `value` through `JSONWriter`.
        static func write(_ value: Value, into json: inout JSONWriter) {
            switch value {
            case .string(let text): json.string(text)
            case .integer(let number): json.integer(number)
            case .bool(let flag): json.bool(flag)
            case .null: json.null()
            case .array(let items):
                json.beginArray()
                for item in items { write(item, into: &json) }
                json.endArray()
            case .object(let members):
                json.beginObject()
                for (key, item) in members {
                    json.key(escaping: key)
                    write(item, into: &json)
                }
                json.endObject()
            }
        }

        /// The layout written by hand: a container opened at depth 0 or 1 has one item a
        /// line, indented 2 spaces a level; one opened deeper is written on its item's line.
        static func pretty(_ value: Value) -> String {
            var out = ""
            write(value, indent: 0, into: &out)
            return out + "\n"
        }

        static func write(_ value: Value, indent: Int, into out: inout String) {
            switch value {
            case .string(let text): out.append(jsonQuoted(text))
            case .integer(let number): out.append(String(number))
            case .bool(let flag): out.append(flag ? "true" : "false")
            case .null: out.append("null")
            case .array(let items):
                guard !items.isEmpty else { out.append("[]"); return }
                guard indent < 2 else {
                    out.append("[")
                    for (i, item) in items.enumerated() {
                        if i > 0 { out.append(", ") }
                        write(item, indent: indent + 1, into: &out)
                    }
                    out.append("]")
                    return
                }
                out.append("[\n")
                for (i, item) in items.enumerated() {
                    out.append(String(repeating: "  ", count: indent + 1))
                    write(item, indent: indent + 1, into: &out)
                    out.append(i == items.count - 1 ? "\n" : ",\n")
                }
                out.append(String(repeating: "  ", count: indent) + "]")
            case .object(let members):
                guard !members.isEmpty else { out.append("{}"); return }
                guard indent < 2 else {
                    out.append("{")
                    for (i, (key, item)) in members.enumerated() {
                        if i > 0 { out.append(", ") }
                        out.append(jsonQuoted(key) + ": ")
                        write(item, indent: indent + 1, into: &out)
                    }
                    out.append("}")
                    return
                }
                out.append("{\n")
                for (i, (key, item)) in members.enumerated() {
                    out.append(String(repeating: "  ", count: indent + 1))
                    out.append(jsonQuoted(key))
                    out.append(": ")
                    write(item, indent: indent + 1, into: &out)
                    out.append(i == members.count - 1 ? "\n" : ",\n")
                }
                out.append(String(repeating: "  ", count: indent) + "}")
            }
        }

        static func jsonQuoted(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out.append("\\\"")
                case "\\": out.append("\\\\")
                case "\n": out.append("\\n")
                case "\r": out.append("\\r")
                case "\t": out.append("\\t")
                case "\u{08}": out.append("\\b")
                case "\u{0C}": out.append("\\f")
                case "<", ">", "&", "\u{7F}", "\u{2028}", "\u{2029}": out.append(unicodeEscape(scalar.value))
                default:
                    if scalar.value < 0x20 { out.append(unicodeEscape(scalar.value)) } else { out.unicodeScalars.append(scalar) }
                }
            }
            return out + "\""
        }

        static func unicodeEscape(_ value: UInt32) -> String {
            let hex = String(value, radix: 16)
            return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }

        static func csvField(_ text: String) -> String {
            // Control characters but tab, LF, CR (C0, DEL, C1) and U+FFFE/U+FFFF as [U+XXXX].
            var shown = ""
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if (value < 0x20 && ![0x09, 0x0A, 0x0D].contains(value)) || (0x7F...0x9F).contains(value) || value == 0xFFFE || value == 0xFFFF {
                    let hex = String(value, radix: 16, uppercase: true)
                    shown += "[U+" + String(repeating: "0", count: 4 - hex.count) + hex + "]"
                } else {
                    shown.unicodeScalars.append(scalar)
                }
            }
            let text = shown
            let formula = text.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false
            let needsQuotes = formula || text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" || $0 == "\t" }
            guard needsQuotes else { return text }
            var out = formula ? "\"'" : "\""
            for scalar in text.unicodeScalars {
                if scalar == "\"" { out.append("\"\"") } else { out.unicodeScalars.append(scalar) }
            }
            return out + "\""
        }
    }
}
