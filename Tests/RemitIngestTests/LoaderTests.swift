import RemitCore
import Testing
@testable import RemitIngest

@Suite struct LoaderTests {
    func register(_ yaml: String) throws -> (Register, [Diagnostic]) {
        let temp = try TempFolder()
        let path = try temp.write("register.yml", yaml)
        let document = try Document.load(path: path, source: "register.yml")
        return try RegisterLoader.decode(document.root, source: "register.yml")
    }

    func configurationError(_ yaml: String) -> InputError? {
        do { _ = try register(yaml); return nil } catch let error as InputError { return error } catch { return nil }
    }

    @Test func aRegisterLoadsWithLocations() throws {
        let (register, diagnostics) = try register("""
            customers:
              - id: cust-acme
                name: Acme Corp
                instructions:
                  - { id: dpa, kind: dpa, ref: "DPA v3", effective: 2025-03-01, expires: 2027-03-01 }
                purposes: [service]
                regions: [eea, CH]
                subprocessors:
                  - id: sp-mailer
                    instruction: dpa
                    purposes: [service.delivery.notifications]
                    from: 2025-03-01
                    colour: blue
            """)
        let acme = try #require(register.customer("cust-acme"))
        #expect(acme.regions == ["EEA", "CH"])
        #expect(acme.instructions.first?.expires?.isDate == true)
        #expect(acme.subprocessors.first?.location?.line == 9)
        #expect(acme.subprocessors.first?.purposes == ["service.delivery.notifications"])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains("colour") == true)
        #expect(diagnostics.first?.location.line == 13)
    }

    @Test func aRepeatedCustomerIDNamesBothLines() {
        let error = configurationError("""
            customers:
              - id: a
              - id: b
              - id: a
            """)
        #expect(error?.kind == .configuration)
        #expect(error?.location.line == 4)
        #expect(error?.reason.contains("first at line 2") == true)
    }

    @Test func wrongTypesAndMissingFieldsNameTheField() {
        let wrongType = configurationError("customers:\n  - id: a\n    purposes: service\n")
        #expect(wrongType?.field == "purposes")
        #expect(wrongType?.location.line == 3)
        let missing = configurationError("customers:\n  - name: Nameless\n")
        #expect(missing?.field == "id")
        let kind = configurationError("customers:\n  - id: a\n    instructions: [{ id: x, kind: handshake }]\n")
        #expect(kind?.field == "kind")
        let date = configurationError("customers:\n  - id: a\n    subprocessors: [{ id: s, until: 2026-02-30 }]\n")
        #expect(date?.field == "until")
    }

