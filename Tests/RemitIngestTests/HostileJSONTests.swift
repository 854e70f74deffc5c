import Foundation
import RemitCore
import RemitIngest
import Testing

/// Hostile JSON through the public readers: config documents (`Document.parse`) fail with
/// file, line and column; a bad flow line is one rejected record and the next line still
/// counts. Everything is bounded in time (and, through `JSONParser`'s value budget, memory).
@Suite struct HostileJSONTests {
    struct Lines {
        var records: [FlowRecord] = []
        var rejected: [RejectedRecord] = []
    }

    /// Reads `lines` as an NDJSON flow file with a good record after them.
    func ndjson(_ lines: [[UInt8]], in temp: TempFolder) throws -> Lines {
        var bytes: [UInt8] = []
        for line in lines { bytes += line + [0x0A] }
        bytes += utf8("{\"id\": \"after\", \"customer\": \"c\", \"destination\": \"h\"}\n")
        let path = try temp.write("flows.ndjson", bytes: bytes)
        var result = Lines()
        _ = try FlowReader.read(path: path, source: "flows.ndjson", format: .ndjson) { outcome in
            switch outcome {
            case .record(let flow): result.records.append(flow)
            case .rejected(let rejected): result.rejected.append(rejected)
            }
        }
        return result
    }

    func documentError(_ bytes: [UInt8], path: String = "register.json") -> (InputError?, Double) {
        timedError(InputError.self) { _ = try Document.parse(bytes, path: path, source: path) }
    }

