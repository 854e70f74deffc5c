import Foundation
import RemitCore
import RemitIngest
import Testing

/// Hostile XML through both public XML readers (`FlowReader.read` and
/// `CatalogLoader.decodeXML`): every attack fails fast with the file and line, reads no
/// local file and opens no connection (a loopback listener counts any attempt).
@Suite struct HostileXMLTests {
    /// Which reader, and the root and record element names it expects.
    enum Reader: String, CaseIterable, Sendable {
        case flows, catalog

        var root: String { self == .flows ? "flows" : "subprocessors" }
        var record: String { self == .flows ? "flow" : "subprocessor" }
        var source: String { self == .flows ? "flows.xml" : "catalog.xml" }

        /// Reads `path`; every string read is returned so a test can look for a leak.
        func read(_ path: String) throws(InputError) -> [String] {
            var strings: [String] = []
            switch self {
            case .flows:
                _ = try FlowReader.read(path: path, source: source, format: .xml) { outcome in
                    switch outcome {
                    case .record(let flow):
                        strings += [flow.id, flow.customer, flow.destination, flow.subprocessor, flow.purpose].compactMap { $0 }
                        strings += flow.dataCategories
                    case .rejected(let rejected): strings.append(rejected.reason)
                    }
                }
            case .catalog:
                let (descriptions, diagnostics) = try CatalogLoader.decodeXML(path: path, source: source, subprocessor: nil)
                for d in descriptions { strings += [d.id, d.name, d.service].compactMap { $0 } + d.endpoints + d.purposes }
                strings += diagnostics.map(\.message)
            }
            return strings
        }
    }

    /// What an attack document is built from.
    struct Setting {
        var root: String
        var record: String
        var secretPath: String
        var canary: String
    }

    /// One hostile document, the line its error must name and words its message must contain
    /// (any one of them, case-insensitively).
    struct Attack: Sendable, CustomTestStringConvertible {
        var name: String
        var line: Int
        var words: [String]
        var document: @Sendable (Setting) -> [UInt8]
        var testDescription: String { name }

        init(_ name: String, line: Int, _ words: [String], _ document: @escaping @Sendable (Setting) -> [UInt8]) {
            self.name = name
            self.line = line
            self.words = words
            self.document = document
        }

        init(_ name: String, line: Int, _ words: [String], text: @escaping @Sendable (Setting) -> String) {
            self.init(name, line: line, words) { utf8(text($0)) }
        }
    }

    static let declaration = "<?xml version=\"1.0\"?>\n"
    static let laughs = "<!ENTITY lol \"lol\">" + (1...9).map { i in
        "<!ENTITY lol\(i) \"" + String(repeating: i == 1 ? "&lol;" : "&lol\(i - 1);", count: 10) + "\">"
    }.joined()

