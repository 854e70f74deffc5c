import Foundation
import RemitCore
import Testing
@testable import RemitIngest

/// The fast paths (issue #7) give exactly the findings of the straightforward path: same
/// accepted records and field values, same rejections (count, lines, columns, reasons), same
/// samples, periods and counts, whether one thread or several read the file.
@Suite struct FastPathEquivalenceTests {
    /// NDJSON lines covering escapes, unicode, whitespace, every number form, every JSON
    /// type in unknown fields, and every kind of invalid record.
    static let ndjsonLines: [String] = [
        #"{"id": "f-1", "ts": "2026-11-22T10:00:00Z", "customer": "cust-acme", "destination": "api.mailer.example", "system": "notify-svc", "data_categories": ["user.contact.email"], "region": "ie", "count": 12, "records": 3, "bytes": 400}"#,
        #"{"id":"f-\u00e9","customer":"cust-caf\u00e9","destination":"https:\/\/events.caf\u00e9.example\/v1?x=1","purpose":"improve.analytics","data_categories":["user.behavior"],"region":"US","count":12.0}"#,
        "\t {\"id\" : \"f-3\" ,\"customer\":\"cust-café\" , \"subprocessor\":\"sp-😀\",\"purpose\":\"service.support\", \"count\": 1.2e1 , \"records\": 1E3, \"bytes\": -0 }  \r",
        #"{"id": "f-\ud83d\ude00", "customer": "cust-acme", "subprocessor": "sp-\ud83d\ude00", "purpose": "service.support", "data_categories": ["user.content", ""], "records": 0.0e5}"#,
        #"{"id": "f-5", "customer": "cust-acme", "destination": "  HTTPS://User@X.Mailer-CDN.Example:8443/path  ", "operation": "disclose", "ts": "2026-11-27T01:00:00+02:00", "region": "us-ca"}"#,
        #"{"id": "f-6", "customer": null, "destination": "bucket.s3.amazonaws.com", "purpose": "", "count": null, "extra": {"a": [1, 2.5e-3, {"b": null}], "c": true, "d": false}, "list": [[], {}, "x", -1]}"#,
        #"{"id": "f-7", "customer": "cust-zenith", "destination": "unknown.example.", "data_categories": null}"#,
        #"{"id": "f-zero-e", "customer": "cust-acme", "destination": "api.mailer.example", "count": 3, "records": 0e999, "bytes": 1000e-3}"#,
        #"{"id": "f-big-e", "customer": "cust-acme", "destination": "api.mailer.example", "bytes": 1e999}"#,
        #"{"id": "f-8", "customer": "cust-acme", "destination": "[::1]:8080", "system": "web-app"}"#,
        #"{"id": "f-9", "customer": "cust-acme", "destination": "nowhere.example", "ts": "2026-11-20T00:00:00Z"}"#,
        #"{"\u0069d": "f-10", "customer": "cust-acme", "subprocessor": "sp-mailer", "purpose": "service.delivery.notifications", "ts": "2026-11-23T00:00:00.5Z"}"#,
        #"{"id": "f-11", "customer": "cust-acme", "subprocessor": "sp-mailer", "purpose": "marketing.email", "data_categories": ["user.health", "user.made.up"], "operation": "sell"}"#,
        #"{"id": "f-12", "customer": "cust-café", "subprocessor": "sp-mailer", "purpose": "service.delivery.notifications", "region": "DE", "ts": "2026-11-25T00:00:00Z"}"#,
        #"{"id": "f-13", "customer": "cust-acme", "subprocessor": "sp-😀", "purpose": "service.support", "ünknown": 1, "data_categories": ["user.content"]}"#,
        // Invalid records, one per kind.
        #"{"id": "bad-1", "customer": "cust-acme", "destination": "h", "count": 0.5}"#,
        #"{"id": "bad-2", "customer": "cust-acme", "destination": "h", "count": -1}"#,
        #"{"id": "bad-3", "customer": "cust-acme", "destination": "h", "bytes": 1e400}"#,
        #"{"id": "bad-4", "customer": "cust-acme", "destination": "h", "records": 99999999999999999999}"#,
        #"{"id": "bad-5", "customer": "cust-acme", "destination": "h", "count": "12"}"#,
        #"{"id": "bad-6", "customer": "cust-acme", "destination": "h", "data_categories": "user"}"#,
        #"{"id": "bad-7", "customer": "cust-acme", "destination": "h", "data_categories": ["user", null]}"#,
        #"{"id": "bad-8", "customer": 7, "destination": "h"}"#,
        #"{"id": "bad-9", "customer": "cust-acme", "destination": "h", "ts": "yesterday"}"#,
        #"{"id": "bad-10", "customer": "cust-acme"}"#,
        #"{"id": "bad-11", "customer": "cust-acme", "destination": "h", "id": "again"}"#,
        #"{"id": "bad-12", "\u0069d": "escaped-twin", "customer": "cust-acme", "destination": "h"}"#,
        #"{"id": "bad-13", "customer": "cust-acme", "destination": "h", "x": {"k": 1, "k": 2}}"#,
        #"{"id": "bad-14", "customer": "cust-acme", "destination": "h\x"}"#,
        #"{"id": "bad-15", "customer": "cust-acme", "destination": "\ud800"}"#,
        "{\"id\": \"bad-16\", \"customer\": \"cust-acme\", \"destination\": \"tab\there\"}",
        #"{"id": "bad-17", "customer": "cust-acme", "destination": "h"} trailing"#,
        #"{"id": "bad-18", "customer": "cust-acme", "destination": "h", "count": 01}"#,
        #"{"id": "bad-19", "customer": "cust-acme", "destination": "h", "flag": tru}"#,
        #"["not", "an", "object"]"#,
        #"{"id": "bad-21", "customer": "cust-acme", "destination": "h""#,
        #"{"id": "bad-22", "customer": "cust-acme", "destination": "h", "count": 1.}"#,
        #"{"id": "bad-23", "customer": "cust-acme", "destination": "h", "K": 1, "\u212A": 2}"#,
        #"{}"#,
        "",
        "   \t",
    ]

