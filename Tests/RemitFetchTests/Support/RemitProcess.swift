import Foundation

/// Runs the built `remit` binary as cron would (see RemitEndToEndTests/RemitBinary.swift).
enum RemitProcess {
    struct Result {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `REMIT_BINARY`, or the debug build in `.build`.
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["REMIT_BINARY"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent(".build/debug/remit").path
    }

    /// Runs remit in `directory` with a fast backoff, no proxy and no SOURCE_DATE_EPOCH.
    static func run(_ arguments: [String], in directory: Scratch, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory.url
        var env = ProcessInfo.processInfo.environment
        for name in ["SOURCE_DATE_EPOCH", "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "VENDOR_TOKEN"] {
            env.removeValue(forKey: name)
        }
        env["REMIT_FETCH_BACKOFF_MS"] = "10"
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(exitCode: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension Scratch {
    /// A JSON object file below the folder, parsed.
    func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

extension [String: Any] {
    /// The entry of `inputs` for a source.
    func input(_ source: String) -> [String: Any]? {
        (self["inputs"] as? [[String: Any]])?.first { $0["source"] as? String == source }
    }

    /// The findings of one kind.
    func findings(_ kind: String) -> [[String: Any]] {
        (self["findings"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == kind }
    }
}