    static let attacks: [Attack] = [
        Attack("external entity to a local file", line: 2, ["DOCTYPE"]) { s in
            declaration + "<!DOCTYPE \(s.root) [<!ENTITY x SYSTEM \"file://\(s.secretPath)\">]>\n<\(s.root)><\(s.record) id=\"&x;\" destination=\"h\">&x;</\(s.record)></\(s.root)>\n"
        },
        Attack("external entity over http", line: 2, ["DOCTYPE"]) { s in
            declaration + "<!DOCTYPE \(s.root) [<!ENTITY x SYSTEM \"\(s.canary)/entity\">]>\n<\(s.root)>&x;</\(s.root)>\n"
        },
        Attack("external DTD", line: 2, ["DOCTYPE"]) { s in
            declaration + "<!DOCTYPE \(s.root) SYSTEM \"\(s.canary)/remit.dtd\">\n<\(s.root)/>\n"
        },
        Attack("parameter entity, in-band", line: 2, ["DOCTYPE"]) { s in
            declaration + "<!DOCTYPE \(s.root) [<!ENTITY % p \"<!ENTITY x SYSTEM 'file://\(s.secretPath)'>\"> %p;]>\n<\(s.root)>&x;</\(s.root)>\n"
        },
        Attack("parameter entity, out-of-band", line: 2, ["DOCTYPE"]) { s in
            declaration + "<!DOCTYPE \(s.root) [<!ENTITY % file SYSTEM \"file://\(s.secretPath)\"><!ENTITY % dtd SYSTEM \"\(s.canary)/evil.dtd\"> %dtd; %send;]>\n<\(s.root)/>\n"
        },
        Attack("billion laughs in content", line: 2, ["DOCTYPE"]) { s in
            declaration + "<!DOCTYPE \(s.root) [\(laughs)]>\n<\(s.root)>&lol9;</\(s.root)>\n"
        },
        Attack("billion laughs in an attribute", line: 2, ["DOCTYPE"]) { s in
            declaration + "<!DOCTYPE \(s.root) [\(laughs)]>\n<\(s.root)><\(s.record) id=\"&lol9;\" destination=\"h\"/></\(s.root)>\n"
        },
        Attack("quadratic blowup", line: 2, ["DOCTYPE"]) { s in
            declaration + "<!DOCTYPE \(s.root) [<!ENTITY a \"\(String(repeating: "a", count: 50_000))\">]>\n<\(s.root)>"
                + String(repeating: "&a;", count: 50_000) + "</\(s.root)>\n"
        },
        Attack("entity loop", line: 2, ["DOCTYPE"]) { s in
            declaration + "<!DOCTYPE \(s.root) [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]>\n<\(s.root)>&a;</\(s.root)>\n"
        },
        Attack("DOCTYPE after comments and a processing instruction", line: 5, ["DOCTYPE"]) { s in
            declaration + "<!-- a comment -->\n<?remit x?>\n<!-- <!DOCTYPE in a comment is fine> -->\n<!DOCTYPE \(s.root) [<!ENTITY x SYSTEM \"file://\(s.secretPath)\">]>\n<\(s.root)>&x;</\(s.root)>\n"
        },
        Attack("DOCTYPE hidden in UTF-7", line: 1, ["UTF-7"]) { s in
            let hidden = "+ADw-!DOCTYPE \(s.root) +AFs-+ADw-!ENTITY x SYSTEM +ACI-file://\(s.secretPath)+ACI-+AD4-+AF0-+AD4-\n+ADw-\(s.root)+AD4-+ACY-x+ADs-+ADw-/\(s.root)+AD4-\n"
            return utf8("<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n" + hidden)
        },
        Attack("DOCTYPE in UTF-16 with a byte-order mark", line: 1, ["UTF-16"]) { s in
            let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE \(s.root) [<!ENTITY x SYSTEM \"file://\(s.secretPath)\">]>\n<\(s.root)>&x;</\(s.root)>\n"
            return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        },
        Attack("UTF-16 without a byte-order mark", line: 1, ["UTF-16"]) { s in
            ("<\(s.root)/>\n").utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        },
        Attack("UTF-16 declared over UTF-8 bytes", line: 1, ["UTF-16"]) { s in
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<\(s.root)/>\n"
        },
        Attack("EBCDIC", line: 1, ["EBCDIC"]) { _ in
            [0x4C, 0x6F, 0xA7, 0x94, 0x93, 0x40]
        },
        Attack("100,000-deep nesting", line: 2, ["depth", "deeper"]) { s in
            declaration + "<\(s.root)>" + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000) + "</\(s.root)>\n"
        },
        Attack("12 MB text node", line: 2, ["text node"]) { s in
            declaration + "<\(s.root)><\(s.record) id=\"a\" destination=\"h\"><category>" + String(repeating: "x", count: 12 << 20) + "</category></\(s.record)></\(s.root)>\n"
        },
        Attack("2 MB text node", line: 2, ["text node exceeds"]) { s in
            declaration + "<\(s.root)><\(s.record) id=\"a\" destination=\"h\"><category>" + String(repeating: "x", count: 2 << 20) + "</category></\(s.record)></\(s.root)>\n"
        },
        Attack("12 MB attribute", line: 2, ["huge", "attribute"]) { s in
            declaration + "<\(s.root)><\(s.record) id=\"" + String(repeating: "x", count: 12 << 20) + "\" destination=\"h\"/></\(s.root)>\n"
        },
        Attack("2 MB attribute", line: 2, ["attribute value exceeds"]) { s in
            declaration + "<\(s.root)><\(s.record) id=\"" + String(repeating: "x", count: 2 << 20) + "\" destination=\"h\"/></\(s.root)>\n"
        },
        Attack("invalid UTF-8: lone continuation byte", line: 2, ["UTF-8"]) { s in
            utf8(declaration + "<\(s.root)><\(s.record) id=\"") + [0x80] + utf8("\" destination=\"h\"/></\(s.root)>\n")
        },
        Attack("invalid UTF-8: overlong encoding", line: 2, ["UTF-8"]) { s in
            utf8(declaration + "<\(s.root)><\(s.record) id=\"") + [0xC0, 0xAF] + utf8("\" destination=\"h\"/></\(s.root)>\n")
        },
        Attack("invalid UTF-8: encoded surrogate", line: 2, ["0xD800", "UTF-8"]) { s in
            utf8(declaration + "<\(s.root)><\(s.record) id=\"a\" destination=\"h\">") + [0xED, 0xA0, 0x80] + utf8("</\(s.record)></\(s.root)>\n")
        },
        Attack("invalid UTF-8: truncated sequence", line: 2, ["UTF-8"]) { s in
            utf8(declaration + "<\(s.root)><\(s.record) id=\"a\" destination=\"h\"><category>") + [0xE2, 0x82] + utf8("</category></\(s.record)></\(s.root)>\n")
        },
        Attack("invalid UTF-8: truncated at the end of the file", line: 2, ["UTF-8", "element content"]) { s in
            utf8(declaration + "<\(s.root)>") + [0xF0, 0x9F, 0x98]
        },
        Attack("NUL byte in an attribute", line: 2, ["0x0"]) { s in
            utf8(declaration + "<\(s.root)><\(s.record) id=\"a") + [0x00] + utf8("\" destination=\"h\"/></\(s.root)>\n")
        },
        Attack("NUL byte in text", line: 2, ["0x0"]) { s in
            utf8(declaration + "<\(s.root)><\(s.record) id=\"a\" destination=\"h\"><category>a") + [0x00] + utf8("</category></\(s.record)></\(s.root)>\n")
        },
        Attack("control character in an attribute", line: 2, ["invalid character"]) { s in
            declaration + "<\(s.root)><\(s.record) id=\"a\u{01}\" destination=\"h\"/></\(s.root)>\n"
        },
        Attack("control character in text", line: 2, ["char value"]) { s in
            declaration + "<\(s.root)><\(s.record) id=\"a\" destination=\"h\"><category>\u{1B}[31m</category></\(s.record)></\(s.root)>\n"
        },
        Attack("character reference to NUL", line: 2, ["invalid xmlChar value 0"]) { s in
            declaration + "<\(s.root)><\(s.record) id=\"a&#0;\" destination=\"h\"/></\(s.root)>\n"
        },
        Attack("undefined entity", line: 2, ["not defined"]) { s in
            declaration + "<\(s.root)><\(s.record) id=\"&secret;\" destination=\"h\"/></\(s.root)>\n"
        },
        Attack("truncated document", line: 3, []) { s in
            declaration + "<\(s.root)>\n<\(s.record) id=\"a\" destination=\"h\""
        },
        // libxml2 2.9's push parser said "Extra content at the end of the document" here.
        Attack("truncated after a record", line: 3, ["Premature end of data in tag"]) { s in
            declaration + "<\(s.root)>\n<\(s.record) id=\"a\" destination=\"h\"/>\n"
        },
        Attack("two roots", line: 3, ["Extra content"]) { s in
            declaration + "<\(s.root)/>\n<\(s.root)/>\n"
        },
    ]

