import Foundation
import Testing

/// What cron relies on: history across runs, idempotent reruns, the lock, crash safety.
@Suite struct NightlyOperationTests {
    func run(_ job: JobFolder, _ asOf: String, _ extra: [String] = []) throws -> RemitBinary.Result {
        try job.run(["run", "--config", "remit.yml", "--as-of", asOf] + extra)
    }

    @Test func secondRunMarksPersistingAndResolved() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        _ = try run(job, "2026-11-27T00:00:00Z")
        // The next night, the unknown host is gone and a new ML purpose appears in the catalog.
        try job.write("flows.ndjson", SmallJob.flows.replacingOccurrences(of: "collector.unknown.example:8443", with: "api.mailer.example"))
        try job.write("catalog.json", SmallJob.catalog.replacingOccurrences(of: "\"purposes\": [\"service.operations.backup\"]",
                                                                           with: "\"purposes\": [\"service.operations.backup\", \"improve.ml_training\"]"))
        #expect(try run(job, "2026-11-28T00:00:00Z").exitCode == 1)
        let output = try job.findings()
        let persisting = try #require(output.finding("UNAUTHORIZED_SUBPROCESSOR", customer: "cust-beta", subprocessor: "sp-tracker"))
        #expect(persisting["status"] as? String == "persisting")
        #expect(persisting["first_seen_run"] as? String == "2026-11-27T00:00:00Z")
        let resolved = try #require(output["resolved"] as? [[String: Any]])
        #expect(resolved.contains { $0["kind"] as? String == "UNKNOWN_DESTINATION" && $0["value"] as? String == "collector.unknown.example" })
        let changed = try #require(output.finding("DESCRIPTION_CHANGED", subprocessor: "sp-backup", value: "+purpose:improve.ml_training"))
        #expect(changed["status"] as? String == "new")
        let summary = try #require(output["summary"] as? [String: Any])
        #expect(summary["previous_as_of"] as? String == "2026-11-27T00:00:00Z")
        #expect(summary["replay"] == nil, "the outputs do not say whether later runs exist")
        let history = try job.run(["history", "--config", "remit.yml", "--json"])
        #expect(history.exitCode == 0)
        #expect(history.stdout.contains("\"as_of\": \"2026-11-28T00:00:00Z\""))
        #expect(history.stdout.contains("\"as_of\": \"2026-11-27T00:00:00Z\""))
    }

    /// The run is recorded while its outputs are written, and committed to the history only
    /// once they are in place: a run whose outputs cannot be written is not in the history,
    /// and the next night compares itself with the last run that did write its outputs.
    @Test func aRunWhoseOutputsCannotBeWrittenIsNotRecorded() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        #expect(try run(job, "2026-11-26T00:00:00Z").exitCode == 1)
        try job.write("blocked", "a file where the output's parent folder should be")
        let failed = try run(job, "2026-11-27T00:00:00Z", ["--output", "blocked/out"])
        #expect(![0, 1].contains(failed.exitCode), "\(failed.stderr)")
        let history = try job.run(["history", "--config", "remit.yml", "--json"])
        #expect(history.stdout.contains("\"as_of\": \"2026-11-26T00:00:00Z\""))
        #expect(!history.stdout.contains("2026-11-27T00:00:00Z"), "\(history.stdout)")
        #expect(try run(job, "2026-11-28T00:00:00Z").exitCode == 1)
        let summary = try #require(try job.findings()["summary"] as? [String: Any])
        #expect(summary["previous_as_of"] as? String == "2026-11-26T00:00:00Z")
    }

    @Test func rerunningTheSameAsOfGivesIdenticalOutputs() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        _ = try run(job, "2026-11-26T00:00:00Z")
        _ = try run(job, "2026-11-28T00:00:00Z", ["--output", "first"])
        _ = try run(job, "2026-11-28T00:00:00Z", ["--output", "second"])
        for file in ["findings.json", "findings.csv", "junit.xml", "report.html", "evidence/cust-acme.html"] {
            #expect(try job.read("first/\(file)") == job.read("second/\(file)"), "\(file)")
        }
        let table = try job.run(["history", "--config", "remit.yml"])
        #expect(table.stdout.split(separator: "\n").count == 3) // header + two as_of values
    }

    /// An older as_of is compared with the run before it, and later runs are left alone. Its
    /// outputs are those it gave before the later run was recorded (SPEC: a rerun gives
    /// identical outputs); the summary remit prints says it is a replay.
    @Test func anOlderAsOfIsAReplayComparedWithTheRunBeforeIt() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        _ = try run(job, "2026-11-20T00:00:00Z")
        let before = try run(job, "2026-11-24T00:00:00Z", ["--output", "before"])
        _ = try run(job, "2026-11-28T00:00:00Z")
        let replay = try run(job, "2026-11-24T00:00:00Z", ["--output", "replay"])
        let summary = try #require(try job.findings("replay")["summary"] as? [String: Any])
        #expect(summary["previous_as_of"] as? String == "2026-11-20T00:00:00Z")
        for file in ["findings.json", "findings.csv", "junit.xml", "report.html", "manifest.json", "evidence/cust-acme.html", "evidence/cust-acme.json"] {
            #expect(try job.read("before/\(file)") == job.read("replay/\(file)"), "\(file)")
        }
        #expect(replay.stderr.contains("replay: later runs are recorded and left as they are; compared with the run as of 2026-11-20T00:00:00Z"),
                "\(replay.stderr)")
        #expect(!before.stderr.contains("replay"))
        let history = try job.run(["history", "--config", "remit.yml"])
        #expect(history.stdout.split(separator: "\n").count == 4, "\(history.stdout)") // header + three as_of values
    }

    /// With a `keep_runs` under the trend's 30 runs, a retry of last night draws the trend of
    /// the runs that stay recorded: the first try drew a run it then pruned, and the retry's
    /// report differed from it.
    @Test func aRetryUnderASmallKeepRunsGivesIdenticalOutputs() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("remit.yml", SmallJob.config + "\nhistory: { keep_runs: 1 }\n")
        _ = try run(job, "2026-11-20T00:00:00Z")
        _ = try run(job, "2026-11-21T00:00:00Z")
        _ = try run(job, "2026-11-22T00:00:00Z", ["--output", "first"])
        _ = try run(job, "2026-11-22T00:00:00Z", ["--output", "retry"])
        for file in ["findings.json", "report.html", "manifest.json", "evidence/cust-acme.html"] {
            #expect(try job.read("first/\(file)") == job.read("retry/\(file)"), "\(file)")
        }
        let report = String(decoding: try job.read("retry/report.html"), as: UTF8.self)
        #expect(report.contains("in the last 2 runs"), "the night before and this one")
    }

    @Test func aSecondRunOnTheSameStateExitsTwoNamingTheHolder() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let state = job.path(".remit")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let fd = open(state + "/lock", O_RDWR | O_CREAT, 0o600)
        #expect(fd >= 0)
        defer { close(fd) }
        let note = "pid 4242, started 2026-11-28T01:00:00Z\n"
        _ = note.withCString { write(fd, $0, strlen($0)) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let result = try run(job, "2026-11-28T00:00:00Z")
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("pid 4242"))
        #expect(!FileManager.default.fileExists(atPath: job.path("out")))
        flock(fd, LOCK_UN)
        #expect(try run(job, "2026-11-28T00:00:00Z").exitCode == 1)
    }

    /// SIGKILL at several points of a run: the previous report stays whole (or the new one is
    /// whole), the history database passes integrity_check, and the next run succeeds.
    @Test func killedRunsLeaveAConsistentState() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        var big = ""
        for i in 0..<150_000 {
            big += "{\"id\": \"b-\(i)\", \"ts\": \"2026-11-2\(i % 8)T10:00:00Z\", \"customer\": \"cust-\(i % 3 == 0 ? "acme" : "beta")\", \"destination\": \"api.mailer.example\", \"purpose\": \"service.delivery.notifications\", \"region\": \"\(i % 5 == 0 ? "US" : "DE")\"}\n"
        }
        try job.write("flows.ndjson", big)
        #expect(try run(job, "2026-11-27T00:00:00Z").exitCode == 1)
        for delay in [0.05, 0.2, 0.5, 1.0, 2.0] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: RemitBinary.path)
            process.arguments = ["run", "--config", "remit.yml", "--as-of", "2026-11-28T00:00:00Z", "--quiet"]
            process.currentDirectoryURL = job.url
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try expectWholeReport(job)
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            check.arguments = [job.path(".remit/history.sqlite"), "PRAGMA integrity_check;"]
            let pipe = Pipe()
            check.standardOutput = pipe
            try check.run()
            check.waitUntilExit()
            #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        }
        #expect(try run(job, "2026-11-28T00:00:00Z").exitCode == 1)
        try expectWholeReport(job)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: job.url.path).filter { $0.contains(".remit-tmp") || $0.contains(".remit-old") }
        #expect(leftovers.isEmpty)
    }

    /// The output folder is one complete run: every file the manifest lists has its hash.
    func expectWholeReport(_ job: JobFolder) throws {
        let manifest = try #require(try JSONSerialization.jsonObject(with: job.read("out/manifest.json")) as? [String: Any])
        let outputs = try #require(manifest["outputs"] as? [[String: Any]])
        #expect(outputs.count >= 5)
        for output in outputs {
            let path = try #require(output["path"] as? String)
            let data = try job.read("out/\(path)")
            #expect(data.count == output["bytes"] as? Int, "\(path)")
        }
        _ = try job.findings()
    }
}
