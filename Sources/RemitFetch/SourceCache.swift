import Crypto
import Foundation
public import RemitCore

/// Fetched sources kept in `<state>/cache/`: per URL a body file and a small versioned JSON
/// record (STYLE "Versioned file formats"). Every write is a new file renamed into place, and
/// a record names its body by content hash, so a crash at any point leaves either the old
/// copy or the new one, never a mix.
///
/// A new download is not yet known to be usable: until a run has read it (`accept`), the
/// copy before it that a run did read is kept too, under `<key>.good.json`, so that a body
/// that does not parse never costs the last good copy (`lastGood`, `reject`).
public struct SourceCache: Sendable {
    public static let schema = "remit.cache/1"

    /// What the cache knows of one URL.
    public struct Record: Codable, Sendable, Equatable {
        public var schema: String
        /// The URL without credentials.
        public var url: String
        /// Where the body came from after redirects, without credentials.
        public var finalURL: String?
        /// The HTTP status that delivered the body.
        public var httpStatus: Int
        public var etag: String?
        public var lastModified: String?
        /// When the body was downloaded.
        public var downloadedAt: String
        /// When the server last delivered or confirmed (304) this body.
        public var fetchedAt: String
        public var sha256: String
        public var bytes: Int64
        /// The body's file name in the cache folder.
        public var body: String
        /// false from the download until a run has read the body as the job's input; absent
        /// in records written before remit kept last good copies, which count as read.
        public var verified: Bool?
        /// The last fetch since `fetchedAt` that failed, and why: a run `--offline` after a
        /// `remit fetch` that failed uses this copy as stale, and says so. The next download
        /// or 304 clears them.
        public var failedAt: String?
        public var failure: String?

        enum CodingKeys: String, CodingKey {
            case schema, url, etag, sha256, bytes, body, verified, failure
            case finalURL = "final_url", httpStatus = "http_status", lastModified = "last_modified"
            case downloadedAt = "downloaded_at", fetchedAt = "fetched_at", failedAt = "failed_at"
        }
    }

    /// A usable cached copy: its record and the path of its verified body.
    public struct Entry: Sendable {
        public var record: Record
        public var bodyPath: String
        public var fetchedAt: Instant? { Instant.parse(record.fetchedAt) }
    }

    public let directory: String

    public init(stateDirectory: String) {
        directory = stateDirectory + "/cache"
    }

    /// The file-name stem for a URL: the first 32 hex digits of SHA-256 of the URL as shown
    /// (`SourceURL.shown`), so the source as outputs name it finds the copy its URL fetched,
    /// and a rotated token keeps the copy for a conditional GET.
    func key(_ url: String) -> String {
        Hex.encode(SHA256.hash(data: Data(SourceURL.shown(url).utf8)), bytes: 16)
    }

    func recordPath(_ url: String) -> String { "\(directory)/\(key(url)).json" }

    /// The record of the last copy a run read, kept while a newer download has not been read.
    func goodRecordPath(_ url: String) -> String { "\(directory)/\(key(url)).good.json" }

    /// The cached copy of `url`, when there is one whose body is intact (its SHA-256 is
    /// checked, so a damaged or edited cache is never used as if it were what was fetched).
    public func entry(for url: String) -> Entry? {
        entry(recordAt: recordPath(url), for: url)
    }

    /// The last copy of `url` that a run read, when the cached copy is the download with
    /// this SHA-256 and no run has read it yet (intact, as `entry` checks it). A good copy
    /// left beside a copy that was read (a run killed while it accepted) is not one.
    public func lastGood(for url: String, replacing sha256: String) -> Entry? {
        guard let current = readRecord(at: recordPath(url), for: url), current.verified == false,
              current.sha256 == sha256 else { return nil }
        return entry(recordAt: goodRecordPath(url), for: url)
    }

    private func entry(recordAt path: String, for url: String) -> Entry? {
        guard let record = readRecord(at: path, for: url) else { return nil }
        let bodyPath = "\(directory)/\(record.body)"
        guard let digest = try? FileDigest.sha256(path: bodyPath), digest.sha256 == record.sha256 else { return nil }
        return Entry(record: record, bodyPath: bodyPath)
    }

    /// A record as written, its body not checked.
    private func readRecord(at path: String, for url: String) -> Record? {
        guard let data = FileManager.default.contents(atPath: path),
              let record = try? JSONDecoder().decode(Record.self, from: data),
              record.schema == Self.schema, record.url == SourceURL.shown(url),
              !record.body.contains("/") else { return nil }
        return record
    }

