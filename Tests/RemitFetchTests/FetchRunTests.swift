import Foundation
import RemitFetch
import Testing

/// The built binary on a job whose catalog and flows are fetched from the loopback server:
/// a fresh run, a 304, the vendor going down (stale + SOURCE_UNAVAILABLE), `--offline`,
/// `remit fetch`, and a credential that never leaves the request.
@Suite struct FetchRunTests {
    let token = "tok-\(UUID().uuidString)"

    @Test func aFetchedJobSurvivesTheVendorGoingDown() throws {
        let server = try TestServer(expectAuth: "Bearer \(token)")
        let job = try FetchedJob(server: server)
        var printed = ""

        // 1. Everything fetched.
        let first = try job.run(token: token)
        printed += first.stdout + first.stderr
        #expect(first.exitCode == 0, "\(first.stderr)")
        let fresh = try job.folder.json("out/findings.json")
        for url in [job.vendorsURL, job.mailerURL, job.flowsURL] {
            let input = try #require(fresh.input(url), "no input \(url)")
            #expect(input["status"] as? String == "fresh")
            #expect(input["fetched_at"] is String)
            #expect(input["etag"] is String)
        }
        #expect(fresh.input(job.flowsURL)?["records"] as? Int == 2)
        #expect(fresh.input(job.flowsURL)?["format"] as? String == "remit-ndjson")
        #expect(fresh.input(job.mailerURL)?["format"] as? String == "remit-xml")
        #expect(fresh.findings("SOURCE_UNAVAILABLE").isEmpty)
        #expect(fresh.findings("UNUSED_AUTHORIZATION").isEmpty, "the fetched flows were reconciled")
        let manifest = try job.folder.json("out/manifest.json")
        let entry = try #require(manifest.input(job.vendorsURL))
        #expect(entry["final_url"] as? String == job.vendorsURL)
        #expect(entry["sha256"] as? String == sha256(FetchedJob.vendors))
        #expect(entry["etag"] is String)
        #expect(entry["fetched_at"] is String)
        #expect(try server.stats().auth_seen == ["Bearer \(token)"], "the server saw the credential")

        // 2. Unchanged on the server: 304s, the cached copies are used.
        let second = try job.run(token: token)
        printed += second.stdout + second.stderr
        #expect(second.exitCode == 0, "\(second.stderr)")
        let cached = try job.folder.json("out/findings.json")
        #expect(cached.input(job.vendorsURL)?["status"] as? String == "cached")
        #expect(cached.input(job.flowsURL)?["sha256"] as? String == sha256(FetchedJob.flows))
        let confirmedAt = try #require(cached.input(job.vendorsURL)?["fetched_at"] as? String)

        // 3. The vendor is down: the last good copies, marked stale, and SOURCE_UNAVAILABLE.
        server.stop()
        let down = try job.run(token: token)
        printed += down.stdout + down.stderr
        #expect(down.exitCode == 0, "SOURCE_UNAVAILABLE is medium, fail_on is high: \(down.stderr)")
        #expect(down.stderr.contains("stale: catalog \(job.vendorsURL)"), "\(down.stderr)")
        let stale = try job.folder.json("out/findings.json")
        #expect(stale.input(job.vendorsURL)?["status"] as? String == "stale")
        #expect(stale.input(job.vendorsURL)?["fetched_at"] as? String == confirmedAt)
        #expect(stale.input(job.flowsURL)?["records"] as? Int == 2, "the stale flows were still read")
        let unavailable = stale.findings("SOURCE_UNAVAILABLE")
        #expect(Set(unavailable.compactMap { $0["value"] as? String }) == [job.vendorsURL, job.mailerURL, job.flowsURL])
        let mailer = try #require(unavailable.first { $0["value"] as? String == job.mailerURL })
        #expect(mailer["subprocessor"] as? String == "sp-mailer")
        #expect(mailer["customer"] as? String == "")
        #expect(mailer["dimension"] as? String == "source")
        #expect(mailer["severity"] as? String == "medium")
        let sample = try #require((mailer["samples"] as? [[String: Any]])?.first)
        #expect(sample["source"] as? String == "remit.yml")
        #expect(sample["line"] as? Int == (try job.line(of: job.mailerURL)))
        let reason = try #require(sample["reason"] as? String)
        #expect(reason.contains("(after 2 attempts)") && reason.contains("stale"), "\(reason)")
        #expect(unavailable.first { $0["value"] as? String == job.vendorsURL }?["subprocessor"] as? String == "")
        #expect(try job.run(["--fail-on", "medium"], token: token).exitCode == 1)
        // The job is named by its file name however it was given (outputs are the same bytes
        // whatever folder cron starts in).
        let absolute = try RemitProcess.run(["run", "--config", job.folder.path("remit.yml"), "--as-of", "2026-11-28T00:00:00Z"],
                                            in: job.folder, environment: ["VENDOR_TOKEN": token])
        #expect(absolute.exitCode == 0, "\(absolute.stderr)")
        let sources = try job.folder.json("out/findings.json").findings("SOURCE_UNAVAILABLE")
            .flatMap { ($0["samples"] as? [[String: Any]]) ?? [] }.compactMap { $0["source"] as? String }
        #expect(sources.count == 3 && sources.allSatisfy { $0 == "remit.yml" }, "\(sources)")

        // 4. Offline: only the cache, which remembers that the last fetches failed: the
        //    copies are stale, as they were to the runs that fetched.
        let offline = try job.run(["--offline"], token: token)
        printed += offline.stdout + offline.stderr
        #expect(offline.exitCode == 0, "\(offline.stderr)")
        let fromCache = try job.folder.json("out/findings.json")
        #expect(fromCache.input(job.flowsURL)?["status"] as? String == "stale")
        #expect(fromCache.input(job.flowsURL)?["fetched_at"] as? String == stale.input(job.flowsURL)?["fetched_at"] as? String)
        let remembered = fromCache.findings("SOURCE_UNAVAILABLE").flatMap { ($0["samples"] as? [[String: Any]]) ?? [] }
        #expect(remembered.count == 3 && remembered.allSatisfy { ($0["reason"] as? String)?.contains("the last fetch at ") == true }, "\(remembered)")

        // The credential is in no file (outputs, cache, lock) and was never printed.
        #expect(!job.folder.allText().contains(token))
        #expect(!printed.contains(token))
    }

