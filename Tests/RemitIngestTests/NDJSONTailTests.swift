import RemitCore
@testable import RemitIngest
import Testing

/// A fetched NDJSON body is cut off when its last line has no line end and stops inside a JSON
/// value; a complete last line without a line end, or one written wrong, is not a cut.
@Suite struct NDJSONTailTests {
    @Test(arguments: [
        ("{\"a\": 1}\n{\"b\": \"x", true),
        ("{\"a\": 1}\n{\"b\": [1, 2", true),
        ("{\"a\": 1}\n{\"b\": tr", true),
        ("{\"a\": 1}\n{\"b\": 12", true),
        ("{\"a\": 1", true),
        ("{\"a\": 1}\n{\"b\": \"\\u00", true),
        ("{\"a\": 1}\n{\"b\": \"\\ud83d", true),
        ("{\"a\": 1}\n{\"b\": \"\\ud83d\\", true),
        ("{\"a\": 1}\n{\"b\": \"\\u00zz", false),
        ("{\"a\": 1}\n{\"b\": \"\\ud83dx\"}", false),
        ("{\"a\": 1}\n{\"b\": 2}", false),
        ("{\"a\": 1}\n", false),
        ("{\"a\": 1}\n   \r", false),
        ("{\"a\": 1}\n{\"b\": tru}", false),
        ("{\"a\": 1}\n{\"b\": 1} x", false),
        ("", false),
    ])
    func aLastLineThatStopsInsideAValueIsACut(_ text: String, _ isCut: Bool) throws {
        let temp = try TempFolder()
        let path = try temp.write("flows.ndjson", text)
        let cut = NDJSONTail.cutOff(path: path, source: "https://exports.example/flows.ndjson")
        #expect((cut != nil) == isCut, "\(text.debugDescription): \(cut.map { "\($0)" } ?? "no cut")")
        if let cut {
            #expect(cut.kind == .unreadable)
            #expect(cut.location.source == "https://exports.example/flows.ndjson")
        }
    }

    /// A last line too long to be a record is rejected as such when read, not taken for a cut.
    @Test func aLastLineLongerThanARecordIsNotACut() throws {
        let temp = try TempFolder()
        let path = try temp.write("flows.ndjson", "{\"a\": \"" + String(repeating: "x", count: 300))
        #expect(NDJSONTail.cutOff(path: path, source: "s", maxLineBytes: 100) == nil)
        #expect(NDJSONTail.cutOff(path: path, source: "s", maxLineBytes: 1000) != nil)
    }
}
