import RemitCore
@testable import RemitIngest
import Testing

/// An attribute or element of another vocabulary (`ext:customer`, `<ext:category>`, a
/// `<category xmlns="urn:other">`) is never taken for the document's own: both libxml2
/// readers name it `{uri}local`, so it is an unknown key, listed and ignored.
@Suite struct XMLNamespaceTests {
    static let flows = """
        <?xml version="1.0" encoding="UTF-8"?>
        <flows xmlns="urn:remit:flows:1" xmlns:ext="urn:example:ext" xmlns:r="urn:remit:flows:1">
          <flow id="f-1" customer="cust-acme" ext:customer="cust-café" destination="api.mailer.example" purpose="service.delivery">
            <category>user.contact.email</category>
            <ext:category>user.health</ext:category>
            <category xmlns="urn:example:ext">user.biometric</category>
          </flow>
          <ext:flow id="f-ghost" customer="cust-café" destination="events.café.example" purpose="improve.analytics"/>
          <flow xmlns="" id="f-plain" customer="cust-café" destination="events.café.example"/>
          <flow id="f-2" ext:customer="cust-café" destination="api.mailer.example"/>
          <flow id="f-3" r:customer="cust-café" destination="api.mailer.example"/>
          <flow id="f-4" customer="cust-café" destination="events.café.example" ext:purpose="a" purpose="improve.analytics"
                ext:count="x"><ext:count>y</ext:count></flow>
        </flows>
        """

    /// Every record the reference reader (`remit check`'s) gives, in file order.
    static func records(_ path: String) throws -> [FlowRecord] {
        var records: [FlowRecord] = []
        _ = try FlowReader.read(path: path, source: "flows.xml", format: .xml) { outcome in
            if case .record(let flow) = outcome { records.append(flow) }
        }
        return records
    }

    @Test func foreignAttributesAndElementsAreNotTheFlowsOwn() throws {
        let temp = try TempFolder()
        let path = try temp.write("flows.xml", Self.flows)
        let records = try Self.records(path)
        // An element in no namespace is the document's own (SPEC: the namespace may be absent).
        #expect(records.map(\.id) == ["f-1", "f-plain", "f-2", "f-3", "f-4"])
        #expect(records.map(\.customer) == ["cust-acme", "cust-café", nil, nil, "cust-café"])
        #expect(records[0].dataCategories == ["user.contact.email"])
        #expect(Set(records[0].unknownKeys) == ["{urn:example:ext}category", "{urn:example:ext}customer"])
        #expect(records[3].unknownKeys == ["{urn:remit:flows:1}customer"])
        #expect(records[4].purpose == "improve.analytics")
        #expect(records[4].count == 1)
        // `remit run`'s SAX path reconciles exactly what the reference path does.
        let reference = try FastPathRun.reference(path, .xml)
        #expect(reference.records == 5)
        #expect(reference.rejected == 0)
        #expect(try FastPathRun.xml(path) == reference)
        #expect(!reference.findings.contains { $0.contains("user.health") || $0.contains("user.biometric") })
    }

    @Test func inADocumentWithoutANamespaceEveryNamespacedNameIsForeign() throws {
        let temp = try TempFolder()
        let path = try temp.write("flows.xml", """
            <flows xmlns:ext="urn:example:ext">
              <flow id="f-1" customer="cust-acme" ext:customer="cust-café" destination="api.mailer.example">
                <category>user.contact.email</category><ext:category>user.health</ext:category>
              </flow>
              <flow xmlns="urn:remit:flows:1" id="f-ghost" customer="cust-café" destination="events.café.example"/>
            </flows>
            """)
        let records = try Self.records(path)
        #expect(records.map(\.id) == ["f-1"])
        #expect(records.first?.customer == "cust-acme")
        #expect(records.first?.dataCategories == ["user.contact.email"])
        let reference = try FastPathRun.reference(path, .xml)
        #expect(reference.records == 1)
        #expect(reference.rejected == 0)
        #expect(try FastPathRun.xml(path) == reference)
    }

