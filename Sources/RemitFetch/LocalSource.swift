public import RemitCore

/// A source made ready to read: a local file and where it came from.
public struct ResolvedSource: Sendable {
    public enum Status: String, Sendable {
        case fresh, cached, stale, failed
    }

    /// The source as written in the job.
    public var source: String
    /// The local file to read.
    public var path: String
    public var sha256: String
    public var bytes: Int64
    public var status: Status
    public var fetchedAt: Instant?
    public var etag: String?
    public var finalURL: String?
}

/// Why a source could not be made ready.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var reason: String

    public var description: String { "\(source): \(reason)" }
}

/// Local sources: a path relative to the job, or a `file://` URL named in the job file.
public enum LocalSource {
    public static func resolve(source: String, path: String) throws(SourceError) -> ResolvedSource {
        let lower = source.lowercased()
        guard !lower.hasPrefix("http://"), !lower.hasPrefix("https://") else {
            throw SourceError(source: source, reason: "http(s) sources are not fetched by this version of remit; download the file and name its path")
        }
        if let colon = source.firstIndex(of: ":"), source[colon...].hasPrefix("://"), !lower.hasPrefix("file://") {
            throw SourceError(source: source, reason: "unsupported scheme \(source[..<colon]) (only http, https and file)")
        }
        do {
            let digest = try FileDigest.sha256(path: path)
            return ResolvedSource(source: source, path: path, sha256: digest.sha256, bytes: digest.bytes, status: .fresh)
        } catch {
            throw SourceError(source: source, reason: "cannot read \(path)")
        }
    }
}
