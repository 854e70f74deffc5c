import RemitCore
import Testing

/// SPEC "Catalog": several sources describing one subprocessor give the union of their
/// scopes, each value remembering its sources; the earliest `listed_since` counts.
@Suite struct CatalogTests {
    func description(
        _ source: String, purposes: [String] = [], regions: [String] = [], endpoints: [String] = [],
        name: String? = nil, listedSince: String? = nil
    ) -> SubprocessorDescription {
        SubprocessorDescription(
            id: "sp-mailer", name: name, purposes: purposes, regions: regions, endpoints: endpoints,
            listedSince: listedSince.map(bound), location: SourceLocation(source: source, line: 4)
        )
    }

    @Test func unionWithProvenance() throws {
        let catalog = Catalog([
            description("catalog.json", purposes: ["service.delivery", "service.support"], regions: ["de"]),
            description("https://vendor.example/sp.xml", purposes: ["service.support", "improve.analytics"], regions: ["DE", "us"]),
        ])
        let mailer = try #require(catalog["sp-mailer"])
        #expect(mailer.purposeKeys == ["service.delivery", "service.support", "improve.analytics"])
        #expect(mailer.purposes.first { $0.value == "service.support" }?.sources == ["catalog.json", "https://vendor.example/sp.xml"])
        #expect(mailer.purposes.first { $0.value == "service.delivery" }?.sources == ["catalog.json"])
        // Regions are uppercased, so `de` and `DE` are one value said by both sources.
        #expect(mailer.regionCodes == ["DE", "US"])
        #expect(mailer.regions.first { $0.value == "DE" }?.sources.count == 2)
        #expect(mailer.locations.map(\.source) == ["catalog.json", "https://vendor.example/sp.xml"])
    }

    @Test func sameSourceTwiceIsListedOnce() throws {
        let catalog = Catalog([description("a.json", purposes: ["service"]), description("a.json", purposes: ["service"])])
        let mailer = try #require(catalog["sp-mailer"])
        #expect(mailer.purposes.map(\.value) == ["service"])
        #expect(mailer.purposes.map(\.sources) == [["a.json"]])
    }

    @Test(arguments: [
        ([nil, "2025-03-01", "2025-01-15"], "2025-01-15"),
        (["2025-01-15", "2025-03-01"], "2025-01-15"),
        (["2025-03-01", "2025-02-10T18:00:00Z"], "2025-02-10T18:00:00Z"),
        ([nil, nil], nil),
    ] as [([String?], String?)])
    func earliestListedSince(dates: [String?], expected: String?) throws {
        let catalog = Catalog(dates.enumerated().map { description("s\($0.offset)", listedSince: $0.element) })
        #expect(try #require(catalog["sp-mailer"]).listedSince?.description == expected)
    }

    @Test func firstNameWinsAndEndpointsAreLowercased() throws {
        let catalog = Catalog([
            description("a", endpoints: ["API.Mailer.Example"]),
            description("b", endpoints: ["*.Mailer-CDN.example", "api.mailer.example"], name: "Mailer Inc."),
            description("c", name: "Mailer Ltd."),
        ])
        let mailer = try #require(catalog["sp-mailer"])
        #expect(mailer.name == "Mailer Inc.")
        #expect(mailer.endpoints.map(\.value) == ["api.mailer.example", "*.mailer-cdn.example"])
    }

    @Test func orderIsFirstDescribed() {
        var catalog = Catalog()
        for id in ["sp-b", "sp-a", "sp-b", "sp-c"] {
            catalog.add(SubprocessorDescription(id: id, location: SourceLocation(source: "x")))
        }
        #expect(catalog.order == ["sp-b", "sp-a", "sp-c"])
        #expect(catalog.all.map(\.id) == ["sp-b", "sp-a", "sp-c"])
        #expect(catalog["sp-z"] == nil)
    }
}
