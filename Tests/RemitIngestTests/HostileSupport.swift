import Foundation
import Glibc
import Testing

/// A TCP listener on 127.0.0.1 that never answers: a parser that tried to fetch anything
/// from it leaves a connection in its backlog, which `connections()` counts without threads.
final class CanaryListener {
    private let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CanaryError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0, fcntl(fd, F_SETFL, O_NONBLOCK) == 0 else {
            close(fd)
            throw CanaryError("bind/listen failed")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }

    /// Connections made so far (each is accepted and closed).
    func connections() -> Int {
        var count = 0
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return count }
            close(client)
            count += 1
        }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }
}

struct CanaryError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Sanitized builds (`Scripts/sanitize` sets `REMIT_SANITIZED`) run several times slower:
/// time bounds are checked tight in plain builds and loosely there, where the point is the
/// sanitizer's own checks.
func cpuBound(_ seconds: Double) -> Double {
    ProcessInfo.processInfo.environment["REMIT_SANITIZED"] == nil ? seconds : seconds * 8
}

/// CPU time of the calling thread: what "fails fast" is measured in, so tests running in
/// parallel on a busy machine do not make a fast parser look slow.
func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// The CPU seconds `body` took on this thread.
func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
    let start = threadCPUSeconds()
    try body()
    return threadCPUSeconds() - start
}

/// Runs `body` and returns what it threw (nil when it did not throw) and the CPU seconds it took.
func timedError<E: Error>(_ type: E.Type, _ body: () throws -> Void) -> (error: E?, seconds: Double) {
    var caught: E?
    let seconds = cpuSeconds {
        do { try body() } catch let error as E { caught = error } catch { Issue.record("unexpected error \(error)") }
    }
    return (caught, seconds)
}

/// A named input for a parameterized test, shown by its name only (the bytes can be megabytes).
struct HostileInput: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// Words the error must contain.
    var words: String
    /// The CPU time it may take (debug build; inputs at a budget's edge take longest).
    var seconds: Double
    var testDescription: String { name }

    init(_ name: String, _ bytes: [UInt8], _ words: String, seconds: Double = 2) {
        self.name = name
        self.bytes = bytes
        self.words = words
        self.seconds = seconds
    }

    init(_ name: String, _ text: String, _ words: String, seconds: Double = 2) {
        self.init(name, utf8(text), words, seconds: seconds)
    }
}

/// The UTF-8 bytes of `text`.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }
