import Foundation
import Testing
@testable import RemitFetch

/// The cache and conditional GET against the real loopback server.
@Suite struct CacheTests {
    static let catalog = #"{"subprocessors": [{"id": "sp-mailer"}]}"#

    @Test func firstFetchIsFreshAndTheSecondA304() async throws {
        let server = try TestServer()
        try server.serve("catalog.json", Self.catalog)
        let harness = try FetchHarness()
        let url = server.url("/seq/ok/catalog.json")

        let first = await harness.fetch(url)
        let fresh = try #require(first.resolved, "\(first.failure ?? "")")
        #expect(first.status == .fresh)
        #expect(contents(fresh) == Self.catalog)
        #expect(fresh.sha256 == FileDigest.sha256(bytes: Array(Self.catalog.utf8)))
        #expect(fresh.bytes == Int64(Self.catalog.utf8.count))
        #expect(fresh.etag?.hasPrefix("\"") == true)
        #expect(fresh.finalURL == url)
        #expect(fresh.fetchedAt != nil)
        #expect(fresh.path.hasSuffix(".json"), "the cached body keeps the URL's extension")

        let second = await harness.fetch(url)
        let cached = try #require(second.resolved)
        #expect(second.status == .cached)
        #expect(cached.sha256 == fresh.sha256)
        #expect(cached.path == fresh.path)
        #expect(contents(cached) == Self.catalog)
        let stats = try server.stats()
        #expect(stats.requests["/seq/ok/catalog.json"] == 2)
        #expect(stats.conditional.map(\.header) == ["If-None-Match", "If-Modified-Since"])
        #expect(stats.conditional.first?.value == fresh.etag)
    }

    @Test func lastModifiedAloneGivesIfModifiedSince() async throws {
        let server = try TestServer()
        try server.serve("flows.ndjson", "{\"customer\": \"c\", \"destination\": \"d\"}\n")
        let harness = try FetchHarness()
        let url = server.url("/seq/lm/flows.ndjson")
        #expect(await harness.fetch(url).status == .fresh)
        #expect(await harness.fetch(url).status == .cached)
        let stats = try server.stats()
        #expect(stats.conditional.map(\.header) == ["If-Modified-Since"])
    }

