import RemitCore
import Testing
@testable import RemitIngest

/// IAB TCF Global Vendor Lists (v3 real list, v2 synthetic list) as catalog sources.
@Suite struct GVLTests {
    static let v3 = "iab-tcf-gvl/vendor-list-v3-gvlspec3-vlv7.json"
    static let v2 = "iab-tcf-gvl/purpose-restriction-vendor-list-v2.json"

    func read(_ relative: String, labels: [String: String] = [:]) throws -> SourceContribution {
        try CatalogSourceReader.read(path: Corpus.path(relative), source: relative, requested: "auto", context: Corpus.context(labels: labels))
    }

    func entry(_ read: SourceContribution, _ id: String) throws -> SubprocessorDescription {
        try #require(read.descriptions.first { $0.id == id })
    }

    @Test func theV3ListHas376VendorsWithMappedPurposesAndCategories() throws {
        let read = try read(Self.v3)
        #expect(read.format == .gvlJSON)
        #expect(read.records == 376 && read.descriptions.count == 376)
        #expect(read.diagnostics.isEmpty)
        #expect(Set(read.descriptions.map(\.id)).count == 376)
        let vdx = try entry(read, "tcf.vendor.1")
        #expect(vdx.name == "Exponential Interactive, Inc d/b/a VDX.tv")
        // purposes 1,2,3,4,7,8,9,10 (flexible 7–10), special purposes 1,2
        #expect(vdx.purposes == ["service.delivery", "marketing.advertising", "improve.analytics", "improve", "service.security"])
        // dataDeclaration 1,3,4,6,8,10,11
        #expect(vdx.dataCategories == ["user.network.ip", "user.identifier.device", "user.identifier", "user.behavior.browsing",
                                       "user.location.approximate", "user.behavior"])
        #expect(vdx.service == "IAB TCF vendor 1 (GVL 7); retention: 397 days standard; policy: https://vdx.tv/privacy/")
        #expect(vdx.location == SourceLocation(source: Self.v3, line: try Corpus.line(of: "\"1\": {", in: Self.v3, after: Corpus.line(of: "\"vendors\"", in: Self.v3)), column: 10))
    }

    @Test func retentionPerPurposeIsKeptInTheDescription() throws {
        let adspirit = try entry(try read(Self.v3), "tcf.vendor.6")
        #expect(adspirit.name == "AdSpirit GmbH")
        #expect(adspirit.service?.contains("retention: 60 days standard, tcf.purpose.2 → marketing.advertising 14 days, tcf.purpose.7 → marketing.advertising 14 days") == true)
        let list = try GVLReader.decode(try Document.load(path: Corpus.path(Self.v3), source: Self.v3).root, source: Self.v3)
        let vendor = try #require(list.vendors.first { $0.id == 6 })
        #expect(vendor.retention == GVLRetention(standardDays: 60, purposes: [2: 14, 7: 14], specialPurposes: [:]))
        #expect(list.specificationVersion == 3 && list.vendorListVersion == 7)
    }

    @Test func googleCarriesLegitimateInterestAndSpecialPurposes() throws {
        let google = try entry(try read(Self.v3), "tcf.vendor.755")
        #expect(google.name == "Google Advertising Products")
        // purposes 1,3,4; legitimate interest 2,7,9,10; special purposes 1,2
        #expect(google.purposes == ["service.delivery", "marketing.advertising", "improve.analytics", "improve", "service.security"])
    }

    @Test func mappingsLabelsOverrideVendorIdsAndDefaults() throws {
        let read = try read(Self.v3, labels: ["tcf.vendor.755": "sp-google", "tcf.purpose.1": "service.operations", "tcf.data.11": ""])
        let google = try entry(read, "sp-google")
        #expect(google.purposes.first == "service.operations")
        #expect(!read.descriptions.contains { $0.id == "tcf.vendor.755" })
        #expect(try entry(read, "tcf.vendor.1").dataCategories.last == "user.behavior")
        #expect(try entry(read, "tcf.vendor.2").dataCategories == ["user.network.ip", "user.network", "user.identifier",
                                                                      "user.behavior.browsing", "user.identifier.device"])
    }

    /// The job's labels are looked up before the defaults, ignoring case too: `Tcf.Purpose.1`
    /// overrides the built-in `tcf.purpose.1` (it was ignored, the default's exact spelling
    /// found first), and an exact entry of the job's beats a case-folded one.
    @Test func mappingsLabelsInAnyCaseOverrideTheDefaults() throws {
        let read = try read(Self.v3, labels: ["TCF.Vendor.755": "sp-google", "Tcf.Purpose.1": "service.operations"])
        #expect(try entry(read, "sp-google").purposes.first == "service.operations")
        let labels = LabelMap(["Tcf.Purpose.1": "", "tcf.purpose.7": "improve"], defaults: TCFDefaultLabels.labels)
        #expect(labels.lookup("tcf.purpose.1") == .dropped)
        #expect(labels.lookup("TCF.PURPOSE.7") == .key("improve"))
        #expect(labels.lookup("tcf.purpose.2") == .key("marketing.advertising"))
        #expect(labels.lookup("tcf.purpose.99") == .unmapped)
        #expect(LabelMap(["pii": "user", "PII": "user.contact"]).lookup("PII") == .key("user.contact"))
    }

    @Test func theSyntheticV2ListLoads() throws {
        let read = try read(Self.v2)
        #expect(read.format == .gvlJSON)
        #expect(read.descriptions.map(\.id) == [2, 8, 12, 28, 27, 25, 26, 1, 6, 30, 24, 29].map { "tcf.vendor.\($0)" })
        let rad = try entry(read, "tcf.vendor.2")
        #expect(rad.name == "Super (R)ad Tech Company")
        // purposes [1], legIntPurposes [2, 3], flexible [1, 2], special [1]; no dataDeclaration in
        // v2, special features 1 and 2 describe data.
        #expect(rad.purposes == ["service.delivery", "marketing.advertising", "service.security"])
        #expect(rad.dataCategories == ["user.location.precise", "user.identifier.device"])
        #expect(rad.service == "IAB TCF vendor 2 (GVL 1); policy: https://superradtechcorp.com/gdpr.html")
    }

    @Test func unmappedTCFIdsAreKeptAsWritten() throws {
        let temp = try TempFolder()
        let path = try temp.write("gvl.json", """
            {"gvlSpecificationVersion": 3, "vendorListVersion": 9, "vendors": {
              "42": {"id": 42, "name": "Future Vendor", "purposes": [12], "specialPurposes": [4], "dataDeclaration": [12]},
              "43": {"id": 43, "name": "Gone Vendor", "purposes": [1], "deletedDate": "2024-01-01T00:00:00Z"}}}
            """)
        let read = try CatalogSourceReader.read(path: path, source: "gvl.json", requested: "gvl", context: Corpus.context())
        #expect(read.descriptions.map(\.id) == ["tcf.vendor.42"])
        #expect(read.descriptions[0].purposes == ["tcf.purpose.12", "tcf.special_purpose.4"])
        #expect(read.descriptions[0].dataCategories == ["tcf.data.12"])
        #expect(read.diagnostics.map(\.message) == ["1 vendors have a deletedDate and are not described (first: 43 Gone Vendor)"])
    }

    /// Two vendors mapped to one subprocessor make one entry; each value still points at the
    /// line of the vendor that declares it, not at the first vendor's.
    @Test func vendorsMergedIntoOneEntryKeepEachValuesLine() throws {
        let temp = try TempFolder()
        let path = try temp.write("gvl.json", """
            {"gvlSpecificationVersion": 3, "vendorListVersion": 9, "vendors": {
              "6": {"id": 6, "name": "Six", "purposes": [1], "dataDeclaration": [1]},
              "7": {"id": 7, "name": "Seven", "purposes": [1, 2], "dataDeclaration": [12]}}}
            """)
        let read = try CatalogSourceReader.read(path: path, source: "gvl.json", requested: "gvl",
                                                context: Corpus.context(labels: ["tcf.vendor.6": "sp-vendor", "tcf.vendor.7": "sp-vendor"]))
        #expect(read.descriptions.map(\.id) == ["sp-vendor"])
        var catalog = Catalog()
        read.descriptions.forEach { catalog.add($0) }
        let vendor = try #require(catalog["sp-vendor"])
        let lines = Dictionary(uniqueKeysWithValues: (vendor.purposes + vendor.dataCategories).map { ($0.value, $0.location.line) })
        // Purposes 1 and 2 and data category 1 through the default labels; 12 as written.
        #expect(lines == ["service.delivery": 2, "marketing.advertising": 3, "user.network.ip": 2, "tcf.data.12": 3], "\(lines)")
        #expect(vendor.location(ofChange: "+purpose:marketing.advertising")?.line == 3)
        #expect(vendor.location(ofChange: "-purpose:service.support")?.line == 2)
    }

    @Test func aWrongTypeIsAnErrorNamingTheField() throws {
        let temp = try TempFolder()
        let path = try temp.write("gvl.json", "{\"vendorListVersion\": 1, \"vendors\": {\n\"7\": {\"id\": 7, \"name\": \"X\", \"purposes\": [\"one\"]}}}")
        let error = #expect(throws: InputError.self) {
            _ = try CatalogSourceReader.read(path: path, source: "gvl.json", requested: "auto", context: Corpus.context())
        }
        #expect(error?.kind == .configuration && error?.field == "purposes" && error?.location.line == 2)
    }

    @Test func aTranslationFileIsAListWithoutVendors() throws {
        let read = try read("iab-tcf-gvl/purposes-de-v2.json")
        #expect(read.format == .gvlJSON && read.descriptions.isEmpty)
    }
}
