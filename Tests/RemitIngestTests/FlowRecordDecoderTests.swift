import RemitCore
import Testing
@testable import RemitIngest

@Suite struct FlowRecordDecoderTests {
    func decode(_ json: String) throws -> FlowRecordDecoder.Outcome {
        let bytes = Array(json.utf8)
        let node = try bytes.withUnsafeBufferPointer { try JSONParser.parse($0) }
        return FlowRecordDecoder.decode(node, location: SourceLocation(source: "flows.ndjson", line: 7))
    }

    func record(_ json: String) throws -> FlowRecord? {
        if case .record(let flow) = try decode(json) { return flow }
        return nil
    }

    func rejection(_ json: String) throws -> RejectedRecord? {
        if case .rejected(let rejected) = try decode(json) { return rejected }
        return nil
    }

    @Test func aFullRecordDecodesEveryField() throws {
        let flow = try #require(try record("""
            {"id": "f-1", "ts": "2026-11-27T01:02:03Z", "customer": "cust-acme", "subprocessor": "sp-mailer",
             "destination": "api.mailer.example", "system": "notify-svc", "purpose": "service.delivery.notifications",
             "data_categories": ["user.contact.email"], "region": "DE", "operation": "transfer",
             "count": 2, "records": 12, "bytes": 3456, "extra": {"ignored": true}}
            """))
        #expect(flow.id == "f-1")
        #expect(flow.ts?.description == "2026-11-27T01:02:03Z")
        #expect(flow.customer == "cust-acme")
        #expect(flow.subprocessor == "sp-mailer")
        #expect(flow.destination == "api.mailer.example")
        #expect(flow.dataCategories == ["user.contact.email"])
        #expect(flow.count == 2 && flow.records == 12 && flow.bytes == 3456)
        #expect(flow.location.line == 7)
    }

    @Test func defaultsApply() throws {
        let flow = try #require(try record(#"{"customer": "c", "destination": "h"}"#))
        #expect(flow.count == 1)
        #expect(flow.records == 0)
        #expect(flow.operation == nil)
    }

    @Test(arguments: [("12", Int64(12)), ("12.0", 12), ("1.2e1", 12), ("1200e-2", 12), ("0", 0), ("-0", 0), ("1E3", 1000)])
    func integerCountsInEveryJSONForm(_ text: String, _ expected: Int64) throws {
        let flow = try #require(try record(#"{"customer": "c", "destination": "h", "count": \#(text)}"#))
        #expect(flow.count == expected)
    }

    @Test(arguments: ["\"12\"", "-1", "1.5", "true", "[1]", "1e30", "99999999999999999999"])
    func wrongCountsAreRejected(_ text: String) throws {
        let rejected = try #require(try rejection(#"{"id": "f-9", "customer": "c", "destination": "h", "count": \#(text)}"#))
        #expect(rejected.reason.contains("`count`"))
        #expect(rejected.id == "f-9")
    }

    @Test func wrongTypesAreRejectedWithTheField() throws {
        #expect(try rejection(#"{"customer": 5, "destination": "h"}"#)?.reason.contains("`customer` must be a string") == true)
        #expect(try rejection(#"{"customer": "c", "destination": "h", "data_categories": "user"}"#)?.reason.contains("list of strings") == true)
        #expect(try rejection(#"{"customer": "c", "destination": "h", "data_categories": [1]}"#) != nil)
        #expect(try rejection(#"{"customer": "c", "destination": "h", "ts": "yesterday"}"#)?.reason.contains("RFC 3339") == true)
        #expect(try rejection(#"["not", "an", "object"]"#) != nil)
    }

    @Test func aRecordNeedsASubprocessorOrDestination() throws {
        #expect(try rejection(#"{"customer": "c"}"#)?.reason.contains("neither") == true)
        #expect(try rejection(#"{"customer": "c", "destination": ""}"#) != nil)
        #expect(try record(#"{"subprocessor": "sp"}"#) != nil)
    }

    @Test func nullAndEmptyStringsCountAsAbsent() throws {
        let flow = try #require(try record(#"{"customer": null, "destination": "h", "purpose": "", "data_categories": null}"#))
        #expect(flow.customer == nil)
        #expect(flow.purpose == nil)
        #expect(flow.dataCategories.isEmpty)
        // Counts too: an empty one takes its default.
        let counts = try #require(try record(#"{"destination": "h", "count": "", "records": "", "bytes": null}"#))
        #expect(counts.count == 1 && counts.records == 0 && counts.bytes == 0)
    }
}
