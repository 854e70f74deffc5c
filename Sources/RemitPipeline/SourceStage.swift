import Foundation
import RemitCore
import RemitFetch
import RemitIngest

/// Every source of the job made ready to read: local files hashed in place, remote ones
/// fetched into the state folder's cache (or taken from it offline). Keyed by the source
/// as the job writes it (URLs without credentials).
struct PreparedSources {
    /// A source that could not be fetched or read but has a last good copy (`stale`).
    struct Unavailable {
        var spec: SourceSpec
        var error: SourceError
        var copy: ResolvedSource
    }

    var resolved: [String: ResolvedSource] = [:]
    var unavailable: [Unavailable] = []
    /// With `keepGoing` (`remit check`): the sources that could not be made ready at all,
    /// each with its error, thrown when an input asks for it, so that the others are checked.
    var failed: [String: RemitError] = [:]
    /// The cache the remote sources came from, and the job entries naming each of them.
    var cache: SourceCache?
    var remote: [String: [SourceSpec]] = [:]
    /// Remote sources read from their last good copy because their cached copy could not be.
    var fellBack: Set<String> = []

    func ready(_ spec: SourceSpec) throws(RemitError) -> ResolvedSource {
        if let error = failed[spec.source] { throw error }
        guard let source = resolved[spec.source] else { throw .internal("source \(spec.source) was not prepared") }
        return source
    }

    /// After `error`, reading a fetched source: when that source's cached copy is a download
    /// no run has read yet and the copy before it was read, that copy is used from now on,
    /// marked stale, with a `SOURCE_UNAVAILABLE` saying why (SPEC "Reliability rules": the
    /// last good copy is used and the report says so). false when there is no such copy.
    mutating func fallBack(after error: RemitError) -> Bool {
        guard let (source, good) = lastGood(after: error), let specs = remote[source], let used = resolved[source] else { return false }
        let copy = ResolvedSource(
            source: source, path: good.bodyPath, sha256: good.record.sha256, bytes: good.record.bytes,
            status: .stale, fetchedAt: good.fetchedAt, etag: good.record.etag, finalURL: good.record.finalURL)
        let earlier = unavailable.first { $0.spec.source == source }.map { "\($0.error.reason); " } ?? ""
        let newest = used.fetchedAt.map { "the newest copy (fetched at \($0))" } ?? "the newest copy"
        let why = SourceError(source: source, reason: "\(earlier)\(newest) cannot be read: \(error.message)")
        unavailable.removeAll { $0.spec.source == source }
        unavailable += specs.map { Unavailable(spec: $0, error: why, copy: copy) }
        resolved[source] = copy
        fellBack.insert(source)
        return true
    }

    /// The fetched source `error` is about and its last good copy, when it has one to fall
    /// back on (`fallBack`).
    func lastGood(after error: RemitError) -> (String, SourceCache.Entry)? {
        guard let source = error.source, remote[source] != nil, !fellBack.contains(source), let used = resolved[source],
              let good = cache?.lastGood(for: source, replacing: used.sha256) else { return nil }
        return (source, good)
    }

    /// Reads the inputs with `read`, from the start again each time a fetched copy cannot
    /// be read and gives way to its last good copy (`fallBack`). When the last good copy
    /// cannot be read either, the error about the newer copy stands.
    mutating func reading<T>(_ read: (PreparedSources) throws(RemitError) -> T) throws(RemitError) -> T {
        var firstErrors: [String: RemitError] = [:]
        while true {
            do {
                return try read(self)
            } catch {
                if let source = error.source, let first = firstErrors[source] {
                    let when = resolved[source]?.fetchedAt.map { " (fetched at \($0))" } ?? ""
                    throw first.noting("its last good copy\(when) cannot be read either: \(error.message)")
                }
                if let source = error.source, fallBack(after: error) {
                    firstErrors[source] = error
                    continue
                }
                guard !firstErrors.isEmpty else { throw error }
                throw error.noting("read after falling back to the last good copy of \(firstErrors.keys.sorted().joined(separator: ", "))")
            }
        }
    }

    /// Once every input is read: each fetched copy that was read is the last good copy from
    /// now on, and each that could not be read leaves the cache. Problems writing the cache
    /// are returned (the next run reads the same copies again).
    func settle() -> [String] {
        guard let cache else { return [] }
        var problems: [String] = []
        for source in remote.keys.sorted() {
            do {
                if fellBack.contains(source) { try cache.reject(source) } else { try cache.accept(source) }
            } catch {
                problems.append("\(source): \(error.message)")
            }
        }
        return problems
    }
}

