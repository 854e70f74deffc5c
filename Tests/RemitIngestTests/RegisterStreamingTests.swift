import RemitCore
import Testing
@testable import RemitIngest

/// `RegisterLoader.load` decodes a JSON register one customer at a time while parsing; it
/// must give what parsing the whole tree and `decode` gave: the same customers, diagnostics
/// and, for a broken register, the same first error.
@Suite struct RegisterStreamingTests {
    enum Outcome: Equatable {
        case loaded(customers: [String], locations: [String], diagnostics: [String], format: String)
        case failed(String, String, Bool)
    }

    func streamed(_ text: String, name: String = "register.json") throws -> Outcome {
        let temp = try TempFolder()
        let path = try temp.write(name, text)
        do {
            let read = try RegisterLoader.load(path: path, source: name)
            return outcome(read.register, read.diagnostics, read.format)
        } catch {
            return .failed(error.reason, error.location.description, error.kind == .configuration)
        }
    }

    func whole(_ text: String, name: String = "register.json") throws -> Outcome {
        let temp = try TempFolder()
        let path = try temp.write(name, text)
        do {
            let document = try Document.load(path: path, source: name)
            let (register, diagnostics) = try RegisterLoader.decode(document.root, source: name)
            return outcome(register, diagnostics, document.format)
        } catch {
            return .failed(error.reason, error.location.description, error.kind == .configuration)
        }
    }

    func outcome(_ register: Register, _ diagnostics: [Diagnostic], _ format: String) -> Outcome {
        .loaded(customers: register.customers.map(\.id), locations: register.customers.map { $0.location?.description ?? "-" },
                diagnostics: diagnostics.map { "\($0.location) \($0.message)" }, format: format)
    }

    static let good = #"{"version": 1, "customers": [{"id": "a", "name": "A", "purposes": ["service"], "colour": 1}, "#
        + #"{"id": "b", "general_authorization": {"instruction": "x", "notice_days": 30}}], "extra": true}"#

    @Test(arguments: [
        good,
        #"{"customers": []}"#,
        #"{"customers": null}"#,
        #"{}"#,
        #"{"customers": {"id": "a"}}"#,
        #"{"customers": [{"id": "a"}, 7, {"name": "no id"}]}"#,
        #"{"customers": [{"id": "a", "instructions": [{"id": "i", "kind": "nope"}]}, {"name": "no id"}]}"#,
        #"{"customers": [{"id": "a", "instructions": [{"id": "i", "kind": "nope"}]}, {"id": "a"}]}"#,
        #"{"customers": [{"id": "a"}, {"id": "b"}, {"id": "a"}]}"#,
        #"{"customers": [{"id": "a", "regions": 3}, {"id": ""}]}"#,
        #"{"customers": [{"id": "a", "instructions": [{"id": "i", "kind": "nope"}]}, {"id": "b"} oops]}"#,
        #"{"customers": [{"id": "a"}], "customers": []}"#,
        #"[{"id": "a"}]"#,
        #"{"customers": [{"id": "a"}]} trailing"#,
        "\u{FEFF}" + #"{"customers": [{"id": "a"}]}"#,
        "{\n  \"customers\": [\n    {\"id\": \"a\"},\n    {\"id\": \"a\"}\n  ]\n}\n",
    ])
    func streamingGivesWhatTheTreeGave(text: String) throws {
        #expect(try streamed(text) == whole(text))
    }

    @Test func yamlRegistersStillLoad() throws {
        let yaml = "customers:\n  - id: a\n    purposes: [service]\n  - id: b\n"
        #expect(try streamed(yaml, name: "register.yml") == whole(yaml, name: "register.yml"))
        let outcome = try streamed(yaml, name: "register.yml")
        #expect(outcome == .loaded(customers: ["a", "b"], locations: ["register.yml:2:5", "register.yml:4:5"], diagnostics: [], format: "yaml"))
    }

    @Test func theValueLimitStillHolds() throws {
        let many = "{\"customers\": [" + Array(repeating: "{\"id\": \"x\"}", count: 10).joined(separator: ",") + "]}"
        let bytes = Array(many.utf8)
        let streamedError = bytes.withUnsafeBufferPointer { buffer -> String? in
            do {
                _ = try JSONParser.parse(buffer, streaming: "customers", element: { _ in }, maxValues: 15)
                return nil
            } catch let error as JSONParser.SyntaxError {
                return "\(error.line):\(error.column) \(error.reason)"
            } catch { return "other" }
        }
        let wholeError = bytes.withUnsafeBufferPointer { buffer -> String? in
            do {
                _ = try JSONParser.parse(buffer, maxValues: 15)
                return nil
            } catch let error as JSONParser.SyntaxError {
                return "\(error.line):\(error.column) \(error.reason)"
            } catch { return "other" }
        }
        #expect(streamedError != nil)
        #expect(streamedError == wholeError)
    }
}

/// A streamed register keeps one copy of each repeated long string: customers that list the
/// same taxonomy keys share their storage, and the values are those written.
@Suite struct RegisterStringSharingTests {
    static func storage(_ text: String) -> UnsafeRawPointer? {
        var text = text
        return text.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func repeatedLongStringsShareOneCopy() throws {
        let customers = (0..<3).map { i in
            #"{"id": "c\#(i)", "purposes": ["service.operations.backup", "service"], "data_categories": ["user.contact.email", "user.esc\u0061ped.value.x"]}"#
        }
        let temp = try TempFolder()
        let path = try temp.write("register.json", #"{"customers": [\#(customers.joined(separator: ", "))]}"#)
        let register = try RegisterLoader.load(path: path, source: "register.json").register
        #expect(register.customers.map(\.purposes) == Array(repeating: ["service.operations.backup", "service"], count: 3))
        #expect(register.customers.map(\.dataCategories) == Array(repeating: ["user.contact.email", "user.escaped.value.x"], count: 3))
        for (list, index) in [(\Customer.purposes, 0), (\Customer.dataCategories, 0), (\Customer.dataCategories, 1)] {
            let copies = Set(register.customers.map { Self.storage($0[keyPath: list]![index]) })
            #expect(copies.count == 1, "\(register.customers[0][keyPath: list]![index]) is stored \(copies.count) times")
        }
    }

    @Test func thePoolSharesOnlyLongStringsAndStopsGrowing() {
        var pool = StringPool()
        let long = String(repeating: "k", count: 20)
        let first = pool.share(long + "")
        #expect(Self.storage(pool.share(String(repeating: "k", count: 20))) == Self.storage(first))
        let short = pool.share("service")
        #expect(short == "service")
        let huge = String(repeating: "x", count: 65)
        #expect(Self.storage(pool.share(huge)) == Self.storage(huge))
        for i in 0..<StringPool.capacity { _ = pool.share("value-number-\(i)-padded") }
        // Full: a new string is no longer kept, one kept before still is.
        let late = { String(repeating: "z", count: 30) }
        let (late1, late2) = (pool.share(late()), pool.share(late()))
        #expect(Self.storage(late1) != Self.storage(late2))
        let kept = { "value-number-\(7)-padded" }
        let (kept1, kept2) = (pool.share(kept()), pool.share(kept()))
        #expect(Self.storage(kept1) == Self.storage(kept2))
    }
}
