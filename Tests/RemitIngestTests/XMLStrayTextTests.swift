import Foundation
import RemitCore
@testable import RemitIngest
import Testing

/// Text where records or a record's fields stand is nobody's value: a flow file refuses it
/// (text between `<flow>` records is a rejected record of its own; a `<flow>` with text beside
/// its fields is rejected whole), a catalog fails on it. Only XML's white space is layout.
/// Both libxml2 readers say so in the same words at the same line, and show the text's start.
@Suite struct XMLStrayTextTests {
    static func between(_ excerpt: String) -> String {
        "text \"\(excerpt)\" directly under <flows>, outside any <flow>: only <flow> elements may stand there"
    }

    static func inside(_ excerpt: String) -> String {
        "text \"\(excerpt)\" directly inside <flow>, outside its fields: each field is an attribute or a child element"
    }

    static let document = """
        <flows xmlns="urn:remit:flows:1">  stray at the start
          <flow id="f-1" customer="cust-acme" destination="api.mailer.example"/>
          id=f-9 customer=cust-acme purpose=improve.ml_training
          <flow id="f-2" customer="cust-café" destination="events.café.example">
            purpose: improve.ml_training
            <category>user.contact.email</category>
          </flow>
          <!-- a comment is layout --> \u{A0}
          <flow id="f-3" customer="cust-acme" destination="api.mailer.example">\t
            <category>user.contact.email</category>
          </flow>
          <![CDATA[  ]]>
          <![CDATA[<flow id="f-cdata"/>]]>
          <flow id="f-4" customer="cust-acme"><destination>api.mailer.example</destination>x<!-- -->y</flow>

        trailing words
        </flows>
        """

