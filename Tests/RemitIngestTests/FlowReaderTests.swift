import RemitCore
import Testing
@testable import RemitIngest

@Suite struct FlowReaderTests {
    struct Read {
        var records: [FlowRecord] = []
        var rejected: [RejectedRecord] = []
        var stats = FlowReadStats()
    }

    func read(_ path: String, _ format: FlowFileFormat) throws -> Read {
        var result = Read()
        result.stats = try FlowReader.read(path: path, source: "flows", format: format) { outcome in
            switch outcome {
            case .record(let flow): result.records.append(flow)
            case .rejected(let rejected): result.rejected.append(rejected)
            }
        }
        return result
    }

    @Test func ndjsonBadLinesAreRejectedAndTheRestIsRead() throws {
        let temp = try TempFolder()
        let path = try temp.write("f.ndjson", """
            {"id": "a", "customer": "c", "destination": "h"}
            {"id": "b", "customer": "c", "destination": "h", "count": "12"}

            {"id": "c", "customer": "c"
            {"id": "d", "customer": "c", "destination": "h"}\r
            {"id": "e", "customer": "c", "destination": "h"}
            """)
        let result = try read(path, .ndjson)
        #expect(result.records.map(\.id) == ["a", "d", "e"])
        #expect(result.records.map(\.location.line) == [1, 5, 6])
        #expect(result.rejected.map(\.location.line) == [2, 4])
        #expect(result.rejected[1].location.column > 0)
        #expect(result.stats.records == 5)
        #expect(result.stats.rejected == 2)
    }

    @Test func ndjsonInvalidUTF8IsOneRejectedRecord() throws {
        let temp = try TempFolder()
        var bytes = Array("{\"customer\": \"c\", \"destination\": \"h\"}\n{\"customer\": \"".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\", \"destination\": \"h\"}\n{\"customer\": \"x\", \"destination\": \"h\"}\n".utf8)
        let path = try temp.write("f.ndjson", bytes: bytes)
        let result = try read(path, .ndjson)
        #expect(result.records.map(\.customer) == ["c", "x"])
        #expect(result.rejected.first?.reason.contains("UTF-8") == true)
    }

