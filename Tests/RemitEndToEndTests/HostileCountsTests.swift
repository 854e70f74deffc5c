import Foundation
import Testing

/// `count`, `records` and `bytes` come from flow files: sums past 2⁶³−1 stay at 2⁶³−1
/// instead of stopping the run, on every path (NDJSON on several threads, XML, a JSON array).
@Suite struct HostileCountsTests {
    static let max = "9223372036854775807"

    @Test(arguments: ["flows.ndjson", "flows.xml", "flows.json"])
    func sumsPastTheLargestIntegerStayAtIt(_ file: String) throws {
        let folder = try JobFolder()
        try folder.writeOneCustomer()
        try folder.writeJob(flows: file)
        // An approved pair (observed processing sums records and bytes) and an unknown
        // customer (a finding sums counts), each seen three times.
        let records = (0..<3).flatMap { n in [
            ["id": "ok-\(n)", "customer": "cust-a", "subprocessor": "sp-x", "purpose": "service", "records": Self.max, "bytes": Self.max],
            ["id": "who-\(n)", "customer": "cust-nobody", "subprocessor": "sp-x", "count": Self.max],
        ] }
        switch file {
        case "flows.ndjson", "flows.json":
            let lines = records.map { record in
                "{" + record.sorted { $0.key < $1.key }.map { key, value in
                    ["records", "bytes", "count"].contains(key) ? "\"\(key)\": \(value)" : "\"\(key)\": \"\(value)\""
                }.joined(separator: ", ") + "}"
            }
            try folder.write(file, file.hasSuffix(".ndjson") ? lines.joined(separator: "\n") + "\n" : "[\n" + lines.joined(separator: ",\n") + "\n]\n")
        default:
            let elements = records.map { record in
                "  <flow " + record.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: " ") + "/>"
            }
            try folder.write(file, "<flows xmlns=\"urn:remit:flows:1\">\n" + elements.joined(separator: "\n") + "\n</flows>\n")
        }
        let result = try folder.runJob(["--formats", "json"])
        #expect([0, 1].contains(result.exitCode), "\(result.stderr)")
        let unknown = try #require(try folder.findings().finding("UNKNOWN_CUSTOMER", customer: "cust-nobody", subprocessor: "sp-x", value: "cust-nobody"))
        #expect((unknown["flows"] as? NSNumber)?.int64Value == Int64.max, "\(unknown)")
        let packet = try JSONSerialization.jsonObject(with: folder.read("out/evidence/cust-a.json")) as? [String: Any]
        let observed = try #require((packet?["observed"] as? [[String: Any]])?.first)
        #expect((observed["records"] as? NSNumber)?.int64Value == Int64.max, "\(observed)")
        #expect((observed["bytes"] as? NSNumber)?.int64Value == Int64.max, "\(observed)")
        #expect((observed["flows"] as? NSNumber)?.int64Value == 3, "\(observed)")
    }

    /// A finding made only of `count: 0` rows is still a finding of flows: the HTML shows its
    /// 0 flows, records and bytes and its sample, not "found in the documents".
    @Test func aFindingOfZeroFlowsIsStillOneOfFlows() throws {
        let folder = try JobFolder()
        try folder.writeOneCustomer()
        try folder.writeJob()
        try folder.write("flows.ndjson", """
            {"id": "z-1", "customer": "cust-a", "subprocessor": "sp-x", "purpose": "marketing", "count": 0, "records": 0, "bytes": 0}

            """)
        #expect(try folder.runJob(["--formats", "html,json"]).exitCode == 1)
        let purpose = try #require(try folder.findings().finding("PURPOSE_NOT_AUTHORIZED", customer: "cust-a", subprocessor: "sp-x", value: "marketing"))
        #expect((purpose["flows"] as? NSNumber)?.int64Value == 0, "\(purpose)")
        for page in ["out/report.html", "out/evidence/cust-a.html"] {
            let html = try String(decoding: folder.read(page), as: UTF8.self)
            // The finding's card: from its kind to the end of its article.
            let start = try #require(html.range(of: "<article class=\"card finding")?.lowerBound)
            let end = try #require(html.range(of: "</article>", range: start..<html.endIndex)?.lowerBound)
            let card = String(html[start..<end])
            #expect(card.contains("PURPOSE_NOT_AUTHORIZED"), "\(page): \(card)")
            #expect(card.contains("0 flows · 0 records · 0 bytes"), "\(page): \(card)")
            #expect(!card.contains("found in the documents"), "\(page): \(card)")
        }
    }
}
