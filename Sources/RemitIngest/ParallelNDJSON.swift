import Foundation
public import RemitCore

/// Reconciles an NDJSON flow file on several threads, with the same result as one thread.
///
/// The file is cut into fixed-size chunks; a line belongs to the chunk it starts in. Worker
/// `w` reads chunks `w`, `w + n`, `w + 2n`, … in order, each into its own `FlowTally`, and
/// numbers lines within each chunk (`chunk << 32 | line`), since the lines before a chunk are
/// not counted yet. At the end the real line numbers are put back and the summaries merged
/// in line order (`FlowTally.merge`). Lines follow `NDJSONReader`'s rules:
/// a UTF-8 BOM on the first line, blank lines skipped, lines over 16 MiB rejected unread.
public enum ParallelNDJSON {
    public static let chunkBytes = 1 << 20

    /// Reads `path` into summaries of findings; `expansion` is the flow source's
    /// `customers` list for records without a customer.
    public static func read(
        path: String, source: String, context: ReconciliationContext, expansion: [String]?, workers: Int,
        chunkBytes: Int = ParallelNDJSON.chunkBytes, maxLineBytes: Int = 16 << 20
    ) throws(InputError) -> (FlowTally, FlowReadStats) {
        let check = try ChunkedFile(path: path, location: SourceLocation(source: source))
        check.close()
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(.unreadable, SourceLocation(source: source), "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputError(.unreadable, SourceLocation(source: source), "cannot read \(path)") }
        let size = Int(info.st_size)
        let chunks = max(1, (size + chunkBytes - 1) / chunkBytes)
        let threads = max(1, min(workers, chunks))
        let plan = ChunkPlan(fd: fd, size: size, chunkBytes: chunkBytes, chunks: chunks, source: source, maxLineBytes: maxLineBytes)
        var parts = try concurrentMap(Array(0..<threads)) { worker throws(InputError) in
            var reader = ChunkReader(plan: plan, context: context, expansion: expansion)
            for chunk in stride(from: worker, to: chunks, by: threads) { try reader.read(chunk: chunk) }
            return reader.finish()
        }
        // Lines before each chunk, then every sample's real line.
        var lineCounts = [Int](repeating: 0, count: chunks)
        for part in parts { for (chunk, lines) in part.lines { lineCounts[chunk] = lines } }
        var base = [Int](repeating: 0, count: chunks)
        for chunk in 1..<max(chunks, 1) { base[chunk] = base[chunk - 1] + lineCounts[chunk - 1] }
        var stats = FlowReadStats()
        var tally: FlowTally?
        // Each worker's tally is let go once merged, so at most two are held at a time.
        parts.reverse()
        while var part = parts.popLast() {
            stats.records += part.stats.records
            stats.rejected += part.stats.rejected
            part.tally.mapLines { encoded in base[encoded >> 32] + (encoded & 0xFFFF_FFFF) }
            if tally == nil { tally = part.tally } else { tally!.merge(part.tally) }
        }
        return (tally!, stats)
    }
}

/// What every worker shares: the open file and how it is cut.
struct ChunkPlan: Sendable {
    var fd: Int32
    var size: Int
    var chunkBytes: Int
    var chunks: Int
    var source: String
    var maxLineBytes: Int
}
