import Foundation
import Testing

/// Ids that look like paths (customer ids, subprocessor ids, source names, exception ids)
/// never make remit write outside its output folder: after a run, every path under the job
/// folder's parent is either an input, the state folder or inside the output folder, and
/// evidence packets keep safe names inside `evidence/`.
@Suite struct HostilePathTests {
    static let hostileIDs = [
        "../../etc/x", "../../../../../../tmp/remit-escape", "/tmp/remit-absolute", "/etc/passwd", "a\u{0}b", ".", "..",
        "...", "CON", "con.txt", "NUL", "LPT1", "evidence/../../x", "a/b/c", "a\\..\\..\\b", " ", "-rf",
        String(repeating: "x", count: 300), String(repeating: "é", count: 200), "<script>alert(1)</script>", "%2e%2e%2fx",
    ]

    /// A YAML double-quoted scalar for any string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{0}": out += "\\0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSON string for any string.
    static func json(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), as: UTF8.self)
            .dropFirst().dropLast().description
    }

    @Test func pathLikeIDsNeverWriteOutsideTheOutputFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("remit-paths-\(UUID().uuidString)")
        let jobURL = root.appendingPathComponent("job")
        try FileManager.default.createDirectory(at: jobURL.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: jobURL.appendingPathComponent(name))
        }

        let ids = Self.hostileIDs
        try write("remit.yml", """
            version: 1
            register: register.yml
            catalog:
              - source: catalog.json
              - source: sub/../sub/../catalog-one.json
                subprocessor: ../../sp-one
            flows:
              - source: sub/../flows.ndjson
            exceptions: exceptions.yml
            output: out
            """)
        var register = "customers:\n"
        for id in ids {
            register += """
                  - id: \(Self.quoted(id))
                    instructions: [{ id: \(Self.quoted(id)), kind: dpa, ref: \(Self.quoted(id)) }]
                    purposes: [service]
                    data_categories: [user]
                    subprocessors:
                      - { id: \(Self.quoted(id)), instruction: \(Self.quoted(id)), purposes: [service], data_categories: [user] }

                """
        }
        try write("register.yml", register)
        let entries = ids.map { "{\"id\": \(Self.json($0)), \"name\": \(Self.json($0)), \"endpoints\": [\(Self.json("h\(ids.firstIndex(of: $0)!).example"))]}" }
        try write("catalog.json", "{\"subprocessors\": [\(entries.joined(separator: ", "))]}")
        try write("catalog-one.json", "{\"name\": \"one\", \"endpoints\": [\"one.example\"]}")
        var flows = ""
        for (index, id) in ids.enumerated() {
            flows += "{\"id\": \(Self.json(id)), \"customer\": \(Self.json(id)), \"subprocessor\": \(Self.json(id)), \"purpose\": \(Self.json(id)), \"region\": \(Self.json(id))}\n"
            flows += "{\"id\": \"u\(index)\", \"customer\": \(Self.json(id + "-unknown")), \"destination\": \(Self.json(id))}\n"
        }
        try write("flows.ndjson", flows)
        var exceptions = "exceptions:\n"
        for id in ids {
            exceptions += "  - { id: \(Self.quoted(id)), match: { kind: PURPOSE_NOT_AUTHORIZED, customer: \(Self.quoted(id)) }, reason: \(Self.quoted(id)), approved_by: \(Self.quoted(id)), expires: 2020-01-01 }\n"
        }
        try write("exceptions.yml", exceptions)
        let inputs = Set(allPaths(root))

        let result = try MeasuredRun.remit(["run", "--config", jobURL.appendingPathComponent("remit.yml").path, "--as-of", "2026-11-28T00:00:00Z"])
        #expect(result.exitCode <= 1, "\(result.stderr)")

        // Nothing new outside job/out and job/.remit (the state folder).
        let created = allPaths(root).filter { !inputs.contains($0) }
        #expect(!created.isEmpty)
        for path in created {
            #expect(path.hasPrefix("job/out/") || path == "job/out" || path.hasPrefix("job/.remit/") || path == "job/.remit", "remit wrote \(path)")
            #expect(!path.split(separator: "/").contains(".."), "\(path)")
        }
        for escape in ["/tmp/remit-absolute", "/tmp/remit-escape", "/tmp/remit-absolute.html", "/tmp/remit-escape.html"] {
            #expect(!FileManager.default.fileExists(atPath: escape), "\(escape) was written")
        }

        // One evidence packet per customer, each with a safe name directly inside evidence/.
        let evidence = created.filter { $0.hasPrefix("job/out/evidence/") }.map { String($0.dropFirst("job/out/evidence/".count)) }
        let packets = evidence.filter { $0.hasSuffix(".html") }
        #expect(packets.count == ids.count, "\(evidence)")
        for name in evidence {
            #expect(!name.contains("/") && name != "." && name != ".." && !name.hasPrefix("."), "\(name)")
            #expect(name.utf8.count <= 255, "\(name)")
            #expect(name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }, "\(name)")
            let base = name.lowercased().hasSuffix(".html") ? String(name.lowercased().dropLast(5)) : name.lowercased()
            #expect(!["con", "prn", "aux", "nul", "lpt1", "com1"].contains(base), "\(name)")
        }

        // The ids still reach the machine outputs as written (escaped, not dropped).
        let findings = try String(contentsOf: jobURL.appendingPathComponent("out/findings.json"), encoding: .utf8)
        #expect(findings.contains("../../etc/x"))
        #expect(findings.contains("\\u0000") || findings.contains("a\\u0000b"))
        for path in created where path.hasSuffix(".html") {
            let page = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            #expect(!page.contains("<script>alert(1)</script>"), "\(path) holds the id unescaped")
        }
    }
}
