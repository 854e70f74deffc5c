import Foundation
import Testing

/// An XML export may carry another vocabulary beside remit's (`xmlns:ext=…`). Its attributes
/// and elements are not remit's: `ext:customer` does not replace `customer`, `<ext:category>`
/// adds no data category, `<ext:flow>` is no flow. `remit run` ignores them, and `remit check`
/// lists them: inside a record as unknown keys, by namespace URI and local name; where records
/// stand, counted as not flows.
@Suite struct HostileXMLNamesTests {
    @Test func anotherVocabularyNeverStandsInForRemitsOwnNames() throws {
        let folder = try JobFolder()
        try folder.writeOneCustomer()
        try folder.writeJob(flows: "flows.xml")
        try folder.write("flows.xml", """
            <flows xmlns="urn:remit:flows:1" xmlns:ext="urn:example:ext">
              <flow id="f-1" ts="2026-11-20T10:00:00Z" customer="cust-a" ext:customer="cust-nobody" subprocessor="sp-x"
                    purpose="service" ext:purpose="sell.data">
                <category>user.contact.email</category>
                <ext:category>user.health</ext:category>
              </flow>
              <ext:flow id="f-2" ts="2026-11-20T10:00:00Z" customer="cust-ghost" subprocessor="sp-x" purpose="service"/>
            </flows>
            """)
        let run = try folder.runJob()
        #expect(run.exitCode == 0, "\(run.stderr)")
        let findings = String(decoding: try folder.read("out/findings.json"), as: UTF8.self)
        for planted in ["cust-nobody", "cust-ghost", "sell.data", "user.health"] {
            #expect(!findings.contains(planted), "\(planted) was read as remit's own: \(findings)")
        }
        #expect(findings.contains(#""records": 1,"#) && findings.contains(#""rejected": 0,"#), "\(findings)")
        #expect(!findings.contains(#""kind": "INVALID_RECORD""#), "\(findings)")

        let check = try folder.run(["check", "--config", "remit.yml"])
        #expect(check.exitCode == 0, "\(check.stdout)")
        #expect(check.stdout.contains("ok: flows flows.xml (remit-xml, 1 record, 0 rejected, 1 not a flow)"), "\(check.stdout)")
        for key in ["{urn:example:ext}customer", "{urn:example:ext}purpose", "{urn:example:ext}category"] {
            #expect(check.stdout.contains("  warning: unknown key `\(key)` in 1 record (first at flows.xml:"), "\(check.stdout)")
        }
    }
}
