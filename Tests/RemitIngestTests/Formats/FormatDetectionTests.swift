import RemitCore
import Testing
@testable import RemitIngest

/// `format: auto`: every corpus file is recognised by content, before its extension.
@Suite struct FormatDetectionTests {
    static let corpus: [(String, SourceRole, SourceFormat)] = [
        ("cyclonedx-specification/1.4/valid-service-1.4.json", .flows, .cyclonedxJSON),
        ("cyclonedx-specification/1.4/valid-service-1.4.xml", .flows, .cyclonedxXML),
        ("cyclonedx-specification/1.5/valid-saasbom-1.5.xml", .catalog, .cyclonedxXML),
        ("cyclonedx-specification/1.6/valid-saasbom-1.6.json", .catalog, .cyclonedxJSON),
        ("cyclonedx-specification/1.6/invalid-service-data-1.6.json", .flows, .cyclonedxJSON),
        ("iab-tcf-gvl/vendor-list-v3-gvlspec3-vlv7.json", .catalog, .gvlJSON),
        ("iab-tcf-gvl/purpose-restriction-vendor-list-v2.json", .catalog, .gvlJSON),
        ("openlineage/events/python-client-example_full_event.json", .flows, .openlineageJSON),
        ("openlineage/events/python-serde_example_dataset_event.json", .flows, .openlineageJSON),
        ("openlineage/expected-with-placeholders/dbt-postgres-result.json", .flows, .openlineageJSON),
        ("fides/manifests/sample_systems.yml", .mappings, .fidesYAML),
        ("fides/manifests/demo_policy.yml", .catalog, .fidesYAML),
        ("fides/api-fixtures/systems.json", .catalog, .fidesJSON),
        ("fides/api-fixtures/dictionary-system.json", .mappings, .fidesJSON),
    ]

    @Test(arguments: corpus)
    func corpusFilesAreRecognised(relative: String, role: SourceRole, format: SourceFormat) throws {
        #expect(try FormatDetector.detect(path: Corpus.path(relative), source: relative, role: role) == format)
    }

    @Test func contentWinsOverTheExtension() throws {
        let temp = try TempFolder()
        let bom = try temp.write("bom.txt", "<?xml version=\"1.0\"?>\n<!-- a comment -->\n<cdx:bom xmlns:cdx=\"http://cyclonedx.org/schema/bom/1.5\"/>")
        #expect(try FormatDetector.detect(path: bom, source: "bom.txt", role: .flows) == .cyclonedxXML)
        let json = try temp.write("list.xml", "{\"$schema\": \"http://cyclonedx.org/schema/bom-1.6.schema.json\", \"services\": []}")
        #expect(try FormatDetector.detect(path: json, source: "list.xml", role: .catalog) == .cyclonedxJSON)
        let events = try temp.write("events.json", "{\"eventType\":\"COMPLETE\",\"job\":{}}\n{\"eventType\":\"COMPLETE\",\"job\":{}}\n")
        #expect(try FormatDetector.detect(path: events, source: "events.json", role: .flows) == .openlineageNDJSON)
        let remitFlows = try temp.write("f.json", "[{\"customer\": \"c\", \"system\": \"s\", \"destination\": \"h\"}]")
        #expect(try FormatDetector.detect(path: remitFlows, source: "f.json", role: .flows) == .remitJSON)
        let remitCatalog = try temp.write("c.yml", "subprocessors:\n  - id: sp-a\n")
        #expect(try FormatDetector.detect(path: remitCatalog, source: "c.yml", role: .catalog) == .remitYAML)
        let remitXML = try temp.write("c.xml", "<subprocessors xmlns=\"urn:remit:catalog:1\"/>")
        #expect(try FormatDetector.detect(path: remitXML, source: "c.xml", role: .catalog) == .remitXML)
    }

