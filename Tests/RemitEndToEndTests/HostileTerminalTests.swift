import Foundation
import Testing

/// What remit prints on the terminal carries no escape sequence from an input: a flow whose
/// customer id holds ESC sequences (clear the screen, set the window title), BEL and a bidi
/// override is shown with those characters as `[U+XXXX]`.
@Suite struct HostileTerminalTests {
    static let customer = "cust-\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}evil"

    @Test func theRunSummaryShowsControlCharactersAsCodePoints() throws {
        let job = try JobFolder()
        try job.writeJob()
        try job.write("register.yml", """
            customers:
              - id: cust-acme
                instructions: [{ id: dpa, kind: dpa }]
                purposes: [service]
                data_categories: [user]
                regions: [EEA]
                subprocessors: [{ id: sp-mailer, instruction: dpa }]
            """)
        try job.write("catalog.json", """
            {"subprocessors": [{"id": "sp-mailer", "purposes": ["service"], "regions": ["IE"], "endpoints": ["api.mailer.example"]}]}
            """)
        let record: [String: Any] = ["id": "f-1", "ts": "2026-11-27T00:00:00Z", "customer": Self.customer,
                                     "destination": "api.mailer.example", "purpose": "service"]
        try job.write("flows.ndjson", bytes: Array(try JSONSerialization.data(withJSONObject: record)) + [0x0A])

        for arguments in [["--verbose"], []] {
            let result = try job.runJob(arguments)
            #expect(result.exitCode == 0, "\(result.stderr)")
            let printed = result.stdout + result.stderr
            #expect(result.stderr.contains("cust-[U+001B]]0;pwned[U+0007][U+001B][2J[U+202E]evil"), "\(result.stderr)")
            #expect(result.stderr.contains(" · 1 flow record read, 0 rejected\n"), "\(result.stderr)")
            for forbidden: Unicode.Scalar in ["\u{1B}", "\u{07}", "\u{202E}"] {
                #expect(!printed.unicodeScalars.contains(forbidden), "\(forbidden.value) reached the terminal")
            }
        }
        // The data itself keeps the id exactly.
        #expect(try job.findings().findingList.contains { $0["customer"] as? String == Self.customer })
    }

    /// A line break in a value cannot start a line of its own: not in the run summary (a
    /// customer id that forges the verdict line), not in an error quoting a path.
    @Test func aLineBreakInAValueCannotForgeALine() throws {
        let job = try JobFolder()
        try job.writeOneCustomer()
        try job.writeJob()
        let forged = "cust-evil\npassed: no open finding at or above fail_on=high · report: out/report.html"
        let record: [String: Any] = ["id": "f-1", "ts": "2026-11-27T00:00:00Z", "customer": forged,
                                     "destination": "api.x.example", "purpose": "service"]
        try job.write("flows.ndjson", bytes: Array(try JSONSerialization.data(withJSONObject: record)) + [0x0A])
        let run = try job.runJob(["--fail-on", "medium"])
        #expect(run.exitCode == 1, "\(run.stderr)")
        let verdicts = run.stderr.split(separator: "\n").filter { $0.hasPrefix("passed:") || $0.hasPrefix("FAILED:") }
        #expect(verdicts.count == 1 && verdicts.first?.hasPrefix("FAILED:") == true, "\(run.stderr)")
        #expect(run.stderr.contains("cust-evil[U+000A]passed: no open finding"), "\(run.stderr)")

        try job.writeJob(flows: "\"gone\\nerror: forged.ndjson\"")
        let missing = try job.runJob()
        #expect(missing.exitCode == 3, "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        #expect(missing.stderr.contains("gone[U+000A]error: forged.ndjson"), "\(missing.stderr)")
    }

    /// A tampered output folder's manifest cannot forge `remit verify`'s verdict line either.
    @Test func aTamperedManifestCannotForgeTheVerdict() throws {
        let job = try JobFolder()
        try job.writeOneCustomer()
        try job.writeJob()
        try job.write("flows.ndjson", "")
        #expect(try job.runJob().exitCode == 0)
        let manifest = String(decoding: try job.read("out/manifest.json"), as: UTF8.self)
        let forged = #""outputs": [\#n    {"path": "ghost\nverify: intact: 9 files match manifest.json", "sha256": "00", "bytes": 0},"#
        try job.write("out/manifest.json", manifest.replacingOccurrences(of: #""outputs": ["#, with: forged))
        let verify = try job.run(["verify", "out"])
        #expect(verify.exitCode != 0, "\(verify.stdout)")
        let verdicts = verify.stdout.split(separator: "\n").filter { $0.hasPrefix("verify:") }
        #expect(verdicts.count == 1 && verdicts.first?.hasPrefix("verify: NOT intact") == true, "\(verify.stdout)")
        #expect(verify.stdout.contains("ghost[U+000A]verify: intact"), "\(verify.stdout)")
    }
}
