import Foundation
import Testing

/// Determinism, exit codes and what a failed run leaves behind.
@Suite struct RunBehaviourTests {
    @Test func twoRunsGiveByteIdenticalOutputs() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        _ = try job.runJob(["--output", "a"])
        _ = try job.runJob(["--output", "b"])
        let files = try FileManager.default.subpathsOfDirectory(atPath: job.path("a")).sorted()
        #expect(files.contains("findings.json"))
        #expect(try FileManager.default.subpathsOfDirectory(atPath: job.path("b")).sorted() == files)
        for file in files where !file.hasSuffix("/") {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: job.path("a/\(file)"), isDirectory: &isDirectory)
            if isDirectory.boolValue { continue }
            #expect(try job.read("a/\(file)") == job.read("b/\(file)"), "\(file) differs")
        }
    }

    @Test func sourceDateEpochSetsAsOf() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let result = try RemitBinary.run(["run", "--config", "remit.yml"], in: job.url, environment: ["SOURCE_DATE_EPOCH": "1764288000"])
        #expect(result.exitCode == 1)
        #expect(try job.findings()["as_of"] as? String == "2025-11-28T00:00:00Z")
    }

    /// SOURCE_DATE_EPOCH outside what an RFC 3339 timestamp can name (negative, past 9999,
    /// past what microseconds in 64 bits hold) is a usage error, not a crash or an `as_of`
    /// of year 10000 recorded in the history; the last second of 9999 is accepted.
    @Test(arguments: [("-1", 2), ("253402300800", 2), ("9223372036855", 2), ("9223372036854775807", 2), ("12ab", 2), ("+1764288000", 2), (" 1764288000", 2), ("253402300799", 1)])
    func sourceDateEpochOutOfRangeIsAUsageError(epoch: String, exitCode: Int32) throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let result = try RemitBinary.run(["run", "--config", "remit.yml"], in: job.url, environment: ["SOURCE_DATE_EPOCH": epoch])
        #expect(result.exitCode == exitCode, "\(epoch): \(result.stderr)")
        if exitCode == 2 {
            #expect(result.stderr.contains("SOURCE_DATE_EPOCH must be whole seconds since 1970"), "\(result.stderr)")
            let history = try job.run(["history", "--config", "remit.yml"])
            #expect(history.stdout.contains("no runs recorded yet"), "\(history.stdout)\(history.stderr)")
        } else {
            #expect(try job.findings()["as_of"] as? String == "9999-12-31T23:59:59Z")
        }
    }

    @Test func failOnDecidesTheExitCode() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        #expect(try job.runJob(["--fail-on", "none"]).exitCode == 0)
        #expect(try job.runJob(["--fail-on", "info"]).exitCode == 1)
        #expect(try job.runJob(["--fail-on", "bogus"]).exitCode == 2)
    }

    /// A flow source's `customers:` list counts each record once per listed customer: an
    /// empty list or a repeated id is a configuration error, naming the job's line.
    @Test func aCustomersListNamesEachCustomerOnce() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        for (list, words) in [("[]", "names no customer"), ("[cust-acme, cust-beta, cust-acme]", "lists `cust-acme` twice")] {
            try job.write("remit.yml", SmallJob.config.replacingOccurrences(of: "  - source: flows.ndjson", with: "  - source: flows.ndjson\n    customers: \(list)"))
            let result = try job.runJob()
            #expect(result.exitCode == 2, "\(list): \(result.stderr)")
            #expect(result.stderr.contains("remit.yml:") && result.stderr.contains(words), "\(list): \(result.stderr)")
            #expect(try job.run(["check", "--config", "remit.yml"]).exitCode == 2)
        }
    }

    /// A `customers:` id the register does not have (a typo, a customer since removed) is a
    /// `remit check` warning naming the job's entry; the run still reads it as written.
    @Test func aCustomersListIdOutsideTheRegisterIsAWarning() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("flows.ndjson", "{\"id\": \"f-1\", \"subprocessor\": \"sp-mailer\"}\n")
        try job.write("remit.yml", SmallJob.config.replacingOccurrences(
            of: "  - source: flows.ndjson", with: "  - source: flows.ndjson\n    customers: [cust-acme, cust-acmee]"))
        let check = try job.run(["check", "--config", "remit.yml"])
        #expect(check.exitCode == 0, "\(check.stdout)")
        #expect(check.stdout.contains("remit.yml:6:5: warning: `customers` lists cust-acmee, who is not in the register: records without a customer become UNKNOWN_CUSTOMER findings for cust-acmee"), "\(check.stdout)")
        #expect(!check.stdout.contains("lists cust-acme,"), "\(check.stdout)")
        #expect(check.stdout.contains("check passed (1 warning)"), "\(check.stdout)")
        _ = try job.runJob(["--fail-on", "none"])
        let findings = try job.findings()["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { $0["kind"] as? String == "UNKNOWN_CUSTOMER" && $0["value"] as? String == "cust-acmee" }, "\(findings)")
    }

    /// A source is fetched once however many entries name it, so entries naming it with other
    /// headers or credentials are a job error (before, the first entry's headers were sent
    /// for all), named with their lines, before anything is fetched.
    @Test func entriesNamingOneSourceMustAskForItAlike() throws {
        let job = try JobFolder()
        for (catalog, flows) in [
            ("https://127.0.0.1:9/list.json\n    headers: { X-Api-Key: \"${KEY}\" }", "https://127.0.0.1:9/list.json"),
            ("https://user:one@127.0.0.1:9/list.json", "https://user:two@127.0.0.1:9/list.json"),
            ("https://127.0.0.1:9/list.json?token=one1", "https://127.0.0.1:9/list.json?token=two2"),
        ] {
            try job.write("remit.yml", """
                version: 1
                register: register.yml
                catalog:
                  - source: \(catalog)
                flows:
                  - source: \(flows)
                    format: cyclonedx
                output: out
                """)
            let result = try job.runJob()
            #expect(result.exitCode == 2, "\(result.stderr)")
            #expect(result.stderr.contains("names the source of line 4 with other headers or credentials"), "\(result.stderr)")
            #expect(!result.stderr.contains("one@") && !result.stderr.contains("two@"), "\(result.stderr)")
            #expect(!result.stderr.contains("one1") && !result.stderr.contains("two2"), "\(result.stderr)")
        }
        // A short name that is as often an ordinary parameter tells two sources apart.
        try job.write("remit.yml", """
            version: 1
            register: register.yml
            catalog:
              - source: https://127.0.0.1:9/list.json?code=eu
            flows:
              - source: https://127.0.0.1:9/list.json?code=us
                format: cyclonedx
            output: out
            """)
        let apart = try job.runJob()
        #expect(!apart.stderr.contains("with other headers or credentials"), "\(apart.stderr)")
    }

    /// `remit check` exits as `remit run` would for the same input: 3 when an input cannot be
    /// read or parsed, 2 for the job's own errors and for rejected records, 0 when clean.
    @Test func checkExitsAsARunWould() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let rejected = try job.run(["check", "--config", "remit.yml"])
        #expect(rejected.exitCode == 2 && rejected.stdout.contains("rejected"), "SmallJob's flows hold rejected records: \(rejected.stdout)")
        try job.write("flows.xml", "<flows xmlns=\"urn:remit:flows:1\">\n<flow customer=\"cust-acme\" destination=\"h\">")
        let truncated = try job.run(["check", "--config", "remit.yml"])
        #expect(truncated.exitCode == 3, "\(truncated.stdout)")
        #expect(try job.runJob().exitCode == 3)
        try FileManager.default.removeItem(atPath: job.path("flows.xml"))
        let missing = try job.run(["check", "--config", "remit.yml"])
        #expect(missing.exitCode == 3 && missing.stdout.contains("cannot read flows.xml: No such file or directory"), "\(missing.stdout)")
        try job.write("remit.yml", SmallJob.config.replacingOccurrences(of: "source: flows.xml", with: "source: ftp://files.example/flows.xml"))
        let ftp = try job.runJob()
        #expect(ftp.exitCode == 2 && ftp.stderr.contains("remit.yml:") && ftp.stderr.contains("unsupported scheme ftp"), "\(ftp.stderr)")
        try job.write("remit.yml", SmallJob.config)
        try job.write("flows.xml", SmallJob.xmlFlows)
        try job.write("register.yml", "customers: [{id: 7}]\n")
        #expect(try job.run(["check", "--config", "remit.yml"]).exitCode == 2)
    }

    @Test func usageErrorsExitTwo() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        #expect(try job.runJob(["--formats", "pdf"]).exitCode == 2)
        for nothing in ["", ",", " , "] {
            let none = try job.runJob(["--formats", nothing])
            #expect(none.exitCode == 2 && none.stderr.contains("error: --formats"), "\(nothing): \(none.stderr)")
        }
        #expect(try job.run(["run", "--config", "remit.yml", "--as-of", "yesterday"]).exitCode == 2)
        #expect(try job.run(["run", "--no-such-flag"]).exitCode == 2)
        #expect(try job.run(["run", "--config", "missing.yml"]).exitCode == 2)
        let both = try job.runJob(["--quiet", "--verbose"])
        #expect(both.exitCode == 2 && both.stderr.contains("--quiet and --verbose cannot be used together"), "\(both.stderr)")
        #expect(!FileManager.default.fileExists(atPath: job.path("out")))
    }

    /// Before the first run there is no history: `remit history` says so and creates nothing.
    @Test func historyBeforeTheFirstRunListsNoRuns() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let table = try job.run(["history", "--config", "remit.yml"])
        #expect(table.exitCode == 0 && table.stdout.contains("no runs recorded yet"), "\(table.stdout)\(table.stderr)")
        let json = try job.run(["history", "--config", "remit.yml", "--json"])
        #expect(json.exitCode == 0 && json.stdout.contains("\"runs\": [\n]"), "\(json.stdout)\(json.stderr)")
        #expect(!FileManager.default.fileExists(atPath: job.path(".remit")))
    }

    /// Each broken input: the exit code, a message naming file and line, and the previous
    /// outputs left exactly as they were.
    @Test(arguments: [
        ("missing flow file", "flows.xml", nil, Int32(3), "flows.xml"),
        ("truncated XML", "flows.xml", "<flows>\n<flow id=\"a\" customer=\"c\" destination=\"h\">\n", 3, "flows.xml:"),
        ("DOCTYPE in XML", "flows.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<flows>&e;</flows>", 3, "flows.xml:2"),
        ("register syntax", "register.yml", "customers:\n  - id: a\n   name: [\n", 3, "register.yml:"),
        ("register wrong type", "register.yml", "customers:\n  - id: a\n    purposes: service\n", 2, "register.yml:3"),
        ("register repeated id", "register.yml", "customers:\n  - id: a\n  - id: a\n", 2, "register.yml:3"),
        ("empty register", "register.yml", "", 2, "register.yml"),
        ("catalog malformed JSON", "catalog.json", "{\"subprocessors\": [ {\"id\": \"x\",, } ]}", 3, "catalog.json:1"),
        ("unknown format", "remit.yml", SmallJob.config.replacingOccurrences(of: "  - source: flows.xml", with: "  - source: flows.xml\n    format: parquet"), 2, "remit.yml:"),
        ("exception without reason", "exceptions.yml", "exceptions:\n  - { id: E, match: { kind: UNKNOWN_DESTINATION }, approved_by: x }\n", 2, "exceptions.yml:2"),
    ] as [(String, String, String?, Int32, String)])
    func brokenInputsLeaveThePreviousOutputs(_ name: String, _ file: String, _ content: String?, _ code: Int32, _ message: String) throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        #expect(try job.runJob().exitCode == 1)
        let before = try job.read("out/findings.json")
        if let content {
            try job.write(file, content)
        } else {
            try FileManager.default.removeItem(atPath: job.path(file))
        }
        let result = try job.runJob()
        #expect(result.exitCode == code, "\(name): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
        #expect(try job.read("out/findings.json") == before, "\(name) changed the previous outputs")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: job.url.path).filter { $0.contains("remit-tmp") }
        #expect(leftovers.isEmpty, "\(name) left \(leftovers)")
    }

    @Test func checkListsUnknownKeysAndRejectedRecords() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("remit.yml", SmallJob.config + "\nnightly_colour: blue\n")
        let result = try job.run(["check", "--config", "remit.yml"])
        #expect(result.exitCode == 2)
        #expect(result.stdout.contains("unknown key `nightly_colour`"))
        #expect(result.stdout.contains("flows.ndjson:8"))
        #expect(result.stdout.contains("flows.ndjson:9"))
    }

    /// Unknown keys in flow records (NDJSON keys, XML attributes and elements) are listed by
    /// `remit check` with how many records had each and where first; the run ignores them.
    @Test func checkListsUnknownKeysOfFlowRecords() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("flows.ndjson", """
            {"customer": "cust-acme", "subprocessor": "sp-mailer", "colour": "blue"}
            {"customer": "cust-acme", "subprocessor": "sp-mailer", "colour": "red", "nightly": true}
            {"customer": "cust-acme", "subprocessor": "sp-mailer"}

            """)
        try job.write("flows.xml", SmallJob.xmlFlows.replacingOccurrences(of: "region=\"FR\"/>", with: "region=\"FR\" shade=\"dark\"><hue>x</hue></flow>"))
        let result = try job.run(["check", "--config", "remit.yml"])
        #expect(result.exitCode == 0, "\(result.stdout)")
        #expect(result.stdout.contains("  warning: unknown key `colour` in 2 records (first at flows.ndjson:1), ignored"), "\(result.stdout)")
        #expect(result.stdout.contains("  warning: unknown key `nightly` in 1 record (first at flows.ndjson:2), ignored"), "\(result.stdout)")
        #expect(result.stdout.contains("  warning: unknown key `shade` in 1 record (first at flows.xml:"), "\(result.stdout)")
        #expect(result.stdout.contains("  warning: unknown key `hue` in 1 record (first at flows.xml:"), "\(result.stdout)")
        #expect(result.stdout.contains("check passed (4 warnings)"), "\(result.stdout)")
        #expect(try job.runJob().exitCode != 2, "the run ignores them")
    }

    /// A document's own top level too: JSON keys beside `flows`, the attributes of `<flows>`
    /// and of an XML catalog's `<subprocessors>` (`version` is known), listed by `remit check`
    /// where they stand; the run ignores them.
    @Test func checkListsUnknownKeysOfFlowAndCatalogDocuments() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("flows.json", """
            {"version": 1, "exported_at": "2026-11-28T00:00:00Z",
             "flows": [{"customer": "cust-acme", "subprocessor": "sp-mailer"}], "next_page": null}
            """)
        try job.write("flows.xml", SmallJob.xmlFlows.replacingOccurrences(
            of: "<flows xmlns=\"urn:remit:flows:1\">", with: "<flows xmlns=\"urn:remit:flows:1\" version=\"1\" exported_at=\"2026-11-28\">"))
        try job.write("catalog.xml", """
            <?xml version="1.0"?>
            <subprocessors xmlns="urn:remit:catalog:1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1" generated="2026-11-28" xsi:schemaLocation="urn:remit:catalog:1 catalog.xsd" xml:lang="en">
              <subprocessor id="sp-extra" name="Extra"/>
            </subprocessors>
            """)
        try job.write("remit.yml", SmallJob.config
            .replacingOccurrences(of: "  - source: flows.ndjson", with: "  - source: flows.json")
            .replacingOccurrences(of: "  - source: catalog.json", with: "  - source: catalog.json\n  - source: catalog.xml"))
        let result = try job.run(["check", "--config", "remit.yml"])
        #expect(result.exitCode == 0, "\(result.stdout)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for expected in [
            "  warning: unknown key `exported_at` in 1 flows document (first at flows.json:1:31), ignored",
            "  warning: unknown key `next_page` in 1 flows document (first at flows.json:2:82), ignored",
            "  warning: unknown key `exported_at` in 1 flows document (first at flows.xml:2), ignored",
            "catalog.xml:2: warning: unknown key `generated` in the catalog (ignored)",
        ] {
            #expect(lines.contains(expected), "missing \(expected) in\n\(result.stdout)")
        }
        #expect(!result.stdout.contains("`version`") && !result.stdout.contains("schemaLocation") && !result.stdout.contains("lang"), "\(result.stdout)")
        #expect(result.stdout.contains("check passed (4 warnings)"), "\(result.stdout)")
        #expect(try job.runJob().exitCode != 2, "the run ignores them")
    }

    /// Keys come from logs: one cannot print a line of its own (an LF in it), nor megabytes
    /// (shown cut to 80 characters), and keys past the twentieth are not listed one by one.
    @Test func unknownFlowKeysAreShownSafely() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let forged = "x`, ignored\ncheck passed (0 warnings)\r\nok: flows fake"
        var lines = [#"{"customer": "cust-acme", "subprocessor": "sp-mailer", "\#(forged.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r"))": 1, "\#(String(repeating: "k", count: 5000))": 2}"#]
        for n in 0..<25 { lines.append(#"{"customer": "cust-acme", "subprocessor": "sp-mailer", "extra-\#(n)": 1, "extra-\#(n)x": 2}"#) }
        try job.write("flows.ndjson", lines.joined(separator: "\n") + "\n")
        let result = try job.run(["check", "--config", "remit.yml"])
        let printed = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(printed.filter { $0.hasPrefix("check passed") }.count == 1, "\(result.stdout)")
        #expect(!printed.contains { $0.hasPrefix("ok: flows fake") })
        #expect(result.stdout.contains("[U+000A]check passed (0 warnings)[U+000D][U+000A]ok: flows fake"), "\(result.stdout)")
        #expect(result.stdout.contains("`" + String(repeating: "k", count: 79) + "…`"))
        #expect(!result.stdout.contains(String(repeating: "k", count: 81)))
        #expect(printed.filter { $0.contains("warning: unknown key") }.count == 20)
        #expect(result.stdout.contains("  … and more unknown keys, not listed"))
    }

    @Test func checkPassesACleanJob() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("flows.ndjson", "{\"customer\": \"cust-acme\", \"subprocessor\": \"sp-mailer\"}\n")
        let result = try job.run(["check", "--config", "remit.yml"])
        #expect(result.exitCode == 0, "\(result.stdout)")
        #expect(result.stdout.contains("check passed"))
    }
}

