import RemitCore
import Testing

/// Coverage decided on bytes for ASCII keys and codes (the standing checks' fast path) says
/// what the `Character` rules say, for every pair of a set of awkward spellings: carriage
/// returns and CR LF, a Kelvin sign (canonically "K"), combining marks, separators at the
/// edges, empty text.
@Suite struct CoverageByBytesTests {
    static let keys = [
        "", ".", "user", "user.", "user.contact", "user.contact.email", "user.contactless", "user.contact.\r\nemail",
        "user.contact\r", "user.contact\r\n.email", "user\r\n.contact", "user.\u{212A}ey", "user.Key", "user.Key.id",
        "user.contact\u{301}.email", "user.contact.\u{301}email", "usér", "usér.contact", "use\u{301}r.contact",
        "user.\u{212A}", "user.K.x", "user.K", "user.\u{212A}.x",
    ]

    static let regions = [
        "", "-", "US", "US-", "US-CA", "US-CA-X", "USA", "US\r\n-CA", "US\r", "US\r-CA", "US\r\n", "US\r\n-CA",
        "\u{212A}R", "KR", "KR-11", "\u{212A}R-11", "DE-\u{301}BY", "DE\u{301}-BY", "DE", "DÉ", "DÉ-BY", "DE\u{301}",
    ]

    /// The rules as the `Character` view spells them (what coverage was before the fast path).
    static func keyCovers(_ ancestor: String, _ key: String) -> Bool {
        guard key.utf8.count >= ancestor.utf8.count else { return false }
        if key == ancestor { return true }
        guard key.hasPrefix(ancestor) else { return false }
        let boundary = key.utf8.index(key.utf8.startIndex, offsetBy: ancestor.utf8.count)
        return boundary < key.utf8.endIndex && key.utf8[boundary] == UInt8(ascii: ".")
    }

    static func placeCovers(_ covering: String, _ place: String) -> Bool {
        if covering == place { return true }
        return place.count > covering.count && place.hasPrefix(covering)
            && place[place.index(place.startIndex, offsetBy: covering.count)] == "-"
    }

    @Test func taxonomyKeysAsCharacters() {
        var checked = 0
        for ancestor in Self.keys {
            for key in Self.keys {
                #expect(TaxonomyKey.covers(ancestor, key) == Self.keyCovers(ancestor, key), "\(ancestor.debugDescription) covers \(key.debugDescription)")
                checked += 1
            }
        }
        #expect(checked == Self.keys.count * Self.keys.count)
        // A key that starts with a canonically equivalent spelling of the ancestor and is as
        // long in bytes ends where the ancestor's boundary would be: not covered (this trapped
        // on reading past the key's last byte).
        #expect(!TaxonomyKey.covers("user.\u{212A}", "user.K.x"))
        // The fast path answers both ways.
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
