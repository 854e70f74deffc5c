import RemitCore
import Testing

/// SPEC "Taxonomy keys and coverage": definitions per dimension, `extends: default`, `risk: high`.
@Suite struct TaxonomyTests {
    let base = Taxonomy(
        entries: [
            .purposes: [.init(key: "service", label: "Service"), .init(key: "improve.ml_training", highRisk: true)],
            .dataCategories: [.init(key: "user.contact"), .init(key: "user.financial", highRisk: true)],
            .operations: [.init(key: "transfer")],
        ],
        regionGroups: ["EU": ["DE", "FR"], "DACH": ["DE", "AT", "CH"]]
    )

    @Test func definesExactlyAndPerDimension() {
        #expect(base.defines("user.contact", in: .dataCategories))
        // Only an ancestor is defined: the key itself is not.
        #expect(!base.defines("user.contact.email", in: .dataCategories))
        // Only a descendant is defined: the ancestor is not.
        #expect(!base.defines("improve", in: .purposes))
        // Defined in another dimension.
        #expect(!base.defines("service", in: .dataCategories))
        #expect(!base.defines("transfer", in: .dataSubjects))
    }

    @Test(arguments: [
        ("user.financial", true),
        ("user.financial.card", true),
        ("improve.ml_training", true),
        ("improve.ml_training.vision", true),
        // A key is not covered by its descendants.
        ("user", false),
        ("improve", false),
        ("user.financialx", false),
        ("user.contact", false),
        ("", false),
    ])
    func isHighRisk(value: String, expected: Bool) {
        #expect(base.isHighRisk(value) == expected)
    }

    @Test func riskKeysAreCollectedFromEveryDimensionSorted() {
        #expect(base.riskKeys == ["improve.ml_training", "user.financial"])
    }

    @Test func labels() {
        #expect(base.label(of: "service", in: .purposes) == "Service")
        #expect(base.label(of: "service", in: .operations) == nil)
    }

    @Test func extendedAddsEntriesAndReplacesSameKeys() {
        let overlay = Taxonomy(
            entries: [
                .purposes: [.init(key: "service", label: "Services"), .init(key: "research")],
                .dataCategories: [.init(key: "user.contact", highRisk: true)],
                .dataSubjects: [.init(key: "customer.end_user")],
            ],
            regionGroups: ["EU": ["DE", "FR", "IE"], "NORDICS": ["SE", "NO"]]
        )
        let merged = base.extended(with: overlay)
        #expect(merged.defines("research", in: .purposes))
        #expect(merged.defines("improve.ml_training", in: .purposes))
        #expect(merged.defines("customer.end_user", in: .dataSubjects))
        #expect(merged.defines("transfer", in: .operations))
        #expect(merged.label(of: "service", in: .purposes) == "Services")
        #expect(merged.entries[.purposes]?.filter { $0.key == "service" }.count == 1)
        #expect(merged.isHighRisk("user.contact.email"))
        #expect(merged.regionGroups["EU"] == ["DE", "FR", "IE"])
        #expect(merged.regionGroups["DACH"] == ["DE", "AT", "CH"])
        #expect(merged.regions.covers("NORDICS", "SE"))
        #expect(merged.regions.covers("EU", "IE"))
        // The base taxonomy is unchanged.
        #expect(!base.defines("research", in: .purposes))
        #expect(!base.regions.covers("EU", "IE"))
    }

    @Test func regionGroupsFeedTheRegionCoverage() {
        #expect(base.regions.covers("DACH", "CH"))
        #expect(!base.regions.covers("EU", "CH"))
    }
}
