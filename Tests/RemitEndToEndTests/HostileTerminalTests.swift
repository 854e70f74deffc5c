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
            for forbidden: Unicode.Scalar in ["\u{1B}", "\u{07}", "\u{202E}"] {
                #expect(!printed.unicodeScalars.contains(forbidden), "\(forbidden.value) reached the terminal")
            }
        }
        // The data itself keeps the id exactly.
        #expect(try job.findings().findingList.contains { $0["customer"] as? String == Self.customer })
    }
}
