import Crypto
import Foundation

/// SHA-256 of a file, streamed in chunks.
public enum FileDigest {
    public struct Result: Sendable {
        public var sha256: String
        public var bytes: Int64
    }

    /// Starts hashing `path` on a thread of its own, so that the digest of a large flow file
    /// is computed while other inputs load; `sha256(path:)` then waits for it. Same value.
    public static func prefetch(path: String) {
        Prefetched.shared.start(path) { try? compute(path: path) }
    }

    public static func sha256(path: String) throws -> Result {
        if let result = Prefetched.shared.take(path) { return result }
        return try compute(path: path)
    }

    static func compute(path: String) throws -> Result {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        var hasher = SHA256()
        var total: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            total += Int64(n)
        }
        return Result(sha256: hex(hasher.finalize()), bytes: total)
    }

    public static func sha256(bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest { text += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]] }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Digests being computed ahead, by path; each is taken once.
private final class Prefetched: @unchecked Sendable {
    static let shared = Prefetched()
    private let condition = NSCondition()
    private var pending: Set<String> = []
    private var done: [String: FileDigest.Result?] = [:]

    func start(_ path: String, _ work: @escaping @Sendable () -> FileDigest.Result?) {
        condition.lock()
        defer { condition.unlock() }
        guard !pending.contains(path), done[path] == nil else { return }
        pending.insert(path)
        Thread.detachNewThread {
            let result = work()
            self.condition.lock()
            self.pending.remove(path)
            self.done[path] = .some(result)
            self.condition.broadcast()
            self.condition.unlock()
        }
    }

    /// The prefetched digest (waiting for it), or nil when none was started or it failed.
    func take(_ path: String) -> FileDigest.Result? {
        condition.lock()
        defer { condition.unlock() }
        while pending.contains(path) { condition.wait() }
        guard let result = done.removeValue(forKey: path) else { return nil }
        return result
    }
}
