import Foundation
import RemitCore

/// A remote (http or https) source of the job.
public struct RemoteSource: Sendable {
    /// The source as shown in outputs and messages: the URL without credentials (`SourceURL.shown`).
    public var source: String
    /// The URL libcurl fetches (it may carry user info and credentials in the query).
    public var url: String
    /// Request headers as written; `${VAR}` is expanded at fetch time.
    public var headers: [String: String]

    public init(url: String, headers: [String: String] = [:]) {
        self.source = SourceURL.shown(url)
        self.url = url
        self.headers = headers
    }
}

/// What fetching one source gave.
public enum FetchOutcome: Sendable {
    /// Downloaded (`fresh`), or the cached copy confirmed by a 304 or used offline (`cached`).
    case ready(ResolvedSource)
    /// The fetch failed; the last good copy is used (`stale`).
    case stale(ResolvedSource, SourceError)
    /// The fetch failed and there is no copy.
    case failed(SourceError)
}

/// Fetches remote sources into the cache: conditional GET against the cached copy, retries
/// with backoff, the last good copy on failure (SPEC "Reliability rules" → Fetching).
public struct Fetcher: Sendable {
    public var policy: FetchPolicy
    public var cache: SourceCache
    /// Where `${VAR}` in headers is looked up.
    public var environment: [String: String]
    /// Wall-clock time for `fetched_at` (provenance, not `as_of`).
    var now: @Sendable () -> Instant = { Instant(microseconds: Int64(Date().timeIntervalSince1970 * 1_000_000)) }
    /// Address classification for the SSRF guard; tests stand in a public origin with it.
    var classify: @Sendable (String, Int) -> AddressScope = { address, _ in AddressScope.of(address) }
    var jitter: @Sendable () -> Double = { Double.random(in: 0...1) }

    public init(policy: FetchPolicy, cache: SourceCache, environment: [String: String]) {
        self.policy = policy
        self.cache = cache
        self.environment = environment
    }

    /// Every source, at most `policy.concurrency` at once; outcomes in the order given.
    public func fetch(_ sources: [RemoteSource], offline: Bool = false) async -> [FetchOutcome] {
        await withTaskGroup(of: (Int, FetchOutcome).self) { group in
            var outcomes = [FetchOutcome?](repeating: nil, count: sources.count)
            var next = 0
            func start() {
                let index = next, source = sources[index]
                group.addTask { (index, await fetch(source, offline: offline)) }
                next += 1
            }
            while next < min(max(policy.concurrency, 1), sources.count) { start() }
            for await (index, outcome) in group {
                outcomes[index] = outcome
                if next < sources.count { start() }
            }
            return outcomes.map { $0! }
        }
    }

    /// One source. Offline, only the cache is consulted.
    public func fetch(_ source: RemoteSource, offline: Bool = false) async -> FetchOutcome {
        let cached = cache.entry(for: source.url)
        if offline {
            guard let cached else {
                return .failed(SourceError(source: source.source, reason: "no cached copy to use offline; run `remit fetch` first"))
            }
            // The last `remit fetch` could not refresh it: the copy is stale, as it would be
            // to a run that had fetched.
            if let failure = cached.record.failure {
                let when = cached.record.failedAt.map { " at \($0)" } ?? ""
                return .stale(resolved(source, cached, status: .stale), SourceError(source: source.source, reason: "the last fetch\(when) failed: \(failure)"))
            }
            return .ready(resolved(source, cached, status: .cached))
        }
        switch await download(source, cached: cached) {
        case .success(let (entry, status)):
            return .ready(resolved(source, entry, status: status))
        case .failure(let error):
            guard let cached else {
                return .failed(SourceError(source: error.source, reason: "\(error.reason); there is no cached copy to fall back on"))
            }
            // Remembered for a run `--offline` after this fetch; a cache that cannot be
            // written loses only that.
            try? cache.noteFailure(cached, url: source.url, reason: error.reason, at: now())
            return .stale(resolved(source, cached, status: .stale), error)
        }
    }

    private func download(_ source: RemoteSource, cached: SourceCache.Entry?) async -> Result<(SourceCache.Entry, ResolvedSource.Status), SourceError> {
        func failure(_ reason: String) -> Result<(SourceCache.Entry, ResolvedSource.Status), SourceError> {
            .failure(SourceError(source: source.source, reason: reason))
        }
        let headerLines: [String]
        do { headerLines = try HeaderTemplate.lines(source.headers, environment: environment) } catch { return failure(error.message) }
        let attempts = policy.retries + 1
        let origin = OriginPin()
        var lastReason = ""
        for attempt in 0..<attempts {
            let path: String
            do { path = try cache.downloadPath(for: source.url) } catch { return failure(error.message) }
            defer { unlink(path) }
            let request = TransferRequest(
                url: source.url, headerLines: headerLines, ifNoneMatch: cached?.record.etag,
                ifModifiedSince: cached?.record.lastModified, bodyPath: path, policy: policy, classify: classify, origin: origin)
            var retryAfter: Double?
            switch await Transfer.run(request) {
            case .success(let response) where (200..<300).contains(response.status) && response.status != 206:
                do { return .success((try cache.store(url: source.url, download: path, response: response, previous: cached, at: now()), .fresh)) } catch {
                    return failure(error.message)
                }
            case .success(let response) where response.status == 304:
                guard let cached else { return failure("HTTP 304 Not Modified, but there is no cached copy") }
                do { return .success((try cache.confirm(cached, url: source.url, response: response, at: now()), .cached)) } catch {
                    return failure(error.message)
                }
            case .success(let response) where response.status == 429 || (500..<600).contains(response.status):
                lastReason = "HTTP \(response.status)"
                retryAfter = response.retryAfter
            case .success(let response):
                return failure("HTTP \(response.status)")
            case .failure(let transfer):
                guard transfer.retryable else { return failure(transfer.reason) }
                lastReason = transfer.reason
            }
            if attempt + 1 < attempts {
                let seconds = policy.backoff.delay(afterAttempt: attempt, retryAfter: retryAfter, jitter: jitter())
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            }
        }
        return failure(attempts == 1 ? lastReason : "\(lastReason) (after \(attempts) attempts)")
    }

    private func resolved(_ source: RemoteSource, _ entry: SourceCache.Entry, status: ResolvedSource.Status) -> ResolvedSource {
        ResolvedSource(source: source.source, path: entry.bodyPath, sha256: entry.record.sha256, bytes: entry.record.bytes,
                       status: status, fetchedAt: entry.fetchedAt, etag: entry.record.etag, finalURL: entry.record.finalURL)
    }
}
