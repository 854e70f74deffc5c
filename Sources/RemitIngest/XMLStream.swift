import CXMLReader
import RemitCore

/// Streaming, hardened XML events from libxml2's reader (through the CXMLReader shim):
/// no DTD, no entities, no network, bounded depth and sizes.
final class XMLStream {
    struct Limits {
        var maxDepth: Int32 = 256
        var maxTextBytes = 1 << 20
        var maxAttributes: Int32 = 256
    }

    enum Event {
        case start(name: String, namespace: String, attributes: [(name: String, value: String)])
        case end(name: String)
        case text(String)
        case end_of_document
    }

    private let reader: OpaquePointer
    private let source: String
    private(set) var line = 0
    private(set) var column = 0

    init(path: String, source: String, limits: Limits = Limits()) throws(InputError) {
        let cLimits = remit_xml_limits(max_depth: limits.maxDepth, max_text_bytes: limits.maxTextBytes, max_attributes: limits.maxAttributes)
        guard let reader = remit_xml_open_file(path, cLimits) else {
            throw InputError(.unreadable, SourceLocation(source: source), "out of memory opening the XML reader")
        }
        self.reader = reader
        self.source = source
    }

    deinit { remit_xml_close(reader) }

    func next() throws(InputError) -> Event {
        let event = remit_xml_next(reader)
        line = Int(remit_xml_line(reader))
        column = Int(remit_xml_column(reader))
        switch event {
        case Int32(REMIT_XML_START):
            var attributes: [(name: String, value: String)] = []
            let count = remit_xml_attribute_count(reader)
            attributes.reserveCapacity(Int(count))
            for i in 0..<count {
                attributes.append((String(cString: remit_xml_attribute_name(reader, i)), String(cString: remit_xml_attribute_value(reader, i))))
            }
            return .start(name: String(cString: remit_xml_name(reader)), namespace: String(cString: remit_xml_namespace(reader)), attributes: attributes)
        case Int32(REMIT_XML_END):
            return .end(name: String(cString: remit_xml_name(reader)))
        case Int32(REMIT_XML_TEXT):
            return .text(String(cString: remit_xml_text(reader)))
        case Int32(REMIT_XML_EOF):
            return .end_of_document
        default:
            let location = SourceLocation(source: source, line: Int(remit_xml_error_line(reader)), column: Int(remit_xml_error_column(reader)))
            throw InputError(.unreadable, location, "invalid XML: \(String(cString: remit_xml_error_message(reader)))")
        }
    }

    /// The location of the current event.
    var location: SourceLocation { SourceLocation(source: source, line: line, column: column) }
}
