import Foundation
public import RemitCore

/// A source made ready to read: a local file and where it came from.
public struct ResolvedSource: Sendable {
    public enum Status: String, Sendable {
        case fresh, cached, stale, failed
    }

    /// The source as written in the job (a URL without its credentials).
    public var source: String
    /// The local file to read.
    public var path: String
    public var sha256: String
    public var bytes: Int64
    public var status: Status
    /// For fetched sources: when the server last delivered or confirmed this copy.
    public var fetchedAt: Instant?
    public var etag: String?
    public var finalURL: String?

    public init(source: String, path: String, sha256: String, bytes: Int64, status: Status,
                fetchedAt: Instant? = nil, etag: String? = nil, finalURL: String? = nil) {
        self.source = source
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.status = status
        self.fetchedAt = fetchedAt
        self.etag = etag
        self.finalURL = finalURL
    }
}

/// Why a source could not be made ready.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    public var description: String { "\(source): \(reason)" }
}

/// Local sources: a path relative to the job, or a `file://` URL named in the job file.
/// Remote sources go through `Fetcher`.
public enum LocalSource {
    public static func resolve(source: String, path: String) throws(SourceError) -> ResolvedSource {
        guard !SourceURL.isRemote(source) else {
            throw SourceError(source: source, reason: "an http(s) source is fetched, not read as a local file")
        }
        if let colon = source.firstIndex(of: ":"), source[colon...].hasPrefix("://"), !source.lowercased().hasPrefix("file://") {
            throw SourceError(source: source, reason: "unsupported scheme \(source[..<colon]) (only http, https and file)")
        }
        do {
            let digest = try FileDigest.sha256(path: path)
            return ResolvedSource(source: source, path: path, sha256: digest.sha256, bytes: digest.bytes, status: .fresh)
        } catch {
            throw SourceError(source: source, reason: cannotRead(path))
        }
    }

    /// `resolve` for a large file read later (flows): the file is checked readable now and
    /// hashed on a thread of its own (`FileDigest.prefetch`) while the other inputs load;
    /// `sha256` is empty until `finish` fills it in.
    public static func resolveLater(source: String, path: String) throws(SourceError) -> ResolvedSource {
        guard !SourceURL.isRemote(source) else {
            throw SourceError(source: source, reason: "an http(s) source is fetched, not read as a local file")
        }
        if let colon = source.firstIndex(of: ":"), source[colon...].hasPrefix("://"), !source.lowercased().hasPrefix("file://") {
            throw SourceError(source: source, reason: "unsupported scheme \(source[..<colon]) (only http, https and file)")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SourceError(source: source, reason: cannotRead(path)) }
        defer { close(fd) }
        var info = stat()
        // A directory opens but does not read: refused here, as `resolve` refuses it.
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else {
            throw SourceError(source: source, reason: cannotRead(path))
        }
        FileDigest.prefetch(path: path)
        return ResolvedSource(source: source, path: path, sha256: "", bytes: Int64(info.st_size), status: .fresh)
    }

    /// The digest of a source resolved with `resolveLater` (waiting for it); any other
    /// source as it is.
    public static func finish(_ resolved: ResolvedSource) throws(SourceError) -> ResolvedSource {
        guard resolved.sha256.isEmpty else { return resolved }
        var done = resolved
        do {
            let digest = try FileDigest.sha256(path: resolved.path)
            done.sha256 = digest.sha256
            done.bytes = digest.bytes
        } catch {
            throw SourceError(source: resolved.source, reason: cannotRead(resolved.path))
        }
        return done
    }

    /// "cannot read PATH: why" (no such file, permission denied, a folder).
    static func cannotRead(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "cannot read \(path): \(String(cString: strerror(errno)))" }
        if (info.st_mode & S_IFMT) == S_IFDIR { return "cannot read \(path): it is a folder" }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "cannot read \(path): \(String(cString: strerror(errno)))" }
        close(fd)
        return "cannot read \(path)"
    }
}
