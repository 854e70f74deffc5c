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
