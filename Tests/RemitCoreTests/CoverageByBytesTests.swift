import Foundation
import RemitCore
import Testing

/// Coverage decided on bytes (ASCII) or on NFC bytes (anything else) says what the rules say:
/// for region codes the `Character` rules, for taxonomy keys the same answer for every
/// canonically equivalent spelling (a Kelvin sign is "K"; "e" with a combining acute is "é"),
/// as `Symbols` and Swift's `==` make them one key. Awkward spellings: carriage returns and
/// CR LF, combining marks, separators at the edges, empty text.
@Suite struct CoverageByBytesTests {
    static let keys = [
        "", ".", "user", "user.", "user.contact", "user.contact.email", "user.contactless", "user.contact.\r\nemail",
        "user.contact\r", "user.contact\r\n.email", "user\r\n.contact", "user.\u{212A}ey", "user.Key", "user.Key.id",
        "user.contact\u{301}.email", "user.contact.\u{301}email", "usér", "usér.contact", "use\u{301}r.contact",
        "user.\u{212A}", "user.K.x", "user.K", "user.\u{212A}.x", "user.Kab.c", "user.données", "user.donne\u{301}es",
        "user.données.email", "user.donne\u{301}es.email", "user.donnéesX.y",
    ]

    static let regions = [
        "", "-", "US", "US-", "US-CA", "US-CA-X", "USA", "US\r\n-CA", "US\r", "US\r-CA", "US\r\n", "US\r\n-CA",
        "\u{212A}R", "KR", "KR-11", "\u{212A}R-11", "DE-\u{301}BY", "DE\u{301}-BY", "DE", "DÉ", "DÉ-BY", "DE\u{301}",
    ]

    /// Every spelling of `text` this test makes: as written, with each Kelvin sign made "K"
    /// and each "K" a Kelvin sign, and with "é" decomposed and composed.
    static func spellings(_ text: String) -> [String] {
        let plain = text.replacingOccurrences(of: "\u{212A}", with: "K")
        let kelvin = plain.replacingOccurrences(of: "K", with: "\u{212A}")
        return [text, plain, kelvin].flatMap { [$0, $0.replacingOccurrences(of: "é", with: "e\u{301}"), $0.replacingOccurrences(of: "e\u{301}", with: "é")] }
    }

    /// The rules on bytes, for ASCII keys.
    static func asciiCovers(_ ancestor: String, _ key: String) -> Bool {
        let a = Array(ancestor.utf8), k = Array(key.utf8)
        return a == k || (k.count > a.count && Array(k[..<a.count]) == a && k[a.count] == UInt8(ascii: "."))
    }

    static func placeCovers(_ covering: String, _ place: String) -> Bool {
        if covering == place { return true }
        return place.count > covering.count && place.hasPrefix(covering)
            && place[place.index(place.startIndex, offsetBy: covering.count)] == "-"
    }

    @Test func taxonomyKeysAnswerTheSameForEverySpelling() {
        var checked = 0
        for ancestor in Self.keys {
            for key in Self.keys {
                let answer = TaxonomyKey.covers(ancestor, key)
                if ancestor.utf8.allSatisfy({ $0 < 0x80 }) && key.utf8.allSatisfy({ $0 < 0x80 }) {
                    #expect(answer == Self.asciiCovers(ancestor, key), "\(ancestor.debugDescription) covers \(key.debugDescription)")
                }
                for a in Self.spellings(ancestor) {
                    for k in Self.spellings(key) {
                        #expect(TaxonomyKey.covers(a, k) == answer, "\(a.debugDescription) covers \(k.debugDescription)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > Self.keys.count * Self.keys.count)
        // A Kelvin sign is "K": the key below it is covered, a longer segment is not (reading
        // the boundary at the ancestor's byte length trapped on the first and covered the second).
        #expect(TaxonomyKey.covers("user.\u{212A}", "user.K.x"))
        #expect(!TaxonomyKey.covers("user.\u{212A}", "user.Kab.c"))
        #expect(TaxonomyKey.covers("K", "\u{212A}") && TaxonomyKey.covers("\u{212A}", "K"))
        // Composed and decomposed "é" both ways; a longer segment is not covered.
        #expect(TaxonomyKey.covers("user.données", "user.donne\u{301}es.email"))
        #expect(TaxonomyKey.covers("user.donne\u{301}es", "user.données.email"))
        #expect(!TaxonomyKey.covers("user.donne\u{301}es", "user.donnéesX.y"))
        #expect(TaxonomyKey.covers("user.contact", "user.contact.email"))
        #expect(!TaxonomyKey.covers("user.contact", "user.contactless"))
    }

    @Test func regionCodesAsCharacters() {
        // No groups: `covers` is the place rule alone.
        let coverage = RegionCoverage(groups: [:])
        for covering in Self.regions {
            for place in Self.regions {
                #expect(coverage.covers(covering, place) == Self.placeCovers(covering, place),
                        "\(covering.debugDescription) covers \(place.debugDescription)")
            }
        }
        #expect(coverage.covers("US", "US-CA"))
        #expect(!coverage.covers("US", "USA"))
        #expect(!coverage.covers("US-CA", "US"))
    }
}
