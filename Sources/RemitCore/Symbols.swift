/// Interned strings: each distinct text gets a dense `Int32` id once, so the hot path of
/// reconciliation compares and hashes integers instead of strings.
///
/// Identity follows Swift `String` equality (canonical equivalence), as the String-keyed
/// reference did: byte strings are looked up by their bytes first, and a byte string not
/// seen before is checked against the canonical table, so `"cafe\u{301}"` and `"café"`
/// share one id (its text is the first one seen). Symbol 0 is the empty string.
public struct Symbols: Sendable {
    /// Open addressing over byte strings. A slot holds the hash's upper half and the length,
    /// the first 16 bytes (zero-padded) and the symbol, so a string of up to 16 bytes is
    /// found with one cache line; longer ones compare the rest in `arena`.
    private struct Slot: BitwiseCopyable {
        /// Hash's upper 32 bits | length; 0 with `symbol` < 0 = empty.
        var key: UInt64 = 0
        var head0: UInt64 = 0
        var head1: UInt64 = 0
        var symbol: Int32 = -1
        /// Where bytes 16... are in `arena` (long strings only).
        var rest: Int32 = 0
    }

    private var slots: [Slot]
    /// Slots in use (tests check that a look-up of a known text adds none).
    private(set) var used = 0
    private var arena: [UInt8] = []
    private var canonical: [String: Int32] = [:]
    /// Each symbol's text.
    public private(set) var strings: [String] = []
    /// For a table that reads part of a file read in parallel, the part being read (-1
    /// before the first); `firstPart` keeps, for each symbol, the part its text was first
    /// seen in, so that tables merged in any order keep the spelling read first in the file
    /// (`intern(_:firstSeenIn:)`), as one table reading the whole file does.
    public var part: Int32 = -1
    public private(set) var firstPart: [Int32] = []
    /// The fast hash's seed, random for each table: flow files are untrusted, and texts picked
    /// to collide under a fixed hash would collide in every run. The seed alone guarantees
    /// nothing (it only changes the hash's starting state); `isKeyed` does.
    private let seed: UInt64
    /// Set once a look-up had to probe more than `probeLimit` slots: from then on the table
    /// hashes with the standard library's keyed SipHash, so texts made to collide under the
    /// fast hash cost no more than any others. Ids never depend on the hash.
    private(set) var isKeyed = false
    /// The most slots one look-up probed, for tests.
    private(set) var longestProbe = 0
    static let probeLimit = 128

    public init() {
        self.init(seed: UInt64.random(in: .min ... .max))
    }

    /// A table with a chosen seed (tests craft colliding texts against it).
    init(seed: UInt64) {
        self.seed = seed
        slots = [Slot](repeating: Slot(), count: 1024)
        _ = intern("")
    }

    public var count: Int { strings.count }

    public func string(_ symbol: Int32) -> String { strings[Int(symbol)] }

