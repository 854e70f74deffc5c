import Foundation
import Testing

/// Runs the built `remit` binary, as a user or cron would.
struct RemitBinary {
    struct Result {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `REMIT_BINARY`, or the debug build in `.build`.
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["REMIT_BINARY"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent(".build/debug/remit").path
    }

    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SOURCE_DATE_EPOCH")
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes fully before waiting, so a chatty child cannot block.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let stderr = String(decoding: errData, as: UTF8.self)
        // A sanitized build (Scripts/sanitize) reports on stderr and exits 66 or 1; a test that
        // expects exit 1, or ignores the exit of a run it only prepares, would not notice.
        for marker in ["WARNING: ThreadSanitizer", "ERROR: AddressSanitizer"] where stderr.contains(marker) {
            Issue.record("remit \(arguments.joined(separator: " ")): \(marker)\n\(stderr)")
        }
        return Result(exitCode: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: stderr)
    }
}

/// A job in a temporary folder: write files, run remit on it, read its outputs.
final class JobFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("remit-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ text: String) throws {
        try write(name, bytes: Array(text.utf8))
    }

    func write(_ name: String, bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func read(_ name: String) throws -> Data { try Data(contentsOf: url.appendingPathComponent(name)) }

    func run(_ arguments: [String]) throws -> RemitBinary.Result {
        try RemitBinary.run(arguments, in: url)
    }

    /// The smallest job: `remit.yml` naming a register, `catalog.json` and a flow file
    /// (`flows.ndjson`), with outputs in `out`.
    func writeJob(register: String = "register.yml", flows: String = "flows.ndjson") throws {
        try write("remit.yml", """
            version: 1
            register: \(register)
            catalog:
              - source: catalog.json
            flows:
              - source: \(flows)
            output: out
            """)
    }

    /// One customer, `cust-a` (purposes `service`, data categories `user`, and `regions`
    /// when given), who authorized `sp-x` explicitly; a catalog that describes `sp-x` alone.
    func writeOneCustomer(regions: [String]? = nil) throws {
        try write("register.yml", """
            customers:
              - id: cust-a
                instructions: [{ id: dpa, kind: dpa, ref: "DPA v1", effective: 2025-01-01 }]
                purposes: [service]
                data_categories: [user]
            \(regions.map { "    regions: [\($0.joined(separator: ", "))]\n" } ?? "")\
                subprocessors:
                  - { id: sp-x, instruction: dpa, purposes: [service], data_categories: [user] }
            """)
        try write("catalog.json", """
            {"subprocessors": [{"id": "sp-x", "purposes": ["service"], "data_categories": ["user"],
              "endpoints": ["api.x.example"], "listed_since": "2024-01-01"}]}
            """)
    }

    /// `remit run` on `remit.yml` at a fixed time.
    func runJob(_ extra: [String] = []) throws -> RemitBinary.Result {
        try run(["run", "--config", "remit.yml", "--as-of", "2026-11-28T00:00:00Z"] + extra)
    }

    /// findings.json of the output folder `out`, parsed.
    func findings(_ output: String = "out") throws -> [String: Any] {
        let data = try read("\(output)/findings.json")
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

extension [String: Any] {
    /// The findings list of a parsed findings.json.
    var findingList: [[String: Any]] { self["findings"] as? [[String: Any]] ?? [] }

    /// The one finding with these fields, or nil.
    func finding(_ kind: String, customer: String = "", subprocessor: String = "", value: String? = nil) -> [String: Any]? {
        findingList.first {
            $0["kind"] as? String == kind && $0["customer"] as? String == customer
                && $0["subprocessor"] as? String == subprocessor && (value == nil || $0["value"] as? String == value)
        }
    }
}
