import Foundation
import RemitCore
import RemitIngest
import Testing

/// Inputs the fuzz targets in `Fuzz/` found crashing, fed through the same readers.
/// Each is also kept in the target's seed corpus (`Fuzz/Corpus/<target>/`).
@Suite struct HostileFuzzRegressionTests {
    /// FuzzFlowLine: an exponent of Int.min (`1e-9223372036854775808`, here with leading
    /// zeros) made `FlowRecordDecoder.exactInteger` trap in `abs`: one flow line stopped the
    /// whole run. `JSONParser` now refuses exponents of more than 9 digits.
    static let flowLines = [
        #"{"customer":"c","destination":"h","count":1e-9223372036854775808}"#,
        #"{"customer":"c","destination":"h","records":1E+9223372036854775807}"#,
        #"{"customer":"c","destination":"h","bytes":-1e9223372036854775808}"#,
        #"{"customer":"c","destination":"h","count":0.1e-00000000000009223372036854775808}"#,
    ]

    /// The fuzzer's own crashing inputs, as kept in the seed corpus.
    static let corpusCrashes: [String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/FuzzFlowLine")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("crash-") }.sorted().map { folder.appendingPathComponent($0).path }
    }()

    func readLine(_ bytes: [UInt8]) throws -> (records: [FlowRecord], rejected: [RejectedRecord]) {
        let temp = try TempFolder()
        let path = try temp.write("flows.ndjson", bytes: bytes + [0x0A] + Array(#"{"id": "after", "customer": "c", "destination": "h"}"#.utf8) + [0x0A])
        var records: [FlowRecord] = []
        var rejected: [RejectedRecord] = []
        _ = try FlowReader.read(path: path, source: "flows.ndjson", format: .ndjson) { outcome in
            switch outcome {
            case .record(let flow): records.append(flow)
            case .rejected(let record): rejected.append(record)
            }
        }
        return (records, rejected)
    }

    @Test(arguments: flowLines)
    func hugeExponentsAreOneRejectedRecord(_ line: String) throws {
        let (records, rejected) = try readLine(Array(line.utf8))
        #expect(rejected.count == 1)
        #expect(rejected.first?.reason.contains("out of range") == true, "\(String(describing: rejected.first))")
        #expect(records.map(\.id) == ["after"])
    }

    @Test func crashesKeptInTheSeedCorpusAreOneRecordEach() throws {
        #expect(!Self.corpusCrashes.isEmpty)
        for path in Self.corpusCrashes {
            let (records, rejected) = try readLine(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            #expect(records.count + rejected.count == 2, "\(path)")
            #expect(records.last?.id == "after", "\(path)")
        }
    }

    /// FuzzFastPath: the same lines reached `exactInteger` through the byte-level scanner of
    /// the parallel NDJSON path, which production runs, past the strict parser's limit. The
    /// scanner now hands such lines to the strict path: one rejected record, as there.
    @Test func hugeExponentsTakeTheSameWayThroughTheFastPath() throws {
        let temp = try TempFolder()
        let text = Self.flowLines.joined(separator: "\n") + "\n" + #"{"id": "after", "customer": "cust-acme", "destination": "h", "extra": 1e0000000001}"# + "\n"
        let path = try temp.write("flows.ndjson", text)
        let reference = try FastPathRun.reference(path, .ndjson)
        #expect(reference.rejected == Self.flowLines.count)
        for (workers, chunkBytes) in [(1, 1 << 20), (2, 61)] {
            #expect(try FastPathRun.ndjson(path, workers: workers, chunkBytes: chunkBytes) == reference)
        }
    }

    /// FuzzFastPath: a NUL byte in an XML flow file. libxml2's pull parser (the SAX2 reader
    /// of the fast path) took it for the end of its input and said "Premature end of data in
    /// tag flow line 25"; both paths now name the NUL at its line and column.
    @Test func aNulByteInXMLIsNamedAtItsPlaceOnBothPaths() throws {
        let temp = try TempFolder()
        let text = "<?xml version=\"1.0\"?>\n<flows xmlns=\"urn:remit:flows:1\">\n"
            + "  <flow id=\"f-1\" customer=\"cust-acme\" destination=\"h\">\n    <category>user.contéent</category>\u{0}\n  </flow>\n</flows>\n"
        let path = try temp.write("flows.xml", text)
        for read in [{ try FastPathRun.reference(path, .xml) }, { try FastPathRun.xml(path) }] {
            #expect {
                _ = try read()
            } throws: { error in
                "\(error)".hasSuffix("flows:4:39: invalid XML: Char 0x0 out of allowed range")
            }
        }
    }

    @Test func exponentsUpToNineDigitsStillParse() throws {
        let document = try Document.parse(Array(#"{"a": 1e-000999999999, "b": 2E+5}"#.utf8), path: "x.json", source: "x.json")
        #expect(document.root["a"]?.value.numberText == "1e-000999999999")
    }
}

extension DocNode.Value {
    var numberText: String? {
        if case .number(let text) = self { return text }
        return nil
    }
}