    /// The first 16 bytes of `bytes`, zero-padded, as two words.
    @inline(__always)
    private static func head(_ bytes: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        let n = bytes.count
        if n >= 16 { return (bytes.loadUnaligned(as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
        var words: (UInt64, UInt64) = (0, 0)
        if n > 0 { withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: n) } }
        return words
    }

    /// The id of `bytes` (UTF-8, already validated), adding it when new.
    public mutating func intern(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let n = bytes.count
        let hash = hash(bytes)
        let key = hash & 0xFFFF_FFFF_0000_0000 | UInt64(truncatingIfNeeded: n)
        let (head0, head1) = Self.head(bytes)
        let (found, free, probes): (Int32, Int, Int) = slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBytes { arena in
                let mask = slots.count - 1
                var slot = Int(truncatingIfNeeded: hash) & mask
                var probes = 1
                while true {
                    let stored = slots[slot]
                    if stored.symbol < 0 { return (-1, slot, probes) }
                    if stored.key == key, stored.head0 == head0, stored.head1 == head1,
                       n <= 16 || Self.equal(arena, Int(stored.rest), UnsafeRawBufferPointer(rebasing: bytes[16...])) {
                        return (stored.symbol, slot, probes)
                    }
                    slot = (slot + 1) & mask
                    probes += 1
                }
            }
        }
        longestProbe = max(longestProbe, probes)
        if probes > Self.probeLimit, !isKeyed {
            isKeyed = true
            rehash(capacity: slots.count)
            return intern(bytes)
        }
        if found >= 0 { return found }
        let text = String(decoding: bytes, as: UTF8.self)
        let symbol: Int32
        if let known = canonical[text] {
            symbol = known
        } else {
            symbol = Int32(strings.count)
            strings.append(text)
            firstPart.append(part)
            canonical[text] = symbol
        }
        var entry = Slot(key: key, head0: head0, head1: head1, symbol: symbol, rest: 0)
        if n > 16 {
            precondition(arena.count < Int(Int32.max) - n, "symbol table full")
            entry.rest = Int32(arena.count)
            arena.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[16...]))
        }
        slots[free] = entry
        used += 1
        if used * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return symbol
    }

    public mutating func intern(_ string: String) -> Int32 {
        var copy = string
        return copy.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// `intern(string)` for a text another table first saw in `part`: when this table's
    /// spelling of the same text (canonically equivalent) was first seen in a later part,
    /// `string`'s spelling, read earlier in the file, becomes the symbol's text.
    public mutating func intern(_ string: String, firstSeenIn part: Int32) -> Int32 {
        let known = count
        let symbol = intern(string)
        if symbol == known || part < firstPart[Int(symbol)] {
            strings[Int(symbol)] = string
            firstPart[Int(symbol)] = part
        }
        return symbol
    }

    @inline(__always)
    private static func equal(_ stored: UnsafeRawBufferPointer, _ start: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            if stored.loadUnaligned(fromByteOffset: start + i, as: UInt64.self) != bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < n {
            if stored[start + i] != bytes[i] { return false }
            i += 1
        }
        return true
    }

    /// Places every stored text again in `capacity` slots, with the table's current hash
    /// (its key keeps the hash's upper half, so that is worked out anew too).
    private mutating func rehash(capacity: Int) {
        let old = slots
        slots = [Slot](repeating: Slot(), count: capacity)
        let mask = slots.count - 1
        for var stored in old where stored.symbol >= 0 {
            let hash = fullHash(stored)
            stored.key = hash & 0xFFFF_FFFF_0000_0000 | stored.key & 0xFFFF_FFFF
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot].symbol >= 0 { slot = (slot + 1) & mask }
            slots[slot] = stored
        }
    }

    /// The hash of a stored text, its bytes rebuilt from its slot and the arena.
    private func fullHash(_ stored: Slot) -> UInt64 {
        let n = Int(stored.key & 0xFFFF_FFFF)
        var bytes = [UInt8](repeating: 0, count: n)
        withUnsafeBytes(of: (stored.head0, stored.head1)) { head in
            for i in 0..<min(n, 16) { bytes[i] = head[i] }
        }
        if n > 16 { for i in 16..<n { bytes[i] = arena[Int(stored.rest) + i - 16] } }
        return bytes.withUnsafeBytes { hash($0) }
    }

    /// The table's hash of `bytes`: the seeded fast hash, or SipHash once keyed.
    @inline(__always)
    private func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard isKeyed else { return Self.hash(bytes, seed: seed) }
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }

    /// A fast 64-bit hash of bytes, eight at a time. Not for adversarial use on its own:
    /// collisions cost time, never correctness, and `Symbols` seeds it and falls back to
    /// SipHash when probes run long; `ScopeMemo` hashes the job's own lists with seed 0.
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ seed ^ UInt64(bytes.count)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        // A full avalanche (MurmurHash3's fmix64), so that every bit of every byte reaches the
        // slot index: without it, texts differing only in their last bytes shared a slot
        // whatever the seed.
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }
}
