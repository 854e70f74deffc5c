import Foundation
import Testing

/// Taxonomy keys from registers and vendor descriptions are untrusted text. A customer's
/// limit spelled with a Kelvin sign (canonically the letter "K") and a described key that
/// starts with the letter's spelling and is exactly as long in bytes made the standing checks
/// read past the described key's last byte: the run died on a trap. Now the run ends
/// normally: the key below the limit is covered (canonically equivalent spellings are one
/// key), a key with a longer segment is not, and is reported.
@Suite struct HostileKeySpellingTests {
    @Test func aKeySpelledCanonicallyLikeItsAncestorIsReportedNotFatal() throws {
        let folder = try JobFolder()
        try folder.writeJob()
        try folder.write("register.yml", """
            customers:
              - id: cust-k
                instructions: [{ id: dpa, kind: dpa, ref: "DPA v1", effective: 2025-01-01 }]
                purposes: ["improve.\u{212A}"]
                general_authorization: { instruction: dpa, notice_days: 0 }
            """)
        try folder.write("catalog.json", """
            {"subprocessors": [{"id": "sp-k", "purposes": ["improve.K.x", "improve.Kab.c"], "data_categories": ["user.contact"],
              "regions": ["IE"], "endpoints": ["api.k.example"], "listed_since": "2024-01-01"}]}
            """)
        try folder.write("flows.ndjson", "")
        let result = try folder.runJob()
        // Its findings are below the default fail_on (high): a finished run exits 0.
        #expect(result.exitCode == 0, "\(result.stderr)")
        let exceeded = try folder.findings().findingList.filter {
            $0["kind"] as? String == "DESCRIPTION_EXCEEDS_AUTHORIZATION" && $0["subprocessor"] as? String == "sp-k"
                && $0["dimension"] as? String == "purpose"
        }
        #expect(exceeded.map { Array(($0["value"] as? String ?? "").utf8) } == [Array("improve.Kab.c".utf8)])
    }

    /// Two customers spell the same limit differently (composed and decomposed "é"): each
    /// customer's evidence shows its own spelling, whichever packet was written first, from a
    /// YAML register and from a JSON one (whose reader shares repeated strings).
    @Test(arguments: ["yml", "json"])
    func eachPacketKeepsItsCustomersSpelling(registerFormat: String) throws {
        let folder = try JobFolder()
        try folder.writeJob(register: "register.\(registerFormat)")
        func customer(_ id: String, _ category: String) -> String {
            """
              - id: \(id)
                instructions: [{ id: dpa, kind: dpa, ref: "DPA v1", effective: 2025-01-01 }]
                purposes: [service]
                data_categories: ["\(category)"]
                general_authorization: { instruction: dpa, notice_days: 0 }

            """
        }
        // Over 15 bytes: the JSON reader shares such strings.
        let composed = "user.donn\u{E9}es.sant\u{E9}", decomposed = "user.donne\u{301}es.sante\u{301}"
        if registerFormat == "yml" {
            try folder.write("register.yml", "customers:\n" + customer("cust-a", composed) + customer("cust-b", decomposed))
        } else {
            let entries = [("cust-a", composed), ("cust-b", decomposed)].map { id, category in
                #"{"id": "\#(id)", "instructions": [{"id": "dpa", "kind": "dpa", "ref": "DPA v1", "effective": "2025-01-01"}], "#
                    + #""purposes": ["service"], "data_categories": ["\#(category)"], "#
                    + #""general_authorization": {"instruction": "dpa", "notice_days": 0}}"#
            }
            try folder.write("register.json", #"{"customers": ["# + entries.joined(separator: ", ") + "]}")
        }
        try folder.write("catalog.json", """
            {"subprocessors": [{"id": "sp-x", "purposes": ["service"], "data_categories": ["user"],
              "regions": ["IE"], "endpoints": ["api.x.example"], "listed_since": "2024-01-01"}]}
            """)
        try folder.write("flows.ndjson", "")
        let result = try folder.runJob()
        #expect(result.exitCode <= 1, "\(result.stderr)")
        for (id, spelling) in [("cust-a", composed), ("cust-b", decomposed)] {
            let packet = try JSONSerialization.jsonObject(with: folder.read("out/evidence/\(id).json")) as? [String: Any] ?? [:]
            let authorized = packet["authorized"] as? [[String: Any]] ?? []
            let categories = authorized.first?["data_categories"] as? [String] ?? []
            #expect(categories.map { Array($0.utf8) } == [Array(spelling.utf8)], "\(id)")
        }
    }
}