    static let hostileValues: [HostileInput] = [
        HostileInput("100,000 nested lists", utf8(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)), "nested deeper"),
        HostileInput("100,000 nested objects", utf8(String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)), "nested deeper"),
        HostileInput("a repeated key", utf8("{\"customer\": \"a\", \"customer\": \"b\", \"destination\": \"h\"}"), "duplicate key"),
        HostileInput("a key repeated after 100 others", utf8("{" + (0..<100).map { "\"k\($0)\": 1, " }.joined() + "\"k7\": 2}"), "duplicate key \"k7\""),
        HostileInput("lone continuation byte", utf8("{\"customer\": \"") + [0x80] + utf8("\"}"), "UTF-8"),
        HostileInput("overlong encoding", utf8("{\"customer\": \"") + [0xC0, 0xAF] + utf8("\"}"), "UTF-8"),
        HostileInput("encoded surrogate", utf8("{\"customer\": \"") + [0xED, 0xA0, 0x80] + utf8("\"}"), "UTF-8"),
        HostileInput("truncated sequence", utf8("{\"customer\": \"") + [0xE2, 0x82] + utf8("\"}"), "UTF-8"),
        HostileInput("unpaired high surrogate escape", utf8(#"{"customer": "\ud83d"}"#), "surrogate"),
        HostileInput("unpaired low surrogate escape", utf8(#"{"customer": "\ude00"}"#), "surrogate"),
        HostileInput("high surrogate before a letter", utf8(#"{"customer": "\ud83d\u0041"}"#), "surrogate"),
        HostileInput("raw NUL in a string", utf8("{\"customer\": \"a") + [0x00] + utf8("\"}"), "control character"),
        HostileInput("raw NUL between values", utf8("{\"customer\": \"a\"") + [0x00] + utf8("}"), "expected ','"),
        HostileInput("raw escape character", utf8("{\"customer\": \"\u{1B}[31m\"}"), "control character"),
        HostileInput("truncated object", utf8("{\"customer\": \"a\", "), "end of input"),
        HostileInput("two values", utf8("{} {}"), "after the JSON value"),
        HostileInput("a million and one values", utf8("[" + String(repeating: "0,", count: 1_000_000) + "0]"), "more than 1000000 values"),
    ]

    @Test(arguments: hostileValues)
    func hostileDocumentIsRefusedWithItsPosition(_ input: HostileInput) {
        let (name, words) = (input.name, input.words)
        let (error, seconds) = documentError(input.bytes)
        #expect(error?.kind == .unreadable, "\(name)")
        #expect(error?.location.source == "register.json")
        #expect((error?.location.line ?? 0) >= 1 && (error?.location.column ?? 0) >= 1, "\(name)")
        #expect(error?.reason.contains(words) == true, "\(name): \(String(describing: error))")
        #expect(seconds < cpuBound(2), "\(name) took \(seconds) s")
    }

    @Test(arguments: hostileValues)
    func hostileFlowLineIsOneRejectedRecord(_ input: HostileInput) throws {
        let (name, words) = (input.name, input.words)
        let temp = try TempFolder()
        var result = Lines()
        let seconds = try cpuSeconds { result = try ndjson([input.bytes], in: temp) }
        #expect(seconds < cpuBound(2), "\(name) took \(seconds) s")
        #expect(result.rejected.count == 1, "\(name)")
        #expect(result.rejected.first?.location.line == 1)
        #expect(result.rejected.first?.reason.contains(words) == true, "\(name): \(String(describing: result.rejected.first))")
        #expect(result.records.map(\.id) == ["after"], "\(name)")
    }

    @Test func objectsWithAHundredThousandKeysParseInLinearTime() throws {
        let keys = (0..<100_000).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        var diagnostics: [Diagnostic] = []
        let seconds = try cpuSeconds {
            let document = try Document.parse(utf8("{\"customers\": [], \(keys)}"), path: "register.json", source: "register.json")
            diagnostics = try RegisterLoader.decode(document.root, source: "register.json").1
        }
        #expect(seconds < cpuBound(2))
        #expect(diagnostics.count == 100_000)

        let temp = try TempFolder()
        var result = Lines()
        let lineSeconds = try cpuSeconds { result = try ndjson([utf8("{\"customer\": \"c\", \"destination\": \"h\", \(keys)}")], in: temp) }
        #expect(lineSeconds < cpuBound(2))
        #expect(result.records.count == 2)
    }

    @Test func aJobWithAHundredThousandHeadersLoadsInLinearTime() throws {
        let temp = try TempFolder()
        let headers = (0..<100_000).map { "\"X-H\($0)\": \"v\"" }.joined(separator: ", ")
        let path = try temp.write("remit.json", "{\"register\": \"register.yml\", \"catalog\": [{\"source\": \"https://vendor.example/c.json\", \"headers\": {\(headers)}}]}")
        var job: JobConfig?
        let seconds = try cpuSeconds { job = try JobConfigLoader.load(path: path) }
        #expect(seconds < cpuBound(3))
        #expect(job?.catalog.first?.headers.count == 100_000)
    }

    struct Number: Sendable, CustomTestStringConvertible {
        var text: String
        var value: Int64?
        var testDescription: String { text.count > 40 ? "\(text.prefix(12))… (\(text.count) characters)" : text }
    }

    static let numbers: [Number] = {
        var table: [(String, Int64?)] = [
            ("0", 0), ("-0", 0), ("7", 7), ("1.0", 1), ("1.000000", 1), ("10e-1", 1), ("1e0", 1), ("1E+2", 100),
            ("0.5e1", 5), ("1200e-2", 12), ("9223372036854775807", Int64.max), ("9223372036854775808", nil),
            ("1e19", nil), ("1e-400", nil), ("1e999999999999", nil), ("-1", nil), ("0.1", nil), ("-0.0", 0),
            ("0e999", 0), ("0.000e-999999999", 0), ("-0E+999999999", 0), ("1e999", nil), ("1e-999999999", nil),
        ]
        let nines = String(repeating: "9", count: 100_000)
        let zeros = String(repeating: "0", count: 100_000)
        table.append((nines, nil))
        table.append(("1." + zeros, 1))
        table.append(("0." + zeros + "1", nil))
        table.append(("1" + String(repeating: "0", count: 500) + "e-500", 1))
        return table.map { Number(text: $0.0, value: $0.1) }
    }()

    /// Every valid number form decodes to the integer it denotes, or is rejected as not one.
    @Test(arguments: numbers)
    func numbersInEveryValidForm(_ number: Number) throws {
        let (text, expected) = (number.text, number.value)
        let temp = try TempFolder()
        var result = Lines()
        let seconds = try cpuSeconds { result = try ndjson([utf8("{\"customer\": \"c\", \"destination\": \"h\", \"count\": \(text)}")], in: temp) }
        #expect(seconds < cpuBound(1))
        if let expected {
            #expect(result.records.first?.count == expected, "\(text.prefix(40))")
        } else {
            let reason = result.rejected.first?.reason ?? ""
            if !text.hasPrefix("-"), let size = Double(text), size >= 0x1p63 {
                // An exact integer past what remit counts says so, not that it is no integer.
                #expect(reason.contains("is larger than remit counts (at most 9223372036854775807)") || reason.contains("out of range"),
                        "\(text.prefix(40)): \(reason)")
            } else {
                #expect(reason.contains("non-negative integer") || reason.contains("out of range"), "\(text.prefix(40)): \(reason)")
            }
        }
    }

    @Test(arguments: ["01", "1.", ".5", "+1", "1e", "1e+", "--1", "0x10", "NaN", "Infinity", "-", "1_000", "１"])
    func invalidNumbersAreRejected(_ text: String) throws {
        let temp = try TempFolder()
        let result = try ndjson([utf8("{\"customer\": \"c\", \"destination\": \"h\", \"count\": \(text)}")], in: temp)
        #expect(result.rejected.first?.reason.contains("invalid JSON") == true, "\(text)")
    }

    @Test func escapedNULIsKeptAsACharacterNotATerminator() throws {
        let temp = try TempFolder()
        let result = try ndjson([utf8(#"{"customer": "a\u0000b", "destination": "h"}"#)], in: temp)
        #expect(result.records.first?.customer == "a\u{0}b")
    }

    @Test func aFortyMegabyteLineIsOneRejectedRecord() throws {
        let temp = try TempFolder()
        // Past the 16 MiB line limit; just past it in sanitized builds (Scripts/sanitize), where
        // what counts is the sanitizer's checks and the time is CI's.
        let length = ProcessInfo.processInfo.environment["REMIT_SANITIZED"] == nil ? 40 << 20 : 17 << 20
        let line = utf8("{\"customer\": \"") + [UInt8](repeating: UInt8(ascii: "x"), count: length) + utf8("\"}")
        let result = try ndjson([line], in: temp)
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.reason.contains("longer than") == true)
        #expect(result.records.map(\.id) == ["after"])
        #expect(result.records.first?.location.line == 2)
    }

    @Test(arguments: [
        HostileInput("UTF-16LE with a byte-order mark", [0xFF, 0xFE] + utf8("{").flatMap { [$0, 0] }, "UTF-16LE"),
        HostileInput("UTF-16BE with a byte-order mark", [0xFE, 0xFF, 0, UInt8(ascii: "{")], "UTF-16BE"),
        HostileInput("UTF-16LE without one", utf8("{}").flatMap { [$0, 0] }, "UTF-16LE"),
        HostileInput("UTF-32LE with a byte-order mark", [0xFF, 0xFE, 0, 0] + utf8("{").flatMap { [$0, 0, 0, 0] }, "UTF-32LE"),
    ])
    func wideEncodingsAreRefusedByName(_ input: HostileInput) {
        for path in ["register.json", "register.yml"] {
            let (error, _) = timedError(InputError.self) { _ = try Document.parse(input.bytes, path: path, source: path) }
            #expect(error?.reason.contains(input.words) == true, "\(path): \(String(describing: error))")
            #expect(error?.location.line == 1)
        }
    }
}
