import Foundation
import RemitCore

/// One worker of `ParallelNDJSON`: reads its chunks' lines (`pread`), scans each with
/// `FlowLineScanner`, and hands the lines the scanner declines to the reference path
/// (`NDJSONReader.decodeLine`), all into one `FlowTally`.
struct ChunkReader {
    struct Output: Sendable {
        var tally: FlowTally
        var stats: FlowReadStats
        /// Lines started in each chunk read.
        var lines: [Int: Int]
    }

    let plan: ChunkPlan
    private var tally: FlowTally
    private let expansion: [Int32]?
    private let scanner = FlowLineScanner()
    private var buffer: [UInt8] = []
    private var tail: [UInt8] = []
    private var stats = FlowReadStats()
    private var lines: [Int: Int] = [:]

    init(plan: ChunkPlan, context: ReconciliationContext, expansion: [String]?) {
        self.plan = plan
        var tally = FlowTally(context: context, source: plan.source)
        self.expansion = expansion.map { $0.map { tally.symbols.intern($0) } }
        self.tally = tally
    }

    func finish() -> Output {
        Output(tally: tally, stats: stats, lines: lines)
    }

    /// Reads the lines that start in `chunk`.
    mutating func read(chunk: Int) throws(InputError) {
        tally.symbols.part = Int32(chunk)
        let chunkStart = chunk * plan.chunkBytes
        let chunkEnd = chunk == plan.chunks - 1 ? plan.size : min(plan.size, chunkStart + plan.chunkBytes)
        let readStart = max(0, chunkStart - 1)
        let count = try fill(&buffer, from: readStart, count: chunkEnd - readStart)
        var relative = 0
        let held = buffer // the closure below mutates self: read through a local reference
        var failure: InputError?
        held.withUnsafeBytes { (all: UnsafeRawBufferPointer) in
            let bytes = UnsafeRawBufferPointer(rebasing: all[0..<count])
            // The first line that starts in this chunk.
            var start = 0
            if chunk > 0 {
                guard let newline = Self.newline(in: bytes, from: 0) else { return }
                start = newline + 1
            }
            while readStart + start < chunkEnd {
                relative += 1
                let number = chunk << 32 | relative
                if let newline = Self.newline(in: bytes, from: start) {
                    handle(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]), at: readStart + start, number: number)
                    start = newline + 1
                } else {
                    do throws(InputError) {
                        try readLongLine(prefix: UnsafeRawBufferPointer(rebasing: bytes[start..<count]), at: readStart + start,
                                         from: readStart + count, number: number)
                    } catch {
                        failure = error
                    }
                    break
                }
            }
        }
        if let failure { throw failure }
        lines[chunk] = relative
    }

    /// A line that runs past the chunk: read on until its newline or the end of the file,
    /// keeping at most `maxLineBytes` + 1 of it.
    private mutating func readLongLine(prefix: UnsafeRawBufferPointer, at lineStart: Int, from position: Int, number: Int) throws(InputError) {
        tail.removeAll(keepingCapacity: true)
        tail.append(contentsOf: prefix)
        var length = prefix.count
        var offset = position
        var block: [UInt8] = []
        while true {
            let n = try fill(&block, from: offset, count: 1 << 20)
            if n == 0 { break }
            let found = block.withUnsafeBytes { Self.newline(in: UnsafeRawBufferPointer(rebasing: $0[0..<n]), from: 0) }
            let take = found ?? n
            if length + take <= plan.maxLineBytes { tail.append(contentsOf: block[0..<take]) }
            length += take
            offset += n
            if found != nil { break }
        }
        if length == 0 { return }
        if length > plan.maxLineBytes {
            tail.removeAll()
            tail.append(0)
        }
        let overlong = length > plan.maxLineBytes
        let copy = tail
        copy.withUnsafeBytes { handle($0, at: lineStart, number: number, overlong: overlong) }
    }

    /// One line: skipped when blank, reconciled, or rejected.
    private mutating func handle(_ raw: UnsafeRawBufferPointer, at position: Int, number: Int, overlong: Bool = false) {
        if overlong || raw.count > plan.maxLineBytes {
            stats.records += 1
            stats.rejected += 1
            tally.reject(RejectedRecord(location: SourceLocation(source: plan.source, line: number),
                                        reason: "line is longer than \(plan.maxLineBytes >> 20) MiB"))
            return
        }
        var line = raw
        if position == 0, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            line = UnsafeRawBufferPointer(rebasing: line[3...])
        }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        stats.records += 1
        if scanner.scan(line, lineNumber: number, into: &tally, expansion: expansion) { return }
        let outcome = NDJSONReader.decodeLine(line.assumingMemoryBound(to: UInt8.self), source: plan.source, line: number)
        switch outcome {
        case .record(let record): tally.add(record, expansion: expansion)
        case .rejected(let rejected):
            stats.rejected += 1
            tally.reject(rejected)
        }
    }

    /// Fills `buffer` with up to `count` bytes from `offset`; returns how many were read.
    private func fill(_ buffer: inout [UInt8], from offset: Int, count: Int) throws(InputError) -> Int {
        guard let total = readFully(plan.fd, into: &buffer, from: offset, count: count) else {
            throw InputError(.unreadable, SourceLocation(source: plan.source), "read failed: \(String(cString: strerror(errno)))")
        }
        return total
    }

    static func newline(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
