import CXMLReader
import Foundation

/// Records of libxml2's SAX2 reader, a few thousand at a time, as CXMLReader handed them
/// over (no copy): they cross from the parsing thread to the reconciling one, and are freed
/// with the batch, unless handed back to be filled again (`RecordPipe.recycle`).
final class RecordBatch: @unchecked Sendable {
    private var batch: remit_xml_batch

    init(_ batch: remit_xml_batch) { self.batch = batch }

    deinit { remit_xml_batch_free(batch) }

    /// The buffers, which this batch no longer frees.
    fileprivate func takeBuffers() -> remit_xml_batch {
        let buffers = batch
        batch = remit_xml_batch()
        return buffers
    }

    /// Calls `body` with each record as libxml2 delivered it, in order.
    func forEach(_ body: (remit_xml_record) -> Void) {
        for record in UnsafeBufferPointer(start: batch.records, count: Int(batch.record_count)) { body(record) }
    }
}

/// A bounded queue of batches between the two threads, and the parse's outcome.
final class RecordPipe: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [RecordBatch] = []
    /// Buffers of batches read, for the parser to fill again.
    private var spares: [remit_xml_batch] = []
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

    /// The buffers of a batch read, to be filled again (at most two are kept; the others freed).
    func recycle(_ batch: RecordBatch) {
        condition.lock()
        defer { condition.unlock() }
        if spares.count < 2 { spares.append(batch.takeBuffers()) }
    }

    /// Buffers to fill next, if a read batch left some.
    func spare() -> remit_xml_batch? {
        condition.lock()
        defer { condition.unlock() }
        return spares.popLast()
    }

    deinit {
        for spare in spares { remit_xml_batch_free(spare) }
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
