import RemitCore
import Testing

/// SPEC "Taxonomy keys and coverage": regions, subdivisions and named groups, case-insensitive.
@Suite struct RegionCoverageTests {
    let coverage = RegionCoverage(groups: [
        "EU": ["DE", "FR", "IE", "AT"],
        "EEA": ["DE", "FR", "IE", "AT", "NO", "IS"],
        "DACH": ["DE", "AT", "CH"],
    ])

    @Test(arguments: [
        (["DE"], "DE", true),
        (["DE"], "FR", false),
        // Subdivisions: a country covers its subdivisions, not the reverse.
        (["US"], "US-CA", true),
        (["US-CA"], "US", false),
        (["US-CA"], "US-NY", false),
        (["US"], "USX", false),
        // Groups cover their members (and members' subdivisions).
        (["EEA"], "DE", true),
        (["EEA"], "DE-BY", true),
        (["EEA"], "NO", true),
        (["EU"], "NO", false),
        (["EEA"], "CH", false),
        (["EEA", "CH"], "CH", true),
        // A group is covered by a group holding all its members, and by itself.
        (["EEA"], "EU", true),
        (["EU"], "EEA", false),
        (["EU"], "EU", true),
        (["DE"], "EU", false),
        (["DE", "AT"], "DACH", false),
    ])
    func setCovers(list: [String], region: String, expected: Bool) {
        #expect(coverage.setCovers(list, region) == expected)
    }

    /// A group is covered by a list when every one of its members is covered by the list
    /// (here no single entry covers all of DACH, but the list does).
    @Test(arguments: [
        (["DE", "AT", "CH"], "DACH"),
        (["EEA", "CH"], "DACH"),
        (["DE", "FR", "IE", "AT"], "EU"),
    ])
    func groupCoveredByListOfItsMembers(list: [String], group: String) {
        #expect(coverage.setCovers(list, group))
    }

    @Test func codesAndGroupNamesAreNormalizedToUpperCase() {
        let lower = RegionCoverage(groups: ["eea": ["de", "fr"]])
        #expect(lower.groups == ["EEA": ["DE", "FR"]])
        #expect(lower.isGroup("EEA"))
        #expect(lower.covers("EEA", RegionCoverage.normalize("de")))
        #expect(RegionCoverage.normalize("us-ca") == "US-CA")
    }

    @Test func registerAndCatalogRegionsAreUppercasedOnTheWayIn() {
        let customer = Customer(id: "c", regions: ["eea", "ch", "us-ca"])
        #expect(customer.regions == ["EEA", "CH", "US-CA"])
        let authorization = Authorization(id: "s", regions: ["de"])
        #expect(authorization.regions == ["DE"])
        let description = SubprocessorDescription(id: "s", regions: ["ie"], location: SourceLocation(source: "c"))
        #expect(description.regions == ["IE"])
    }

    @Test func anEmptyGroupIsCoveredOnlyByItself() {
        let withEmpty = RegionCoverage(groups: ["NONE": []])
        #expect(!withEmpty.covers("DE", "NONE"))
        #expect(withEmpty.covers("NONE", "NONE"))
        #expect(!withEmpty.covers("NONE", "DE"))
    }

    @Test func intersectionExpandsGroupsWhereNeeded() {
        #expect(coverage.intersection(["EEA"], ["DE", "US"]) == ["DE"])
        #expect(coverage.intersection(["EEA", "CH"], ["EU"]) == ["EU"])
        #expect(coverage.intersection(["US"], ["US-CA", "DE"]) == ["US-CA"])
        #expect(coverage.intersection(["FR"], ["DE"]) == [])
    }
}
