@testable import RemitIngest
import Testing

/// The error reading the XML catalog at `path` stops at, or nil, with an issue recorded at the
/// caller, when the catalog reads without one.
func catalogXMLError(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> InputError? {
    #expect(throws: InputError.self, sourceLocation: sourceLocation) {
        try CatalogLoader.decodeXML(path: path, source: "catalog.xml", subprocessor: nil)
    }
}
