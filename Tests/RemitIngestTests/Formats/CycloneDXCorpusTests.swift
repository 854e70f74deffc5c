import RemitCore
import Testing
@testable import RemitIngest

/// The CycloneDX specification's own test BOMs (1.4–1.6, XML and JSON) read into the model.
@Suite struct CycloneDXCorpusTests {
    static let versions = ["1.4", "1.5", "1.6"]

    func bom(_ relative: String) throws -> CycloneDXBOM {
        relative.hasSuffix(".xml") ? try CycloneDXXMLReader.read(path: Corpus.path(relative), source: relative)
            : try CycloneDXJSONReader.read(path: Corpus.path(relative), source: relative)
    }

    func file(_ version: String, _ name: String, _ ext: String) -> String {
        "cyclonedx-specification/\(version)/\(name)-\(version).\(ext)"
    }

    @Test(arguments: versions, ["json", "xml"])
    func validServiceHasItsServiceEndpointsAndClassifications(version: String, ext: String) throws {
        let relative = file(version, "valid-service", ext)
        let bom = try bom(relative)
        #expect(bom.problems.isEmpty)
        #expect(bom.specVersion == version)
        #expect(bom.serialNumber == "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79")
        let service = try #require(bom.services.first)
        #expect(bom.services.count == 1)
        #expect(service.bomRef == "b2a46a4b-8367-4bae-9820-95557cfe03a8")
        #expect(service.name == "Stock ticker service")
        #expect(service.group == "org.partner")
        #expect(service.description == "Provides real-time stock information")
        #expect(service.provider == CycloneDXProvider(name: "Partner Org", urls: ["https://partner.org"]))
        #expect(service.endpoints == ["https://partner.org/api/v1/lookup", "https://partner.org/api/v1/stock"])
        #expect(service.crossesTrustBoundary == true)
        #expect(service.trustZone == nil)
        // 1.4 and 1.5 carry the upstream typo "pubic"; 1.6 says "public".
        let third = version == "1.6" ? "public" : "pubic"
        #expect(service.data.map(\.classification) == ["PII", "PIFI", third, "partner-data"])
        #expect(service.data.map(\.flow) == [.inbound, .outbound, .biDirectional, .unknown])
        let firstLine = ext == "json" ? try Corpus.line(of: "\"classification\": \"PII\"", in: relative) - 1
            : try Corpus.line(of: "<classification flow=\"inbound\">PII", in: relative)
        #expect(service.data.first?.location == SourceLocation(source: relative, line: firstLine, column: ext == "json" ? 9 : 0))
        #expect(service.location.line == (try Corpus.line(of: ext == "json" ? "\"bom-ref\": \"b2a46a4b" : "<service bom-ref", in: relative)) - (ext == "json" ? 1 : 0))
    }

    @Test(arguments: versions, ["valid-service", "valid-service-empty-objects"])
    func xmlAndJSONGiveTheSameModel(version: String, name: String) throws {
        let json = try bom(file(version, name, "json"))
        let xml = try bom(file(version, name, "xml"))
        #expect(json == xml)
        #expect(json.services.count == 1)
    }

    @Test(arguments: versions)
    func emptyObjectsLoadAsAServiceWithNothingDeclared(version: String) throws {
        for ext in ["json", "xml"] {
            let service = try #require(try bom(file(version, "valid-service-empty-objects", ext)).services.first)
            #expect(service.name == "Stock ticker service")
            #expect(service.provider == CycloneDXProvider(name: nil, urls: []))
            #expect(service.endpoints.isEmpty && service.data.isEmpty && service.services.isEmpty)
            let flows = try Corpus.flows(file(version, "valid-service-empty-objects", ext))
            #expect(flows.stats.records == 0 && flows.stats.skipped == 0)
        }
    }

