import Foundation
import Testing

/// NDJSON flows read by several threads (issue #7) give the same findings.json, byte for
/// byte, as one thread.
@Suite struct ParallelRunTests {
    @Test func severalThreadsWriteTheSameFindingsAsOne() throws {
        let folder = try JobFolder()
        try SmallJob.write(to: folder)
        // Over 4 MiB, so the file is cut into several chunks.
        var lines: [String] = []
        let base = SmallJob.flows.split(separator: "\n").map(String.init)
        for n in 0..<24_000 {
            let line = base[n % base.count]
            lines.append(line.replacingOccurrences(of: "\"id\": \"", with: "\"id\": \"\(n)-")
                + String(repeating: " ", count: 120))
        }
        try folder.write("flows.ndjson", lines.joined(separator: "\n") + "\n")
        var outputs: [Data] = []
        for threads in ["1", "2", "3"] {
            let result = try RemitBinary.run(["run", "--config", "remit.yml", "--as-of", "2026-11-28T00:00:00Z", "--output", "out-\(threads)",
                                              "--formats", "json"], in: folder.url, environment: ["REMIT_THREADS": threads])
            #expect(result.exitCode == 1, "\(result.stderr)")
            outputs.append(try folder.read("out-\(threads)/findings.json"))
        }
        #expect(outputs[0].count > 1000)
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
    }

    /// Two canonically equivalent spellings of a customer id, a purpose and a region, the
    /// decomposed one in the second 1 MiB chunk and the composed one in the third: whatever
    /// the number of threads, every output shows the spelling read first in the file, as one
    /// thread does (with two, the third chunk's reader used to win: its tally was merged first).
    @Test func theSpellingReadFirstWinsWhateverTheThreads() throws {
        let folder = try JobFolder()
        try folder.writeJob()
        try folder.writeOneCustomer(regions: ["IE"])
        // The regions uppercase to different texts unless uppercased from one form.
        let decomposed = (customer: "cafe\u{301}-corp", purpose: "improve.re\u{301}sume\u{301}", region: "\u{3B1}\u{301}\u{345}")
        let composed = (customer: "caf\u{E9}-corp", purpose: "improve.r\u{E9}sum\u{E9}", region: "\u{3B1}\u{345}\u{301}")
        func line(_ n: Int, customer: String = "cust-a", purpose: String = "service", region: String = "IE") -> String {
            #"{"id": "f-\#(n)", "ts": "2026-11-20T10:00:00Z", "customer": "\#(customer)", "subprocessor": "sp-x", "purpose": "\#(purpose)", "region": "\#(region)"}"#
        }
        var text = "", placed = 0
        for n in 0..<24_000 {
            if placed == 0, text.utf8.count > 1_500_000 {
                text += line(-1, customer: decomposed.customer) + "\n" + line(-2, purpose: decomposed.purpose) + "\n"
                    + line(-5, region: decomposed.region) + "\n"
                placed = 1
            }
            if placed == 1, text.utf8.count > 2_200_000 {
                text += line(-3, customer: composed.customer) + "\n" + line(-4, purpose: composed.purpose) + "\n"
                    + line(-6, region: composed.region) + "\n"
                placed = 2
            }
            text += line(n) + "\n"
        }
        #expect(placed == 2)
        #expect(text.utf8.count > 2_400_000, "the composed spellings are in the third chunk")
        try folder.write("flows.ndjson", text)
        var outputs: [[String: Data]] = []
        for threads in ["1", "2", "3"] {
            let result = try RemitBinary.run(["run", "--config", "remit.yml", "--as-of", "2026-11-28T00:00:00Z", "--output", "out-\(threads)",
                                              "--formats", "json,html"], in: folder.url, environment: ["REMIT_THREADS": threads])
            #expect(result.exitCode == 1, "\(result.stderr)")
            var files: [String: Data] = [:]
            for name in ["findings.json", "report.html", "evidence/cust-a.json", "evidence/cust-a.html"] {
                files[name] = try folder.read("out-\(threads)/\(name)")
            }
            outputs.append(files)
        }
        for name in outputs[0].keys.sorted() {
            #expect(outputs[1][name] == outputs[0][name], "\(name), 2 threads")
            #expect(outputs[2][name] == outputs[0][name], "\(name), 3 threads")
        }
        let findings = try folder.findings("out-2")
        #expect(findings.findingList.contains { Array(($0["customer"] as? String ?? "").utf8) == Array(decomposed.customer.utf8) })
        #expect(findings.findingList.contains { Array(($0["value"] as? String ?? "").utf8) == Array(decomposed.purpose.utf8) })
        #expect(!findings.findingList.contains { Array(($0["customer"] as? String ?? "").utf8) == Array(composed.customer.utf8) })
        let regions = findings.findingList.filter { $0["kind"] as? String == "REGION_NOT_AUTHORIZED" }
        #expect(regions.count == 1 && regions.first?["flows"] as? Int == 2, "one region, seen twice: \(regions)")
    }
}