    /// A root in remit's namespace by a prefix, with records in no namespace, is read as the
    /// same document unprefixed, on both paths.
    @Test func aPrefixedRootWithPlainRecordsIsRead() throws {
        let temp = try TempFolder()
        let path = try temp.write("flows.xml", """
            <r:flows xmlns:r="urn:remit:flows:1">
              <flow id="f-1" customer="cust-acme" destination="api.mailer.example"><category>user.contact.email</category></flow>
              <r:flow id="f-2" customer="cust-acme" destination="api.mailer.example"/>
            </r:flows>
            """)
        #expect(try Self.records(path).map(\.id) == ["f-1", "f-2"])
        let reference = try FastPathRun.reference(path, .xml)
        #expect(reference.records == 2)
        #expect(try FastPathRun.xml(path) == reference)
    }

    @Test func aCatalogEntryTakesOnlyItsOwnNames() throws {
        let temp = try TempFolder()
        let path = try temp.write("catalog.xml", """
            <subprocessors xmlns="urn:remit:catalog:1" xmlns:ext="urn:example:ext">
              <subprocessor id="sp-a" ext:id="sp-evil" name="A" ext:name="Evil">
                <region>IE</region><ext:region>US</ext:region><purpose xmlns="urn:example:ext">improve</purpose>
              </subprocessor>
              <ext:subprocessor id="sp-ghost"/>
            </subprocessors>
            """)
        let (descriptions, diagnostics) = try CatalogLoader.decodeXML(path: path, source: "catalog.xml", subprocessor: nil)
        #expect(descriptions.map(\.id) == ["sp-a"])
        #expect(descriptions.first?.name == "A")
        #expect(descriptions.first?.regions == ["IE"])
        #expect(descriptions.first?.purposes == [])
        let messages = diagnostics.map(\.message).joined(separator: "\n")
        for key in ["{urn:example:ext}id", "{urn:example:ext}region", "{urn:example:ext}purpose", "element `{urn:example:ext}subprocessor`"] {
            #expect(messages.contains(key), "\(messages)")
        }
    }

    /// A catalog entry that gives a field twice is an error naming the line, as a repeated
    /// key in JSON or YAML is.
    @Test func aCatalogFieldGivenTwiceIsRefused() throws {
        let temp = try TempFolder()
        for (name, entry) in [("attribute and child", "<subprocessor id=\"sp-a\" service=\"Mail\">\n<service>Other</service></subprocessor>"),
                              ("two children", "<subprocessor id=\"sp-a\">\n<service>Mail</service><service>Other</service></subprocessor>")] {
            let path = try temp.write("catalog.xml", "<subprocessors xmlns=\"urn:remit:catalog:1\">\n\(entry)\n</subprocessors>")
            guard let error = catalogXMLError(path) else { continue }
            #expect(error.reason.contains("`service` is given more than once"), "\(name): \(error)")
            #expect(error.location.line == 3, "\(name): \(error)")
        }
    }

    @Test func aCycloneDXServiceTakesOnlyCycloneDXElements() throws {
        let temp = try TempFolder()
        let path = try temp.write("bom.xml", """
            <bom xmlns="http://cyclonedx.org/schema/bom/1.5" xmlns:ext="urn:example:ext" version="1">
              <services>
                <ext:service bom-ref="ghost"><name>Ghost</name></ext:service>
                <service xmlns="" bom-ref="plain"><name>Plain</name></service>
                <service bom-ref="svc" ext:bom-ref="evil">
                  <ext:name>Evil</ext:name>
                  <name xmlns="">Plain</name>
                  <name>Mailer</name>
                  <endpoints><ext:endpoint>https://evil.example</ext:endpoint><endpoint>https://api.mailer.example</endpoint></endpoints>
                  <data><ext:classification flow="outbound">PHI</ext:classification><classification flow="outbound">PII</classification></data>
                </service>
              </services>
            </bom>
            """)
        let bom = try CycloneDXXMLReader.read(path: path, source: "bom.xml")
        #expect(bom.services.map(\.bomRef) == ["svc"])
        #expect(bom.services.first?.name == "Mailer")
        #expect(bom.services.first?.endpoints == ["https://api.mailer.example"])
        #expect(bom.services.first?.data.map(\.classification) == ["PII"])
    }
}
