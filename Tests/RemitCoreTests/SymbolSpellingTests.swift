import RemitCore
import Testing

/// Canonically equivalent texts are one symbol; which spelling it shows must not depend on
/// how a file was cut between threads.
@Suite struct SymbolSpellingTests {
    /// Merging keeps the spelling of the earliest part, in whatever order the tables are
    /// merged: a text new to the merged table keeps the part the other table saw it in, not
    /// the part the merged table was reading last.
    @Test func mergingKeepsTheSpellingOfTheEarliestPart() {
        let decomposed = "cafe\u{301}", composed = "caf\u{E9}"
        var merged = Symbols()
        merged.part = 2
        let symbol = merged.intern(decomposed, firstSeenIn: 5)
        #expect(merged.firstPart[Int(symbol)] == 5, "not the part the merged table read last")
        #expect(merged.intern(composed, firstSeenIn: 6) == symbol)
        #expect(Array(merged.string(symbol).utf8) == Array(decomposed.utf8), "part 5 was read before part 6")
        #expect(merged.intern(composed, firstSeenIn: 3) == symbol)
        #expect(Array(merged.string(symbol).utf8) == Array(composed.utf8), "part 3 was read before part 5")
        #expect(merged.firstPart[Int(symbol)] == 3)
    }

    /// Uppercasing two canonically equivalent spellings can give texts that are not (the
    /// combining marks below and above move differently): a region is uppercased from its
    /// NFC form, so every spelling names one region.
    @Test func everySpellingOfARegionNormalizesToTheSameBytes() {
        let spellings = ["\u{3B1}\u{301}\u{345}", "\u{3B1}\u{345}\u{301}", "\u{3AC}\u{345}", "\u{1FB4}"]
        #expect(Set(spellings.map { Array($0.utf8) }).count == 4)
        #expect(spellings.allSatisfy { $0 == spellings[0] }, "canonically equivalent")
        let normalized = Set(spellings.map { Array(RegionCoverage.normalize($0).utf8) })
        #expect(normalized.count == 1)
        #expect(RegionCoverage.normalize("ie") == "IE" && RegionCoverage.normalize("us-ca") == "US-CA")
    }
}