    @Test func aChangedBodyReplacesTheCopyAndTheOldBodyGoesOnceTheNewOneIsRead() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{\"v\": 1}")
        let harness = try FetchHarness()
        let cache = harness.fetcher.cache
        let url = server.url("/seq/ok/c.json")
        let first = try #require(await harness.fetch(url).resolved)
        #expect(cache.lastGood(for: url, replacing: first.sha256) == nil, "nothing before the first download")
        try cache.accept(url)
        try server.serve("c.json", "{\"v\": 2}")
        let second = try #require(await harness.fetch(url).resolved)
        #expect(second.status == .fresh)
        #expect(contents(second) == "{\"v\": 2}")
        #expect(second.sha256 != first.sha256)
        #expect(!harness.state.files().contains { $0.contains(".download") || $0.contains(".tmp") })
        // Until a run reads the new body, the one read before it is kept.
        #expect(cache.lastGood(for: url, replacing: second.sha256)?.record.sha256 == first.sha256)
        #expect(cache.lastGood(for: url, replacing: first.sha256) == nil, "only in place of the copy that was downloaded")
        #expect(harness.state.files().count == 4, "two records and two bodies: \(harness.state.files())")
        try cache.accept(url)
        #expect(cache.lastGood(for: url, replacing: second.sha256) == nil)
        #expect(cache.entry(for: url)?.record.verified == true)
        #expect(!FileManager.default.fileExists(atPath: first.path))
        #expect(harness.state.files().count == 2, "one record and one body: \(harness.state.files())")
    }

    @Test func aBodyThatCannotBeReadGivesWayToTheLastGoodCopy() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{\"v\": 1}")
        let harness = try FetchHarness()
        let cache = harness.fetcher.cache
        let url = server.url("/seq/ok/c.json")
        let good = try #require(await harness.fetch(url).resolved)
        try cache.accept(url)

        // Two downloads no run has read: the good copy stays the one before both.
        try server.serve("c.json", "<html>down for maintenance</html>")
        let broken = try #require(await harness.fetch(url).resolved)
        try server.serve("c.json", "<html>still down</html>")
        let worse = try #require(await harness.fetch(url).resolved)
        #expect(worse.status == .fresh)
        #expect(!FileManager.default.fileExists(atPath: broken.path), "an unread download is not kept as good")
        let kept = try #require(cache.lastGood(for: url, replacing: worse.sha256))
        #expect(kept.record.sha256 == good.sha256)
        #expect(kept.bodyPath == good.path)

        // The run could not read it: the good copy is the cached one again, and the next
        // fetch asks against its ETag.
        try cache.reject(url)
        let restored = try #require(cache.entry(for: url))
        #expect(restored.record.sha256 == good.sha256)
        #expect(restored.record.etag == good.etag)
        #expect(cache.lastGood(for: url, replacing: good.sha256) == nil)
        #expect(!FileManager.default.fileExists(atPath: worse.path))
        #expect(harness.state.files().count == 2, "one record and one body: \(harness.state.files())")
        let again = await harness.fetch(url)
        #expect(again.status == .fresh)
        #expect(try server.stats().conditional.last { $0.header == "If-None-Match" }?.value == good.etag)
    }

    /// A copy fetched and read by a run (`good`), then a newer body downloaded that no run
    /// has read yet (`unread`).
    struct ReadThenChanged {
        let server: TestServer
        let harness: FetchHarness
        let url: String
        let good: ResolvedSource
        let unread: ResolvedSource
        var cache: SourceCache { harness.fetcher.cache }

        init() async throws {
            server = try TestServer()
            try server.serve("c.json", "{\"v\": 1}")
            harness = try FetchHarness()
            url = server.url("/seq/ok/c.json")
            good = try #require(await harness.fetch(url).resolved)
            try harness.fetcher.cache.accept(url)
            try server.serve("c.json", "{\"v\": 2}")
            unread = try #require(await harness.fetch(url).resolved)
        }
    }

    @Test func aDamagedLastGoodCopyIsNotUsed() async throws {
        let setup = try await ReadThenChanged()
        #expect(setup.cache.lastGood(for: setup.url, replacing: setup.unread.sha256) != nil)
        try Data("{\"v\": 666}".utf8).write(to: URL(fileURLWithPath: setup.good.path))
        #expect(setup.cache.lastGood(for: setup.url, replacing: setup.unread.sha256) == nil)
    }

    @Test func aNotModifiedAnswerKeepsADownloadUnreadAndItsGoodCopy() async throws {
        let setup = try await ReadThenChanged()
        let confirmed = await setup.harness.fetch(setup.url)
        #expect(confirmed.status == .cached)
        #expect(setup.cache.entry(for: setup.url)?.record.verified == false)
        #expect(setup.cache.lastGood(for: setup.url, replacing: setup.unread.sha256)?.record.sha256 == setup.good.sha256)
    }

    /// A run killed after it marked a copy read and before it removed the good copy kept
    /// beside it: that old copy is not the one to fall back on, and a rejection leaves the
    /// copy that was read in place.
    @Test func aGoodCopyLeftBesideACopyThatWasReadIsIgnored() async throws {
        let setup = try await ReadThenChanged()
        let (server, harness, cache, url) = (setup.server, setup.harness, setup.cache, setup.url)
        let (first, second) = (setup.good, setup.unread)
        let leftover = try String(contentsOfFile: cache.goodRecordPath(url), encoding: .utf8)
        try cache.accept(url)
        // As if the run had stopped between marking the copy read and removing the good copy.
        try Data(leftover.utf8).write(to: URL(fileURLWithPath: cache.goodRecordPath(url)))
        try Data("{\"v\": 1}".utf8).write(to: URL(fileURLWithPath: first.path))
        #expect(cache.lastGood(for: url, replacing: second.sha256) == nil)
        try cache.reject(url)
        #expect(cache.entry(for: url)?.record.sha256 == second.sha256)
        // The next download that differs replaces the leftover with the copy that was read.
        try server.serve("c.json", "{\"v\": 3}")
        let third = try #require(await harness.fetch(url).resolved)
        #expect(cache.lastGood(for: url, replacing: third.sha256)?.record.sha256 == second.sha256)
    }

    /// Records written before remit kept good copies have no `verified`: they count as read.
    @Test func aRecordWithoutVerifiedCountsAsRead() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{\"v\": 1}")
        let harness = try FetchHarness()
        let cache = harness.fetcher.cache
        let url = server.url("/seq/ok/c.json")
        let old = try #require(await harness.fetch(url).resolved)
        let path = cache.recordPath(url)
        var fields = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(fields.removeValue(forKey: "verified") as? Bool == false)
        try JSONSerialization.data(withJSONObject: fields).write(to: URL(fileURLWithPath: path))
        #expect(cache.entry(for: url)?.record.verified == nil)
        try server.serve("c.json", "{\"v\": 2}")
        let new = try #require(await harness.fetch(url).resolved)
        #expect(cache.lastGood(for: url, replacing: new.sha256)?.record.sha256 == old.sha256)
    }

    @Test func theRecordIsVersionedJSONWithoutCredentials() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{}")
        let harness = try FetchHarness()
        let url = "http://alice:pa55word@127.0.0.1:\(server.ports.http)/seq/ok/c.json?v=1&api_key=k3yS3cr3t"
        let outcome = await harness.fetch(url)
        #expect(outcome.status == .fresh, "\(outcome.failure ?? "")")
        let shown = server.url("/seq/ok/c.json?v=1&api_key=REDACTED")
        #expect(outcome.resolved?.source == shown)
        let cache = harness.fetcher.cache
        let record = try #require(cache.entry(for: url)?.record)
        #expect(record.schema == "remit.cache/1")
        #expect(record.url == shown)
        #expect(record.finalURL == shown)
        // The source as shown finds the copy, and so does the URL with a rotated key.
        #expect(cache.entry(for: shown)?.record.sha256 == record.sha256)
        #expect(await harness.fetch(url.replacingOccurrences(of: "k3yS3cr3t", with: "n3wK3y")).status == .cached)
        #expect(!harness.state.allText().contains("k3yS3cr3t") && !harness.state.allText().contains("n3wK3y"))
        #expect(record.httpStatus == 200)
        #expect(record.lastModified != nil)
        #expect(record.sha256.count == 64)
        #expect(!harness.state.allText().contains("pa55word"))
        let json = try String(contentsOfFile: cache.recordPath(url), encoding: .utf8)
        for key in ["\"schema\"", "\"url\"", "\"final_url\"", "\"etag\"", "\"last_modified\"", "\"fetched_at\"", "\"sha256\"", "\"http_status\""] {
            #expect(json.contains(key), "missing \(key)")
        }
    }

    @Test func aDamagedCacheBodyIsNotUsed() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{\"v\": 1}")
        let harness = try FetchHarness()
        let url = server.url("/seq/ok/c.json")
        let first = try #require(await harness.fetch(url).resolved)
        try Data("{\"v\": 666}".utf8).write(to: URL(fileURLWithPath: first.path))
        #expect(harness.fetcher.cache.entry(for: url) == nil)
        let offline = await harness.fetch(url, offline: true)
        #expect(offline.status == .failed)
        let again = await harness.fetch(url)
        #expect(again.status == .fresh)
        #expect(contents(again.resolved) == "{\"v\": 1}")
    }

    @Test func offlineUsesOnlyTheCache() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{}")
        let harness = try FetchHarness()
        let url = server.url("/seq/ok/c.json")
        let missing = await harness.fetch(url, offline: true)
        #expect(missing.status == .failed)
        #expect(missing.failure?.contains("no cached copy") == true)
        #expect(try server.stats().requests["/seq/ok/c.json"] == nil)

        _ = await harness.fetch(url)
        server.stop()
        let offline = await harness.fetch(url, offline: true)
        #expect(offline.status == .cached)
        #expect(contents(offline.resolved) == "{}")
    }

    /// A fetch that fails is remembered in the record until one succeeds (a 304 or a
    /// download): offline, the copy is stale meanwhile. A download after it does not carry it
    /// into the last good copy, which a run that cannot read the download goes back to.
    @Test func aFailedFetchIsRememberedUntilOneSucceeds() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{\"v\": 1}")
        let harness = try FetchHarness(retries: 0)
        let cache = harness.fetcher.cache
        let url = server.url("/seq/ok,500,ok,500,ok/c.json")
        #expect(await harness.fetch(url).status == .fresh)
        try cache.accept(url)
        #expect(await harness.fetch(url, offline: true).status == .cached)

        #expect(await harness.fetch(url).status == .stale)
        let remembered = await harness.fetch(url, offline: true)
        #expect(remembered.status == .stale)
        #expect(remembered.failure?.hasPrefix("the last fetch at 20") == true && remembered.failure?.hasSuffix("failed: HTTP 500") == true,
                "\(remembered.failure ?? "")")

        #expect(await harness.fetch(url).status == .cached, "a 304")
        #expect(await harness.fetch(url, offline: true).status == .cached)

        #expect(await harness.fetch(url).status == .stale)
        try server.serve("c.json", "<html>maintenance</html>")
        #expect(await harness.fetch(url).status == .fresh)
        try cache.reject(url)
        #expect(await harness.fetch(url, offline: true).status == .cached, "the good copy came back without the failure")
    }

    @Test func manySourcesAreFetchedTogetherInOrder() async throws {
        let server = try TestServer()
        var urls: [String] = []
        for index in 0..<20 {
            try server.serve("s\(index).json", "{\"n\": \(index)}")
            urls.append(server.url("/seq/ok/s\(index).json"))
        }
        let harness = try FetchHarness()
        let outcomes = await harness.fetcher.fetch(urls.map { RemoteSource(url: $0) })
        #expect(outcomes.count == 20)
        for (index, outcome) in outcomes.enumerated() {
            #expect(contents(outcome.resolved) == "{\"n\": \(index)}")
        }
    }
}
