import Foundation
import FoundationXML
import RemitCore
import RemitReport
import Testing

@Suite("Machine outputs: findings.json, findings.csv, junit.xml, manifest.json")
struct MachineOutputTests {
    let report = SampleRun.report()

    @Test func writesTheRequestedFilesInOrderAndTheManifestLast() throws {
        let all = try written(report)
        #expect(all.written == [
            "report.html", "junit.xml", "findings.json", "findings.csv",
            "evidence/cust-acme.html", "evidence/cust-acme.json", "evidence/cust-beta.html", "evidence/cust-beta.json",
            "manifest.json",
        ])
        let csvOnly = try written(report, formats: [.csv])
        #expect(csvOnly.written == ["findings.csv", "manifest.json"])
        let files = try FileManager.default.contentsOfDirectory(atPath: csvOnly.url.path).sorted()
        #expect(files == ["findings.csv", "manifest.json"])
        let jsonOnly = try written(report, formats: [.json])
        #expect(jsonOnly.written == ["findings.json", "evidence/cust-acme.json", "evidence/cust-beta.json", "manifest.json"])
        // Written without the HTML pages (and their templates), each file is the one the run with
        // every format writes.
        for path in jsonOnly.written where path != "manifest.json" {
            #expect(try jsonOnly.bytes(path) == all.bytes(path), "\(path)")
        }
    }

    @Test func findingsJSONHasTheSchemaFieldsInOrder() throws {
        let directory = try written(report, formats: [.json])
        let text = try directory.text("findings.json")
        #expect(text.hasSuffix("}\n"))
        #expect(text.hasPrefix("{\n  \"schema\": \"remit.findings/1\",\n"))

        #expect(keysInOrder(text, depth: 1).last == ["schema", "tool", "as_of", "inputs", "summary", "findings", "resolved"])
        let findingKeys = [
            "fingerprint", "kind", "severity", "customer", "subprocessor", "dimension", "value", "flows", "records",
            "bytes", "first_seen", "last_seen", "status", "first_seen_run", "suppressed_by", "instruction_refs", "message", "samples",
        ]
        let objects = keysInOrder(text, depth: 3)
        let findingObjects = objects.filter { $0.first == "fingerprint" }
        #expect(findingObjects.count == report.findings.count)
        // Each finding, samples and all, is one line of its own.
        let findingLines = text.split(separator: "\n").filter { $0.hasPrefix("    {\"fingerprint\": ") && ($0.hasSuffix("]}") || $0.hasSuffix("]},")) }
        #expect(findingLines.count == report.findings.count)
        #expect(findingObjects.allSatisfy { $0 == findingKeys })
        let inputObjects = objects.filter { $0.first == "role" }
        #expect(inputObjects.first == ["role", "source", "format", "sha256", "records", "rejected", "status"])
        #expect(inputObjects[1] == ["role", "source", "format", "sha256", "records", "rejected", "status", "fetched_at", "etag"])
        #expect(keysInOrder(text, depth: 2).contains(["flows", "rejected", "by_severity", "suppressed", "new", "resolved", "previous_as_of"]))
        #expect(keysInOrder(text, depth: 3).contains(["high", "medium", "low", "info"]))
        let samples = keysInOrder(text, depth: 5)
        #expect(samples.contains(["flow", "source", "line"]))
        #expect(samples.contains(["flow", "source", "line", "column", "reason"]))
    }

    @Test func findingsJSONValuesMatchTheReport() throws {
        let directory = try written(report, formats: [.json])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(directory.bytes("findings.json"))) as? [String: Any])
        #expect(json["as_of"] as? String == "2026-11-28T00:00:00Z")
        #expect((json["tool"] as? [String: Any])?["version"] as? String == "0.1.0")
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["flows"] as? Int == 10)
        #expect(summary["rejected"] as? Int == 1)
        #expect(summary["suppressed"] as? Int == 1)
        let bySeverity = try #require(summary["by_severity"] as? [String: Int])
        for severity in Severity.allCases {
            let expected = report.findings.filter { !$0.isSuppressed && $0.severity == severity }.count
            #expect(bySeverity[severity.rawValue] == expected)
        }

        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.map { $0["fingerprint"] as? String } == report.findings.map(\.fingerprint))
        let suppressed = try #require(findings.first { $0["kind"] as? String == "PURPOSE_NOT_AUTHORIZED" && $0["value"] as? String == "improve.analytics" })
        #expect(suppressed["suppressed_by"] as? String == "EXC-12")
        #expect(suppressed["instruction_refs"] as? [String] == ["acme-dpa-2025"])
        let highPurpose = try #require(findings.first { $0["value"] as? String == "improve.ml_training" })
        #expect(highPurpose["severity"] as? String == "high")
        #expect(highPurpose["flows"] as? Int == 3)
        #expect(highPurpose["records"] as? Int == 340)
        #expect(highPurpose["bytes"] as? Int == 81_234)
        #expect(highPurpose["first_seen"] as? String == "2026-11-27T01:02:03Z")
        #expect(highPurpose["suppressed_by"] is NSNull)
        #expect(highPurpose["status"] as? String == "new")
        let unused = try #require(findings.first { $0["kind"] as? String == "UNUSED_AUTHORIZATION" })
        #expect(unused["first_seen"] is NSNull)
        let invalid = try #require(findings.first { $0["kind"] as? String == "INVALID_RECORD" })
        let sample = try #require((invalid["samples"] as? [[String: Any]])?.first)
        #expect(sample["flow"] as? String == "f-9")
        #expect(sample["line"] as? Int == 9)
        #expect(sample["column"] as? Int == 14)
        #expect(sample["reason"] as? String == "count: expected a non-negative integer")
        #expect((json["resolved"] as? [Any])?.isEmpty == true)

        let inputs = try #require(json["inputs"] as? [[String: Any]])
        #expect(inputs[1]["fetched_at"] as? String == "2026-11-27T23:00:00Z")
        #expect(inputs[1]["etag"] as? String == "\"v42\"")
        #expect(inputs[0]["fetched_at"] == nil)
    }

    @Test func csvHasARowPerFindingAndQuotesPerRFC4180() throws {
        let directory = try written(report, formats: [.csv])
        let text = try directory.text("findings.csv")
        #expect(text.hasPrefix("fingerprint,severity,kind,customer,subprocessor,dimension,value,flows,records,bytes,first_seen,last_seen,status,suppressed_by,instruction_refs,message\r\n"))
        #expect(text.hasSuffix("\r\n"))
        #expect(text.contains("\"cust \"\"odd\"\", id\nline2\""))
        let rows = parseCSV(text)
        #expect(rows.count == report.findings.count + 1)
        #expect(rows.allSatisfy { $0.count == 16 })
        #expect(rows.dropFirst().map { $0[0] } == report.findings.map(\.fingerprint))
        let odd = try #require(rows.first { $0[2] == "UNKNOWN_CUSTOMER" })
        #expect(odd[3] == SampleRun.oddCustomer)
        #expect(odd[6] == SampleRun.oddCustomer)
        let suppressed = try #require(rows.first { $0[13] == "EXC-12" })
        #expect(suppressed[14] == "acme-dpa-2025")
        let unused = try #require(rows.first { $0[2] == "UNUSED_AUTHORIZATION" })
        #expect(unused[10] == "" && unused[11] == "")
    }

    @Test func junitHasASuitePerCustomerAndCorrectCounts() throws {
        let directory = try written(report, formats: [.junit])
        let document = try XMLDocument(data: Data(directory.bytes("junit.xml")))
        let root = try #require(document.rootElement())
        let suites = root.elements(forName: "testsuite")
        let names = suites.compactMap { $0.attribute(forName: "name")?.stringValue }
        #expect(names == ["cust \"odd\", id\nline2", "cust-acme", "cust-beta", "(run)"])

        var totalTests = 0, totalFailures = 0
        for suite in suites {
            let cases = suite.elements(forName: "testcase")
            let failing = cases.filter { !$0.elements(forName: "failure").isEmpty }.count
            #expect(cases.allSatisfy { $0.elements(forName: "failure").count <= 1 })
            #expect(suite.attribute(forName: "tests")?.stringValue == String(cases.count))
            #expect(suite.attribute(forName: "failures")?.stringValue == String(failing))
            #expect(cases.allSatisfy { $0.attribute(forName: "classname")?.stringValue == suite.attribute(forName: "name")?.stringValue })
            totalTests += cases.count
            totalFailures += failing
        }
        #expect(root.attribute(forName: "tests")?.stringValue == String(totalTests))
        #expect(root.attribute(forName: "failures")?.stringValue == String(totalFailures))
        #expect(totalFailures == 5)

        func cases(_ suite: String) -> [XMLElement] {
            suites.first { $0.attribute(forName: "name")?.stringValue == suite }?.elements(forName: "testcase") ?? []
        }
        let acme = cases("cust-acme")
        #expect(acme.compactMap { $0.attribute(forName: "name")?.stringValue } == ["(customer)", "sp-adtech", "sp-analytics", "sp-backup", "sp-mailer"])
        let mailer = try #require(acme.last)
        #expect(mailer.elements(forName: "failure").compactMap { $0.attribute(forName: "message")?.stringValue } == ["PURPOSE_NOT_AUTHORIZED improve.ml_training"])
        let analytics = acme[2]
        #expect(analytics.elements(forName: "failure").isEmpty)
        #expect(analytics.elements(forName: "system-out").first?.stringValue?.contains("suppressed by EXC-12") == true)
        #expect(cases("cust-beta").compactMap { $0.attribute(forName: "name")?.stringValue } == ["(customer)", "sp-adtech", "sp-analytics", "sp-backup", "sp-mailer"])
        #expect(cases("(run)").compactMap { $0.attribute(forName: "name")?.stringValue } == ["(run)", "sp-mailer"])
    }

    /// Two flow sources name one unknown subprocessor in two canonically equivalent spellings
    /// (composed and decomposed é), each for another customer: each customer's test case keeps
    /// the spelling of its flows, whichever source came first.
    @Test func junitCasesKeepEachCustomersSpelling() throws {
        let composed = "sp-caf\u{E9}", decomposed = "sp-cafe\u{301}"
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
        let at = SourceLocation(source: "exports/egress.ndjson", line: 20)
        for order in [[("cust-acme", composed), ("cust-beta", decomposed)], [("cust-beta", decomposed), ("cust-acme", composed)]] {
            let sources = order.map { [FlowRecord(id: "u-\($0.0)", customer: $0.0, subprocessor: $0.1, purpose: "service", location: at)] }
            let directory = try written(SampleRun.report(extraSources: sources), formats: [.junit])
            let document = try XMLDocument(data: Data(directory.bytes("junit.xml")))
            let suites = try #require(document.rootElement()).elements(forName: "testsuite")
            func names(_ suite: String) -> [[UInt8]] {
                (suites.first { $0.attribute(forName: "name")?.stringValue == suite }?.elements(forName: "testcase") ?? [])
                    .compactMap { $0.attribute(forName: "name")?.stringValue }.filter { $0.hasPrefix("sp-caf") }.map { Array($0.utf8) }
            }
            #expect(names("cust-acme") == [Array(composed.utf8)])
            #expect(names("cust-beta") == [Array(decomposed.utf8)])
        }
    }

    @Test func junitFailsNothingWhenFailOnIsNone() throws {
        let directory = try written(SampleRun.report(failOn: .none), formats: [.junit])
        let text = try directory.text("junit.xml")
        #expect(!text.contains("<failure"))
        #expect(text.contains("failures=\"0\""))
    }

    @Test func manifestHashesEveryOtherFile() throws {
        let directory = try written(report)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(directory.bytes("manifest.json"))) as? [String: Any])
        #expect(json["schema"] as? String == "remit.manifest/1")
        #expect((json["config"] as? [String: String])?["sha256"] == report.configSHA256)
        let outputs = try #require(json["outputs"] as? [[String: Any]])
        let paths = outputs.compactMap { $0["path"] as? String }
        #expect(paths == directory.written.dropLast().sorted())
        for output in outputs {
            let bytes = try directory.bytes(try #require(output["path"] as? String))
            #expect(output["sha256"] as? String == sha256Hex(bytes))
            #expect(output["bytes"] as? Int == bytes.count)
        }
        let inputs = try #require(json["inputs"] as? [[String: Any]])
        #expect(inputs.count == report.inputs.count)
        #expect(inputs[1]["final_url"] as? String == "https://cdn.vendor.example/subprocessors.xml")
        #expect(inputs[0]["final_url"] == nil)
        #expect(inputs[2]["bytes"] as? Int == 12_345)
        let text = try directory.text("manifest.json")
        #expect(keysInOrder(text, depth: 1).last == ["schema", "tool", "as_of", "config", "inputs", "outputs"])
        #expect(keysInOrder(text, depth: 3).contains(["role", "source", "format", "sha256", "bytes", "status", "fetched_at", "etag", "final_url"]))
    }

    @Test func twoWritesAreByteIdentical() throws {
        let first = try written(report)
        let second = try written(SampleRun.report())
        #expect(first.written == second.written)
        for path in first.written {
            #expect(try first.bytes(path) == second.bytes(path), "\(path) differs between two writes")
        }
    }
}