    static var cases: [(Attack, Reader)] {
        attacks.flatMap { attack in Reader.allCases.map { (attack, $0) } }
    }

    @Test(arguments: cases)
    func attackFailsFastWithItsLineAndFetchesNothing(_ attack: Attack, _ reader: Reader) throws {
        let temp = try TempFolder()
        let canary = try CanaryListener()
        let secret = "remit-canary-" + UUID().uuidString
        let secretPath = try temp.write("secret.txt", secret)
        let setting = Setting(root: reader.root, record: reader.record, secretPath: secretPath, canary: canary.url(""))
        let path = try temp.write(reader.source, bytes: attack.document(setting))

        var strings: [String] = []
        let (error, seconds) = timedError(InputError.self) { strings = try reader.read(path) }
        let failure = try #require(error, "\(attack.name): no error")
        #expect(failure.kind == .unreadable)
        #expect(failure.location.source == reader.source)
        #expect(failure.location.line == attack.line, "\(attack.name): \(failure)")
        #expect(attack.words.isEmpty || attack.words.contains { failure.reason.localizedCaseInsensitiveContains($0) }, "\(attack.name): \(failure)")
        #expect(failure.description.hasPrefix("\(reader.source):\(attack.line)"))
        #expect(seconds < cpuBound(1), "\(attack.name) took \(seconds) s")
        #expect(!failure.description.contains(secret))
        #expect(!strings.contains { $0.contains(secret) })
        #expect(canary.connections() == 0, "\(attack.name) opened a connection")
    }

