import CXMLReader
import Foundation
public import RemitCore

/// Reconciles an XML flow file (`<flows><flow …>`, SPEC "Flows") into a `FlowTally`
/// through CXMLReader's SAX2 record reader: no tree, no `String` per attribute. Each
/// record's attributes and child texts are interned from libxml2's bytes; a record the fast
/// path cannot judge alone (a wrong type, a repeated field, a field given as a child element)
/// is rebuilt as the `DocNode` `XMLRecords` would make and decoded by `FlowRecordDecoder`,
/// so accepted records, rejections and their locations are those of the reference path.
///
/// Two threads: one parses (libxml2 fills batches of records), the other reconciles the
/// batches in order, so the result is the one of a single thread.
public enum XMLFlowTally {
    public static func read(
        path: String, source: String, context: ReconciliationContext, expansion: [String]?
    ) throws(InputError) -> (FlowTally, FlowReadStats) {
        let pipe = RecordPipe()
        let parser = Thread {
            let limits = XMLStream.Limits()
            let cLimits = remit_xml_limits(max_depth: limits.maxDepth, max_text_bytes: limits.maxTextBytes, max_attributes: limits.maxAttributes)
            var outcome = remit_xml_outcome()
            withExtendedLifetime(pipe) {
                remit_xml_read_record_batches(path, cLimits, "flows", "urn:remit:flows:1", "flow", Int32(batchRecords), onBatch,
                                              Unmanaged.passUnretained(pipe).toOpaque(), &outcome)
            }
            pipe.finish(outcome)
        }
        parser.stackSize = 8 << 20
        parser.start()
        var scanner = XMLFlowScanner(context: context, source: source, expansion: expansion)
        while let batch = pipe.take() {
            batch.forEach { scanner.add($0) }
            pipe.recycle(batch)
        }
        var outcome = pipe.outcome
        let message = withUnsafeBytes(of: &outcome.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch outcome.status {
        case 0:
            return (scanner.tally, scanner.stats)
        case 1:
            let root = withUnsafeBytes(of: &outcome.root) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let namespace = withUnsafeBytes(of: &outcome.root_namespace) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let suffix = namespace.isEmpty ? "" : " in namespace \(namespace)"
            throw InputError(.unreadable, SourceLocation(source: source, line: Int(outcome.line)),
                             "expected root element <flows>\(namespace.isEmpty ? "" : " in namespace urn:remit:flows:1"), found <\(root)>\(suffix)")
        case 2:
            throw InputError(.unreadable, SourceLocation(source: source), "empty XML document")
        default:
            throw InputError(.unreadable, SourceLocation(source: source, line: Int(outcome.line), column: Int(outcome.column)),
                             "invalid XML: \(message)")
        }
    }

    /// Records per batch handed from the parsing thread to the reconciling one.
    static let batchRecords = 4096

    private static let onBatch: remit_xml_batch_callback = { context, batch, spare in
        let pipe = Unmanaged<RecordPipe>.fromOpaque(context!).takeUnretainedValue()
        pipe.put(RecordBatch(batch))
        if let buffers = pipe.spare() { spare!.pointee = buffers }
        return 0
    }
}

/// One `<flow>` at a time into the tally (see `XMLFlowTally`).
struct XMLFlowScanner {
    var tally: FlowTally
    var stats = FlowReadStats()
    private let source: String
    private let expansion: [Int32]?
    private var categories: [Int32] = []
    private var pending = PendingFields()

    init(context: ReconciliationContext, source: String, expansion: [String]?) {
        var tally = FlowTally(context: context, source: source)
        self.expansion = expansion.map { $0.map { tally.symbols.intern($0) } }
        self.tally = tally
        self.source = source
    }

    /// What the SAX reader handed over that is not a record to read (see `remit_xml_record`).
    static func stray(_ record: remit_xml_record) -> XMLStray? {
        guard let element = record.element else { return nil }
        let kept = bytes(element, record.element_length)
        switch Int(record.text_kind) {
        case Int(REMIT_XML_TEXT_BETWEEN_RECORDS): return .text(XMLStray.excerpt(ArraySlice(kept), more: record.text_more != 0))
        case Int(REMIT_XML_TEXT_IN_RECORD): return .textInRecord(XMLStray.excerpt(ArraySlice(kept), more: record.text_more != 0))
        default: return .element(String(decoding: kept, as: UTF8.self))
        }
    }

    mutating func add(_ record: remit_xml_record) {
        if let stray = Self.stray(record) {
            if stray.isForeign { stats.skipped += 1; return }
            stats.records += 1
            stats.rejected += 1
            tally.reject(RejectedRecord(location: SourceLocation(source: source, line: Int(record.line)),
                                        reason: stray.reason(record: "flow", root: "flows")))
            return
        }
        stats.records += 1
        let fields = UnsafeBufferPointer(start: record.fields, count: Int(record.field_count))
        if fast(record, fields) { return }
        switch FlowRecordDecoder.decode(Self.node(record, fields), location: SourceLocation(source: source, line: Int(record.line))) {
        case .record(let flow): tally.add(flow, expansion: expansion)
        case .rejected(let rejected):
            stats.rejected += 1
            tally.reject(rejected)
        }
    }

    private static func bytes(_ pointer: UnsafePointer<CChar>?, _ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: pointer, count: count)
    }

