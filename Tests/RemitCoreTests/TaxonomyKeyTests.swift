import RemitCore
import Testing

/// SPEC "Taxonomy keys and coverage": a key covers itself and every key below it.
@Suite struct TaxonomyKeyTests {
    @Test(arguments: [
        ("user.contact", "user.contact", true),
        ("user.contact", "user.contact.email", true),
        ("user.contact", "user.contact.email.work", true),
        ("user", "user.contact.email", true),
        // Prefix trap: a string prefix is not a key ancestor.
        ("user.contact", "user.contactless", false),
        ("user.contact", "xuser.contact.email", false),
        // A key is not covered by its descendant.
        ("user.contact.email", "user.contact", false),
        ("user.contact", "user", false),
        ("user.contact", "user.name", false),
        // Keys compare exactly (case-sensitive).
        ("User.contact", "user.contact", false),
        ("user.contact", "user.Contact.email", false),
    ])
    func covers(ancestor: String, key: String, expected: Bool) {
        #expect(TaxonomyKey.covers(ancestor, key) == expected)
    }

    @Test func setCoversWhenAnyMemberCovers() {
        #expect(TaxonomyKey.setCovers(["user.name", "user.contact"], "user.contact.email"))
        #expect(!TaxonomyKey.setCovers(["user.name", "user.contactless"], "user.contact"))
        #expect(!TaxonomyKey.setCovers(["user.contact.email", "user.contact.phone"], "user.contact"))
    }

    @Test func emptySetCoversNothing() {
        #expect(!TaxonomyKey.setCovers([], "user"))
        #expect(!TaxonomyKey.setCovers([], ""))
    }

    @Test(arguments: [
        (["user"], ["user.contact.email", "user.name"], ["user.contact.email", "user.name"]),
        (["user.contact"], ["user.contactless"], []),
        (["service"], ["service.delivery", "improve"], ["service.delivery"]),
        (["user.contact", "user.contact.email"], ["user.contact.email"], ["user.contact.email"]),
        (["user.name", "user.contact"], ["user.contact", "user.name"], ["user.contact", "user.name"]),
        (["improve"], ["marketing"], []),
    ])
    func intersectionKeepsTheNarrowestCommonKeys(a: [String], b: [String], expected: [String]) {
        #expect(TaxonomyKey.intersection(a, b) == expected)
        #expect(TaxonomyKey.intersection(b, a) == expected)
    }
}
