import RemitCore
@testable import RemitIngest
import Testing

/// The reader behind catalogs, CycloneDX XML and `remit check`'s record-by-record path:
/// libxml2's push parser behind a pull API. Lines past 65,535: libxml2's tree keeps a node's
/// line in 16 bits, and this reader used xmlTextReader's tree, so that everything past line
/// 65,535 was reported at line 65,535; both readers now count lines on libxml2's parser.
@Suite struct XMLReaderTests {
    @Test func linesPast65535AreExactOnBothPaths() throws {
        let temp = try TempFolder()
        let padding = 70_000
        var xml = "<flows xmlns=\"urn:remit:flows:1\">\n"
        xml += String(repeating: "<!-- padding -->\n", count: padding)
        xml += "<flow id=\"f-late\" customer=\"cust-acme\" count=\"-1\"/>\n"
        xml += "<flow id=\"f-later\" customer=\"cust-acme\">\n  <count>-2</count>\n</flow>\n"
        xml += "<flw/>\n"
        xml += "</flows>\n"
        let path = try temp.write("flows.xml", xml)
        let line = padding + 2
        let read = try XMLStrayElementTests.read(path)
        #expect(read.rejected == [
            "\(line): `count` must be a non-negative integer, found -1",
            "\(line + 2): `count` must be a non-negative integer, found -2",
            "\(line + 4): <flw> is not a <flow>: only <flow> elements may stand directly under <flows>",
        ])
        let invalid = try FastPathRun.xml(path).findings.filter { $0.contains("INVALID_RECORD") }
        #expect(invalid.count == 1)
        #expect(invalid.first?.contains("f-late@flows:\(line) ") == true, "\(invalid)")
        #expect(try FastPathRun.xml(path) == FastPathRun.reference(path, .xml))
    }

    /// `count`, `records` and `bytes` read as JSON reads them, as attributes or child
    /// elements: any number form of an exact integer (and digits with leading zeros), empty
    /// as absent; a
    /// negative number, a fraction, text or an integer past what remit counts is rejected
    /// with what it is. Both XML paths agree.
    @Test func countsReadAsInJSON() throws {
        let temp = try TempFolder()
        let path = try temp.write("flows.xml", """
            <flows xmlns="urn:remit:flows:1">
            <flow id="a" customer="c" destination="h" count="1.0" records="1e2" bytes="007"/>
            <flow id="b" customer="c" destination="h"><count> 12 </count><bytes>2.5e1</bytes></flow>
            <flow id="c" customer="c" destination="h" count="-1"/>
            <flow id="d" customer="c" destination="h"><records>1.5</records></flow>
            <flow id="e" customer="c" destination="h" count="a few"/>
            <flow id="f" customer="c" destination="h" bytes="18446744073709551616"/>
            <flow id="g" customer="c" destination="h" count=""><records/></flow>
            </flows>
            """)
        let read = try XMLStrayElementTests.read(path)
        #expect(read.accepted == ["a", "b", "g"])
        #expect(read.rejected == [
            "4: `count` must be a non-negative integer, found -1",
            "5: `records` must be a non-negative integer, found 1.5",
            "6: `count` must be a non-negative integer, found the string \"a few\"",
            "7: `bytes` is larger than remit counts (at most 9223372036854775807), found 18446744073709551616",
        ])
        #expect(try FastPathRun.xml(path) == FastPathRun.reference(path, .xml))
        let findings = try FastPathRun.reference(path, .xml).findings
        #expect(findings.contains { $0.contains("UNKNOWN_CUSTOMER [c]") && $0.contains("flows=14 records=100 bytes=32 ") }, "\(findings)")
    }

    /// An element is placed at the line where its start tag begins (its `<`), not where
    /// libxml2 finished reading it: a record whose attributes stand one a line is found at
    /// its first line, whatever came before it on that line (an end tag, a comment or a
    /// processing instruction over several lines, a CDATA section of line feeds), and a
    /// field given as a child element at the line where the child begins. Both readers
    /// agree, and the sample in `INVALID_RECORD` names that line.
    @Test func aStartTagOverSeveralLinesIsPlacedWhereItBegins() throws {
        let temp = try TempFolder()
        let path = try temp.write("flows.xml", """
            <?xml version="1.0"?>
            <!-- a prolog comment
                 over two lines -->
            <flows xmlns="urn:remit:flows:1">
            <flow id="a"
                  customer="c"
                  count="-1"/>
            <flow id="b" customer="c" destination="h"
                  count="1"></flow><flow id="c"
                  count="-3"/>
            <!-- a comment
                 over two lines --><flow id="d"
                  count="-4"/>
            <![CDATA[

            ]]><flow id="e"
                  count="-5"/>
            <?note over
            two lines?><flow
                  id="f" count="-6"/>
            <flw
                  id="g"/>
            <flow id="h" customer="c" destination="h"><category
                  >user.contact</category><count
                  >-7</count></flow>
            </flows>
            """)
        let read = try XMLStrayElementTests.read(path)
        #expect(read.accepted == ["b"])
        #expect(read.rejected == [
            "5: `count` must be a non-negative integer, found -1",
            "9: `count` must be a non-negative integer, found -3",
            "12: `count` must be a non-negative integer, found -4",
            "16: `count` must be a non-negative integer, found -5",
            "19: `count` must be a non-negative integer, found -6",
            "21: <flw> is not a <flow>: only <flow> elements may stand directly under <flows>",
            "24: `count` must be a non-negative integer, found -7",
        ])
        let fast = try FastPathRun.xml(path)
        #expect(try fast == FastPathRun.reference(path, .xml))
        let invalid = try #require(fast.findings.first { $0.contains("INVALID_RECORD") })
        for sample in ["a@flows:5 ", "c@flows:9 ", "d@flows:12 ", "e@flows:16 ", "f@flows:19 "] {
            #expect(invalid.contains(sample), "\(sample) in \(invalid)")
        }
    }

    /// A catalog (read by the reader alone) names the line of an error past 65,535 too.
    @Test func aCatalogErrorPast65535NamesItsLine() throws {
        let temp = try TempFolder()
        var xml = "<subprocessors xmlns=\"urn:remit:catalog:1\">\n"
        xml += String(repeating: "<!-- padding -->\n", count: 70_000)
        xml += "<subprocesor id=\"sp-typo\"/>\n</subprocessors>\n"
        let path = try temp.write("catalog.xml", xml)
        let error = try #require(catalogXMLError(path))
        #expect(error.location.line == 70_002, "\(error)")
    }

    /// What the parser read before an error is handed out before it, in document order: a
    /// catalog's first mistake is the one named, even when a syntax error follows it closely.
    @Test func aCatalogsFirstMistakeIsTheOneNamed() throws {
        let temp = try TempFolder()
        let path = try temp.write("catalog.xml", """
            <subprocessors xmlns="urn:remit:catalog:1">
              <subprocessor id="sp-a" name="A"><service>one</service><service>two</service></subprocessor>
              <subprocessor id="sp-b" name="B"></subprocesor>
            </subprocessors>
            """)
        let error = try #require(catalogXMLError(path))
        #expect(error.location.line == 2, "\(error)")
        #expect(error.reason == "`service` is given more than once", "\(error)")
    }
}
