import Foundation

/// A temporary folder, removed when the value goes away.
final class Scratch {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("remit-fetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ text: String) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Every regular file below the folder, as relative paths.
    func files() -> [String] {
        (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: self.path(name), isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    /// Every file's bytes below the folder, as text (for "the secret appears nowhere").
    func allText() -> String {
        files().map { (try? String(decoding: Data(contentsOf: url.appendingPathComponent($0)), as: UTF8.self)) ?? "" }.joined(separator: "\n")
    }
}

/// A self-signed certificate for 127.0.0.1, made with `openssl req -x509`.
struct SelfSignedCertificate {
    let cert: String
    let key: String

    init(in folder: Scratch) throws {
        cert = folder.path("cert.pem")
        key = folder.path("key.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=remit test", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ServerError("openssl req -x509 failed (\(process.terminationStatus))") }
    }
}
