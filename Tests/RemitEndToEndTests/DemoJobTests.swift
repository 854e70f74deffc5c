import Foundation
import Testing

/// The bundled demo job (Fixtures/demo) run by the built binary: exactly the findings its
/// README promises, in output order.
@Suite struct DemoJobTests {
    /// (severity, kind, customer, subprocessor, value, flows, suppressed_by), from
    /// Fixtures/demo/README.md, worked out by hand from the fixtures.
    static let expected: [(String, String, String, String, String, Int, String?)] = [
        ("high", "DATA_CATEGORY_NOT_AUTHORIZED", "cust-hollis", "sp-errors", "user.contact.email", 9, nil),
        ("high", "DATA_CATEGORY_NOT_AUTHORIZED", "cust-hollis", "sp-errors", "user.credentials", 9, nil),
        ("high", "DATA_CATEGORY_NOT_AUTHORIZED", "cust-kestrel", "sp-analytics", "user.content", 6, nil),
        ("high", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-acme", "sp-analytics", "improve.ml_training", 0, nil),
        ("high", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-acme", "sp-mlvendor", "improve.ml_training", 0, nil),
        ("high", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-borealis", "sp-mlvendor", "improve.ml_training", 0, nil),
        ("high", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-fjord", "sp-mlvendor", "improve.ml_training", 0, nil),
        ("high", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-hollis", "sp-analytics", "improve.ml_training", 0, nil),
        ("high", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-hollis", "sp-mlvendor", "improve.ml_training", 0, nil),
        ("high", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-kestrel", "sp-analytics", "improve.ml_training", 0, nil),
        ("high", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-kestrel", "sp-payments", "user.financial.card", 0, nil),
        ("high", "OPERATION_NOT_AUTHORIZED", "cust-borealis", "sp-helpdesk", "disclose", 2, nil),
        ("high", "OUTSIDE_AUTHORIZATION_WINDOW", "cust-acme", "sp-replay", "before", 10, nil),
        ("high", "OUTSIDE_AUTHORIZATION_WINDOW", "cust-granite", "sp-replay", "before", 8, nil),
        ("high", "PURPOSE_NOT_AUTHORIZED", "cust-acme", "sp-cloudhost", "improve.testing", 4, nil),
        ("high", "PURPOSE_NOT_AUTHORIZED", "cust-borealis", "sp-mlvendor", "improve.ml_training", 5, nil),
        ("high", "REGION_NOT_AUTHORIZED", "cust-acme", "sp-helpdesk", "SG", 8, "EXC-2026-014"),
        ("high", "REGION_NOT_AUTHORIZED", "cust-hollis", "sp-helpdesk", "SG", 6, nil),
        ("high", "UNAUTHORIZED_SUBPROCESSOR", "cust-borealis", "sp-errors", "sp-errors", 6, nil),
        ("high", "UNAUTHORIZED_SUBPROCESSOR", "cust-fjord", "sp-analytics", "sp-analytics", 10, nil),
        ("high", "UNKNOWN_DESTINATION", "cust-acme", "", "collector.unknown-metrics.example", 5, nil),
        ("high", "UNKNOWN_DESTINATION", "cust-fjord", "", "staging-db.internal-copy.example", 4, nil),
        ("medium", "AUTHORIZATION_WITHOUT_INSTRUCTION", "cust-borealis", "sp-mlvendor", "borealis-pilot-2025", 0, nil),
        ("medium", "AUTHORIZATION_WITHOUT_INSTRUCTION", "cust-granite", "", "granite-msa-2023", 0, nil),
        ("medium", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-acme", "sp-analytics", "US", 0, nil),
        ("medium", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-hollis", "sp-analytics", "user.behavior", 0, nil),
        ("medium", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-hollis", "sp-analytics", "improve.analytics", 0, nil),
        ("medium", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-hollis", "sp-analytics", "US", 0, nil),
        ("medium", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-hollis", "sp-replay", "user.behavior", 0, nil),
        ("medium", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-hollis", "sp-replay", "improve.analytics", 0, nil),
        ("medium", "DESCRIPTION_EXCEEDS_AUTHORIZATION", "cust-kestrel", "sp-analytics", "US", 0, nil),
        ("medium", "EXCEPTION_EXPIRED", "cust-fjord", "sp-analytics", "EXC-2026-003", 0, nil),
        ("medium", "UNATTRIBUTED_FLOW", "", "sp-errors", "", 2, nil),
        ("medium", "UNATTRIBUTED_FLOW", "cust-hollis", "sp-cdn", "", 4, nil),
        ("medium", "UNKNOWN_CUSTOMER", "cust-zenith", "sp-mailer", "cust-zenith", 3, nil),
        ("low", "INVALID_RECORD", "", "", "flows/egress.ndjson", 3, nil),
        ("info", "UNUSED_AUTHORIZATION", "cust-borealis", "sp-sms", "", 0, nil),
    ]

    @Test func theDemoProducesExactlyTheDocumentedFindings() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("remit-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let demo = RemitBinary.packageRoot.appendingPathComponent("Fixtures/demo/remit.yml").path
        let result = try RemitBinary.run(["run", "--config", demo, "--as-of", "2026-11-28T00:00:00Z", "--output", output.path,
                                          "--state", output.path + "-state"])
        defer { try? FileManager.default.removeItem(atPath: output.path + "-state") }
        #expect(result.exitCode == 1, "\(result.stderr)")
        let data = try Data(contentsOf: output.appendingPathComponent("findings.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let findings = json.findingList
        let actual = findings.map { f in
            "\(f["severity"] as? String ?? "?") \(f["kind"] as? String ?? "?") [\(f["customer"] as? String ?? "?")] [\(f["subprocessor"] as? String ?? "?")] [\(f["value"] as? String ?? "?")] \(f["flows"] as? Int ?? -1) \(f["suppressed_by"] as? String ?? "-")"
        }
        let wanted = Self.expected.map { "\($0.0) \($0.1) [\($0.2)] [\($0.3)] [\($0.4)] \($0.5) \($0.6 ?? "-")" }
        #expect(actual == wanted)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["flows"] as? Int == 691)
        #expect(summary["rejected"] as? Int == 3)
    }

    /// The same job and `--as-of` give the same bytes however the job's path is typed and
    /// whichever folder the run starts in (cron's is not the shell's).
    @Test func theOutputsDoNotDependOnHowTheJobIsNamed() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("remit-demo-paths-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let package = RemitBinary.packageRoot
        let runs: [(directory: URL, config: String)] = [
            (package, "Fixtures/demo/remit.yml"),
            (package.appendingPathComponent("Fixtures/demo"), "remit.yml"),
            (package.appendingPathComponent("Fixtures"), "./demo/../demo/remit.yml"),
            (FileManager.default.temporaryDirectory, package.appendingPathComponent("Fixtures/demo/remit.yml").path),
        ]
        var outputs: [[String: Data]] = []
        for (n, run) in runs.enumerated() {
            let output = root.appendingPathComponent("out-\(n)")
            let result = try RemitBinary.run(["run", "--config", run.config, "--as-of", "2026-11-28T00:00:00Z", "--output", output.path,
                                              "--state", root.appendingPathComponent("state-\(n)").path], in: run.directory)
            #expect(result.exitCode == 1, "\(run.config): \(result.stderr)")
            var files: [String: Data] = [:]
            for path in FileManager.default.subpaths(atPath: output.path) ?? [] {
                let url = output.appendingPathComponent(path)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files[path] = try Data(contentsOf: url)
                }
            }
            outputs.append(files)
        }
        #expect(outputs[0].count > 10)
        for (n, files) in outputs.enumerated().dropFirst() {
            #expect(files.keys.sorted() == outputs[0].keys.sorted())
            for (path, bytes) in files where outputs[0][path] != bytes { Issue.record("\(runs[n].config): \(path) differs") }
        }
    }
}