    static func ndjsonBytes() -> [UInt8] {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        for (i, line) in ndjsonLines.enumerated() {
            bytes += Array(line.utf8)
            bytes += i % 3 == 0 ? [0x0D, 0x0A] : [0x0A]
        }
        // Invalid UTF-8 inside and outside a string, and a last line without a newline.
        bytes += Array(#"{"id": "bad-utf8", "customer": "cust-acme", "destination": "h"#.utf8) + [0xC3, 0x28] + Array("\"}\n".utf8)
        bytes += [0xFF] + Array(#"{"id": "bad-utf8-2"}"#.utf8) + [0x0A]
        bytes += Array(#"{"id": "last", "customer": "cust-acme", "destination": "api.mailer.example"}"#.utf8)
        return bytes
    }

    @Test(arguments: [(1, 1 << 20), (1, 97), (3, 97), (2, 331)])
    func ndjsonFastPathEqualsReference(workers: Int, chunkBytes: Int) throws {
        let temp = try TempFolder()
        let path = try temp.write("f.ndjson", bytes: Self.ndjsonBytes())
        let reference = try FastPathRun.reference(path, .ndjson)
        let fast = try FastPathRun.ndjson(path, workers: workers, chunkBytes: chunkBytes)
        #expect(reference.rejected == 27)
        #expect(fast == reference)
        if fast != reference {
            for (a, b) in zip(fast.findings, reference.findings) where a != b { Issue.record("fast:      \(a)\nreference: \(b)") }
        }
    }

    @Test func customersAllExpandsTheSameWay() throws {
        let temp = try TempFolder()
        let path = try temp.write("f.ndjson", bytes: Self.ndjsonBytes())
        let everyone = ["cust-acme", "cust-café", "cust-acme"]
        let reference = try FastPathRun.reference(path, .ndjson, expansion: everyone)
        #expect(try FastPathRun.ndjson(path, workers: 2, chunkBytes: 200, expansion: everyone) == reference)
    }

    @Test func overlongLinesAreRejectedAlike() throws {
        let temp = try TempFolder()
        let long = #"{"id": "long", "customer": "cust-acme", "destination": ""# + String(repeating: "x", count: 500) + #""}"#
        let text = Self.ndjsonLines.prefix(3).joined(separator: "\n") + "\n" + long + "\n" + Self.ndjsonLines[0] + "\n" + long
        let path = try temp.write("f.ndjson", text)
        let reference = try FastPathRun.reference(path, .ndjson, maxLineBytes: 300)
        #expect(reference.rejected == 2)
        for (workers, chunk) in [(1, 1 << 20), (2, 64), (3, 100)] {
            #expect(try FastPathRun.ndjson(path, workers: workers, chunkBytes: chunk, maxLineBytes: 300) == reference)
        }
    }

    /// Many lines in small chunks on several threads: samples (the first five in file
    /// order), periods and counts as one thread gives them.
    @Test func parallelChunksGiveTheSingleThreadResult() throws {
        let temp = try TempFolder()
        var text = ""
        for n in 0..<3000 {
            let line = Self.ndjsonLines[(n * 7) % Self.ndjsonLines.count]
            text += line.replacingOccurrences(of: "2026-11-2", with: "2026-11-\(1 + n % 3)") + "\n"
        }
        let path = try temp.write("many.ndjson", text)
        let single = try FastPathRun.ndjson(path, workers: 1, chunkBytes: 1 << 20)
        #expect(try single == FastPathRun.reference(path, .ndjson))
        for (workers, chunk) in [(2, 4096), (3, 1000), (4, 333)] {
            #expect(try FastPathRun.ndjson(path, workers: workers, chunkBytes: chunk) == single)
        }
    }

    static let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- an export -->
        <flows xmlns="urn:remit:flows:1" xmlns:x="urn:other">
          <flow id="f-1" ts="2026-11-22T10:00:00Z" customer="cust-acme" destination="api.mailer.example" system="notify-svc"
                region="ie" count="12" records="3" bytes="400">
            <category>user.contact.email</category>
            <category>
               user.content </category>
          </flow>
          <flow id="f-&#233;&amp;&lt;" customer="cust-caf&#xE9;" destination="https://events.café.example/v1?a=1&amp;b=2" purpose="improve.analytics">
            <category><![CDATA[user.behavior]]></category><category>  </category><category>\u{00A0}user.content\u{2003}</category>
          </flow>
          <flow id="f-&amp;#38;" customer="cust-acme" subprocessor="sp-😀" purpose="service.support"><category>user.<!-- c -->content</category><note>x<b>y</b>z</note></flow>
          <flow id="f-4" customer="cust-acme" subprocessor="sp-mailer"><purpose>service.delivery</purpose></flow>
          <flow id="f-5" customer="cust-acme" destination="nowhere.example" purpose="a" x:purpose="b"/>
          <other id="rejected" customer="cust-acme" destination="h"><category>x</category></other>
          <x:flow id="f-6" customer="cust-zenith" destination="h.example" count="007" operation="sell"/>
          <flow id="f-7" destination="bucket.s3.amazonaws.com" data_categories=""/>
          <flow id="num-1" customer="cust-acme" destination="h" count="12.0"/>
          <flow id="bad-2" customer="cust-acme" destination="h" count="-1"/>
          <flow id="bad-3" customer="cust-acme" destination="h" ts="nope"/>
          <flow id="bad-4" customer="cust-acme"/>
          <flow id="bad-5" customer="cust-acme" destination="h" data_categories="user"/>
          <flow id="num-6" customer="cust-acme" destination="h"><count>3</count></flow>
          <flow id="bad-7" customer="cust-acme" destination="h" records="99999999999999999999"/>
        </flows>
        """

    /// A rejected record's texts are not the spelling a value keeps: the first accepted
    /// record's are, on the fast paths as on the reference path (compared byte for byte:
    /// `é` composed and `e` + combining acute are equal Strings).
    @Test func aRejectedRecordLeavesNoSpellingBehind() throws {
        let temp = try TempFolder()
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        let ndjson = try temp.write("f.ndjson", """
            {"id": "bad", "customer": "\(composed)", "destination": "api.mailer.example", "purpose": "\(composed)", "count": -1}
            {"id": "good", "customer": "\(decomposed)", "destination": "api.mailer.example", "purpose": "\(decomposed)"}

            """)
        let xml = try temp.write("f.xml", """
            <flows>
              <flow id="bad" customer="\(composed)" destination="api.mailer.example" purpose="\(composed)" count="-1"/>
              <flow id="good" customer="\(decomposed)" destination="api.mailer.example" purpose="\(decomposed)"/>
            </flows>
            """)
        func bytes(_ result: FastPathRun.Result) -> [[UInt8]] { result.findings.map { Array($0.utf8) } }
        for (path, format) in [(ndjson, FlowFileFormat.ndjson), (xml, .xml)] {
            let reference = try FastPathRun.reference(path, format)
            #expect(reference.rejected == 1)
            #expect(reference.findings.contains { $0.utf8.elementsEqual(decomposed.utf8) || $0.contains(decomposed) })
            #expect(!reference.findings.contains { Array($0.utf8).firstRange(of: Array(composed.utf8)) != nil }, "\(reference.findings)")
            let fast = format == .xml ? try FastPathRun.xml(path) : try FastPathRun.ndjson(path, workers: 1, chunkBytes: 1 << 20)
            #expect(bytes(fast) == bytes(reference), "\(format)")
        }
    }

    /// An XML record that gives a field twice (an attribute and a child element, or two child
    /// elements) is refused, as a JSON record with a repeated key is; unknown elements and
    /// `<category>` may repeat.
    @Test func anXMLFieldGivenTwiceIsRefused() throws {
        let temp = try TempFolder()
        let path = try temp.write("f.xml", """
            <flows>
              <flow id="a" customer="cust-acme" destination="api.mailer.example" purpose="service"><purpose>marketing</purpose></flow>
              <flow id="b" customer="cust-acme" destination="api.mailer.example"><purpose>service</purpose><purpose>marketing</purpose></flow>
              <flow id="c" customer="cust-acme" destination="api.mailer.example" purpose="service.support"><note>1</note><note>2</note><category>user.content</category><category>user.contact</category></flow>
            </flows>
            """)
        var rejected: [String] = []
        _ = try FlowReader.read(path: path, source: "f.xml", format: .xml) { outcome in
            if case .rejected(let record) = outcome { rejected.append("\(record.id ?? "?"): \(record.reason)") }
        }
        #expect(rejected == ["a: `purpose` is given more than once", "b: `purpose` is given more than once"])
        let reference = try FastPathRun.reference(path, .xml)
        #expect(try FastPathRun.xml(path) == reference)
        #expect(reference.rejected == 2)
    }

    @Test func xmlFastPathEqualsReference() throws {
        let temp = try TempFolder()
        let path = try temp.write("f.xml", Self.xml)
        let reference = try FastPathRun.reference(path, .xml)
        // Seven bad records; `count="12.0"` and `<count>3</count>` are numbers, as in JSON.
        #expect(reference.rejected == 7)
        #expect(reference.findings.contains { $0.contains("UNKNOWN_DESTINATION [cust-acme] [] destination [h] flows=15 ") }, "\(reference.findings)")
        let fast = try FastPathRun.xml(path)
        #expect(fast == reference)
        if fast != reference {
            for (a, b) in zip(fast.findings, reference.findings) where a != b { Issue.record("fast:      \(a)\nreference: \(b)") }
        }
        let everyone = ["cust-acme", "cust-café"]
        let expanded = try FastPathRun.reference(path, .xml, expansion: everyone)
        #expect(try FastPathRun.xml(path, expansion: everyone) == expanded)
    }

    @Test(arguments: [
        ("doctype", "<?xml version=\"1.0\"?>\n<!DOCTYPE flows [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<flows>&x;</flows>"),
        ("wrong root", "<subprocessors/>"),
        ("wrong namespace", "\n<flows xmlns=\"urn:elsewhere\"><flow/></flows>"),
        ("empty", ""),
        ("entity", "<flows>\n<flow id=\"&nope;\" customer=\"c\" destination=\"h\"/></flows>"),
        ("mismatched tags", "<flows>\n<flow customer=\"c\" destination=\"h\"></flows>"),
        // A namespace name is copied into each of its names: a long one is refused where declared.
        ("long namespace on the root", "<flows xmlns:x=\"urn:" + String(repeating: "n", count: 1100) + "\">\n<flow customer=\"c\" destination=\"h\"/></flows>"),
        ("long namespace on a record", "<flows>\n<flow customer=\"c\" destination=\"h\"/>\n<flow xmlns:x=\"urn:" + String(repeating: "n", count: 1100)
            + "\" x:a=\"1\" customer=\"c\" destination=\"h\"/></flows>"),
    ])
    func brokenXMLFailsAlike(_ name: String, _ text: String) throws {
        let temp = try TempFolder()
        let path = try temp.write("f.xml", text)
        var reference: InputError?
        var fast: InputError?
        do { _ = try FastPathRun.reference(path, .xml) } catch let error as InputError { reference = error }
        do { _ = try FastPathRun.xml(path) } catch let error as InputError { fast = error }
        let expected = try #require(reference, "\(name): the reference accepted it")
        let actual = try #require(fast, "\(name): the fast path accepted it")
        #expect(actual.kind == expected.kind, "\(name)")
        #expect(actual.location == expected.location, "\(name)")
        if name == "empty" {
            // libxml2's reader says "Extra content at the end of the document" here; its
            // parser, more to the point, "Document is empty". Same place.
            #expect(actual.reason == "invalid XML: Document is empty")
        } else {
            #expect(actual.description == expected.description, "\(name)")
        }
        if name.hasPrefix("long namespace") {
            #expect(actual.reason == "invalid XML: a namespace name longer than 1024 bytes", "\(actual)")
        }
    }

    /// More records than three batches of the fast path (`XMLFlowTally.batchRecords`), so
    /// batches' buffers are handed back and filled again, with a record far larger than the
    /// others after a batch of small ones (the recycled buffers must grow), in a file of
    /// several megabytes (read ahead a megabyte at a time); then a tag mismatch in the third
    /// batch, where both paths stop at the same place.
    @Test func manyBatchesOfMixedSizesGiveTheReferenceResult() throws {
        let temp = try TempFolder()
        let small = [
            #"<flow id="s-N" ts="2026-11-22T10:00:00Z" customer="cust-acme" destination="api.mailer.example" system="notify-svc" region="ie" count="2"><category>user.contact.email</category></flow>"#,
            #"<flow id="s-N" customer="cust-caf&#xE9;" destination="https://events.café.example/v1" purpose="improve.analytics"/>"#,
            #"<flow id="s-N" customer="cust-acme" destination="h" count="-1"/>"#,
        ]
        let big = #"<flow id="big" customer="cust-acme" subprocessor="sp-😀" purpose="service.support">"#
            + (0..<500).map { "<category>user.content.c\($0)</category>" }.joined()
            + "<note>" + String(repeating: "n", count: 200_000) + "</note></flow>"
        let count = 3 * XMLFlowTally.batchRecords + 7
        var lines = (0..<count).map { n in
            n == XMLFlowTally.batchRecords + 5 ? big : small[n % small.count].replacingOccurrences(of: "s-N", with: "s-\(n)")
        }
        func document() -> String { "<flows xmlns=\"urn:remit:flows:1\">\n" + lines.joined(separator: "\n") + "\n</flows>\n" }
        let path = try temp.write("many.xml", document())
        let reference = try FastPathRun.reference(path, .xml)
        #expect(reference.records == count)
        #expect(reference.rejected >= count / 3)
        #expect(try FastPathRun.xml(path) == reference)

        lines[2 * XMLFlowTally.batchRecords + 100] = #"<flow id="broken" customer="c" destination="h"></flowx>"#
        let broken = try temp.write("broken.xml", document())
        var expected: InputError?, actual: InputError?
        do { _ = try FastPathRun.reference(broken, .xml) } catch let error as InputError { expected = error }
        do { _ = try FastPathRun.xml(broken) } catch let error as InputError { actual = error }
        let referenceError = try #require(expected, "the reference accepted the tag mismatch")
        let fastError = try #require(actual, "the fast path accepted the tag mismatch")
        #expect(fastError.description == referenceError.description)
        #expect(fastError.location.line == 2 * XMLFlowTally.batchRecords + 102)
    }

    @Test func deepNestingAndHugeTextFailAsTheReaderDoes() throws {
        let temp = try TempFolder()
        let deep = "<flows>" + String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300) + "</flows>"
        let big = "<flows><flow customer=\"c\" destination=\"h\"><category>" + String(repeating: "x", count: (1 << 20) + 10) + "</category></flow></flows>"
        for (name, text) in [("deep", deep), ("big", big)] {
            let path = try temp.write("\(name).xml", text)
            #expect(throws: InputError.self, "\(name)") { try FastPathRun.reference(path, .xml) }
            #expect(throws: InputError.self, "\(name)") { try FastPathRun.xml(path) }
        }
    }
}
