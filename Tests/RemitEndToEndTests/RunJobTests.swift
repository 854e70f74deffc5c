import Foundation
import Testing

/// The built binary on a small job: every finding checked field by field.
@Suite struct RunJobTests {
    let job: JobFolder
    let result: RemitBinary.Result
    let output: [String: Any]

    init() throws {
        job = try JobFolder()
        try SmallJob.write(to: job)
        result = try job.runJob()
        output = try job.findings()
    }

    @Test func exitsOneBecauseHighFindingsAreOpen() {
        #expect(result.exitCode == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("FAILED"))
        #expect(result.stderr.contains("report.html"))
    }

    @Test func headerAndInputs() throws {
        #expect(output["schema"] as? String == "remit.findings/1")
        #expect(output["as_of"] as? String == "2026-11-28T00:00:00Z")
        let inputs = try #require(output["inputs"] as? [[String: Any]])
        let ndjson = try #require(inputs.first { $0["source"] as? String == "flows.ndjson" })
        #expect(ndjson["format"] as? String == "remit-ndjson")
        #expect(ndjson["records"] as? Int == 10)
        #expect(ndjson["rejected"] as? Int == 2)
        #expect((ndjson["sha256"] as? String)?.count == 64)
        let xml = try #require(inputs.first { $0["source"] as? String == "flows.xml" })
        #expect(xml["format"] as? String == "remit-xml")
        #expect(xml["records"] as? Int == 2)
        #expect(inputs.first { $0["role"] as? String == "register" }?["records"] as? Int == 2)
        #expect(inputs.first { $0["role"] as? String == "catalog" }?["records"] as? Int == 4)
        let summary = try #require(output["summary"] as? [String: Any])
        #expect(summary["flows"] as? Int == 12)
        #expect(summary["rejected"] as? Int == 2)
    }

    @Test func perFlowFindings() throws {
        let category = try #require(output.finding("DATA_CATEGORY_NOT_AUTHORIZED", customer: "cust-acme", subprocessor: "sp-mailer", value: "user.content"))
        #expect(category["flows"] as? Int == 250)
        #expect(category["records"] as? Int == 500)
        #expect(category["bytes"] as? Int == 5000)
        #expect(category["severity"] as? String == "high")
        #expect(category["dimension"] as? String == "data_category")
        #expect(category["first_seen"] as? String == "2026-11-21T10:00:00Z")
        #expect(category["instruction_refs"] as? [String] == ["acme-dpa"])
        let samples = try #require(category["samples"] as? [[String: Any]])
        #expect(samples.first?["flow"] as? String == "f-2")
        #expect(samples.first?["source"] as? String == "flows.ndjson")
        #expect(samples.first?["line"] as? Int == 2)

        #expect(output.finding("OUTSIDE_AUTHORIZATION_WINDOW", customer: "cust-acme", subprocessor: "sp-mailer", value: "after") != nil)
        #expect(output.finding("PURPOSE_NOT_AUTHORIZED", customer: "cust-acme", subprocessor: "sp-mailer", value: "improve.ml_training")?["severity"] as? String == "high")
        #expect(output.finding("OPERATION_NOT_AUTHORIZED", customer: "cust-acme", subprocessor: "sp-mailer", value: "analyze")?["severity"] as? String == "medium")
        #expect(output.finding("UNAUTHORIZED_SUBPROCESSOR", customer: "cust-beta", subprocessor: "sp-tracker", value: "sp-tracker") != nil)
        #expect(output.finding("UNKNOWN_DESTINATION", customer: "cust-beta", value: "collector.unknown.example") != nil)
        #expect(output.finding("UNKNOWN_CUSTOMER", customer: "cust-zeta", subprocessor: "sp-mailer", value: "cust-zeta") != nil)
        #expect(output.finding("UNATTRIBUTED_FLOW", subprocessor: "sp-mailer")?["dimension"] as? String == "customer")
        #expect(output.finding("OUTSIDE_AUTHORIZATION_WINDOW", customer: "cust-beta", subprocessor: "sp-new", value: "before") != nil)
        let purpose = try #require(output.finding("UNATTRIBUTED_FLOW", customer: "cust-beta", subprocessor: "sp-mailer"))
        #expect(purpose["dimension"] as? String == "purpose")
        let region = try #require(output.finding("REGION_NOT_AUTHORIZED", customer: "cust-beta", subprocessor: "sp-mailer", value: "FR"))
        #expect(region["flows"] as? Int == 2)
        #expect(region["records"] as? Int == 3)
        #expect((region["samples"] as? [[String: Any]])?.map { $0["flow"] as? String } == ["x-1", "x-2"])
        #expect((region["samples"] as? [[String: Any]])?.first?["line"] as? Int == 3) // where the start tag begins
        #expect(output.finding("DATA_CATEGORY_NOT_AUTHORIZED", customer: "cust-beta", subprocessor: "sp-mailer", value: "user.contact.pager") != nil)
        #expect(output.finding("UNKNOWN_TAXONOMY_KEY", value: "user.contact.pager")?["severity"] as? String == "low")
    }