    @Test func aFormatInTheWrongRoleNamesTheRoleItBelongsTo() throws {
        let relative = "iab-tcf-gvl/vendor-list-v3-gvlspec3-vlv7.json"
        let error = #expect(throws: InputError.self) {
            _ = try FormatDetector.detect(path: Corpus.path(relative), source: relative, role: .flows)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.reason.contains("an IAB TCF Global Vendor List (gvl-json), which remit reads as catalog, not as flows") == true)
        let lineage = "openlineage/events/fluentd-test-complete.json"
        #expect(throws: InputError.self) { _ = try FormatDetector.detect(path: Corpus.path(lineage), source: lineage, role: .mappings) }
    }

    @Test func anExplicitFamilyPicksTheEncoding() throws {
        let temp = try TempFolder()
        let xml = try temp.write("x", "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"/>")
        #expect(try FormatDetector.detect(path: xml, source: "x", role: .catalog, requested: "cyclonedx") == .cyclonedxXML)
        let oneEvent = try temp.write("e.json", "{\n  \"eventType\": \"COMPLETE\"\n}\n")
        #expect(try FormatDetector.detect(path: oneEvent, source: "e.json", role: .flows, requested: "openlineage") == .openlineageJSON)
        let error = #expect(throws: InputError.self) { _ = try FormatDetector.detect(path: xml, source: "x", role: .flows, requested: "gvl") }
        #expect(error?.field == "format")
    }

    /// Read in another catalog format, a remit catalog has none of its keys: nothing fails,
    /// and the empty result is a warning naming the format it was read as.
    @Test(arguments: ["cyclonedx", "gvl", "fides"])
    func aCatalogReadInTheWrongFormatIsAWarning(format: String) throws {
        let temp = try TempFolder()
        let path = try temp.write("c.json", #"{"subprocessors": [{"id": "sp-a", "purposes": ["service"]}]}"#)
        let read = try CatalogSourceReader.read(path: path, source: "c.json", requested: format, context: Corpus.context())
        #expect(read.descriptions.isEmpty)
        let warning = try #require(read.diagnostics.last)
        #expect(warning.level == .warning && warning.location.source == "c.json")
        #expect(warning.message.hasPrefix("describes no subprocessor (read as \(format)-json)"), "\(warning.message)")
        let right = try CatalogSourceReader.read(path: path, source: "c.json", requested: "auto", context: Corpus.context())
        #expect(right.descriptions.count == 1 && right.diagnostics.isEmpty)
    }

    /// JSON gives its members no order: a vendor list whose `vendors` come first, or a BOM
    /// whose `bomFormat` comes last, past the 64 KiB remit looks at first, is still told by
    /// its keys (it was read as remit's own JSON, describing no one); a large file of remit's
    /// own stays remit's, and one that stops being JSON is judged by the keys before that.
    @Test func keysPastTheHeadAreRead() throws {
        let temp = try TempFolder()
        let vendors = (1...1000).map { "\"\($0)\": {\"id\": \($0), \"name\": \"Vendor \($0) with a long enough name\", \"purposes\": [1, 2], \"features\": []}" }
        let gvl = try temp.write("list.json", "{\"vendors\": {\(vendors.joined(separator: ",\n"))},\n \"gvlSpecificationVersion\": 3, \"vendorListVersion\": 9}")
        let services = (1...1200).map { "{\"bom-ref\": \"s\($0)\", \"name\": \"Service \($0)\", \"endpoints\": [\"https://s\($0).example\"]}" }
        let bom = try temp.write("bom.json", "{\"specVersion\": \"1.6\", \"services\": [\(services.joined(separator: ",\n"))],\n \"bomFormat\": \"CycloneDX\"}")
        let entries = (1...1500).map { "{\"id\": \"sp-\($0)\", \"name\": \"Vendor \($0)\", \"purposes\": [\"service\"]}" }
        let own = try temp.write("catalog.json", "{\"subprocessors\": [\(entries.joined(separator: ",\n"))], \"version\": 1}")
        let broken = try temp.write("broken.json", "{\"subprocessors\": [\(entries.joined(separator: ",\n"))], \"bomFormat\": \"CycloneDX\", ")
        for path in [gvl, bom, own, broken] { #expect(try !FileHead.read(path: path, source: "x").isComplete) }
        #expect(try FormatDetector.detect(path: gvl, source: "list.json", role: .catalog) == .gvlJSON)
        #expect(try CatalogSourceReader.read(path: gvl, source: "list.json", requested: "auto", context: Corpus.context()).descriptions.count == 1000)
        #expect(try FormatDetector.detect(path: bom, source: "bom.json", role: .catalog) == .cyclonedxJSON)
        #expect(try FormatDetector.detect(path: own, source: "catalog.json", role: .catalog) == .remitJSON)
        #expect(try FormatDetector.detect(path: broken, source: "broken.json", role: .catalog) == .cyclonedxJSON)
        // The register is known by its own `customers`, from the head alone.
        let register = try temp.write("register.json", "{\"customers\": [\((1...2000).map { "{\"id\": \"c\($0)\"}" }.joined(separator: ", "))], \"bomFormat\": \"CycloneDX\"}")
        try FormatDetector.refuseStandardFormat(path: register, source: "register.json", role: .register)
    }

    @Test func sniffingSurvivesAHeadCutAnywhere() {
        let text = Array("{\"specVersion\": \"1.6\", \"bomFormat\": \"CycloneDX\", \"components\": [{\"name\": \"x\"}], \"services\": [".utf8)
        for end in 0...text.count {
            let keys = ContentSniffer.jsonKeys(text[0..<end])
            if end == text.count { #expect(keys.strings["bomFormat"] == "CycloneDX" && keys.lists == ["components", "services"]) }
        }
        #expect(ContentSniffer.jsonKeys(Array("[{\"fides_key\": \"a\"}, {\"other\": 1}]".utf8)[...]).keys == ["fides_key"])
        let root = ContentSniffer.xmlRoot(Array("<a:flows xmlns:a=\"urn:remit:flows:1\" xmlns=\"urn:x\">".utf8)[...])
        #expect(root?.name == "flows" && root?.namespace == "urn:remit:flows:1")
        #expect(ContentSniffer.yamlKeys(Array("# c\nsystem:\n  - fides_key: a\n'policy': []\n".utf8)[...]) == ["system", "policy"])
    }
}