    /// A vendor's page that turns into a maintenance page, and an export cut off half-way,
    /// served with 200: each run uses the last copy that could be read, marked stale, until
    /// the server sends one that can (SPEC "Reliability rules": the last good copy is used).
    @Test func aBodyThatCannotBeReadNeverCostsTheLastGoodCopy() throws {
        let server = try TestServer(expectAuth: "Bearer \(token)")
        let job = try FetchedJob(server: server)
        let first = try job.run(token: token)
        #expect(first.exitCode == 0, "\(first.stderr)")
        let good = try job.folder.json("out/findings.json")
        let goodAt = try #require(good.input(job.vendorsURL)?["fetched_at"] as? String)
        let goodETag = try #require(good.input(job.vendorsURL)?["etag"] as? String)
        #expect(good.findings("SOURCE_UNAVAILABLE").isEmpty)

        // 1. The catalog page is a maintenance page: the catalog read before is used, so the
        // flow to the mailer's endpoint is still attributed.
        try server.serve("vendors.json", "<html><body>Down for maintenance</body></html>\n")
        for night in 0..<2 {
            let broken = try job.run(token: token)
            #expect(broken.exitCode == 0, "SOURCE_UNAVAILABLE is medium: \(broken.stderr)")
            #expect(broken.stderr.contains("stale: catalog \(job.vendorsURL) could not be fetched or read"), "\(broken.stderr)")
            let stale = try job.folder.json("out/findings.json")
            #expect(stale.input(job.vendorsURL)?["status"] as? String == "stale")
            #expect(stale.input(job.vendorsURL)?["fetched_at"] as? String == goodAt)
            #expect(stale.input(job.vendorsURL)?["sha256"] as? String == sha256(FetchedJob.vendors))
            #expect(stale.input(job.flowsURL)?["status"] as? String == "cached")
            let unavailable = stale.findings("SOURCE_UNAVAILABLE")
            #expect(unavailable.map { $0["value"] as? String } == [job.vendorsURL], "night \(night)")
            let reason = try #require((unavailable.first?["samples"] as? [[String: Any]])?.first?["reason"] as? String)
            #expect(reason.contains("cannot be read: \(job.vendorsURL):1: expected root element <subprocessors>, found <html>"), "\(reason)")
            #expect(reason.contains("the copy fetched at \(goodAt) was used (stale)"), "\(reason)")
            #expect(stale.findings("UNKNOWN_DESTINATION").isEmpty, "the good catalog resolved the endpoint")
            #expect(stale.findings("INVALID_RECORD").isEmpty)
        }
        // Each night asked for a newer body against the good copy's ETag.
        let asked = try server.stats().conditional.filter { $0.path.hasSuffix("/vendors.json") && $0.header == "If-None-Match" }
        #expect(asked.suffix(2).map(\.value) == [goodETag, goodETag])

        let check = try RemitProcess.run(["check", "--config", "remit.yml"], in: job.folder, environment: ["VENDOR_TOKEN": token])
        #expect(check.exitCode == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("warning: SOURCE_UNAVAILABLE \(job.vendorsURL): the newest copy (fetched at "), "\(check.stdout)")
        #expect(check.stdout.contains("checking the copy fetched at \(goodAt)"), "\(check.stdout)")
        // `remit check` and `remit fetch` leave the broken download unread beside the good
        // copy (the second fetch is a 304 for it); offline, the run falls back on the good
        // copy all the same.
        let fetched = try RemitProcess.run(["fetch", "--config", "remit.yml"], in: job.folder, environment: ["VENDOR_TOKEN": token])
        #expect(fetched.exitCode == 0 && fetched.stdout.contains("cached \(job.vendorsURL) (not modified"), "\(fetched.stdout)")
        let offline = try job.run(["--offline"], token: token)
        #expect(offline.exitCode == 0, "\(offline.stderr)")
        let offlineFindings = try job.folder.json("out/findings.json")
        #expect(offlineFindings.input(job.vendorsURL)?["status"] as? String == "stale")
        #expect(offlineFindings.input(job.vendorsURL)?["fetched_at"] as? String == goodAt)
        #expect(offlineFindings.findings("SOURCE_UNAVAILABLE").map { $0["value"] as? String } == [job.vendorsURL])

        // 2. The export is cut off after its first record: the error comes while the flows
        // are read, and the run reads them again from the last good export.
        try server.serve("vendors.json", FetchedJob.vendors)
        try server.serve("egress.ndjson", "[" + FetchedJob.flows.split(separator: "\n").joined(separator: ", ") + ", {\"id\": \"f-3\", \"ts")
        let cut = try job.run(token: token)
        #expect(cut.exitCode == 0, "\(cut.stderr)")
        let flowsStale = try job.folder.json("out/findings.json")
        #expect(flowsStale.input(job.flowsURL)?["status"] as? String == "stale")
        #expect(flowsStale.input(job.flowsURL)?["records"] as? Int == 2, "the two records of the good export")
        let packet = try job.folder.json("out/evidence/cust-acme.json")
        let observed = try #require((packet["observed"] as? [[String: Any]])?.first)
        #expect(observed["flows"] as? Int == 2, "each flow counted once, none from the cut export's first attempt")
        #expect(flowsStale.input(job.flowsURL)?["sha256"] as? String == sha256(FetchedJob.flows))
        #expect(flowsStale.input(job.vendorsURL)?["sha256"] as? String == sha256(FetchedJob.vendors))
        #expect(flowsStale.findings("SOURCE_UNAVAILABLE").map { $0["value"] as? String } == [job.flowsURL])
        let flowsReason = (flowsStale.findings("SOURCE_UNAVAILABLE").first?["samples"] as? [[String: Any]])?.first?["reason"] as? String
        #expect(flowsReason?.contains("the document ends inside a value") == true, "\(flowsReason ?? "")")
        #expect(flowsStale.findings("UNUSED_AUTHORIZATION").isEmpty, "the good export's flows were reconciled")
        let checkCut = try RemitProcess.run(["check", "--config", "remit.yml"], in: job.folder, environment: ["VENDOR_TOKEN": token])
        #expect(checkCut.exitCode == 0, "\(checkCut.stdout)\(checkCut.stderr)")
        #expect(checkCut.stdout.contains("warning: SOURCE_UNAVAILABLE \(job.flowsURL): the newest copy (fetched at "), "\(checkCut.stdout)")
        #expect(checkCut.stdout.contains("ok: flows \(job.flowsURL) (remit-ndjson, 2 records, 0 rejected)"), "\(checkCut.stdout)")

        // The NDJSON export cut off inside its third record: not two flows and a bad record,
        // but a body that cannot be read, so the last good export again.
        try server.serve("egress.ndjson", FetchedJob.flows + "\n{\"id\": \"f-3\", \"ts\": \"2026-11-2")
        let cutLine = try job.run(token: token)
        #expect(cutLine.exitCode == 0, "\(cutLine.stderr)")
        let lineStale = try job.folder.json("out/findings.json")
        #expect(lineStale.input(job.flowsURL)?["status"] as? String == "stale")
        #expect(lineStale.input(job.flowsURL)?["sha256"] as? String == sha256(FetchedJob.flows))
        #expect(lineStale.findings("INVALID_RECORD").isEmpty)
        let lineReason = (lineStale.findings("SOURCE_UNAVAILABLE").first?["samples"] as? [[String: Any]])?.first?["reason"] as? String
        #expect(lineReason?.contains("the last line has no line end and stops inside a JSON value") == true, "\(lineReason ?? "")")

        // 3. Readable bodies again: fresh, no finding, and one body per source in the cache.
        let flows2 = FetchedJob.flows.replacingOccurrences(of: "f-2", with: "f-2b")
        try server.serve("egress.ndjson", flows2)
        let fixed = try job.run(token: token)
        #expect(fixed.exitCode == 0, "\(fixed.stderr)")
        let fresh = try job.folder.json("out/findings.json")
        #expect(fresh.input(job.flowsURL)?["status"] as? String == "fresh")
        #expect(fresh.input(job.flowsURL)?["sha256"] as? String == sha256(flows2))
        #expect(fresh.findings("SOURCE_UNAVAILABLE").isEmpty)
        let cache = job.folder.files().filter { $0.hasPrefix(".remit/cache/") }
        #expect(cache.count == 6, "a record and a body for each of the three sources: \(cache)")
        #expect(!cache.contains { $0.hasSuffix(".good.json") })
        #expect(!(first.stderr + cut.stderr + fixed.stderr).contains(token))
    }