    @Test func yamlAliasBombsAreBounded() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 { yaml += "a\(i): &a\(i) [*a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1)]\n" }
        do {
            _ = try YAMLDocument.parse(yaml)
            Issue.record("no error")
        } catch {
            #expect(error.reason.contains("more than"))
        }
    }

    @Test func yamlDuplicateKeysAreRefused() {
        #expect(configurationError("customers: []\ncustomers: []\n")?.reason.contains("duplicate key") == true)
    }

    /// A repeated YAML key is named where it is repeated, with the line of the first.
    @Test(arguments: [
        ("version: 1\nregister: r.yml\noutput: a\nfail_on: high\noutput: b\n", 5, 1, "duplicate key output (first at line 3)"),
        ("customers:\n  - id: a\n    name: A\n    # a note\n\n    \"name\": B\n", 6, 5, "duplicate key name (first at line 3)"),
        ("customers:\n  - id: a\n    name: A\n  - id: b\n    name: B\n    name: C\n", 6, 5, "duplicate key name (first at line 5)"),
        ("customers:\n  - {id: a, name: A, name: B}\n", 2, 13, "duplicate key name"),
        ("version: 1\r\noutput: a\r\noutput: b\r\n", 3, 1, "duplicate key output (first at line 2)"),
    ])
    func yamlRepeatedKeysAreNamedWhereRepeated(yaml: String, line: Int, column: Int, reason: String) {
        do {
            _ = try YAMLDocument.parse(yaml)
            Issue.record("no error")
        } catch {
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.reason == reason)
        }
    }

    @Test func yamlKeepsYesAndOnAsStrings() throws {
        let node = try YAMLDocument.parse("a: yes\nb: on\nc: true\nd: 12\ne: '12'\n")
        #expect(node["a"]?.stringValue == "yes")
        #expect(node["b"]?.stringValue == "on")
        if case .bool(true)? = node["c"]?.value {} else { Issue.record("c is not true") }
        if case .number("12")? = node["d"]?.value {} else { Issue.record("d is not a number") }
        #expect(node["e"]?.stringValue == "12")
    }

    @Test func xmlCatalogReadsChildElementsAsLists() throws {
        let temp = try TempFolder()
        let path = try temp.write("catalog.xml", """
            <subprocessors xmlns="urn:remit:catalog:1">
              <subprocessor id="sp-mailer" name="Mailer Inc." listed_since="2025-01-01" transfer_mechanism="SCC-2021">
                <service>Transactional email</service>
                <purpose>service.delivery.notifications</purpose>
                <category>user.contact.email</category>
                <category>user.name</category>
                <region>us</region>
                <endpoint>API.mailer.example</endpoint>
              </subprocessor>
            </subprocessors>
            """)
        let (descriptions, _) = try CatalogLoader.decodeXML(path: path, source: "catalog.xml", subprocessor: nil)
        let mailer = try #require(descriptions.first)
        #expect(mailer.service == "Transactional email")
        #expect(mailer.dataCategories == ["user.contact.email", "user.name"])
        #expect(mailer.regions == ["US"])
        #expect(mailer.endpoints == ["api.mailer.example"])
        #expect(mailer.listedSince?.instant.description == "2025-01-01T00:00:00Z")
        #expect(mailer.location.line == 2)
    }

    /// A source the job gives one subprocessor describes only that one: entries without an
    /// id take it, and one naming another subprocessor is an error at its id (JSON/YAML and XML).
    @Test func aSourceForOneSubprocessorDescribesNoOther() throws {
        let yaml = try YAMLDocument.parse("subprocessors:\n  - { endpoints: [api.mailer.example] }\n  - { id: sp-cloudhost, endpoints: ['*.amazonaws.com'] }\n")
        do {
            _ = try CatalogLoader.decode(yaml, source: "vendor.yml", subprocessor: "sp-mailer")
            Issue.record("another subprocessor's entry was accepted")
        } catch {
            #expect(error.kind == .configuration)
            #expect(error.location.line == 3, "\(error)")
            #expect("\(error)".contains("this source describes sp-mailer only (`subprocessor:` in the job), not sp-cloudhost"), "\(error)")
        }
        let own = try YAMLDocument.parse("subprocessors:\n  - { id: sp-mailer, regions: [us] }\n")
        #expect(try CatalogLoader.decode(own, source: "vendor.yml", subprocessor: "sp-mailer").0.map(\.id) == ["sp-mailer"])

        let temp = try TempFolder()
        let path = try temp.write("vendor.xml", """
            <subprocessors xmlns="urn:remit:catalog:1">
              <subprocessor><endpoint>api.mailer.example</endpoint></subprocessor>
              <subprocessor id="sp-cloudhost"><endpoint>*.amazonaws.com</endpoint></subprocessor>
            </subprocessors>
            """)
        do {
            _ = try CatalogLoader.decodeXML(path: path, source: "vendor.xml", subprocessor: "sp-mailer")
            Issue.record("another subprocessor's entry was accepted")
        } catch {
            #expect(error.location.line == 3, "\(error)")
        }
    }

    /// A destination pattern that reads as no host is refused at its line; a catalog endpoint
    /// that does is listed and dropped.
    @Test func patternsAndEndpointsWithoutAHost() throws {
        // Nor one no host can match: an empty label, at the start or inside.
        for pattern in ["'\\\\fileserver\\exports'", ".x.example", "'*..x.example'", "a..b"] {
            let mappings = try YAMLDocument.parse("destinations:\n  - { pattern: '*.ok.example', subprocessor: sp-a }\n  - { pattern: \(pattern), subprocessor: sp-b }\n")
            do {
                _ = try MappingsLoader.decode(mappings, source: "mappings.yml")
                Issue.record("the pattern \(pattern) was accepted")
            } catch {
                #expect(error.location.line == 3 && error.field == "pattern", "\(error)")
                #expect(error.reason.hasPrefix("names no host"), "\(error)")
            }
        }
        let catalog = try YAMLDocument.parse("subprocessors:\n  - { id: sp-a, endpoints: [api.a.example, 'https:///x'] }\n")
        let (descriptions, diagnostics) = try CatalogLoader.decode(catalog, source: "catalog.yml", subprocessor: nil)
        #expect(descriptions.first?.endpoints == ["api.a.example"])
        #expect(diagnostics.map(\.message) == ["endpoint \"https:///x\" of sp-a names no host (ignored)"])
    }

    @Test func theBuiltInTaxonomyDefinesWhatSPECLists() throws {
        let taxonomy = try TaxonomyLoader.builtIn()
        for key in ["service.delivery.notifications", "service.operations.backup", "improve.ml_training", "marketing.advertising", "research", "legal"] {
            #expect(taxonomy.defines(key, in: .purposes), "\(key)")
        }
        for key in ["user.contact", "user.government_id", "user.credentials", "system"] {
            #expect(taxonomy.defines(key, in: .dataCategories), "\(key)")
        }
        #expect(taxonomy.defines("transfer", in: .operations))
        #expect(taxonomy.regions.covers("EEA", "NO"))
        #expect(taxonomy.regions.covers("EU", "HU"))
        #expect(!taxonomy.regions.covers("EU", "NO"))
        #expect(taxonomy.regions.covers("ADEQUACY", "CH"))
        #expect(taxonomy.isHighRisk("user.financial.card"))
        #expect(taxonomy.isHighRisk("improve.testing"))
        #expect(!taxonomy.isHighRisk("user"))
    }

    @Test func extendsDefaultAddsToTheBuiltInTaxonomy() throws {
        let node = try YAMLDocument.parse("extends: default\npurposes:\n  - { key: service.delivery.push, label: Push }\nregion_groups:\n  DACH: [DE, AT, CH]\n")
        let (taxonomy, _) = try TaxonomyLoader.decode(node, source: "taxonomy.yml")
        #expect(taxonomy.defines("service.delivery.push", in: .purposes))
        #expect(taxonomy.defines("service.billing", in: .purposes))
        #expect(taxonomy.regions.covers("DACH", "CH"))
        #expect(taxonomy.regions.covers("EEA", "DE"))
    }

    /// A built-in key listed again keeps what the new entry leaves out: `- user.health` (or
    /// one with a label only) stays high-risk; a stated `risk:` changes it.
    @Test func aBuiltInKeyListedAgainKeepsItsRiskUnlessTheFileSaysOne() throws {
        for (entry, high) in [("user.health", true), ("{ key: user.health, label: Health }", true),
                              ("{ key: user.health, risk: low }", false), ("{ key: user.name, risk: high }", true)] {
            let node = try YAMLDocument.parse("extends: default\ndata_categories:\n  - \(entry)\n")
            let (taxonomy, _) = try TaxonomyLoader.decode(node, source: "taxonomy.yml")
            let key = entry.contains("user.name") ? "user.name" : "user.health"
            #expect(taxonomy.isHighRisk(key) == high, "\(entry)")
        }
    }
}

@Suite struct YAMLNestingTests {
    @Test func deepFlowNestingFailsFastWithoutCrashing() {
        let deep = "a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        do {
            _ = try YAMLDocument.parse(deep)
            Issue.record("no error")
        } catch {
            #expect(error.reason.contains("nested deeper"))
            #expect(error.line == 1)
        }
    }

    @Test func bracketsInsideQuotesAndCommentsDoNotCount() throws {
        let text = "name: O'Brien [x]\nnote: \"" + String(repeating: "[", count: 300) + "\"\n# " + String(repeating: "{", count: 300) + "\nlist: [a, 'b]', \"c\\\"]\"]\n"
        let node = try YAMLDocument.parse(text)
        #expect(node["name"]?.stringValue == "O'Brien [x]")
        guard case .array(let items)? = node["list"]?.value else { Issue.record("list is not a list"); return }
        #expect(items.map(\.stringValue) == ["a", "b]", "c\"]"])
    }

    @Test func deepBlockIndentationIsRefused() {
        var text = ""
        for level in 0..<300 { text += String(repeating: " ", count: level * 8) + "k\(level):\n" }
        #expect(throws: YAMLDocument.ParseError.self) { try YAMLDocument.parse(text) }
    }
}
