import Crypto
import Foundation
public import RemitCore

/// Fetched sources kept in `<state>/cache/`: per URL a body file and a small versioned JSON
/// record (STYLE "Versioned file formats"). Every write is a new file renamed into place, and
/// a record names its body by content hash, so a crash at any point leaves either the old
/// copy or the new one, never a mix.
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

        enum CodingKeys: String, CodingKey {
            case schema, url, etag, sha256, bytes, body
            case finalURL = "final_url", httpStatus = "http_status", lastModified = "last_modified"
            case downloadedAt = "downloaded_at", fetchedAt = "fetched_at"
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

    /// The file-name stem for a URL: the first 32 hex digits of SHA-256 of the URL without credentials.
    func key(_ url: String) -> String {
        String(Hex.string(SHA256.hash(data: Data(SourceURL.withoutCredentials(url).utf8))).prefix(32))
    }

    func recordPath(_ url: String) -> String { "\(directory)/\(key(url)).json" }

    /// The cached copy of `url`, when there is one whose body is intact (its SHA-256 is
    /// checked, so a damaged or edited cache is never used as if it were what was fetched).
    public func entry(for url: String) -> Entry? {
        guard let data = FileManager.default.contents(atPath: recordPath(url)),
              let record = try? JSONDecoder().decode(Record.self, from: data),
              record.schema == Self.schema, record.url == SourceURL.withoutCredentials(url),
              !record.body.contains("/") else { return nil }
        let bodyPath = "\(directory)/\(record.body)"
        guard let digest = try? FileDigest.sha256(path: bodyPath), digest.sha256 == record.sha256 else { return nil }
        return Entry(record: record, bodyPath: bodyPath)
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

    /// Keeps a completed download as the copy of `url`.
    func store(url: String, download: String, response: TransferResponse, at now: Instant) throws(CacheError) -> Entry {
        let ext = SourceURL.pathExtension(url)
        let body = "\(key(url)).\(response.body.sha256.prefix(16))" + (ext.isEmpty ? "" : ".\(ext)")
        let bodyPath = "\(directory)/\(body)"
        guard rename(download, bodyPath) == 0 else {
            throw CacheError("cannot move the download into \(bodyPath): \(String(cString: strerror(errno)))")
        }
        let record = Record(
            schema: Self.schema, url: SourceURL.withoutCredentials(url), finalURL: response.finalURL.map(SourceURL.withoutCredentials),
            httpStatus: response.status, etag: response.etag, lastModified: response.lastModified,
            downloadedAt: now.description, fetchedAt: now.description, sha256: response.body.sha256,
            bytes: response.body.bytes, body: body)
        try write(record, for: url)
        sweep(url, keeping: body)
        return Entry(record: record, bodyPath: bodyPath)
    }

    /// Records that the server confirmed the cached copy (304 Not Modified).
    func confirm(_ entry: Entry, url: String, response: TransferResponse, at now: Instant) throws(CacheError) -> Entry {
        var record = entry.record
        record.fetchedAt = now.description
        if let etag = response.etag { record.etag = etag }
        if let lastModified = response.lastModified { record.lastModified = lastModified }
        if let finalURL = response.finalURL { record.finalURL = SourceURL.withoutCredentials(finalURL) }
        try write(record, for: url)
        return Entry(record: record, bodyPath: entry.bodyPath)
    }

    private func write(_ record: Record, for url: String) throws(CacheError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let path = recordPath(url)
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

    /// Removes this URL's older bodies and abandoned downloads (the state lock keeps other
    /// runs out while this one works).
    private func sweep(_ url: String, keeping body: String) {
        let stem = key(url) + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(stem) && name != body && name != "\(key(url)).json" {
            unlink("\(directory)/\(name)")
        }
    }
}

/// The cache folder could not be written.
struct CacheError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
