import Foundation
import Testing

/// A page shows at most 2,000 characters of a value: a pasted megabyte in an instruction's
/// `ref`, shown with each of its customer's findings, made pages of hundreds of megabytes.
/// A link keeps its whole target; only the text shown is cut.
@Suite struct HostileLongValuesTests {
    @Test func aLongValueIsCutOnThePageButALinkKeepsItsTarget() throws {
        let folder = try JobFolder()
        try folder.writeJob()
        let ref = String(repeating: "R", count: 1 << 20)
        let uri = "https://contracts.example/dpa?" + String(repeating: "a", count: 2_500) + "&sig=END"
        try folder.write("register.yml", """
            customers:
              - id: cust-a
                instructions: [{ id: dpa, kind: dpa, ref: "\(ref)", uri: "\(uri)", effective: 2025-01-01 }]
                purposes: [service]
                data_categories: [user]
                subprocessors:
                  - { id: sp-x, instruction: dpa, purposes: [service], data_categories: [user] }
            """)
        try folder.write("catalog.json", """
            {"subprocessors": [{"id": "sp-x", "purposes": ["service"], "data_categories": ["user"], "endpoints": ["api.x.example"], "listed_since": "2024-01-01"}]}
            """)
        let flows = (0..<50).map { "{\"id\": \"f-\($0)\", \"customer\": \"cust-a\", \"subprocessor\": \"sp-x\", \"purpose\": \"marketing-\($0)\"}" }
        try folder.write("flows.ndjson", flows.joined(separator: "\n") + "\n")
        #expect(try folder.runJob().exitCode == 1)
        for page in ["out/report.html", "out/evidence/cust-a.html"] {
            let html = try String(decoding: folder.read(page), as: UTF8.self)
            #expect(html.utf8.count < 2_000_000, "\(page): \(html.utf8.count) bytes")
            #expect(html.contains(String(repeating: "R", count: 2_000) + "…[1046576 more characters]"), "\(page)")
            #expect(html.contains("href=\"\(uri.replacingOccurrences(of: "&", with: "&amp;"))\""), "\(page)")
        }
        // The machine outputs keep the value whole.
        let packet = try JSONSerialization.jsonObject(with: folder.read("out/evidence/cust-a.json")) as? [String: Any]
        let instruction = (packet?["instructions"] as? [[String: Any]])?.first
        #expect((instruction?["ref"] as? String)?.count == 1 << 20)
    }
}