    @Test func standingChecks() throws {
        #expect(output.finding("UNUSED_AUTHORIZATION", customer: "cust-acme", subprocessor: "sp-backup")?["severity"] as? String == "info")
        #expect(output.finding("UNUSED_AUTHORIZATION", customer: "cust-acme", subprocessor: "sp-mailer") == nil)
        #expect(output.finding("DESCRIPTION_EXCEEDS_AUTHORIZATION", customer: "cust-beta", subprocessor: "sp-new", value: "improve.ml_training")?["severity"] as? String == "high")
        #expect(output.finding("DESCRIPTION_EXCEEDS_AUTHORIZATION", customer: "cust-beta", subprocessor: "sp-new", value: "SG")?["severity"] as? String == "medium")
        #expect(output.finding("DESCRIPTION_EXCEEDS_AUTHORIZATION", customer: "cust-beta", subprocessor: "sp-tracker") == nil)
        #expect(output.finding("AUTHORIZATION_WITHOUT_INSTRUCTION") == nil)
    }

    @Test func invalidRecordsAreCountedWithLocations() throws {
        let invalid = try #require(output.finding("INVALID_RECORD", value: "flows.ndjson"))
        #expect(invalid["flows"] as? Int == 2)
        #expect(invalid["dimension"] as? String == "record")
        let samples = try #require(invalid["samples"] as? [[String: Any]])
        #expect(samples.map { $0["line"] as? Int } == [8, 9])
        #expect(samples.first?["flow"] as? String == "f-8")
        #expect((samples.first?["reason"] as? String)?.contains("count") == true)
    }

    @Test func exceptionsSuppressAndExpire() throws {
        let suppressed = try #require(output.finding("REGION_NOT_AUTHORIZED", customer: "cust-acme", subprocessor: "sp-mailer", value: "US-CA"))
        #expect(suppressed["suppressed_by"] as? String == "EXC-1")
        let unknown = try #require(output.finding("UNKNOWN_DESTINATION", customer: "cust-beta"))
        #expect(unknown["suppressed_by"] is NSNull)
        #expect(output.finding("EXCEPTION_EXPIRED", customer: "cust-beta", value: "EXC-OLD") != nil)
    }

    @Test func everyFindingIsNewAndSorted() throws {
        let findings = output.findingList
        #expect(findings.allSatisfy { $0["status"] as? String == "new" })
        #expect(findings.allSatisfy { ($0["fingerprint"] as? String)?.count == 16 })
        let rank = ["high": 0, "medium": 1, "low": 2, "info": 3]
        let ranks = findings.map { rank[$0["severity"] as? String ?? ""] ?? 9 }
        #expect(ranks == ranks.sorted())
    }

    @Test func allOutputsAreWritten() {
        for name in ["report.html", "findings.json", "findings.csv", "junit.xml", "manifest.json", "evidence/cust-acme.html", "evidence/cust-beta.html", "evidence/cust-acme.json", "evidence/cust-beta.json"] {
            #expect(FileManager.default.fileExists(atPath: job.path("out/\(name)")), "\(name)")
        }
    }
}
