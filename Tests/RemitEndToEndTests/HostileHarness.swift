import Foundation
import Glibc

/// Resource bounds for a run of the binary. Sanitized builds (`Scripts/sanitize` sets
/// `REMIT_SANITIZED`) run several times slower and carry the sanitizer's own memory (about
/// 400 MiB for AddressSanitizer before remit allocates anything): bounds are checked tight in
/// plain builds and loosely there, where the point is the sanitizer's own checks.
enum Bound {
    static let sanitized = ProcessInfo.processInfo.environment["REMIT_SANITIZED"] != nil

    static func cpu(_ seconds: Double) -> Double { sanitized ? seconds * 8 : seconds }
    static func memory(_ mebibytes: Double) -> Double { sanitized ? mebibytes + 1024 : mebibytes }
    /// An input's size: `plain` where the bounds are checked, `sanitized` (still past the limit
    /// the test is about) where only the sanitizer's checks count and time is CI's.
    static func size(_ plain: Int, sanitized small: Int) -> Int { sanitized ? small : plain }
}

/// One run of the `remit` binary measured by GNU time (see `remit(_:)`): this child's own peak
/// resident memory and CPU time (not those of other tests' children running in parallel).
struct MeasuredRun {
    var exitCode: Int32
    var stdout: String
    var stderr: String
    /// Peak resident set size, in MiB.
    var peakMiB: Double
    /// User plus system CPU time, in seconds.
    var cpuSeconds: Double

    static func remit(_ arguments: [String]) throws -> MeasuredRun {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("remit-measured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("stdout").path
        let errPath = scratch.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        // GNU time forks remit from its own small process and reports remit's peak RSS. The
        // kernel carries a spawning process's high-water mark into its exec'ed child, so
        // measuring a child spawned straight from this (large) test process would report
        // the test process's peak instead.
        let timePath = scratch.appendingPathComponent("time").path
        let argv = ["/usr/bin/time", "-f", "%M %U %S", "-o", timePath, RemitBinary.path] + arguments
        let environment = ProcessInfo.processInfo.environment.filter { $0.key != "SOURCE_DATE_EPOCH" }.map { "\($0.key)=\($0.value)" }
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = environment.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, &cEnvironment)
        guard spawned == 0 else { throw HarnessError("posix_spawn \(argv[0]) failed: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw HarnessError("wait4 failed") }
        }
        let exited = (status & 0x7F) == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        // time's last line: "<peak KiB> <user s> <system s>" (a line before it may say the
        // command exited non-zero).
        let timing = ((try? String(contentsOfFile: timePath, encoding: .utf8)) ?? "")
            .split(separator: "\n").last.map { $0.split(separator: " ").compactMap { Double($0) } } ?? []
        guard timing.count == 3 else { throw HarnessError("no measurement from /usr/bin/time") }
        return MeasuredRun(
            exitCode: code,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data(), as: UTF8.self),
            peakMiB: timing[0] / 1024, cpuSeconds: timing[1] + timing[2])
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The fetch tests' loopback HTTP server (`Tests/RemitFetchTests/Server/test_server.py`),
/// here only to prove that nothing was fetched: its request log must stay empty.
final class LoopbackServer {
    private let process = Process()
    private let input = Pipe()
    private let root: URL
    let port: Int

    init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RemitFetchTests/Server/test_server.py").path
        root = FileManager.default.temporaryDirectory.appendingPathComponent("remit-loopback-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--root", root.path]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        struct Ports: Decodable { var http: Int }
        guard let ports = try? JSONDecoder().decode(Ports.self, from: line) else {
            process.terminate()
            throw HarnessError("the loopback server did not start: \(String(decoding: line, as: UTF8.self))")
        }
        port = ports.http
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: root)
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every path requested so far, except the `/stats` requests that ask this.
    func requestedPaths() throws -> [String] {
        struct Stats: Decodable { var requests: [String: Int] }
        let stats = try JSONDecoder().decode(Stats.self, from: try httpGet(port: port, path: "/stats"))
        return stats.requests.keys.filter { $0 != "/stats" }.sorted()
    }
}

/// The body of a plain HTTP/1.0 GET to 127.0.0.1.
func httpGet(port: Int, path: String) throws -> Data {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw HarnessError("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
    guard connected else { throw HarnessError("cannot connect to 127.0.0.1:\(port)") }
    let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
    guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { throw HarnessError("send() failed") }
    var response = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { break }
        response += buffer[0..<n]
    }
    let separator: [UInt8] = [13, 10, 13, 10]
    guard let start = (0..<max(0, response.count - 3)).first(where: { Array(response[$0..<$0 + 4]) == separator }) else {
        throw HarnessError("no HTTP response from 127.0.0.1:\(port)\(path)")
    }
    return Data(response[(start + 4)...])
}

/// Every regular file under a folder, by path relative to it, with its bytes.
func snapshot(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    let base = folder.standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(atPath: base) else { return files }
    while let relative = walker.nextObject() as? String {
        let path = base + "/" + relative
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[relative] = FileManager.default.contents(atPath: path) ?? Data()
        }
    }
    return files
}

/// Every path (files, folders, links) under a folder, relative to it.
func allPaths(_ folder: URL) -> [String] {
    (FileManager.default.enumerator(atPath: folder.standardizedFileURL.path)?.allObjects as? [String] ?? []).sorted()
}
