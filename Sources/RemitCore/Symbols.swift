/// Interned strings: each distinct text gets a dense `Int32` id once, so the hot path of
/// reconciliation compares and hashes integers instead of strings.
///
/// Identity follows Swift `String` equality (canonical equivalence), as the String-keyed
/// reference did: byte strings are looked up by their bytes first, and a byte string not
/// seen before is checked against the canonical table, so `"cafe\u{301}"` and `"café"`
/// share one id (its text is the first one seen). Symbol 0 is the empty string.
public struct Symbols: Sendable {
    /// Open addressing over byte entries: 0 = empty, else the hash's upper 32 bits and the
    /// entry index + 1 in the lower 32, so most mismatches are told apart without
    /// touching the entry.
    private var slots: [UInt64]
    private struct Entry {
        var start: Int
        var length: Int32
        var symbol: Int32
    }

    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private var canonical: [String: Int32] = [:]
    /// Each symbol's text.
    public private(set) var strings: [String] = []

    public init() {
        slots = [UInt64](repeating: 0, count: 1024)
        _ = intern("")
    }

    public var count: Int { strings.count }

    public func string(_ symbol: Int32) -> String { strings[Int(symbol)] }

    /// The id of `bytes` (UTF-8, already validated), adding it when new.
    public mutating func intern(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let hash = Self.hash(bytes)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let found: Int32? = slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBytes { arena in
                    let mask = slots.count - 1
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let stored = slots[slot]
                        if stored == 0 { return nil }
                        if stored & 0xFFFF_FFFF_0000_0000 == tag {
                            let entry = entries[Int(stored & 0xFFFF_FFFF) - 1]
                            if Int(entry.length) == bytes.count, Self.equal(arena, entry.start, bytes) { return entry.symbol }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        if let found { return found }
        let text = String(decoding: bytes, as: UTF8.self)
        let symbol: Int32
        if let known = canonical[text] {
            symbol = known
        } else {
            symbol = Int32(strings.count)
            strings.append(text)
            canonical[text] = symbol
        }
        addEntry(bytes, hash: hash, symbol: symbol)
        return symbol
    }

    public mutating func intern(_ string: String) -> Int32 {
        var copy = string
        return copy.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

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

    private mutating func addEntry(_ bytes: UnsafeRawBufferPointer, hash: UInt64, symbol: Int32) {
        entries.append(Entry(start: arena.count, length: Int32(bytes.count), symbol: symbol))
        arena.append(contentsOf: bytes)
        place(hash: hash, entry: entries.count - 1, in: &slots)
        hashes.append(hash)
        if entries.count * 2 > slots.count {
            var bigger = [UInt64](repeating: 0, count: slots.count * 2)
            for entry in entries.indices { place(hash: hashes[entry], entry: entry, in: &bigger) }
            slots = bigger
        }
    }

    /// Each entry's hash, to rebuild the slots when they grow.
    private var hashes: [UInt64] = []

    private func place(hash: UInt64, entry: Int, in slots: inout [UInt64]) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(entry + 1)
    }

    /// A fast 64-bit hash of bytes, eight at a time (not for adversarial use: collisions
    /// cost time, never correctness).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
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
        return h ^ (h >> 32)
    }
}