    @Test func ndjsonOverlongLineIsRejectedWithoutHoldingIt() throws {
        let temp = try TempFolder()
        let long = "{\"customer\": \"c\", \"destination\": \"" + String(repeating: "x", count: 3000) + "\"}"
        let path = try temp.write("f.ndjson", long + "\n{\"customer\": \"c\", \"destination\": \"h\"}\n")
        var result = Read()
        try NDJSONReader(maxLineBytes: 1000).read(path: path, source: "flows") { outcome in
            switch outcome {
            case .record(let flow): result.records.append(flow)
            case .rejected(let rejected): result.rejected.append(rejected)
            }
        }
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.location.line == 1)
        #expect(result.records.first?.location.line == 2)
    }

    @Test func ndjsonChunkBoundariesDoNotSplitRecords() throws {
        let temp = try TempFolder()
        var text = ""
        for i in 0..<30_000 { text += "{\"id\": \"f-\(i)\", \"customer\": \"c\", \"destination\": \"h\", \"bytes\": \(i)}\n" }
        let path = try temp.write("f.ndjson", text)
        let result = try read(path, .ndjson)
        #expect(result.records.count == 30_000)
        #expect(result.rejected.isEmpty)
        #expect(result.records.last?.bytes == 29_999)
        #expect(result.records.last?.location.line == 30_000)
    }

    @Test func jsonListAndWrapperStreamTheSameRecords() throws {
        let temp = try TempFolder()
        let list = try temp.write("list.json", """
            [
              {"id": "a", "customer": "c", "destination": "h"},
              {"id": "b", "customer": "c", "destination": "h", "count": -1},
              {"id": "c", "customer": "c", "destination": "h", "note": "] , { tricky \\" string"}
            ]
            """)
        let wrapper = try temp.write("wrapper.json", """
            {"schema": {"v": [1, 2]}, "flows": [
              {"id": "a", "customer": "c", "destination": "h"},
              {"id": "b", "customer": "c", "destination": "h", "count": -1},
              {"id": "c", "customer": "c", "destination": "h", "note": "] , { tricky \\" string"}
            ], "generated": "x"}
            """)
        for path in [list, wrapper] {
            #expect(try FlowReader.detect(path: path, source: "flows") == .json)
            let result = try read(path, .json)
            #expect(result.records.map(\.id) == ["a", "c"])
            #expect(result.rejected.map(\.location.line) == [3])
        }
    }

    @Test func jsonDocumentMalformedElementIsOneRejectedRecord() throws {
        let temp = try TempFolder()
        let path = try temp.write("f.json", """
            [{"id": "a", "customer": "c", "destination": "h"},
             {"id": "b" "customer": "c"},
             {"id": "c", "customer": "c", "destination": "h"}]
            """)
        let result = try read(path, .json)
        #expect(result.records.map(\.id) == ["a", "c"])
        #expect(result.rejected.first?.location.line == 2)
        #expect(result.rejected.first?.reason.contains("invalid JSON") == true)
    }

    @Test func truncatedJSONDocumentIsAFatalErrorWithItsPosition() throws {
        let temp = try TempFolder()
        let path = try temp.write("f.json", "[{\"id\": \"a\", \"customer\": \"c\", \"destination\": \"h\"},\n {\"id\": \"b\", ")
        #expect(throws: InputError.self) { try read(path, .json) }
        do { _ = try read(path, .json) } catch let error as InputError {
            #expect(error.kind == .unreadable)
            #expect(error.location.line == 2)
        }
    }

    @Test func xmlFlowsReadAttributesAndCategories() throws {
        let temp = try TempFolder()
        let path = try temp.write("f.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- exported nightly -->
            <flows xmlns="urn:remit:flows:1">
              <flow id="f-1" ts="2026-11-27T01:02:03Z" customer="cust-acme" destination="api.mailer.example"
                    purpose="service.delivery.notifications" region="DE" count="3" records="12" bytes="3456">
                <category>user.contact.email</category>
                <category> user.name </category>
              </flow>
              <flow id="f-2" customer="cust-acme" subprocessor="sp-x"/>
              <flow id="f-3" customer="cust-acme" destination="h" count="twelve"/>
            </flows>
            """)
        #expect(try FlowReader.detect(path: path, source: "flows") == .xml)
        let result = try read(path, .xml)
        #expect(result.records.map(\.id) == ["f-1", "f-2"])
        #expect(result.records[0].dataCategories == ["user.contact.email", "user.name"])
        #expect(result.records[0].count == 3 && result.records[0].bytes == 3456)
        // A record is placed where its start tag begins, not on the line where it ends.
        #expect(result.records[0].location.line == 4)
        #expect(result.rejected.first?.id == "f-3")
        #expect(result.rejected.first?.reason.contains("`count`") == true)
    }

    @Test(arguments: [
        ("truncated", "<flows><flow id=\"a\" customer=\"c\" destination=\"h\"/>\n<flow id=\"b\""),
        ("doctype", "<?xml version=\"1.0\"?>\n<!DOCTYPE flows [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<flows>&x;</flows>"),
        ("two roots", "<flows/>\n<flows/>"),
        ("wrong root", "<subprocessors/>"),
        ("empty", ""),
    ])
    func brokenXMLIsAFatalErrorWithItsLine(_ name: String, _ text: String) throws {
        let temp = try TempFolder()
        let path = try temp.write("f.xml", text)
        do {
            _ = try read(path, .xml)
            Issue.record("\(name): no error")
        } catch let error as InputError {
            #expect(error.kind == .unreadable, "\(name)")
            #expect(!error.reason.isEmpty)
        }
    }

    @Test func doctypeIsRefusedBeforeAnyEntityIsRead() throws {
        let temp = try TempFolder()
        let secret = try temp.write("secret.txt", "TOP-SECRET")
        let path = try temp.write("f.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE flows [<!ENTITY x SYSTEM \"file://\(secret)\">]>\n<flows><flow id=\"&x;\" customer=\"c\" destination=\"h\"/></flows>")
        do {
            _ = try read(path, .xml)
            Issue.record("no error")
        } catch let error as InputError {
            #expect(error.reason.contains("DOCTYPE"))
            #expect(error.location.line == 2)
            #expect(!error.description.contains("TOP-SECRET"))
        }
    }

    @Test func detectionUsesContentThenExtension() throws {
        let temp = try TempFolder()
        #expect(try FlowReader.detect(path: temp.write("a.json", "{\"customer\": \"c\", \"destination\": \"h\"}\n{\"customer\": \"c\", \"destination\": \"h\"}\n"), source: "a") == .ndjson)
        #expect(try FlowReader.detect(path: temp.write("b.ndjson", "{\"flows\": []}\n"), source: "b") == .json)
        #expect(try FlowReader.detect(path: temp.write("c.txt", "{\"flows\": [\n]}"), source: "c") == .json)
        #expect(try FlowReader.detect(path: temp.write("d.data", "\u{FEFF}  <flows/>"), source: "d") == .xml)
        #expect(throws: InputError.self) { try FlowReader.detect(path: temp.write("e.txt", "hello"), source: "e") }
    }

    /// The content decides, whatever the name: blank first lines, a first record longer than
    /// the 64 KiB head, and a first record whose stray keys or wrongly typed values look like
    /// another format's (fides' `system` list, OpenLineage's `eventType` and `job`) leave a
    /// file of flow records NDJSON, so the record is one `INVALID_RECORD` and the rest counts.
    @Test func aFirstRecordCannotMakeTheFileAnotherFormat() throws {
        let temp = try TempFolder()
        let good = "{\"customer\": \"c\", \"destination\": \"h\"}\n"
        let cases: [(String, String, FlowFileFormat)] = [
            ("blank.json", "\n  \n" + good + good, .ndjson),
            ("long.json", "{\"customer\": \"c\", \"destination\": \"h\", \"note\": \"" + String(repeating: "x", count: 70_000) + "\"}\n" + good, .ndjson),
            ("fides.ndjson", "{\"customer\": \"c\", \"destination\": \"h\", \"system\": [\"a\"]}\n" + good, .ndjson),
            ("dataset.ndjson", "{\"customer\": \"c\", \"destination\": \"h\", \"dataset\": [\"w.t1\"]}\n" + good, .ndjson),
            ("lineage.json", "{\"eventType\": \"COMPLETE\", \"job\": \"nightly\", \"customer\": \"c\", \"destination\": \"h\"}\n" + good, .ndjson),
            ("wrapped.ndjson", "{\"flows\": [" + good.dropLast() + "]}\n", .json),
            ("stray-flows.ndjson", "{\"customer\": \"c\", \"destination\": \"h\", \"flows\": []}\n" + good, .ndjson),
            ("lineage-like.json", "{\"eventType\": \"COMPLETE\", \"job\": \"nightly\"}\n" + good, .ndjson),
            ("fides-like.ndjson", "{\"system\": [\"a\"]}\n" + good, .ndjson),
            ("pretty.json", "{\n  \"flows\": [\n    " + good + "  ]\n}\n", .json),
            ("late-flows.json", "{\"meta\": \"" + String(repeating: "m", count: 70_000) + "\", \"flows\": [" + good.dropLast() + "]}", .json),
            ("late-pretty.json", "{\n  \"meta\": \"" + String(repeating: "m", count: 70_000) + "\",\n  \"flows\": [\n    " + good + "  ]\n}\n", .json),
            ("one-record.ndjson", "{\"customer\": \"c\", \"destination\": \"h\", \"flows\": []}\n", .ndjson),
        ]
        var paths: [String: String] = [:]
        for (name, text, expected) in cases {
            paths[name] = try temp.write(name, text)
            #expect(try FlowReader.detect(path: paths[name]!, source: name) == expected, "\(name)")
        }
        let lineage = try temp.write("events.json", "\n{\"eventType\": \"COMPLETE\", \"eventTime\": \"2026-11-27T01:00:00Z\", \"run\": {}, \"job\": {}}\n")
        #expect(try FormatDetector.detect(path: lineage, source: "events.json", role: .flows) == .openlineageNDJSON)
        // Sorted keys put a long `inputs` list first: still an OpenLineage event.
        let sorted = try temp.write("sorted.ndjson", "{\"eventTime\": \"2026-11-27T01:00:00Z\", \"inputs\": [" + String(repeating: "{\"name\": \"t\"},", count: 6_000)
                                     + "{\"name\": \"t\"}], \"job\": {}, \"run\": {}}\n")
        #expect(try FormatDetector.detect(path: sorted, source: "sorted.ndjson", role: .flows) == .openlineageNDJSON)
        // A fides manifest whose first dataset is long: its `dataset` list holds objects.
        let manifest = try temp.write("fides.json", "{\"dataset\": [{\"collections\": [" + String(repeating: "{\"name\": \"c\"},", count: 6_000)
                                       + "{\"name\": \"c\"}], \"fides_key\": \"d\"}]}")
        #expect(try FormatDetector.detect(path: manifest, source: "fides.json", role: .mappings) == .fidesJSON)

        // Read as NDJSON, the odd first record is rejected on its own and the next one counts.
        var accepted = 0, rejected = 0
        _ = try FlowReader.read(path: paths["fides.ndjson"]!, source: "fides.ndjson", format: .ndjson) { outcome in
            if case .record = outcome { accepted += 1 } else { rejected += 1 }
        }
        #expect((accepted, rejected) == (1, 1))
    }

    /// `{"flows": [ … ]}`: the members beside `flows` must be JSON too, and a repeated key
    /// (however it is escaped) is refused, as in every other JSON remit reads.
    @Test func theMembersBesideFlowsAreJSONAndNoKeyRepeats() throws {
        let temp = try TempFolder()
        let record = #"{"customer": "c", "destination": "h"}"#
        let broken: [(String, String, Int, String)] = [
            ("bad-value.json", "{\"meta\": tru!e, \"flows\": [\(record)]}", 1, "invalid JSON"),
            ("bad-object.json", "{\"flows\": [\(record)],\n \"x\": {]}}", 2, "invalid JSON"),
            ("twice.json", "{\"flows\": [\(record)],\n \"flows\": [\(record)]}", 2, "repeats the key `flows`"),
            ("escaped.json", "{\"flows\": [\(record)],\n \"fl\\u006fws\": [\(record)]}", 2, "repeats the key `flows`"),
        ]
        for (name, text, line, words) in broken {
            let path = try temp.write(name, text)
            do {
                _ = try FlowReader.read(path: path, source: name, format: .json) { _ in }
                Issue.record("\(name): no error")
            } catch {
                #expect(error.location.line == line, "\(name): \(error)")
                #expect(error.reason.contains(words), "\(name): \(error)")
            }
        }
        let fine = try temp.write("fine.json", "{\"meta\": {\"exported\": [1, 2.5, null, \"x\"]}, \"flows\": [\(record)], \"end\": true}")
        var records = 0
        _ = try FlowReader.read(path: fine, source: "fine.json", format: .json) { outcome in
            if case .record = outcome { records += 1 }
        }
        #expect(records == 1)
    }

    /// A rejected record in a JSON list is placed where it stands in the file, even when
    /// the problem is inside it on the line it starts on (not at the record's own column).
    @Test func aProblemInsideARecordIsPlacedInTheFile() throws {
        let temp = try TempFolder()
        let first = #"{"customer": "c", "destination": "h", "count": "x"}"#
        let second = #"{"customer": "c", "destination": "h", "count": "y"}"#
        func columns(_ name: String, _ text: String, _ format: FlowFileFormat) throws -> [Int?] {
            var found: [Int?] = []
            _ = try FlowReader.read(path: temp.write(name, text), source: name, format: format) { outcome in
                if case .rejected(let record) = outcome { found.append(record.location.column) }
            }
            return found
        }
        let alone = try columns("one.ndjson", first + "\n", .ndjson)
        let inList = try columns("list.json", "[" + first + ", " + second + "]", .json)
        let own = try #require(alone.first ?? nil)
        #expect(own > 1)
        #expect(inList == [own + 1, own + 1 + first.utf8.count + 2], "\(inList), alone \(alone)")
    }
}
