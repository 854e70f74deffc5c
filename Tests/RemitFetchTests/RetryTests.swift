import Foundation
import Testing
@testable import RemitFetch

/// Retries, backoff, Retry-After, timeouts and the last good copy.
@Suite struct RetryTests {
    @Test func twoServerErrorsThenSuccess() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{}")
        let harness = try FetchHarness(retries: 3)
        let outcome = await harness.fetch(server.url("/seq/500,503,ok/c.json"))
        #expect(outcome.status == .fresh, "\(outcome.failure ?? "")")
        #expect(contents(outcome.resolved) == "{}")
        #expect(try server.stats().requests["/seq/500,503,ok/c.json"] == 3)
    }

    @Test func retriesRunOutAndTheReasonSaysSo() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{}")
        let harness = try FetchHarness(retries: 2)
        let outcome = await harness.fetch(server.url("/seq/503/c.json"))
        #expect(outcome.status == .failed)
        #expect(outcome.failure == "HTTP 503 (after 3 attempts); there is no cached copy to fall back on")
        #expect(try server.stats().requests["/seq/503/c.json"] == 3)
        #expect(!harness.state.files().contains { $0.contains(".download") }, "no download left behind")
    }

    @Test func aClientErrorIsNotRetried() async throws {
        let server = try TestServer()
        let harness = try FetchHarness(retries: 3)
        let outcome = await harness.fetch(server.url("/nothing-here.json"))
        #expect(outcome.failure?.hasPrefix("HTTP 404;") == true)
        #expect(try server.stats().requests["/nothing-here.json"] == 1)
    }

    @Test func retryAfterIsHonoured() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{}")
        let harness = try FetchHarness(retries: 1)
        let started = Date()
        let outcome = await harness.fetch(server.url("/seq/429,ok/c.json"))
        let elapsed = Date().timeIntervalSince(started)
        #expect(outcome.status == .fresh, "\(outcome.failure ?? "")")
        #expect(elapsed >= 1.0, "waited \(elapsed) s; the server asked for 1 s")
        #expect(try server.stats().requests["/seq/429,ok/c.json"] == 2)
    }

    @Test func connectionRefusedIsRetriedThenFails() async throws {
        let port = try closedPort()
        let harness = try FetchHarness(retries: 2)
        let outcome = await harness.fetch("http://127.0.0.1:\(port)/c.json")
        #expect(outcome.status == .failed)
        let reason = try #require(outcome.failure)
        #expect(reason.contains("(after 3 attempts)"), "\(reason)")
        #expect(reason.lowercased().contains("connect"), "\(reason)")
    }

    @Test func aHangupIsRetried() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{}")
        let harness = try FetchHarness(retries: 1)
        let outcome = await harness.fetch(server.url("/seq/hangup,ok/c.json"))
        #expect(outcome.status == .fresh, "\(outcome.failure ?? "")")
    }

    @Test func aStallTimesOutAndTheLastGoodCopyIsUsed() async throws {
        let server = try TestServer()
        try server.serve("c.json", String(repeating: "{\"customer\": \"c\"}\n", count: 100))
        let harness = try FetchHarness(timeout: 1, retries: 1)
        let url = server.url("/seq/ok,stall/c.json")
        let first = try #require(await harness.fetch(url).resolved)
        let second = await harness.fetch(url)
        guard case .stale(let stale, let error) = second else {
            Issue.record("expected a stale copy, got \(second.status)")
            return
        }
        // libcurl's timeout ended both attempts: without it each would have waited out the
        // server's 60 s stall and ended as a transfer cut short, not as a timeout. (A wall-clock
        // bound here measured the test pool too: under ThreadSanitizer, with end-to-end tests
        // holding its threads, resuming this test once took a minute.)
        #expect(error.reason.hasPrefix("timed out (fetch.timeout_s 1)"), "\(error.reason)")
        #expect(error.reason.contains("(after 2 attempts)"), "\(error.reason)")
        #expect(stale.status == .stale)
        #expect(stale.sha256 == first.sha256)
        #expect(stale.fetchedAt == first.fetchedAt, "a stale copy keeps the time it was fetched")
        #expect(contents(stale) == contents(first))
    }

    @Test func backoffGrowsWithJitterAndRetryAfterIsBounded() {
        let backoff = Backoff(baseSeconds: 0.5, maxSeconds: 30, retryAfterCap: 60)
        #expect(backoff.delay(afterAttempt: 0, retryAfter: nil, jitter: 1) == 0.5)
        #expect(backoff.delay(afterAttempt: 0, retryAfter: nil, jitter: 0) == 0.25)
        #expect(backoff.delay(afterAttempt: 3, retryAfter: nil, jitter: 1) == 4)
        #expect(backoff.delay(afterAttempt: 10, retryAfter: nil, jitter: 1) == 30)
        #expect(backoff.delay(afterAttempt: 0, retryAfter: 7, jitter: 1) == 7)
        #expect(backoff.delay(afterAttempt: 0, retryAfter: 3600, jitter: 1) == 60)
        #expect(Backoff(environment: ["REMIT_FETCH_BACKOFF_MS": "20"]).baseSeconds == 0.02)
        #expect(Backoff(environment: [:]).baseSeconds == 0.5)
    }
}