    @Test(arguments: ["1.5", "1.6"], ["json", "xml"])
    func saasbomHasNestedServicesTrustZonesAndDataflows(version: String, ext: String) throws {
        let bom = try bom(file(version, "valid-saasbom", ext))
        #expect(bom.problems.isEmpty)
        #expect(bom.services.map(\.bomRef) == ["stock-ticker-service"])
        let all = bom.allServices
        #expect(all.map(\.bomRef) == ["stock-ticker-service", "ms-1.example.com", "ms-2.example.com", "ms-3.example.com",
                                      "ms-1-pgsql.example.com", "s3-example.amazon.com"])
        #expect(all.map(\.trustZone) == ["Acme Public Zone", "Acme Private Zone", "Acme Private Zone", "Acme Private Zone",
                                         "Acme Private Zone", "Public Internet"])
        #expect(all.map { $0.provider?.name } == ["Acme Inc", "Acme Inc", "Acme Inc", "Acme Inc", nil, nil])
        #expect(all[4].endpoints == ["https://ms-1-pgsql.example.com:5432"])
        let top = all[0]
        #expect(top.data.map(\.name) == ["Consumer to Stock Service", "Stock Service to MS-1", "Stock Service to MS-2", "Stock Service to MS-3"])
        #expect(top.data[0].sources == ["https://0.0.0.0"] && top.data[0].destinations == ["https://0.0.0.0"])
        #expect(top.data[1].destinations == ["urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#ms-1.example.com"])
        #expect(bom.service(referencedBy: top.data[1].destinations[0])?.name == "Microservice 1")
        let toS3 = try #require(all[3].data.last)
        #expect(toS3.name == "MS-3 to S3" && toS3.flow == .outbound && toS3.sources.isEmpty)
        #expect(toS3.destinations == ["urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#s3-example.amazon.com"])
        #expect(all[5].data.map(\.flow) == [.inbound])
        // Governance: 1.6 (both encodings) and the 1.5 JSON put the owner on MS-1's dataflow;
        // the 1.5 XML puts it on the consumer dataflow of the top service (upstream difference).
        let owned = version == "1.5" && ext == "xml" ? top.data[0] : all[1].data[0]
        #expect(owned.owners == ["Customer Name"])
        #expect(bom.allServices.flatMap(\.data).filter { !$0.owners.isEmpty }.count == 1)
    }

    @Test func saasbom16IsTheSameInXMLAndJSON() throws {
        #expect(try bom(file("1.6", "valid-saasbom", "json")) == bom(file("1.6", "valid-saasbom", "xml")))
    }

    /// The 1.5 upstream files were edited apart; the model shows exactly where.
    @Test func saasbom15DiffersOnlyWhereUpstreamDiffers() throws {
        let json = try bom(file("1.5", "valid-saasbom", "json")).allServices
        let xml = try bom(file("1.5", "valid-saasbom", "xml")).allServices
        #expect(json[0].name == "Stock Ticker Service" && xml[0].name == "Stock ticker Service")
        #expect(json[2].data[0].classification == "PIFI" && xml[2].data[0].classification == "PII")
        #expect(json[3].data[0].classification == "Public" && xml[3].data[0].classification == "PII")
        #expect(json[5].data[0].classification == "Public" && xml[5].data[0].classification == "Public")
        #expect(json.map(\.endpoints) == xml.map(\.endpoints))
        #expect(json.map(\.trustZone) == xml.map(\.trustZone))
        #expect(json.map { $0.data.map(\.destinations) } == xml.map { $0.data.map(\.destinations) })
    }

    @Test(arguments: versions, ["json", "xml"])
    func invalidFlowIsAProblemNamingFileAndLine(version: String, ext: String) throws {
        let relative = file(version, "invalid-service-data", ext)
        let bom = try bom(relative)
        let problem = try #require(bom.problems.first)
        #expect(bom.problems.count == 1)
        #expect(problem.field == "flow")
        #expect(problem.reason.contains(ext == "json" ? "\"bar\"" : "\"foo\""))
        #expect(problem.reason.contains("inbound, outbound, bi-directional or unknown"))
        let line = try Corpus.line(of: ext == "json" ? "\"flow\": \"bar\"" : "flow=\"foo\"", in: relative)
        #expect(problem.location.source == relative && problem.location.line == line)
        #expect(bom.services.first?.name == "Stock ticker service")
        #expect(bom.services.first?.data.isEmpty == true)

        // As flows: one INVALID_RECORD-to-be with that location; as a catalog: an error.
        let flows = try Corpus.flows(relative)
        #expect(flows.stats.records == 1 && flows.stats.rejected == 1 && flows.records.isEmpty)
        #expect(flows.rejected.first?.location == problem.location)
        #expect(flows.rejected.first?.reason.hasPrefix("CycloneDX flow: `flow` must be") == true)
        let error = #expect(throws: InputError.self) {
            _ = try CycloneDXCatalog.descriptions(bom, context: Corpus.context())
        }
        #expect(error?.kind == .configuration && error?.field == "flow" && error?.location.line == line)
        #expect(error?.description.hasPrefix("\(relative):\(line)") == true)
    }

    @Test func aBOMThatIsNotCycloneDXIsRefused() throws {
        let temp = try TempFolder()
        let xml = try temp.write("x.xml", "<bom xmlns=\"urn:other\"><services/></bom>")
        #expect(throws: InputError.self) { _ = try CycloneDXXMLReader.read(path: xml, source: "x.xml") }
        let json = try temp.write("x.json", "{\"bomFormat\": \"SPDX\", \"services\": []}")
        let error = #expect(throws: InputError.self) { _ = try CycloneDXJSONReader.read(path: json, source: "x.json") }
        #expect(error?.field == "bomFormat")
        let entities = try temp.write("e.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY a \"aaaa\">]>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">&a;</bom>")
        let hardened = #expect(throws: InputError.self) { _ = try CycloneDXXMLReader.read(path: entities, source: "e.xml") }
        #expect(hardened?.kind == .unreadable && hardened?.reason.contains("DOCTYPE") == true)
        let broken = try temp.write("b.json", "{\"bomFormat\": \"CycloneDX\", \"services\": [{\"name\": \"a\",]}")
        let syntax = #expect(throws: InputError.self) { _ = try CycloneDXJSONReader.read(path: broken, source: "b.json") }
        #expect(syntax?.kind == .unreadable && syntax?.location.line == 1)
    }
}
