import Foundation
import RemitCore
import RemitIngest
import Testing

/// Hostile YAML in the hand-kept inputs (job, register, mappings, exceptions): alias bombs,
/// aliases as keys, deep nesting and huge mappings fail fast with the file and line.
@Suite struct HostileYAMLTests {
    /// Nine levels of nine aliases each: 9^10 nodes when expanded. Plain `lol`s cost the most
    /// to convert (each is typed by the resolver), so a plain bomb may take a few seconds of a
    /// debug build's CPU before the node budget stops it.
    static func laughs(_ prefix: String = "") -> String {
        var yaml = prefix + "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 { yaml += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        return yaml
    }

    static let hostile: [HostileInput] = [
        HostileInput("alias bomb as a value", laughs() + "customers: *l9\n", "more than 1000000 nodes", seconds: 6),
        HostileInput("alias bomb of quoted strings", laughs().replacingOccurrences(of: "lol", with: "\"lol\"") + "customers: *l9\n",
                     "more than 1000000 nodes"),
        HostileInput("alias bomb as an implicit key", laughs() + "customers:\n  *l9 : x\n", "alias cannot be a key"),
        HostileInput("alias bomb as a key without a space", laughs() + "customers: {*l9: x}\n", "alias cannot be a key"),
        HostileInput("alias bomb as an explicit key", laughs() + "customers:\n  ? *l9\n  : x\n", "explicit `?` keys"),
        HostileInput("alias bomb inside a list key", laughs() + "customers:\n  [*l9, *l9]: x\n", "list or mapping cannot be a key"),
        HostileInput("alias bomb inside a flow mapping key", laughs() + "customers: {{a: *l9}: x}\n", "list or mapping cannot be a key"),
        HostileInput("alias bomb in a block key", laughs() + "customers:\n  ? - *l9\n    - *l9\n  : x\n", "explicit `?` keys"),
        HostileInput("a million aliases", "a: &a x\ncustomers: [" + Array(repeating: "*a", count: 1_000_001).joined(separator: ",") + "]\n", "more than 1000000 nodes", seconds: 12),
        HostileInput("100,000 nested flow lists", "customers: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n", "nested deeper than 256"),
        HostileInput("100,000 nested flow mappings", "customers: " + String(repeating: "{a: ", count: 100_000) + "x" + String(repeating: "}", count: 100_000) + "\n", "nested deeper than 256"),
        HostileInput("100,000 nested block lists on one line", "customers:\n" + String(repeating: "- ", count: 100_000) + "x\n", "nested too deeply"),
        HostileInput("deep block mappings", "customers:\n" + (0..<5_000).map { String(repeating: " ", count: $0 + 1) + "a\($0):\n" }.joined(), "indented deeper"),
        // 1.3–2.0 s of CPU in a debug build on the slower 2-core machine (2 s was its edge);
        // comparing every key with every other would take minutes.
        HostileInput("a repeated key among 100,000", "customers: []\n" + (0..<100_000).map { "k\($0): 1\n" }.joined() + "k99999: 2\n", "duplicate key",
                     seconds: 6),
    ]

    @Test(arguments: hostile)
    func hostileRegisterFailsFastWithItsLine(_ input: HostileInput) {
        let (name, words) = (input.name, input.words)
        let (error, seconds) = timedError(InputError.self) {
            let document = try Document.parse(input.bytes, path: "register.yml", source: "register.yml")
            _ = try RegisterLoader.decode(document.root, source: "register.yml")
        }
        #expect(error?.location.source == "register.yml", "\(name)")
        #expect((error?.location.line ?? 0) >= 1, "\(name): \(String(describing: error))")
        #expect(error?.reason.contains(words) == true, "\(name): \(String(describing: error))")
        #expect(seconds < cpuBound(input.seconds), "\(name) took \(seconds) s")
    }

    @Test func theErrorNamesTheLineOfTheKey() throws {
        let yaml = Self.laughs() + "customers:\n  - id: a\n    *l9 : x\n"
        let (error, _) = timedError(InputError.self) { _ = try Document.parse(utf8(yaml), path: "r.yml", source: "r.yml") }
        #expect(error?.location.line == 13)
        #expect(error?.description.hasPrefix("r.yml:13:") == true)
    }

    @Test func aHundredThousandKeysParseInLinearTime() throws {
        let yaml = "customers: []\n" + (0..<100_000).map { "k\($0): 1\n" }.joined()
        var decoded: (Register, [Diagnostic])?
        let seconds = try cpuSeconds {
            let document = try Document.parse(utf8(yaml), path: "register.yml", source: "register.yml")
            decoded = try RegisterLoader.decode(document.root, source: "register.yml")
        }
        #expect(seconds < cpuBound(5))
        #expect(decoded?.0.customers.isEmpty == true && decoded?.1.count == 100_000)
    }

    /// Anchors and aliases as values, and keys that look like the refused forms inside
    /// quotes or plain scalars, still read.
    @Test func ordinaryAliasesAndLookalikesStillRead() throws {
        let yaml = """
            standard: &std [service.delivery]
            customers:
              - id: "a*b: c"
                name: 'what? [x]: y'
                purposes: *std
                data_categories: [user.contact]   # [*not]: a key
                instructions: [{ id: "*x", kind: dpa, ref: "? y" }]
            """
        let document = try Document.parse(utf8(yaml), path: "register.yml", source: "register.yml")
        let (register, _) = try RegisterLoader.decode(document.root, source: "register.yml")
        #expect(register.customers.first?.id == "a*b: c")
        #expect(register.customers.first?.name == "what? [x]: y")
        #expect(register.customers.first?.purposes == ["service.delivery"])
        #expect(register.customers.first?.instructions.first?.id == "*x")
    }

    @Test(arguments: ["remit.yml", "mappings.yml", "exceptions.yml"])
    func bombsInTheOtherHandKeptInputsAreBounded(_ name: String) throws {
        let temp = try TempFolder()
        let key = ["remit.yml": "register", "mappings.yml": "systems", "exceptions.yml": "exceptions"][name]!
        for yaml in [Self.laughs() + "\(key): *l9\n", Self.laughs() + "\(key):\n  *l9 : x\n", "\(key): " + String(repeating: "[", count: 100_000)] {
            let path = try temp.write(name, yaml)
            let (error, seconds) = timedError(InputError.self) {
                switch name {
                case "remit.yml":
                    _ = try JobConfigLoader.load(path: path)
                case "mappings.yml":
                    _ = try MappingsLoader.decode(try Document.load(path: path, source: name).root, source: name)
                default:
                    _ = try ExceptionsLoader.decode(try Document.load(path: path, source: name).root, source: name)
                }
            }
            #expect(error != nil, "\(name)")
            #expect(error?.description.hasPrefix(name.hasPrefix("remit") ? path : name) == true, "\(String(describing: error))")
            #expect(seconds < cpuBound(6))
            if name == "remit.yml" { #expect(error?.kind == .configuration) }
        }
    }
}
