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
}