    /// When the last good copy cannot be read either (the job changed since it was read),
    /// the run stops with exit 3 and says what went wrong with both copies.
    @Test func whenTheLastGoodCopyCannotBeReadEitherTheRunStopsAndNamesBoth() throws {
        let server = try TestServer(expectAuth: "Bearer \(token)")
        let job = try FetchedJob(server: server)
        #expect(try job.run(token: token).exitCode == 0)
        try server.serve("egress.ndjson", "<html><body>Down for maintenance</body></html>\n")
        // The job now reads the flows as one CycloneDX document, which the good copy is not.
        try job.folder.write("remit.yml", try job.folder.read("remit.yml")
            .replacingOccurrences(of: "  - source: \(job.flowsURL)", with: "  - source: \(job.flowsURL)\n    format: cyclonedx"))
        let before = try job.folder.read("out/findings.json")
        let result = try job.run(token: token)
        #expect(result.exitCode == 3, "\(result.stderr)")
        #expect(result.stderr.contains("error: \(job.flowsURL):1"), "\(result.stderr)")
        #expect(result.stderr.contains("its last good copy (fetched at "), "\(result.stderr)")
        #expect(result.stderr.contains("cannot be read either: \(job.flowsURL):2:1: invalid JSON: unexpected data after the JSON document"),
                "\(result.stderr)")
        #expect(try job.folder.read("out/findings.json") == before, "a failed run leaves the outputs")
    }

    @Test func withoutACachedCopyTheRunStopsWithExitThree() throws {
        let port = try closedPort()
        let server = try TestServer(expectAuth: "Bearer \(token)")
        let job = try FetchedJob(server: server, base: "http://127.0.0.1:\(port)")
        let result = try job.run(token: token)
        #expect(result.exitCode == 3)
        #expect(result.stderr.contains("SOURCE_UNAVAILABLE \(job.vendorsURL)"), "\(result.stderr)")
        #expect(result.stderr.contains("no cached copy"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: job.folder.path("out")))

        let offline = try job.run(["--offline"], token: token)
        #expect(offline.exitCode == 3)
        #expect(offline.stderr.contains("no cached copy to use offline"), "\(offline.stderr)")
        #expect(!(result.stderr + offline.stderr).contains(token))
    }

    /// `fetch.ca_file` must be a file of PEM certificates: a folder or another file is the
    /// job's error (exit 2, before any fetch), not a TLS failure every night that a cached
    /// copy would hide.
    @Test func aCAFileThatHoldsNoCertificateIsTheJobsError() throws {
        let server = try TestServer(expectAuth: "Bearer \(token)")
        let job = try FetchedJob(server: server)
        let config = try job.folder.read("remit.yml")
        try job.folder.write("notes.txt", "not a certificate\n")
        for (caFile, reason) in [(".", "cannot read"), ("notes.txt", "holds no PEM certificate")] {
            try job.folder.write("remit.yml", config.replacingOccurrences(of: "fetch: { timeout_s: 5, retries: 1 }",
                                                                          with: "fetch: { timeout_s: 5, retries: 1, ca_file: \(caFile) }"))
            let result = try job.run(token: token)
            #expect(result.exitCode == 2, "\(caFile): \(result.stderr)")
            #expect(result.stderr.contains("(field `fetch.ca_file`): "), "\(result.stderr)")
            #expect(result.stderr.contains(reason), "\(result.stderr)")
            #expect(try server.stats().requests.keys.allSatisfy { $0 == "/stats" }, "nothing was fetched")
        }
    }

    /// `remit check` lists a fetched source with no copy at all beside the other inputs'
    /// problems (a register file that is gone), instead of stopping at it.
    @Test func checkListsAFetchedSourceWithNoCopyWithTheOthers() throws {
        let port = try closedPort()
        let server = try TestServer(expectAuth: "Bearer \(token)")
        let job = try FetchedJob(server: server, base: "http://127.0.0.1:\(port)")
        try FileManager.default.removeItem(atPath: job.folder.path("register.yml"))
        let check = try RemitProcess.run(["check", "--config", "remit.yml"], in: job.folder,
                                         environment: ["VENDOR_TOKEN": token, "REMIT_FETCH_BACKOFF_MS": "1"])
        let text = check.stdout + check.stderr
        #expect(check.exitCode == 3, "\(text)")
        for url in [job.vendorsURL, job.mailerURL, job.flowsURL] {
            #expect(text.contains("error: SOURCE_UNAVAILABLE \(url): "), "\(url): \(text)")
        }
        #expect(text.contains("register.yml: cannot read"), "\(text)")
        #expect(text.contains("check found 4 problems"), "\(text)")
    }

    @Test func fetchRefreshesTheCacheOnly() throws {
        let server = try TestServer(expectAuth: "Bearer \(token)")
        let job = try FetchedJob(server: server)
        let environment = ["VENDOR_TOKEN": token]

        let first = try RemitProcess.run(["fetch", "--config", "remit.yml"], in: job.folder, environment: environment)
        #expect(first.exitCode == 0, "\(first.stderr)")
        #expect(first.stdout.contains("fresh  \(job.vendorsURL) (downloaded"), "\(first.stdout)")
        #expect(first.stdout.contains("3 sources: 3 fresh, 0 not modified, 0 stale, 0 failed"), "\(first.stdout)")
        #expect(!FileManager.default.fileExists(atPath: job.folder.path("out")), "fetch writes no report")
        #expect(job.folder.files().contains { $0.hasPrefix(".remit/cache/") })

        let again = try RemitProcess.run(["fetch", "--config", "remit.yml"], in: job.folder, environment: environment)
        #expect(again.stdout.contains("cached \(job.flowsURL) (not modified"), "\(again.stdout)")
        #expect(try job.run(["--offline"], token: token).exitCode == 0)
        let refreshed = try job.folder.json("out/findings.json")
        #expect(refreshed.input(job.flowsURL)?["status"] as? String == "cached")
        #expect(refreshed.findings("SOURCE_UNAVAILABLE").isEmpty)

        // A fetch that fails is remembered: the run `--offline` after it says the copies it
        // uses are stale, as a run that fetched would (it said `cached`, and nothing failed).
        server.stop()
        let down = try RemitProcess.run(["fetch", "--config", "remit.yml"], in: job.folder, environment: environment)
        #expect(down.exitCode == 0, "every source still has a copy")
        #expect(down.stdout.contains("stale  \(job.flowsURL): "), "\(down.stdout)")
        #expect(down.stdout.contains("keeping the copy fetched at"))
        #expect(try job.run(["--offline"], token: token).exitCode == 0)
        let offline = try job.folder.json("out/findings.json")
        #expect(offline.input(job.flowsURL)?["status"] as? String == "stale")
        let unavailable = offline.findings("SOURCE_UNAVAILABLE")
        #expect(unavailable.count == 3, "\(unavailable)")
        let flows = unavailable.first { $0["value"] as? String == job.flowsURL }
        #expect("\(flows ?? [:])".contains("the last fetch at 20"), "\(String(describing: flows))")

        try job.folder.write("remit.yml", try job.folder.read("remit.yml")
            .replacingOccurrences(of: job.flowsURL, with: "http://127.0.0.1:\(try closedPort())/new.ndjson"))
        let missing = try RemitProcess.run(["fetch", "--config", "remit.yml"], in: job.folder, environment: environment)
        #expect(missing.exitCode == 3)
        #expect(missing.stdout.contains("failed http://127.0.0.1:"), "\(missing.stdout)")
        #expect(!(first.stdout + again.stdout + down.stdout + missing.stdout + missing.stderr).contains(token))
    }

    /// `remit check --state` checks the copies a nightly job with `--state` keeps: with the
    /// vendor down, the copies fetched into that folder are checked (stale); the job's own
    /// state folder holds none, so without it nothing can be read.
    @Test func checkReadsTheCopiesOfTheStateItIsGiven() throws {
        let server = try TestServer(expectAuth: "Bearer \(token)")
        let job = try FetchedJob(server: server)
        let environment = ["VENDOR_TOKEN": token]
        let fetched = try RemitProcess.run(["fetch", "--config", "remit.yml", "--state", "nightly-state"], in: job.folder, environment: environment)
        #expect(fetched.exitCode == 0, "\(fetched.stdout)\(fetched.stderr)")
        server.stop()
        let given = try RemitProcess.run(["check", "--config", "remit.yml", "--state", "nightly-state"], in: job.folder, environment: environment)
        #expect(given.exitCode == 0, "\(given.stdout)\(given.stderr)")
        #expect(given.stdout.contains("warning: SOURCE_UNAVAILABLE \(job.vendorsURL)"), "\(given.stdout)")
        let stale = given.stdout.split(separator: "\n").count { $0.hasPrefix("warning: SOURCE_UNAVAILABLE") }
        #expect(stale == 3 && given.stdout.contains("check passed (3 warnings)"), "the stale copies are counted: \(given.stdout)")
        let own = try RemitProcess.run(["check", "--config", "remit.yml"], in: job.folder, environment: environment)
        #expect(own.exitCode == 3, "\(own.stdout)\(own.stderr)")
    }

    @Test func credentialsInAURLStayOutOfOutputs() throws {
        let server = try TestServer(expectAuth: "Bearer \(token)")
        let job = try FetchedJob(server: server)
        let withUser = job.flowsURL.replacingOccurrences(of: "http://", with: "http://ops:hunter2@") + "?X-Amz-Signature=s1gn4ture"
        try job.folder.write("remit.yml", try job.folder.read("remit.yml").replacingOccurrences(of: job.flowsURL, with: withUser))
        let result = try job.run(token: token)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(try job.folder.json("out/findings.json").input(job.flowsURL + "?X-Amz-Signature=REDACTED")?["status"] as? String == "fresh")
        let written = job.folder.files().filter { $0 != "remit.yml" }.map { (try? job.folder.read($0)) ?? "" }.joined()
        #expect(!written.contains("hunter2") && !written.contains("s1gn4ture"))
        #expect(!(result.stdout + result.stderr).contains("hunter2") && !(result.stdout + result.stderr).contains("s1gn4ture"))
    }
}

func sha256(_ text: String) -> String {
    FileDigest.sha256(bytes: Array(text.utf8))
}