    /// The record straight into the tally, when every field is plainly valid; false (and
    /// nothing added) otherwise.
    private mutating func fast(_ record: remit_xml_record, _ fields: UnsafeBufferPointer<remit_xml_field>) -> Bool {
        var flow = InternedFlow()
        flow.line = Int(record.line)
        categories.removeAll(keepingCapacity: true)
        pending.reset()
        var id: UnsafeRawBufferPointer?
        var seen = 0
        for field in fields {
            let name = Self.bytes(field.name, field.name_length)
            let value = Self.bytes(field.value, field.value_length)
            let known = FlowField(name)
            if field.is_child != 0 {
                if known == nil { continue }
                guard known == .category, field.holds_elements == 0 else { return false }
                noteCategory(value)
                continue
            }
            guard let known, known != .category else { continue }
            guard seen & (1 << known.rawValue) == 0 else { return false }
            seen |= 1 << known.rawValue
            switch known {
            case .count, .records, .bytes:
                guard !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                      let number = JSONBytes.count(value, from: 0, to: value.count, plain: true) else { return false }
                if known == .count { flow.count = number } else if known == .records { flow.records = number } else { flow.bytes = number }
            case .dataCategories:
                return false
            default:
                if value.isEmpty { continue }
                switch known {
                case .id: id = value
                case .ts:
                    guard let instant = Instant.parse(utf8: value) else { return false }
                    flow.ts = instant
                default: pending.note(known, value)
                }
            }
        }
        guard pending.namesTarget else { return false }
        pending.intern(into: &flow, categories: &categories, &tally.symbols)
        Self.add(flow, categories, id, expansion, &tally)
        return true
    }

    private static func add(_ flow: InternedFlow, _ categories: [Int32], _ id: UnsafeRawBufferPointer?, _ expansion: [Int32]?,
                            _ tally: inout FlowTally) {
        categories.withUnsafeBufferPointer { tally.add(flow, categories: $0, id: id, expansion: expansion) }
    }

    /// Notes a `<category>` text without surrounding whitespace, as `trimmingCharacters()`
    /// does (byte-wise for ASCII); an empty one is dropped, as the decoder does.
    private mutating func noteCategory(_ value: UnsafeRawBufferPointer) {
        guard JSONBytes.isASCII(value) else {
            var text = String(decoding: value, as: UTF8.self).trimmingCharacters()
            if !text.isEmpty { text.withUTF8 { pending.noteCopy(.category, UnsafeRawBufferPointer($0)) } }
            return
        }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        var start = 0, end = value.count
        while start < end, isSpace(value[start]) { start += 1 }
        while end > start, isSpace(value[end - 1]) { end -= 1 }
        if start < end { pending.note(.category, UnsafeRawBufferPointer(rebasing: value[start..<end])) }
    }

    /// The record as `XMLRecords` builds it, for `FlowRecordDecoder`.
    static func node(_ record: remit_xml_record, _ fields: UnsafeBufferPointer<remit_xml_field>) -> DocNode {
        let line = Int(record.line)
        var entries: [(key: String, node: DocNode)] = []
        for field in fields {
            let name = String(decoding: bytes(field.name, field.name_length), as: UTF8.self)
            let value = String(decoding: bytes(field.value, field.value_length), as: UTF8.self)
            let isCount = ["count", "records", "bytes"].contains(name)
            if field.is_child == 0 {
                entries.append((name, DocNode(isCount ? XMLRecords.numberOrString(value) : .string(value), line: line, column: 0)))
                continue
            }
            let text = value.trimmingCharacters()
            let node = DocNode(field.holds_elements != 0 ? .object([]) : isCount ? XMLRecords.numberOrString(text) : .string(text), line: Int(field.line), column: 0)
            guard name == "category" else { entries.append((name, node)); continue }
            if let index = entries.firstIndex(where: { $0.key == "data_categories" }), case .array(var items) = entries[index].node.value {
                entries[index].node.value = .null   // the list's only owner now: appended in place
                items.append(node)
                entries[index].node.value = .array(items)
            } else {
                entries.append(("data_categories", DocNode(.array([node]), line: Int(field.line), column: 0)))
            }
        }
        return DocNode(.object(entries), line: line, column: 0)
    }
}

/// The fields of a flow record, by name.
enum FlowField: Int {
    case id, ts, customer, subprocessor, destination, system, purpose, region, operation
    case count, records, bytes, dataCategories, category

    init?(_ name: UnsafeRawBufferPointer) {
        func named(_ word: StaticString) -> Bool {
            name.count == word.utf8CodeUnitCount && (0..<name.count).allSatisfy { name[$0] == word.utf8Start[$0] }
        }
        switch name.count {
        case 2: if named("id") { self = .id } else if named("ts") { self = .ts } else { return nil }
        case 5: if named("count") { self = .count } else if named("bytes") { self = .bytes } else { return nil }
        case 6: if named("system") { self = .system } else if named("region") { self = .region } else { return nil }
        case 7: if named("purpose") { self = .purpose } else if named("records") { self = .records } else { return nil }
        case 8: if named("customer") { self = .customer } else if named("category") { self = .category } else { return nil }
        case 9: if named("operation") { self = .operation } else { return nil }
        case 11: if named("destination") { self = .destination } else { return nil }
        case 12: if named("subprocessor") { self = .subprocessor } else { return nil }
        case 15: if named("data_categories") { self = .dataCategories } else { return nil }
        default: return nil
        }
    }
}