    /// A fresh path for a download in progress.
    func downloadPath(for url: String) throws(CacheError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CacheError("cannot create the cache folder \(directory): \(error.localizedDescription)")
        }
        return "\(directory)/\(key(url)).download-\(getpid())-\(UUID().uuidString.prefix(8))"
    }

    /// Keeps a completed download as the copy of `url`, not yet read. `previous` is the
    /// cached copy the download replaces: when a run read it, it is kept as the last good
    /// copy; when none did, the last good copy before it stays.
    func store(url: String, download: String, response: TransferResponse, previous: Entry?, at now: Instant) throws(CacheError) -> Entry {
        let ext = SourceURL.pathExtension(url)
        let body = "\(key(url)).\(response.body.sha256.prefix(16))" + (ext.isEmpty ? "" : ".\(ext)")
        let bodyPath = "\(directory)/\(body)"
        guard rename(download, bodyPath) == 0 else {
            throw CacheError("cannot move the download into \(bodyPath): \(String(cString: strerror(errno)))")
        }
        var record = Record(
            schema: Self.schema, url: SourceURL.shown(url), finalURL: response.finalURL.map(SourceURL.shownTarget),
            httpStatus: response.status, etag: response.etag, lastModified: response.lastModified,
            downloadedAt: now.description, fetchedAt: now.description, sha256: response.body.sha256,
            bytes: response.body.bytes, body: body, verified: false)
        if let previous, previous.record.verified != false {
            // The same body again is as good as before; another one waits for a run to read it.
            if previous.record.sha256 == record.sha256 {
                record.verified = true
                try removeGoodRecord(url)
            } else {
                // A failed fetch it remembers is over: this download came after it.
                var good = previous.record
                good.failedAt = nil
                good.failure = nil
                try write(good, to: goodRecordPath(url))
            }
        }
        try write(record, to: recordPath(url))
        sweep(url, keeping: [body, readRecord(at: goodRecordPath(url), for: url)?.body].compactMap { $0 })
        return Entry(record: record, bodyPath: bodyPath)
    }

    /// A run read the cached copy of `url` as its input: it is the last good copy from now on,
    /// and the one kept before it goes.
    public func accept(_ url: String) throws(CacheError) {
        guard var current = readRecord(at: recordPath(url), for: url) else { return }
        if current.verified == false {
            current.verified = true
            try write(current, to: recordPath(url))
        }
        try removeGoodRecord(url)
        sweep(url, keeping: [current.body])
    }

    private func removeGoodRecord(_ url: String) throws(CacheError) {
        guard unlink(goodRecordPath(url)) == 0 || errno == ENOENT else {
            throw CacheError("cannot remove \(goodRecordPath(url)): \(String(cString: strerror(errno)))")
        }
    }

    /// A run could not read the cached copy of `url` and read the last good copy instead: that
    /// copy is the cached one again, and the download that could not be read goes (the next
    /// fetch asks for a newer body against the good copy's validators).
    public func reject(_ url: String) throws(CacheError) {
        guard readRecord(at: recordPath(url), for: url)?.verified == false,
              let good = readRecord(at: goodRecordPath(url), for: url) else { return }
        guard rename(goodRecordPath(url), recordPath(url)) == 0 else {
            throw CacheError("cannot restore \(recordPath(url)): \(String(cString: strerror(errno)))")
        }
        sweep(url, keeping: [good.body])
    }

    /// Records that a fetch of `url` failed, `entry` its cached copy (kept, and used stale).
    func noteFailure(_ entry: Entry, url: String, reason: String, at now: Instant) throws(CacheError) {
        var record = entry.record
        record.failedAt = now.description
        record.failure = reason
        try write(record, to: recordPath(url))
    }

    /// Records that the server confirmed the cached copy (304 Not Modified).
    func confirm(_ entry: Entry, url: String, response: TransferResponse, at now: Instant) throws(CacheError) -> Entry {
        var record = entry.record
        record.fetchedAt = now.description
        record.failedAt = nil
        record.failure = nil
        if let etag = response.etag { record.etag = etag }
        if let lastModified = response.lastModified { record.lastModified = lastModified }
        if let finalURL = response.finalURL { record.finalURL = SourceURL.shownTarget(finalURL) }
        try write(record, to: recordPath(url))
        return Entry(record: record, bodyPath: entry.bodyPath)
    }

    private func write(_ record: Record, to path: String) throws(CacheError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let temp = "\(path).tmp-\(getpid())"
        do {
            try encoder.encode(record).write(to: URL(fileURLWithPath: temp))
        } catch {
            throw CacheError("cannot write \(temp): \(error.localizedDescription)")
        }
        guard rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw CacheError("cannot write \(path): \(reason)")
        }
    }

    /// Removes this URL's other bodies and abandoned downloads (the state lock keeps other
    /// runs out while this one works).
    private func sweep(_ url: String, keeping bodies: [String]) {
        let stem = key(url) + "."
        let records = ["\(key(url)).json", "\(key(url)).good.json"]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(stem) && !bodies.contains(name) && !records.contains(name) {
            unlink("\(directory)/\(name)")
        }
    }
}

/// The cache folder could not be written.
public struct CacheError: Error, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
