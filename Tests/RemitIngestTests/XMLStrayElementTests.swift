import RemitCore
@testable import RemitIngest
import Testing

/// Nothing in an XML flow file goes unseen: an element of remit's vocabulary where records
/// stand that is not a `<flow>` (a misspelt `<flw>`) is a rejected record, as a JSON list item
/// that is not an object is; one of another vocabulary (`<ext:flow>`, `<ds:Signature>`) is
/// counted as not a flow, as an unknown key is listed; a field element that holds elements
/// instead of text is a field of the wrong type. Both libxml2 readers, `remit check`'s and
/// `remit run`'s, say so in the same words at the same line.
@Suite struct XMLStrayElementTests {
    /// Every rejection the reference reader gives, as `line: reason`, and the ids it accepts.
    static func read(_ path: String) throws -> (rejected: [String], accepted: [String], stats: FlowReadStats) {
        var rejected: [String] = []
        var accepted: [String] = []
        let stats = try FlowReader.read(path: path, source: "flows.xml", format: .xml) { outcome in
            switch outcome {
            case .record(let flow): accepted.append(flow.id ?? "?")
            case .rejected(let record): rejected.append("\(record.location.line): \(record.reason)")
            }
        }
        return (rejected, accepted, stats)
    }

    @Test func anElementThatIsNotARecordIsRejectedWhereItStands() throws {
        let temp = try TempFolder()
        let path = try temp.write("flows.xml", """
            <flows xmlns="urn:remit:flows:1" xmlns:ext="urn:example:ext">
              <flow id="f-1" customer="cust-acme" destination="api.mailer.example"/>
              <flw id="f-typo" customer="cust-acme" destination="events.café.example" purpose="improve.analytics"/>
              <ext:flow id="f-ghost" customer="cust-café" destination="events.café.example"><category>user</category></ext:flow>
              <Flow id="f-case" customer="cust-café" destination="events.café.example"/>
              <flow id="f-2" customer="cust-café" destination="events.café.example">
                <destination-note><b>kept aside</b></destination-note>
              </flow>
            </flows>
            """)
        let read = try Self.read(path)
        #expect(read.accepted == ["f-1", "f-2"])
        #expect(read.rejected == [
            "3: <flw> is not a <flow>: only <flow> elements may stand directly under <flows>",
            "5: <Flow> is not a <flow>: only <flow> elements may stand directly under <flows>",
        ])
        #expect(read.stats.records == 4)
        #expect(read.stats.rejected == 2)
        #expect(read.stats.skipped == 1)
        let reference = try FastPathRun.reference(path, .xml)
        #expect(try FastPathRun.xml(path) == reference)
        #expect(try Self.fastSkipped(path) == 1)
        #expect(reference.findings.contains { $0.contains("INVALID_RECORD") }, "\(reference.findings)")
    }

    static func fastSkipped(_ path: String) throws -> Int {
        try XMLFlowTally.read(path: path, source: "flows", context: FastPathRun.context, expansion: nil).1.skipped
    }

    /// A stray with a long name is reported by its first 64 characters on both paths; the SAX
    /// reader keeps only the name's first kilobyte for each (a namespace name is at most one).
    @Test func aStrayWithALongNameIsReportedByItsStart() throws {
        let temp = try TempFolder()
        let uri = "urn:" + String(repeating: "x", count: 1_000)
        var xml = "<flows xmlns:big=\"\(uri)\">\n"
        xml += "<flow id=\"f-1\" customer=\"cust-acme\" destination=\"api.mailer.example\"/>\n"
        for _ in 0..<3 { xml += "<big:x/>\n<" + String(repeating: "ü", count: 3_000) + "/>\n" }
        xml += "</flows>\n"
        let path = try temp.write("flows.xml", xml)
        let read = try Self.read(path)
        #expect(read.stats.skipped == 3)
        #expect(read.rejected.count == 3)
        #expect(read.rejected.first == "4: <" + String(repeating: "ü", count: 64) + "…> is not a <flow>: only <flow> elements may stand directly under <flows>")
        let reference = try FastPathRun.reference(path, .xml)
        #expect(try FastPathRun.xml(path) == reference)
        #expect(try Self.fastSkipped(path) == 3)
    }

    /// A field's element that holds an element is not text: a field that takes text refuses it
    /// (its text would otherwise be read without the nested part, or with it, silently).
    @Test func aFieldThatHoldsElementsIsAFieldOfTheWrongType() throws {
        let temp = try TempFolder()
        let path = try temp.write("flows.xml", """
            <flows xmlns="urn:remit:flows:1">
              <flow id="f-1" customer="cust-acme">
                <destination>api.<b>evil</b>.mailer.example</destination>
              </flow>
              <flow id="f-2" customer="cust-acme" destination="api.mailer.example">
                <category>user.contact.email</category>
                <category><em>user.health</em></category>
              </flow>
              <flow id="f-3" customer="cust-acme" destination="api.mailer.example">
                <purpose>service<!-- a comment is no element -->.delivery</purpose>
                <ext-note><detail>unknown fields may hold anything</detail></ext-note>
              </flow>
            </flows>
            """)
        let read = try Self.read(path)
        #expect(read.accepted == ["f-3"])
        #expect(read.rejected == [
            "3: `destination` must be a string, found an object",
            "6: `data_categories` must be a list of strings, found an object in it",
        ])
        let reference = try FastPathRun.reference(path, .xml)
        #expect(reference.rejected == 2)
        #expect(try FastPathRun.xml(path) == reference)
        #expect(!reference.findings.contains { $0.contains("user.health") || $0.contains("evil") }, "\(reference.findings)")
    }

    /// Strays among more records than one batch of the SAX reader holds, one of them where a
    /// batch is handed over: the same records, rejections and findings as the reference.
    @Test func straysAcrossBatchesMatchTheReference() throws {
        let temp = try TempFolder()
        var xml = "<flows xmlns=\"urn:remit:flows:1\">\n"
        let total = XMLFlowTally.batchRecords * 2 + 7
        for index in 0..<total {
            if index % 997 == 0 || index == XMLFlowTally.batchRecords - 1 {
                xml += "<note n=\"\(index)\">between records</note>\n"
            } else if index % 1009 == 0 || index == XMLFlowTally.batchRecords {
                xml += "<x:meta xmlns:x=\"urn:example:x\">skipped</x:meta>\n"
            } else {
                let destination = index % 3 == 0 ? "events.café.example" : "api.mailer.example"
                xml += "<flow id=\"f-\(index)\" customer=\"cust-\(index % 2 == 0 ? "acme" : "café")\" destination=\"\(destination)\"/>\n"
            }
        }
        xml += "</flows>\n"
        let path = try temp.write("flows.xml", xml)
        let read = try Self.read(path)
        let strays = (0..<total).filter { $0 % 997 == 0 || $0 == XMLFlowTally.batchRecords - 1 }.count
        let foreign = (0..<total).filter { !($0 % 997 == 0 || $0 == XMLFlowTally.batchRecords - 1) && ($0 % 1009 == 0 || $0 == XMLFlowTally.batchRecords) }.count
        #expect(read.stats.records == total - foreign)
        #expect(read.stats.rejected == strays)
        #expect(read.stats.skipped == foreign)
        #expect(try Self.fastSkipped(path) == foreign)
        #expect(read.rejected.first == "2: <note> is not a <flow>: only <flow> elements may stand directly under <flows>")
        let reference = try FastPathRun.reference(path, .xml)
        #expect(try FastPathRun.xml(path) == reference)
    }

    @Test func aCatalogElementThatIsNotASubprocessorIsAnErrorWithItsLine() throws {
        let temp = try TempFolder()
        let path = try temp.write("catalog.xml", """
            <subprocessors xmlns="urn:remit:catalog:1" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
              <subprocessor id="sp-a" name="A"/>
              <ds:Signature><ds:SignedInfo/></ds:Signature>
              <subprocesor id="sp-b" name="B"/>
            </subprocessors>
            """)
        let error = try #require(catalogXMLError(path))
        #expect(error.location.line == 4, "\(error)")
        #expect(error.reason == "<subprocesor> is not a <subprocessor>: only <subprocessor> elements may stand directly under <subprocessors>")
    }

    /// Another vocabulary's element among a catalog's entries (a vendor's XML signature) is
    /// listed and ignored, as an unknown key is: it does not stop the run.
    @Test func aCatalogElementOfAnotherVocabularyIsListedAndIgnored() throws {
        let temp = try TempFolder()
        let path = try temp.write("catalog.xml", """
            <subprocessors xmlns="urn:remit:catalog:1" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
              <subprocessor id="sp-a" name="A"/>
              <ds:Signature><ds:SignedInfo/></ds:Signature>
            </subprocessors>
            """)
        let (descriptions, diagnostics) = try CatalogLoader.decodeXML(path: path, source: "catalog.xml", subprocessor: nil)
        #expect(descriptions.map(\.id) == ["sp-a"])
        #expect(diagnostics.map(\.description) == ["catalog.xml:3: warning: element `{http://www.w3.org/2000/09/xmldsig#}Signature` is not a <subprocessor> (ignored)"])
    }
}
