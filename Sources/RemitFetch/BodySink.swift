import Crypto
import Glibc
import RemitCore

/// The SHA-256 and size of a body.
struct BodyDigest: Sendable, Equatable {
    var sha256: String
    var bytes: Int64
}

/// A response body written to a file as it arrives (never held in memory), hashed on the
/// way, and cut off at `limit` bytes, counted as decoded, so that neither a body sent without
/// Content-Length nor a small compressed body that inflates gets past it (SPEC `max_bytes`).
final class BodySink {
    let limit: Int64
    private var fd: Int32
    private var hasher = SHA256()
    private(set) var bytes: Int64 = 0
    private(set) var overLimit = false
    /// Why writing failed (disk full, …), if it did.
    private(set) var problem: String?

    /// Creates the file; nil (with errno set) when it cannot be created or already exists.
    init?(path: String, limit: Int64) {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        self.limit = limit
    }

    deinit { close() }

    /// Appends `data`; false to abort the transfer.
    func write(_ data: UnsafeRawBufferPointer) -> Bool {
        guard bytes + Int64(data.count) <= limit else {
            overLimit = true
            return false
        }
        var offset = 0
        while offset < data.count {
            let n = Glibc.write(fd, data.baseAddress! + offset, data.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                problem = String(cString: strerror(errno))
                return false
            }
            offset += n
        }
        hasher.update(bufferPointer: data)
        bytes += Int64(data.count)
        return true
    }

    /// Marks the body as over the limit before any of it is written (it announced more).
    func refuseOversized() { overLimit = true }

    func close() {
        if fd >= 0 {
            if fsync(fd) != 0, problem == nil { problem = String(cString: strerror(errno)) }
            Glibc.close(fd)
        }
        fd = -1
    }

    var digest: BodyDigest {
        BodyDigest(sha256: Hex.encode(hasher.finalize()), bytes: bytes)
    }
}