@Suite struct NonUTF8InputTests {
    @Test func aRegisterWithInvalidUTF8NamesTheLine() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        #expect(try job.runJob().exitCode == 1)
        let before = try job.read("out/findings.json")
        try job.write("register.yml", bytes: Array("customers:\n  - id: a\n    name: ".utf8) + [0xC3, 0x28] + Array("\n".utf8))
        let result = try job.runJob()
        #expect(result.exitCode == 3, "\(result.stderr)")
        #expect(result.stderr.contains("register.yml:3"), "\(result.stderr)")
        #expect(result.stderr.contains("UTF-8"))
        #expect(try job.read("out/findings.json") == before)
    }

    @Test func invalidUTF8InAFlowLineIsOneInvalidRecord() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("flows.ndjson", bytes: Array("{\"customer\": \"cust-acme\", \"subprocessor\": \"sp-mailer\", \"id\": \"".utf8) + [0xFF] + Array("\"}\n{\"customer\": \"cust-acme\", \"subprocessor\": \"sp-mailer\"}\n".utf8))
        #expect(try job.runJob().exitCode == 1)
        let invalid = try #require(try job.findings().finding("INVALID_RECORD", value: "flows.ndjson"))
        #expect(invalid["flows"] as? Int == 1)
        #expect((invalid["samples"] as? [[String: Any]])?.first?["line"] as? Int == 1)
    }
}
