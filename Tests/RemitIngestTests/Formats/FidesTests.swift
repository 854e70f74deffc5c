import RemitCore
import Testing
@testable import RemitIngest

/// fides manifests (YAML) and System API objects (JSON): the purpose-to-processing map,
/// third parties in the catalog, egress flows.
@Suite struct FidesTests {
    func mappings(_ relative: String, path: String? = nil, labels: [String: String] = [:]) throws -> SourceContribution {
        try MappingsSourceReader.read(path: path ?? Corpus.path(relative), source: relative, requested: "auto", context: Corpus.context(labels: labels))
    }

    @Test(arguments: [
        ("demo_dataset.yml", 0), ("demo_policy.yml", 0), ("demo_system.yml", 2), ("dot-fides-policies.yml", 0),
        ("dot-fides-systems.yml", 3), ("failing_declaration_taxonomy.yml", 1), ("passing_declaration_taxonomy.yml", 1),
        ("postgres_example_test_dataset.yml", 0), ("sample_policy.yml", 0), ("sample_systems.yml", 6),
    ])
    func everyManifestLoads(name: String, systems: Int) throws {
        let read = try mappings("fides/manifests/\(name)")
        #expect(read.format == .fidesYAML)
        #expect(read.records == systems && read.mappings.systems.count == systems)
        #expect(read.descriptions.isEmpty)
    }

    /// In the catalog role, a manifest whose systems are all internal describes no
    /// subprocessor but adds systems: not a catalog read in the wrong format, so no warning.
    @Test func internalSystemsInTheCatalogRoleAreNoWarning() throws {
        let relative = "fides/manifests/demo_system.yml"
        let read = try CatalogSourceReader.read(path: Corpus.path(relative), source: relative, requested: "auto", context: Corpus.context())
        #expect(read.descriptions.isEmpty && read.mappings.systems.count == 2)
        #expect(!read.diagnostics.contains { $0.message.hasPrefix("describes no subprocessor") }, "\(read.diagnostics)")
    }

    @Test func systemsBecomeThePurposeToProcessingMap() throws {
        let relative = "fides/manifests/sample_systems.yml"
        let read = try mappings(relative)
        let database = try #require(read.mappings.systems["cookie_house_customer_database"])
        #expect(database.purposes == ["marketing.advertising.first_party.targeted"])
        #expect(database.dataCategories == ["user.contact"])
        #expect(database.owner == "Engineering")
        #expect(database.location == SourceLocation(source: relative, line: try Corpus.line(of: "- fides_key: cookie_house_customer_database", in: relative), column: 5))
        #expect(read.mappings.systems["cookie_house"]?.purposes == ["functional.service.improve"])
        #expect(read.mappings.purpose(ofSystem: "cookie_house_postgresql_database") == "essential.service")
        let manifest = try FidesReader.decode(try Document.load(path: Corpus.path(relative), source: relative).root, source: relative)
        #expect(manifest.systems.map { $0.egress.map(\.key) }.filter { !$0.isEmpty }.count == 5)
        // Every egress goes to a system of the manifest: no third party, no flow.
        #expect(FidesAdapter(manifest: manifest, context: Corpus.context()).flows().isEmpty)
    }

    @Test func datasetsAndPoliciesAreRead() throws {
        let relative = "fides/manifests/failing_declaration_taxonomy.yml"
        let manifest = try FidesReader.decode(try Document.load(path: Corpus.path(relative), source: relative).root, source: relative)
        #expect(manifest.policyKeys == ["primary_privacy_policy"])
        #expect(manifest.systems.first?.declarations.first?.dataSubjects == ["customer"])
        let dataset = "fides/manifests/demo_dataset.yml"
        #expect(try FidesReader.decode(try Document.load(path: Corpus.path(dataset), source: dataset).root, source: dataset).datasetKeys == ["demo_users_dataset"])
    }

