import CXMLReader
import Foundation

/// Records copied out of libxml2's buffers, a few thousand at a time, to cross from the
/// parsing thread to the reconciling one.
struct RecordBatch: Sendable {
    struct Field: Sendable {
        var name: Int
        var nameLength: Int
        var value: Int
        var valueLength: Int
        var line: Int32
        var isChild: Int32
    }

    var bytes: [UInt8] = []
    var fields: [Field] = []
    /// Each record: its line, first field and field count.
    var records: [(line: Int32, first: Int, count: Int)] = []

    mutating func append(_ record: remit_xml_record) {
        let first = fields.count
        for field in UnsafeBufferPointer(start: record.fields, count: Int(record.field_count)) {
            let name = bytes.count
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: field.name, count: field.name_length))
            let value = bytes.count
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: field.value, count: field.value_length))
            fields.append(Field(name: name, nameLength: field.name_length, value: value, valueLength: field.value_length,
                                line: field.line, isChild: field.is_child))
        }
        records.append((record.line, first, fields.count - first))
    }

    /// Calls `body` with each record as libxml2 delivered it, in order.
    func forEach(_ body: (remit_xml_record) -> Void) {
        var views: [remit_xml_field] = []
        bytes.withUnsafeBufferPointer { raw in
            let base = UnsafeRawPointer(raw.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
            for record in records {
                views.removeAll(keepingCapacity: true)
                for field in fields[record.first..<(record.first + record.count)] {
                    views.append(remit_xml_field(name: base + field.name, name_length: field.nameLength, value: base + field.value,
                                                 value_length: field.valueLength, line: field.line, is_child: field.isChild))
                }
                views.withUnsafeBufferPointer { body(remit_xml_record(line: record.line, field_count: Int32(record.count), fields: $0.baseAddress)) }
            }
        }
    }
}

/// Fills batches on the parsing thread.
final class BatchProducer {
    static let batchRecords = 4096
    private let pipe: RecordPipe
    private var batch = RecordBatch()

    init(pipe: RecordPipe) { self.pipe = pipe }

    func add(_ record: remit_xml_record) {
        batch.append(record)
        if batch.records.count >= Self.batchRecords { flush() }
    }

    func flush() {
        guard !batch.records.isEmpty else { return }
        pipe.put(batch)
        batch = RecordBatch()
    }
}

/// A bounded queue of batches between the two threads, and the parse's outcome.
final class RecordPipe: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [RecordBatch] = []
    private var finished = false
    private var result = remit_xml_outcome()
    private let capacity = 4

    func put(_ batch: RecordBatch) {
        condition.lock()
        while queue.count >= capacity { condition.wait() }
        queue.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func finish(_ outcome: remit_xml_outcome) {
        condition.lock()
        result = outcome
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once the parse has finished and every batch was taken.
    func take() -> RecordBatch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if queue.isEmpty { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Valid after `take()` returned nil.
    var outcome: remit_xml_outcome {
        condition.lock()
        defer { condition.unlock() }
        return result
    }
}
