import Foundation
import Testing

/// What the job and its inputs may say (SPEC "Job config"), and what `remit check` makes of
/// it: empty paths, null sources, unknown severity kinds, options that do nothing, endpoint
/// conflicts, empty windows, every input's problem in one go, and output folders that cannot
/// be made (or have long names).
@Suite struct JobFileRulesTests {
    @Test(arguments: ["state", "output"])
    func anEmptyPathIsRefusedWithItsLine(key: String) throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let config = SmallJob.config.replacingOccurrences(of: "output: out", with: key == "output" ? "output: \"\"" : "output: out\nstate: \"\"")
        try job.write("remit.yml", config)
        for command in [["run", "--config", "remit.yml"], ["check", "--config", "remit.yml"]] {
            let result = try job.run(command)
            #expect(result.exitCode == 2, "\(command): \(result.stdout)\(result.stderr)")
            #expect((result.stdout + result.stderr).contains("(field `\(key)`): must not be empty"), "\(result.stdout)\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: job.path("history.sqlite")))
    }

    @Test func nullOptionalSourcesAreAbsent() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("remit.yml", SmallJob.config.replacingOccurrences(of: "exceptions: exceptions.yml", with: "exceptions: ~\ntaxonomy: null"))
        // (The small job's flow file has two rejected records: `check` exits 2 for them.)
        let check = try job.run(["check", "--config", "remit.yml"])
        #expect(check.stdout.contains("ok: register register.yml"), "\(check.stdout)\(check.stderr)")
        #expect(!(check.stdout + check.stderr).contains("remit.yml:"), "\(check.stdout)\(check.stderr)")
        #expect(!check.stdout.contains("exceptions"), "\(check.stdout)")
        #expect(try job.runJob().exitCode == 1)
    }

    @Test func aSeverityForAnUnknownKindIsAnUnknownKey() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("remit.yml", SmallJob.config + "\nseverity:\n  UNUSED_AUTHORIZATION: high\n  VENDOR_WENT_DARK: high\n")
        let check = try job.run(["check", "--config", "remit.yml"])
        #expect(check.stdout.contains("ok: register register.yml"), "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("remit.yml:14:21: warning: unknown finding kind `VENDOR_WENT_DARK` in `severity` (ignored)"), "\(check.stdout)")
        #expect(try job.runJob(["--fail-on", "none"]).exitCode == 0)
        let findings = try #require(try job.findings()["findings"] as? [[String: Any]])
        let unused = findings.filter { $0["kind"] as? String == "UNUSED_AUTHORIZATION" }
        #expect(!unused.isEmpty && unused.allSatisfy { $0["severity"] as? String == "high" })
        // A known kind with a level that is not one is still an error.
        try job.write("remit.yml", SmallJob.config + "\nseverity:\n  UNUSED_AUTHORIZATION: urgent\n")
        let urgent = try job.run(["check", "--config", "remit.yml"])
        #expect(urgent.exitCode == 2)
        #expect((urgent.stdout + urgent.stderr).contains("(field `severity.UNUSED_AUTHORIZATION`): expected info, low, medium or high"))
    }

    /// `customers` on a source that is not flows, or `subprocessor` on the register, does
    /// nothing: `remit check` says so instead of passing it by.
    @Test func sourceOptionsThatDoNothingForTheirRoleAreListed() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let config = SmallJob.config
            .replacingOccurrences(of: "register: register.yml", with: "register: { source: register.yml, subprocessor: sp-x }")
            .replacingOccurrences(of: "  - source: catalog.json", with: "  - source: catalog.json\n    customers: all")
        try job.write("remit.yml", config)
        let check = try job.run(["check", "--config", "remit.yml"])
        #expect(check.stdout.contains("warning: `subprocessor` does nothing in a `register` source (ignored)"), "\(check.stdout)")
        #expect(check.stdout.contains("warning: `customers` does nothing in a `catalog` source (ignored)"), "\(check.stdout)")
        #expect(try job.runJob().exitCode == 1)
    }

    /// An endpoint two catalog subprocessors give is attributed to the one described first,
    /// and `remit check` says so, with the line of the other.
    @Test func anEndpointOfTwoSubprocessorsIsListed() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("catalog.json", SmallJob.catalog.replacingOccurrences(of: "\"endpoints\": [\"vault.backup.example\"]",
                                                                             with: "\"endpoints\": [\"vault.backup.example\", \"API.mailer.example\"]"))
        let check = try job.run(["check", "--config", "remit.yml"])
        #expect(check.stdout.contains("catalog.json:5:3: warning: endpoint api.mailer.example of sp-backup is sp-mailer's too, described first: flows to it go to sp-mailer"),
                "\(check.stdout)")
    }

    /// A mappings file counts every entry it holds (systems, destination rules and labels),
    /// so one without systems does not read as empty.
    @Test func aMappingsFileCountsEveryEntry() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("mappings.yml", SmallJob.mappings + "\ndestinations:\n  - { pattern: \"*.mailer.example\", subprocessor: sp-mailer }\nlabels:\n  PII: user\n")
        let all = try job.run(["check", "--config", "remit.yml"])
        #expect(all.stdout.contains("ok: mappings mappings.yml (remit-yaml, 4 entries)"), "\(all.stdout)\(all.stderr)")
        try job.write("mappings.yml", "labels:\n  PII: user\n")
        let one = try job.run(["check", "--config", "remit.yml"])
        #expect(one.stdout.contains("ok: mappings mappings.yml (remit-yaml, 1 entry)"), "\(one.stdout)\(one.stderr)")
    }

    /// `remit check` lists every input's problem in one go: an input that cannot be loaded, or
    /// a file that cannot be opened at all, is named and left out, and the others are still
    /// checked; exit 3 when one cannot be read.
    @Test func checkListsTheProblemsOfEveryInput() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("register.yml", SmallJob.register.replacingOccurrences(of: "  - id: cust-acme", with: "  - idx: cust-acme"))
        try job.write("catalog.json", SmallJob.catalog.replacingOccurrences(of: "\"id\": \"sp-backup\"", with: "\"id\": 5"))
        try job.write("exceptions.yml", "exceptions: [{id: E1}]\n")
        let check = try job.run(["check", "--config", "remit.yml"])
        #expect(check.exitCode == 2, "\(check.stdout)\(check.stderr)")
        let text = check.stdout + check.stderr
        #expect(text.contains("register.yml:2:5 (field `id`): required field is missing"), "\(text)")
        #expect(text.contains("catalog.json:5:10 (field `id`): expected a string, found a number"), "\(text)")
        #expect(text.contains("exceptions.yml:1:14 (field `match`): required field is missing"), "\(text)")
        #expect(text.contains("ok: mappings mappings.yml"), "\(text)")
        #expect(text.contains("flows.ndjson:8:86: rejected f-8"), "\(text)")
        // The run stops at the first of them.
        #expect(try job.runJob().exitCode == 2)

        try FileManager.default.removeItem(atPath: job.path("flows.xml"))
        try FileManager.default.removeItem(atPath: job.path("mappings.yml"))
        let unreadable = try job.run(["check", "--config", "remit.yml"])
        #expect(unreadable.exitCode == 3, "\(unreadable.stdout)\(unreadable.stderr)")
        let listed = unreadable.stdout + unreadable.stderr
        #expect(listed.contains("flows.xml: cannot read flows.xml"), "\(listed)")
        #expect(listed.contains("mappings.yml: cannot read mappings.yml"), "\(listed)")
        #expect(listed.contains("register.yml:2:5 (field `id`): required field is missing"), "\(listed)")
        #expect(listed.contains("flows.ndjson:8:86: rejected f-8"), "\(listed)")
        #expect(listed.contains("check found 7 problems"), "\(listed)")
        // The run stops at the first file it cannot open, before any output.
        let run = try job.runJob()
        #expect(run.exitCode == 3, "\(run.stdout)\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: job.path("out")))
    }

    /// A file named in two roles that cannot be opened is one problem, listed once.
    @Test func aMissingFileOfTwoRolesIsOneProblem() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("remit.yml", SmallJob.config.replacingOccurrences(of: "  - source: catalog.json", with: "  - source: catalog.json\n  - source: mappings.yml"))
        try FileManager.default.removeItem(atPath: job.path("mappings.yml"))
        let check = try job.run(["check", "--config", "remit.yml"])
        let text = check.stdout + check.stderr
        #expect(check.exitCode == 3, "\(text)")
        #expect(text.components(separatedBy: "mappings.yml: cannot read mappings.yml").count == 2, "\(text)")
        #expect(text.contains("check found 3 problems"), "\(text)")   // and the flow file's two rejected records
    }

    /// A window whose start comes after its end holds no instant: `remit check` says so at
    /// the start's line; the same day at both ends is a one-day window.
    @Test func anEmptyWindowIsListed() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("register.yml", SmallJob.register
            .replacingOccurrences(of: "        until: 2026-11-26", with: "        from: 2026-11-27\n        until: 2026-11-26")
            .replacingOccurrences(of: "effective: 2025-03-01, expires: 2027-03-01", with: "effective: 2027-03-01, expires: 2027-03-01")
            .replacingOccurrences(of: "effective: 2024-01-01 }", with: "effective: 2024-01-02T00:00:00Z, expires: 2024-01-01T23:59:59Z }"))
        let check = try job.run(["check", "--config", "remit.yml"])
        let text = check.stdout + check.stderr
        #expect(text.contains("register.yml:15:15: warning: `from` 2026-11-27 is after `until` 2026-11-26: the authorization of sp-mailer for customer cust-acme allows no time"), "\(text)")
        #expect(text.contains("warning: `effective` 2024-01-02T00:00:00Z is after `expires` 2024-01-01T23:59:59Z: instruction beta-dpa of customer cust-beta is never in force"), "\(text)")
        #expect(!text.contains("instruction acme-dpa of customer cust-acme"), "\(text)")
    }

    /// Several mappings sources: the first that defines a system counts, and one defining it
    /// otherwise later (its purposes, categories or owner) is a `remit check` warning naming
    /// both places, once however many roles the later source has; the same definition again
    /// (`multi-svc`, its purposes in another order) is not.
    @Test func aSystemDefinedOtherwiseByALaterMappingsSourceIsListed() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("flows.ndjson", "{\"id\": \"f-1\", \"customer\": \"cust-acme\", \"subprocessor\": \"sp-mailer\", \"system\": \"notify-svc\"}\n")
        try job.write("extra.yml", """
            systems:
              multi-svc: { purposes: [service.billing, service.support] }
              notify-svc: { purposes: [improve.analytics] }
            """)
        try job.write("fides.yml", "system:\n  - fides_key: notify-svc\n    privacy_declarations: [{ data_use: improve.analytics }]\n")
        try job.write("remit.yml", SmallJob.config
            .replacingOccurrences(of: "mappings: mappings.yml", with: "mappings: [mappings.yml, extra.yml, fides.yml]")
            .replacingOccurrences(of: "  - source: catalog.json", with: "  - source: catalog.json\n  - source: fides.yml"))
        let check = try job.run(["check", "--config", "remit.yml"])
        let lines = check.stdout.split(separator: "\n").map(String.init)
        let said = lines.filter { $0.contains("is defined again") }
        #expect(said == [
            "extra.yml:3:15: warning: system notify-svc is defined again with other purposes, categories or owner (ignored): the first definition (mappings.yml:2:15) counts",
            "fides.yml:2:5: warning: system notify-svc is defined again with other purposes, categories or owner (ignored): the first definition (mappings.yml:2:15) counts",
        ], "\(check.stdout)")
        #expect(check.exitCode == 0, "\(check.stdout)")
        _ = try job.runJob(["--fail-on", "none"])
        let findings = try job.findings()["findings"] as? [[String: Any]] ?? []
        #expect(!findings.contains { $0["kind"] as? String == "PURPOSE_NOT_AUTHORIZED" }, "the first definition counts: \(findings)")
    }

    /// `subprocessor:` on a remit flow file (whose records name their own) does nothing, and
    /// `remit check` says so; on a CycloneDX BOM it names the BOM's services (tested in
    /// `StandardFormatRulesTests`).
    @Test func aSubprocessorOptionARemitFlowFileCannotUseIsListed() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("remit.yml", SmallJob.config.replacingOccurrences(of: "  - source: flows.xml", with: "  - source: flows.xml\n    subprocessor: sp-mailer"))
        let check = try job.run(["check", "--config", "remit.yml"])
        #expect(check.stdout.contains("remit.yml:7:5: warning: `subprocessor` does nothing for a remit file in the `flows` role (ignored)"), "\(check.stdout)")
    }

    /// An output folder that cannot be made is the job's to fix: exit 2, naming it, and
    /// nothing recorded. Under a file it is found before any flow is read (it was exit 3,
    /// after them); in a place that takes no folders (Linux's /proc and /sys, even for root)
    /// when it is made.
    @Test(arguments: [
        ("catalog.json/out", "the output folder catalog.json/out cannot be made: "),
        ("/proc/remit-no-such/out", "/proc/remit-no-such/out: cannot create the output folder:"),
        ("/sys/remit-no-such", "/sys/remit-no-such: cannot create the output folder:"),
    ])
    func anOutputFolderThatCannotBeMadeIsAUsageError(output: String, message: String) throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let result = try job.runJob(["--output", output])
        #expect(result.exitCode == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try job.run(["history", "--config", "remit.yml"]).stdout.contains("no runs recorded yet"))
    }

    /// An output folder whose name leaves no room for the hidden folders' suffix beside it
    /// (240 bytes of 255) is written all the same, twice, and leaves nothing behind.
    @Test func aLongOutputFolderNameIsWritten() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let name = String(repeating: "o", count: 240)
        #expect(try job.runJob(["--output", name]).exitCode == 1)
        let again = try job.run(["run", "--config", "remit.yml", "--as-of", "2026-11-29T00:00:00Z", "--output", name])
        #expect(again.exitCode == 1, "\(again.stderr)")
        #expect(FileManager.default.fileExists(atPath: job.path("\(name)/findings.json")))
        let hidden = try FileManager.default.contentsOfDirectory(atPath: job.path(".")).filter { $0.contains("remit-tmp") || $0.contains("remit-old") }
        #expect(hidden.isEmpty, "\(hidden)")
    }
}