    @Test(arguments: Reader.allCases)
    func xincludeIsNeverProcessed(_ reader: Reader) throws {
        let temp = try TempFolder()
        let canary = try CanaryListener()
        let secret = "remit-canary-" + UUID().uuidString
        let secretPath = try temp.write("secret.txt", secret)
        let include = "<xi:include href=\"file://\(secretPath)\" parse=\"text\"/><xi:include href=\"\(canary.url("/x.xml"))\"/>"
        let path = try temp.write(reader.source, """
            <?xml version="1.0"?>
            <\(reader.root) xmlns:xi="http://www.w3.org/2001/XInclude">\(include)
              <\(reader.record) id="a" destination="h" name="n">\(include)<service>\(include)</service></\(reader.record)>
            </\(reader.root)>
            """)
        switch reader {
        case .flows:
            let strings = try reader.read(path)
            #expect(strings.contains("a"))
            #expect(!strings.contains { $0.contains(secret) })
        case .catalog:
            // The include inside `<service>` makes it an element, not text: refused as such.
            do {
                _ = try reader.read(path)
                Issue.record("a <service> holding an element was read as text")
            } catch {
                #expect(error.reason == "expected a string, found an object", "\(error)")
                #expect(!error.description.contains(secret))
            }
        }
        #expect(canary.connections() == 0)
    }

    @Test(arguments: Reader.allCases)
    func utf8ByteOrderMarkIsRead(_ reader: Reader) throws {
        let temp = try TempFolder()
        let path = try temp.write(reader.source, bytes: [0xEF, 0xBB, 0xBF] + utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(reader.root)><\(reader.record) id=\"caf\u{E9}\" destination=\"h\"/></\(reader.root)>\n"))
        #expect(try reader.read(path).contains("caf\u{E9}"))
    }

    @Test(arguments: Reader.allCases, ["ISO-8859-1", "latin1", "windows-1252"])
    func singleByteEncodingsAreConvertedToUTF8(_ reader: Reader, _ encoding: String) throws {
        let temp = try TempFolder()
        let bytes = utf8("<?xml version=\"1.0\" encoding=\"\(encoding)\"?>\n<\(reader.root)><\(reader.record) id=\"caf") + [0xE9]
            + utf8("\" destination=\"h\"/></\(reader.root)>\n")
        let path = try temp.write(reader.source, bytes: bytes)
        #expect(try reader.read(path).contains("caf\u{E9}"))
    }
}