    @Test func aGVLVendorSystemIsACatalogEntry() throws {
        let relative = "fides/api-fixtures/dictionary-system.json"
        let read = try CatalogSourceReader.read(path: Corpus.path(relative), source: relative, requested: "auto", context: Corpus.context())
        #expect(read.format == .fidesJSON)
        let anzu = try #require(read.descriptions.first)
        #expect(read.descriptions.count == 1)
        #expect(anzu.id == "tcf.vendor.733" && anzu.name == "Anzu Virtual Reality LTD")
        #expect(anzu.purposes == ["functional.service.improve", "advertising"])
        #expect(anzu.dataCategories == ["system.operations", "user.contact", "user.device.cookie_id"])
        #expect(anzu.regions.count == 33 && anzu.regions.prefix(3) == ["AT", "BE", "BG"] && anzu.regions.last == "OTHER")
        #expect(anzu.transferMechanism == "Adequacy Decision, SCCs")
        #expect(anzu.location == SourceLocation(source: relative, line: 1, column: 1))
        // Without a fides_key the system is keyed by its vendor id in the systems map.
        #expect(read.mappings.systems["gvl.733"]?.purposes == ["functional.service.improve", "advertising"])
        let mapped = try CatalogSourceReader.read(path: Corpus.path(relative), source: relative, requested: "fides",
                                                  context: Corpus.context(labels: ["tcf.vendor.733": "sp-anzu"]))
        #expect(mapped.descriptions.map(\.id) == ["sp-anzu"])
    }

    @Test func apiSystemListsLoad() throws {
        let read = try mappings("fides/api-fixtures/systems.json")
        #expect(read.format == .fidesJSON)
        #expect(read.mappings.systems.keys.sorted() == ["demo_analytics_system", "demo_marketing_system", "fidesctl_system"])
        #expect(try mappings("fides/api-fixtures/system.json").records == 1)
    }

    @Test func egressToASystemTheManifestDoesNotDefineIsAThirdParty() throws {
        let temp = try TempFolder()
        let path = try temp.write("systems.yml", """
            system:
              - fides_key: checkout
                name: Checkout
                privacy_declarations:
                  - { data_use: essential.service.payment_processing, data_categories: [user.financial, user.contact.email], data_subjects: [customer] }
                egress:
                  - { fides_key: payments_gateway, type: system, data_categories: [user.financial] }
                  - { fides_key: mailer, type: system }
                  - { fides_key: orders_db, type: dataset }
              - fides_key: adtech
                vendor_id: gvl.755
                ingress:
                  - { fides_key: checkout, type: system }
            """)
        let context = Corpus.context(labels: ["payments_gateway": "sp-payments"])
        let read = try CatalogSourceReader.read(path: path, source: "systems.yml", requested: "auto", context: context)
        #expect(read.descriptions.map(\.id) == ["tcf.vendor.755", "sp-payments", "mailer"])
        #expect(read.descriptions[1].dataCategories == ["user.financial"])
        let flows = try Corpus.flows("systems.yml", path: path, context: context)
        #expect(flows.format == .fidesYAML)
        #expect(flows.records.map(\.subprocessor) == ["sp-payments", "mailer", "tcf.vendor.755"])
        #expect(flows.records.map(\.dataCategories) == [["user.financial"], ["user.financial", "user.contact.email"], ["user.financial", "user.contact.email"]])
        #expect(flows.records.allSatisfy { $0.system == "checkout" && $0.customer == nil })
        #expect(flows.records.first?.location.line == 7)
    }

