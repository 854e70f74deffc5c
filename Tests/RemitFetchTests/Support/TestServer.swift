import Foundation

/// The loopback test server (`Server/test_server.py`), started on free ports and stopped
/// when the value goes away.
final class TestServer {
    struct Ports: Decodable {
        var http: Int
        var https: Int?
        var alt: Int?
    }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Server/test_server.py").path

    let ports: Ports
    /// The folder the server serves `/seq/…/<name>` from.
    let root: Scratch
    private let process: Process
    private let stdin: Pipe

    /// - Parameters:
    ///   - tls: a certificate and key: also serve HTTPS.
    ///   - altHost: also serve HTTP on this second loopback address (e.g. 127.0.0.2).
    ///   - expectAuth: the Authorization value the `auth` behaviour accepts.
    init(tls: (cert: String, key: String)? = nil, altHost: String? = nil, expectAuth: String? = nil) throws {
        root = try Scratch()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", Self.script, "--root", root.path]
        if let tls { arguments += ["--cert", tls.cert, "--key", tls.key] }
        if let altHost { arguments += ["--alt-host", altHost] }
        if let expectAuth { arguments += ["--expect-auth", expectAuth] }
        process.arguments = arguments
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let ports = try? JSONDecoder().decode(Ports.self, from: line) else {
            process.terminate()
            throw ServerError("the test server did not start: \(String(decoding: line, as: UTF8.self))")
        }
        self.ports = ports
    }

    deinit { stop() }

    func stop() {
        guard process.isRunning else { return }
        try? stdin.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }

    /// A file the server will serve.
    func serve(_ name: String, _ text: String) throws {
        try root.write(name, text)
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(ports.http)\(path)" }
    func httpsURL(_ path: String) -> String { "https://127.0.0.1:\(ports.https ?? 0)\(path)" }

    /// What the server saw so far.
    func stats() throws -> Stats {
        try JSONDecoder().decode(Stats.self, from: try get(port: ports.http, path: "/stats"))
    }

    struct Stats: Decodable {
        struct Conditional: Decodable {
            var path: String
            var header: String
            var value: String
        }

        var requests: [String: Int]
        var big_sent: Int
        var auth_seen: [String]
        var conditional: [Conditional]
    }
}

struct ServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The body of a plain HTTP/1.0 GET to 127.0.0.1 (Foundation on Linux has no HTTP client
/// without FoundationNetworking, and the code under test should not check itself).
func get(port: Int, path: String) throws -> Data {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ServerError("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
    guard connected else { throw ServerError("cannot connect to 127.0.0.1:\(port)") }
    let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
    guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { throw ServerError("send() failed") }
    var response = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { break }
        response += buffer[0..<n]
    }
    let separator: [UInt8] = [13, 10, 13, 10]
    guard let start = (0..<max(0, response.count - 3)).first(where: { Array(response[$0..<$0 + 4]) == separator }) else {
        throw ServerError("no HTTP response from 127.0.0.1:\(port)\(path)")
    }
    return Data(response[(start + 4)...])
}

/// A free TCP port on 127.0.0.1 that nothing listens on (bound, then closed).
func closedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ServerError("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw ServerError("bind() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}