    @Test(arguments: ["\n", "\r\n"])
    func textBetweenAndInsideRecordsIsRejectedWhereItStands(lineEnd: String) throws {
        let temp = try TempFolder()
        let path = try temp.write("flows.xml", Self.document.replacingOccurrences(of: "\n", with: lineEnd))
        let read = try XMLStrayElementTests.read(path)
        #expect(read.accepted == ["f-1", "f-3"])
        // Text between records stands at the line of its first character that is not white
        // space; text inside a record rejects it at the record's line.
        #expect(read.rejected == [
            "1: " + Self.between("stray at the start"),
            "3: " + Self.between("id=f-9 customer=cust-acme purpose=improv…"),
            "4: " + Self.inside("purpose: improve.ml_training"),
            "8: " + Self.between("\u{A0}"),
            "13: " + Self.between("<flow id=\"f-cdata\"/>"),
            "14: " + Self.inside("x"),
            "16: " + Self.between("trailing words"),
        ])
        #expect(read.stats.records == 9)
        #expect(read.stats.rejected == 7)
        let reference = try FastPathRun.reference(path, .xml)
        #expect(try FastPathRun.xml(path) == reference)
        #expect(reference.findings.contains { $0.contains("INVALID_RECORD") }, "\(reference.findings)")
        #expect(!reference.findings.contains { $0.contains("PURPOSE_NOT_AUTHORIZED") }, "\(reference.findings)")
    }

    /// The reason shows the text's first 40 characters, from its first kept 160 bytes (a cut
    /// character is dropped), white space as single spaces, "…" when more follows.
    @Test func longTextIsShownByItsStart() throws {
        let temp = try TempFolder()
        let path = try temp.write("flows.xml", """
            <flows>
            \(String(repeating: "é", count: 200))
            <flow id="f-1" customer="cust-acme" destination="api.mailer.example">a\(String(repeating: "é", count: 100))</flow>
            <flow id="f-2" customer="cust-acme" destination="api.mailer.example">\(String(repeating: "ab\n ", count: 50))</flow>
            <flow id="f-3" customer="cust-acme" destination="api.mailer.example">\(String(repeating: "x", count: 160))\(String(repeating: " ", count: 5000))</flow>
            <flow id="f-4" customer="cust-acme" destination="api.mailer.example">\(String(repeating: "x", count: 160)) \(String(repeating: " ", count: 5000))y</flow>
            </flows>
            """)
        let read = try XMLStrayElementTests.read(path)
        #expect(read.rejected.map { $0.drop { $0 != " " }.dropFirst() } == [
            Self.between(String(repeating: "é", count: 40) + "…"),
            Self.inside("a" + String(repeating: "é", count: 39) + "…"),
            Self.inside(String(repeating: "ab ", count: 13) + "a…"),
            Self.inside(String(repeating: "x", count: 40) + "…"),
            Self.inside(String(repeating: "x", count: 40) + "…"),
        ].map { Substring($0) })
        #expect(XMLStray.excerpt(of: "  \n" + String(repeating: "x", count: 40) + " \n") == String(repeating: "x", count: 40))
        #expect(XMLStray.excerpt(of: "é" + String(repeating: "x", count: 158) + "é") == "é" + String(repeating: "x", count: 39) + "…")
        let reference = try FastPathRun.reference(path, .xml)
        #expect(try FastPathRun.xml(path) == reference)
    }

    /// Text strays among more records than one batch of the SAX reader holds, one where a
    /// batch is handed over: the same records, rejections and findings as the reference.
    @Test func textAcrossBatchesMatchesTheReference() throws {
        let temp = try TempFolder()
        var xml = "<flows xmlns=\"urn:remit:flows:1\">\n"
        let total = XMLFlowTally.batchRecords * 2 + 7
        for index in 0..<total {
            let destination = index % 3 == 0 ? "events.café.example" : "api.mailer.example"
            let record = "<flow id=\"f-\(index)\" customer=\"cust-\(index % 2 == 0 ? "acme" : "café")\" destination=\"\(destination)\"/>\n"
            if index % 997 == 0 || index == XMLFlowTally.batchRecords - 1 {
                xml += "between \(index)\n"
            } else if index % 1009 == 0 || index == XMLFlowTally.batchRecords {
                xml += record.replacingOccurrences(of: "/>", with: ">inside \(index)</flow>")
            } else {
                xml += record
            }
        }
        xml += "</flows>\n"
        let path = try temp.write("flows.xml", xml)
        let read = try XMLStrayElementTests.read(path)
        let between = (0..<total).filter { $0 % 997 == 0 || $0 == XMLFlowTally.batchRecords - 1 }.count
        let inside = (0..<total).filter { !($0 % 997 == 0 || $0 == XMLFlowTally.batchRecords - 1) && ($0 % 1009 == 0 || $0 == XMLFlowTally.batchRecords) }.count
        #expect(read.stats.records == total)
        #expect(read.stats.rejected == between + inside)
        #expect(read.rejected.contains("\(XMLFlowTally.batchRecords + 2): " + Self.inside("inside \(XMLFlowTally.batchRecords)")))
        let reference = try FastPathRun.reference(path, .xml)
        #expect(try FastPathRun.xml(path) == reference)
    }

    /// libxml2 hands a text over in pieces cut where its input buffer ends, and the two
    /// readers' buffers end in different places: a text's line is worked out from the piece
    /// that holds its first character, so it is the same on both, wherever the cuts fall.
    @Test func aTextsLineDoesNotDependOnWhereBuffersEnd() throws {
        let temp = try TempFolder()
        let record = "<flow id=\"f\" customer=\"cust-acme\" destination=\"api.mailer.example\"/>\n"
        let records = 70_000 / record.utf8.count + 1
        for (blank, lineEnd) in [(String(repeating: "\n", count: 2_000), "\n"), (String(repeating: " \r\n", count: 3_000), "\r\n"),
                                 (String(repeating: " ", count: 70_000), "\n")] {
            let xml = "<flows>\n" + String(repeating: record, count: records) + blank + "abc" + lineEnd + String(repeating: "x", count: 9_000)
                + lineEnd + record + "</flows>\n"
            let path = try temp.write("flows.xml", xml)
            let line = 2 + records + blank.filter { $0 == "\n" || $0 == "\r\n" }.count
            let read = try XMLStrayElementTests.read(path)
            #expect(read.rejected == ["\(line): " + Self.between("abc " + String(repeating: "x", count: 36) + "…")])
            #expect(try FastPathRun.xml(path) == FastPathRun.reference(path, .xml))
        }
    }

    /// A CDATA section's content is text like any other: its line is that of its first
    /// character that is not white space (libxml2's push parser hands it over before counting
    /// its lines, its pull parser after), and its line ends are line feeds on both readers.
    @Test func cdataTextStandsWhereItsFirstCharacterDoes() throws {
        let temp = try TempFolder()
        for (body, line, excerpt) in [
            ("\n<![CDATA[\n  x\n\n\n]]>\n", 3, "x"),
            ("\n<![CDATA[x" + String(repeating: "\n", count: 400) + "]]>\n", 2, "x"),
            ("<![CDATA[x\n]]>y", 1, "x y"),
            ("\r\n<![CDATA[\r\n\r\n  x\r\ny]]>\r\n", 4, "x y"),
            (String(repeating: "\n", count: 3) + "<![CDATA[" + String(repeating: " ", count: 700) + "\n\nz]]>", 6, "z"),
        ] {
            let path = try temp.write("flows.xml", "<flows>" + body + "<flow id=\"f\" customer=\"cust-acme\" destination=\"api.mailer.example\"/></flows>\n")
            let read = try XMLStrayElementTests.read(path)
            #expect(read.rejected == ["\(line): " + Self.between(excerpt)], "\(body.debugDescription)")
            #expect(try FastPathRun.xml(path) == FastPathRun.reference(path, .xml), "\(body.debugDescription)")
        }
        let path = try temp.write("text.xml", "<r><![CDATA[a\r\nb\rc]]></r>")
        let stream = try XMLStream(path: path, source: "text.xml")
        _ = try stream.next()
        guard case .text(let text) = try stream.next() else { Issue.record("no text"); return }
        #expect(text == "a\nb\nc")
    }

    @Test func textInACatalogIsAnErrorWithItsLine() throws {
        let temp = try TempFolder()
        for (body, line, reason) in [
            ("<subprocessor id=\"sp-a\" name=\"A\"/>\n  sp-b B\n", 3,
             "text \"sp-b B\" directly under <subprocessors>, outside any <subprocessor>: only <subprocessor> elements may stand there"),
            ("<subprocessor id=\"sp-a\" name=\"A\">\n  region EU\n  <region>DE</region>\n</subprocessor>\n", 2,
             "text \"region EU\" directly inside <subprocessor>, outside its fields: each field is an attribute or a child element"),
        ] {
            let path = try temp.write("catalog.xml", "<subprocessors xmlns=\"urn:remit:catalog:1\">\n" + body + "</subprocessors>\n")
            guard let error = catalogXMLError(path) else { continue }
            #expect(error.location.line == line, "\(error)")
            #expect(error.reason == reason)
        }
    }
}