    /// The fides and fideslang files of the corpus (manifests of several fideslang versions,
    /// the admin UI's System API objects and dictionary record) use only keys some fides
    /// version defines, but for the admin UI's test system, whose `dataset_reference` no
    /// fides or fideslang version has (`dataset_references` is the field).
    @Test func theCorpusUsesKeysFidesDefines() throws {
        let files = try Corpus.files(in: "fides/manifests") + Corpus.files(in: "fides/api-fixtures")
            + Corpus.files(in: "fideslang/demo_resources") + Corpus.files(in: "fideslang/tests-data")
        #expect(files.count == 22)
        var unknown: [String] = []
        for relative in files {
            let manifest = try FidesReader.decode(try Document.load(path: Corpus.path(relative), source: relative).root, source: relative)
            unknown += manifest.unknownKeys.map { "\($0.what) \($0.key) \($0.location.source):\($0.location.line)" }
        }
        let line = try Corpus.line(of: "\"dataset_reference\"", in: "fides/api-fixtures/system.json")
        #expect(unknown == ["fides system dataset_reference fides/api-fixtures/system.json:\(line)"])
    }

    /// A key no fides version defines is noted where it stands, in each part remit reads:
    /// the manifest's top level, a system, a privacy declaration, an egress or ingress entry.
    /// Datasets and policies, of which remit reads the keys only, are not checked.
    @Test func keysNoFidesVersionDefinesAreNoted() throws {
        let temp = try TempFolder()
        let path = try temp.write("systems.yml", """
            system:
              - fides_key: checkout
                privacy_declaration:
                  - { data_use: essential.service }
                privacy_declarations:
                  - { data_use: essential.service, data_categorys: [user.contact] }
                egress:
                  - { fides_key: mailer, type: system, colour: red }
              - fides_key: mailer
                ingress:
                  - { fides_key: checkout, kind: system }
            dataset:
              - { fides_key: orders, anything: 1 }
            systems: []

            """)
        let manifest = try FidesReader.decode(try Document.load(path: path, source: "systems.yml").root, source: "systems.yml")
        #expect(manifest.unknownKeys.map { "\($0.what) \($0.key) \($0.location)" } == [
            "fides system privacy_declaration systems.yml:4:7",
            "fides privacy declaration data_categorys systems.yml:6:56",
            "fides data flow colour systems.yml:8:52",
            "fides data flow kind systems.yml:11:38",
            "fides manifest systems systems.yml:14:10",
        ])
        let read = try mappings("systems.yml", path: path)
        #expect(read.diagnostics.map(\.description) == [
            "systems.yml:4:7: warning: unknown key `privacy_declaration` in 1 fides system (ignored)",
            "systems.yml:6:56: warning: unknown key `data_categorys` in 1 fides privacy declaration (ignored)",
            "systems.yml:8:52: warning: unknown key `colour` in 1 fides data flow (ignored)",
            "systems.yml:11:38: warning: unknown key `kind` in 1 fides data flow (ignored)",
            "systems.yml:14:10: warning: unknown key `systems` in 1 fides manifest (ignored)",
        ])
        let catalog = try CatalogSourceReader.read(path: path, source: "systems.yml", requested: "auto", context: Corpus.context())
        #expect(catalog.diagnostics.map(\.description) == read.diagnostics.map(\.description))
        var tally = UnknownKeyTally()
        tally.add(try Corpus.flows("systems.yml", path: path, context: Corpus.context()).stats.unknownKeys)
        #expect(tally.count == 5)
    }

    @Test func aSystemWithoutKeyOrVendorIdIsAnError() throws {
        let temp = try TempFolder()
        let path = try temp.write("s.yml", "system:\n  - name: Nameless\n    privacy_declarations: []\n")
        let error = #expect(throws: InputError.self) { _ = try mappings("s.yml", path: path) }
        #expect(error?.field == "fides_key" && error?.location.line == 2)
        let repeated = try temp.write("r.yml", "system:\n  - fides_key: a\n  - fides_key: a\n")
        let again = #expect(throws: InputError.self) { _ = try mappings("r.yml", path: repeated) }
        #expect(again?.reason == "fides system fides_key \"a\" is repeated (first at line 2)" && again?.field == "fides_key" && again?.location.line == 3)
    }
}
