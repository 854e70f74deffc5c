import Foundation
import RemitCore
import RemitIngest
import Testing

/// A vendor's list is untrusted and may be fetched: one entry with tens of thousands of
/// values loads in time linear in them, in JSON and in XML (each value was looked up in the
/// list before it, and each XML `<category>` copied the list: 80,000 took 26 s and over 60 s).
@Suite struct HostileCatalogSizeTests {
    static let count = 100_000

    @Test(arguments: ["json", "xml"])
    func oneEntryWithAHundredThousandValuesLoadsFast(format: String) throws {
        let temp = try TempFolder()
        let values = (0..<Self.count).map { "user.contact.c\($0)" }
        let path: String
        if format == "json" {
            let list = values.map { "\"\($0)\"" }.joined(separator: ",")
            path = try temp.write("catalog.json", "{\"subprocessors\": [{\"id\": \"sp0\", \"data_categories\": [\(list)], \"purposes\": [\(list)]}]}")
        } else {
            let list = values.map { "<category>\($0)</category><purpose>\($0)</purpose>" }.joined()
            path = try temp.write("catalog.xml", "<subprocessors><subprocessor id=\"sp0\">\(list)</subprocessor></subprocessors>")
        }
        var catalog = Catalog()
        let seconds = try cpuSeconds {
            let descriptions = format == "json"
                ? try CatalogLoader.decode(Document.load(path: path, source: "catalog.\(format)").root, source: "catalog.\(format)", subprocessor: nil).0
                : try CatalogLoader.decodeXML(path: path, source: "catalog.xml", subprocessor: nil).0
            descriptions.forEach { catalog.add($0) }
            descriptions.forEach { catalog.add($0) }   // a second source giving the same values
        }
        #expect(seconds < cpuBound(6), "\(format): \(seconds) s of CPU")
        let sp0 = try #require(catalog["sp0"])
        #expect(sp0.dataCategories.count == Self.count && sp0.purposes.count == Self.count)
        #expect(sp0.categoryKeys.last == "user.contact.c\(Self.count - 1)")
    }
}
