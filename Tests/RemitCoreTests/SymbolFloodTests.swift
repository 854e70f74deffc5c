@testable import RemitCore
import Testing

/// The symbol table interns every text of an untrusted flow file. Texts made to land in one
/// run of slots would make each look-up probe through all the others (quadratic time for
/// the run): the table's fast hash is seeded at random, and a look-up that probes too far
/// switches the table to SipHash.
@Suite struct SymbolFloodTests {
    /// 8-byte ASCII texts whose fast hash under `seed` ends in sixteen zero bits, so they
    /// share one slot in any table of up to 65,536 slots. The hash of an 8-byte text is a
    /// bijection of its one word (multiplications by odd numbers and xor-shifts), so each is
    /// found by inverting it from a chosen hash.
    static func colliding(_ count: Int, seed: UInt64) -> [String] {
        func inverse(_ odd: UInt64) -> UInt64 {
            var x = odd
            for _ in 0..<6 { x = x &* (2 &- odd &* x) }
            return x
        }
        let start: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ seed ^ 8
        let inverse1 = inverse(0xFF51_AFD7_ED55_8CCD), inverse2 = inverse(0xC4CE_B9FE_1A85_EC53)
        var generator = SeededGenerator(seed: 42)
        var texts: [String] = []
        while texts.count < count {
            var h = generator.next() << 16
            h ^= h >> 33                      // undo the final avalanche (fmix64)
            h = h &* inverse2
            h ^= h >> 33
            h = h &* inverse1
            h ^= h >> 33
            h = h &* inverse2                 // undo `* C2`
            h ^= (h >> 29) ^ (h >> 58)        // undo `h ^= h >> 29`
            h = h &* inverse1                 // undo `* C1`
            let word = h ^ start
            let bytes = withUnsafeBytes(of: word.littleEndian) { Array($0) }
            guard bytes.allSatisfy({ $0 > 0 && $0 < 0x80 }) else { continue }
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        return texts
    }

    @Test func textsMadeToCollideDoNotSlowTheTableDown() {
        let seed: UInt64 = 0x5EED
        let texts = Self.colliding(3_000, seed: seed)
        #expect(Set(texts).count == texts.count)
        // They do collide under the fast hash with that seed.
        let slots = Set(texts.map { text in Array(text.utf8).withUnsafeBytes { Symbols.hash($0, seed: seed) & 0xFFFF } })
        #expect(slots == [0])

        var symbols = Symbols(seed: seed)
        let ids = texts.map { symbols.intern($0) }
        #expect(Set(ids).count == texts.count)
        // Looked up again, each is found where the switch placed it: same id, no slot added.
        let used = symbols.used
        for (text, id) in zip(texts, ids) {
            #expect(symbols.intern(text) == id)
            #expect(symbols.string(id) == text)
        }
        // Without the switch to SipHash the last of them would probe past all the others.
        let keyed = symbols.isKeyed, longest = symbols.longestProbe, usedAfter = symbols.used
        #expect(keyed)
        #expect(longest <= 129)
        #expect(usedAfter == used)

        // Ids never depend on the hash: a table seeded at random numbers the texts the same.
        // (Whether it spreads them is not asserted: the seed alone is no guarantee, the
        // switch to SipHash is.)
        var random = Symbols()
        let randomIDs = texts.map { random.intern($0) }
        #expect(randomIDs == ids)
    }
}