/// The "fetch sources" stage (SPEC "Reliability rules" → Fetching).
enum SourceStage {
    /// Local and remote sources; a local file that cannot be read, or a remote source with no
    /// usable copy at all, is an error naming it and why (exit 3). With `keepGoing`
    /// (`remit check`) such a source is noted in `failed` instead, and the others prepared.
    /// With `hashFlowsLater`, local flow files are only checked here and hashed while the
    /// other inputs load (`LocalSource.resolveLater`; the flow stage takes the digests).
    static func prepare(_ job: JobFile, state: String, offline: Bool, hashFlowsLater: Bool = false,
                        keepGoing: Bool = false) throws(RemitError) -> PreparedSources {
        let config = job.config
        var prepared = PreparedSources()
        let flowSources = Set(config.flows.map(\.source))
        let otherRoles = Set(([config.taxonomy, config.exceptions].compactMap { $0 } + [config.register] + config.catalog + config.mappings).map(\.source))
        for spec in config.sourceSpecs where !SourceURL.isRemote(spec.source) && prepared.resolved[spec.source] == nil && prepared.failed[spec.source] == nil {
            let later = hashFlowsLater && flowSources.contains(spec.source) && !otherRoles.contains(spec.source)
            do {
                prepared.resolved[spec.source] = later ? try LocalSource.resolveLater(source: spec.source, path: config.resolve(spec.source))
                    : try LocalSource.resolve(source: spec.source, path: config.resolve(spec.source))
            } catch {
                guard keepGoing else { throw .unreadable(source: error.source, reason: error.reason) }
                prepared.failed[spec.source] = .unreadable(source: error.source, reason: error.reason)
            }
        }
        var failed: [SourceError] = []
        let outcomes = try fetchRemote(job, state: state, offline: offline)
        if !outcomes.isEmpty { prepared.cache = SourceCache(stateDirectory: state) }
        for (specs, outcome) in outcomes {
            prepared.remote[specs[0].source] = specs
            switch outcome {
            case .ready(let source):
                prepared.resolved[source.source] = source
            case .stale(let copy, let error):
                prepared.resolved[copy.source] = copy
                prepared.unavailable += specs.map { PreparedSources.Unavailable(spec: $0, error: error, copy: copy) }
            case .failed(let error) where keepGoing:
                prepared.failed[specs[0].source] = .sourcesUnavailable([error])
            case .failed(let error):
                failed.append(error)
            }
        }
        if !failed.isEmpty { throw .sourcesUnavailable(failed) }
        return prepared
    }

    /// Fetches each distinct remote source once, with the job's `fetch` settings; each
    /// outcome comes with the job entries that name that source.
    static func fetchRemote(_ job: JobFile, state: String, offline: Bool) throws(RemitError) -> [([SourceSpec], FetchOutcome)] {
        let config = job.config
        var order: [String] = []
        var specs: [String: [SourceSpec]] = [:]
        for spec in config.sourceSpecs where SourceURL.isRemote(spec.source) {
            if specs[spec.source] == nil { order.append(spec.source) }
            specs[spec.source, default: []].append(spec)
        }
        guard !order.isEmpty else { return [] }
        let fetcher = Fetcher(policy: try policy(config), cache: SourceCache(stateDirectory: state),
                              environment: ProcessInfo.processInfo.environment)
        let remotes = order.map { source in
            let first = specs[source]![0]
            return RemoteSource(url: job.urls[source] ?? source, headers: first.headers)
        }
        let outcomes = waitFor { await fetcher.fetch(remotes, offline: offline) }
        return zip(order, outcomes).map { (specs[$0]!, $1) }
    }

    static func policy(_ config: JobConfig) throws(RemitError) -> FetchPolicy {
        let settings = config.fetch
        var caFile: String?
        if let file = settings.caFile {
            let path = config.resolve(file)
            func refuse(_ reason: String) -> RemitError {
                .input(InputError(.configuration, SourceLocation(source: config.file), field: "fetch.ca_file", reason))
            }
            // A folder or a file of no certificate would only fail at the first https fetch,
            // and a source with a cached copy would then run stale every night.
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                  let handle = FileHandle(forReadingAtPath: path) else { throw refuse("cannot read \(path) as a file") }
            let head = (try? handle.read(upToCount: 16 << 20)) ?? Data()
            try? handle.close()
            guard ["-----BEGIN CERTIFICATE-----", "-----BEGIN TRUSTED CERTIFICATE-----"].contains(where: { head.range(of: Data($0.utf8)) != nil }) else {
                throw refuse("\(path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
            }
            caFile = path
        }
        return FetchPolicy(
            timeoutSeconds: settings.timeoutSeconds, retries: settings.retries, maxBytes: Int64(settings.maxBytes),
            caFile: caFile, userAgent: "\(Tool.name)/\(Tool.version)", backoff: Backoff(environment: ProcessInfo.processInfo.environment))
    }

    /// Runs async work from the synchronous pipeline. The caller's thread is the main
    /// thread, not one of the cooperative pool's, so blocking it cannot starve the work.
    static func waitFor<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

/// Carries a result from a task to the waiting thread (written before the semaphore is
/// signalled, read after the wait).
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
