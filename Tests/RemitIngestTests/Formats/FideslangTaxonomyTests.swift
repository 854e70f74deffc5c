import RemitCore
import Testing
@testable import RemitIngest

/// fideslang's taxonomy, converted by Scripts/fideslang-convert.py, loads as a remit taxonomy;
/// fides manifests written against older fideslang keys then yield UNKNOWN_TAXONOMY_KEY.
@Suite struct FideslangTaxonomyTests {
    static let taxonomyFile = "Fixtures/formats/fideslang-taxonomy.yml"

    func taxonomy() throws -> Taxonomy {
        let path = Corpus.packagePath(Self.taxonomyFile)
        return try TaxonomyLoader.decode(try Document.load(path: path, source: Self.taxonomyFile).root, source: Self.taxonomyFile).0
    }

    /// The `fides_key`s of one corpus taxonomy file.
    func corpusKeys(_ file: String, _ list: String) throws -> Set<String> {
        let root = try Document.load(path: Corpus.path("fideslang/taxonomy/\(file)"), source: file).root
        guard case .array(let entries)? = root[list]?.value else { return [] }
        return Set(entries.compactMap { $0["fides_key"]?.stringValue })
    }

    @Test func theConvertedTaxonomyHoldsEveryFideslangKey() throws {
        let taxonomy = try taxonomy()
        let uses = try corpusKeys("data_uses.yml", "data_use")
        let categories = try corpusKeys("data_categories.yml", "data_category")
        let subjects = try corpusKeys("data_subjects.yml", "data_subject")
        #expect(uses.count == 54 && categories.count == 85 && subjects.count == 15)
        for key in uses { #expect(taxonomy.defines(key, in: .purposes), "\(key)") }
        for key in categories { #expect(taxonomy.defines(key, in: .dataCategories), "\(key)") }
        for key in subjects { #expect(taxonomy.defines(key, in: .dataSubjects), "\(key)") }
        // `extends: default`: remit's own keys, risk levels and region groups stay.
        #expect(taxonomy.defines("service.delivery.notifications", in: .purposes))
        #expect(taxonomy.isHighRisk("user.financial.bank_account"))
        #expect(taxonomy.regions.covers("EEA", "NO"))
        #expect(taxonomy.defines("transfer", in: .operations))
    }

    @Test func theTCFLabelsFileTargetsFideslangKeys() throws {
        let relative = "Fixtures/formats/tcf-fideslang-labels.yml"
        let read = try MappingsSourceReader.read(path: Corpus.packagePath(relative), source: relative, requested: "auto", context: Corpus.context())
        let taxonomy = try taxonomy()
        #expect(read.mappings.labels.count == 25)
        #expect(read.mappings.labels["tcf.purpose.3"] == "marketing.advertising.profiling")
        // fideslang's own GVL mapping names one data use its taxonomy no longer defines.
        let undefined = read.mappings.labels.filter { label, key in
            !taxonomy.defines(key, in: label.hasPrefix("tcf.data.") ? .dataCategories : .purposes)
        }
        #expect(undefined == ["tcf.special_purpose.3": "functional.storage.privacy_preferences"])
    }

    /// Old-style manifests (fideslang's own test data and demo) against today's taxonomy.
    @Test func driftedKeysAreUnknownWhenFideslangsTaxonomyIsLoaded() throws {
        let failing = "fideslang/tests-data/failing_declaration_taxonomy.yml"
        let demo = "fideslang/demo_resources/demo_system.yml"
        let current = "fides/manifests/failing_declaration_taxonomy.yml"
        var catalog = Catalog()
        for (relative, id) in [(failing, "sp-sharing"), (current, "sp-current")] {
            let read = try CatalogSourceReader.read(path: Corpus.path(relative), source: relative, requested: "fides",
                                                    context: Corpus.context(subprocessor: id))
            read.descriptions.forEach { catalog.add($0) }
        }
        #expect(catalog["sp-sharing"]?.purposeKeys == ["third_party_sharing.payment_processing"])
        let systems = try MappingsSourceReader.read(path: Corpus.path(demo), source: demo, requested: "auto", context: Corpus.context())
        let register = try RegisterLoader.decode(try Document.parse(Array("""
            customers:
              - id: cust-a
                instructions: [{ id: dpa, kind: dpa, effective: 2025-01-01 }]
                purposes: [essential]
                data_categories: [user]
                general_authorization: { instruction: dpa }
            """.utf8), path: "register.yml", source: "register.yml").root, source: "register.yml").0
        let context = ReconciliationContext(taxonomy: try taxonomy(), register: register, catalog: catalog,
                                            mappings: systems.mappings, asOf: Instant.parse("2026-11-28T00:00:00Z")!)
        var reconciler = Reconciler(context: context)
        // The demo's analytics system sends data; its purpose comes from the fides map.
        reconciler.add(FlowRecord(id: "f-1", customer: "cust-a", subprocessor: "sp-sharing", system: "demo_marketing_system",
                                  dataCategories: ["user.cookie_id"], location: SourceLocation(source: "flows.ndjson", line: 1)))
        reconciler.add(FlowRecord(id: "f-2", customer: "cust-a", subprocessor: "sp-sharing", system: "demo_analytics_system",
                                  location: SourceLocation(source: "flows.ndjson", line: 2)))
        let findings = reconciler.finish().findings
        let unknown = findings.filter { $0.key.kind == .unknownTaxonomyKey }
        #expect(Set(unknown.map(\.key.value)) == ["third_party_sharing.payment_processing", "user.political_opinion",
                                                 "advertising", "improve.system", "user.cookie_id"])
        let catalogSample = try #require(unknown.first { $0.key.value == "user.political_opinion" }?.samples.first)
        #expect(catalogSample.location.source == failing)
        #expect(unknown.allSatisfy { $0.severity == .low })
        // The fides repository's copy of the same manifest uses today's keys: nothing unknown.
        #expect(!unknown.contains { $0.samples.contains { $0.location.source == current } })
        #expect(findings.contains { $0.key.kind == .purposeNotAuthorized && $0.key.value == "advertising" })
    }
}
