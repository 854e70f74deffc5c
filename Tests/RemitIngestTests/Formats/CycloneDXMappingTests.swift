import RemitCore
import Testing
@testable import RemitIngest

/// How CycloneDX services and data become flows and catalog entries (README "CycloneDX").
@Suite struct CycloneDXMappingTests {
    static let labels = ["PII": "user.contact", "PIFI": "user.financial", "Customer": "user.contact", "Public": ""]
    static let context = Corpus.context(labels: labels, destinations: [("partner.org", "sp-partner"), ("*.amazon.com", "sp-aws")])

    @Test(arguments: ["1.4", "1.5", "1.6"], ["json", "xml"])
    func outboundAndBidirectionalDataAreFlowsToTheServiceEndpoints(version: String, ext: String) throws {
        let relative = "cyclonedx-specification/\(version)/valid-service-\(version).\(ext)"
        let read = try Corpus.flows(relative, context: Self.context)
        #expect(read.format == (ext == "json" ? .cyclonedxJSON : .cyclonedxXML))
        #expect(read.rejected.isEmpty)
        // PIFI outbound is a flow; "pubic" (1.4, 1.5) is unmapped and kept as written; "public"
        // (1.6) matches the "Public" label (case-insensitive), marked not personal: skipped.
        let expected = version == "1.6" ? [["user.financial"]] : [["user.financial"], ["pubic"]]
        #expect(read.records.map(\.dataCategories) == expected)
        #expect(read.stats.skipped == (version == "1.6" ? 3 : 2))
        for record in read.records {
            #expect(record.system == "Stock ticker service")
            // Both endpoints are on one host: one flow, to the first endpoint.
            #expect(record.destination == "https://partner.org/api/v1/lookup")
            #expect(record.subprocessor == "sp-partner")
            #expect(record.customer == nil && record.ts == nil && record.count == 1)
            #expect(record.location.source == relative)
        }
        #expect(read.records.first?.id == "b2a46a4b-8367-4bae-9820-95557cfe03a8/data/1")
        let line = ext == "json" ? try Corpus.line(of: "\"classification\": \"PIFI\"", in: relative) - 1
            : try Corpus.line(of: ">PIFI<", in: relative)
        #expect(read.records.first?.location.line == line)
    }

    /// A data entry must say what flows: without a classification (or with an empty one) it
    /// would pass every data-category check, so it is rejected with its line. The flow ids of
    /// the entries after it keep their places in the file.
    @Test(arguments: ["json", "xml"])
    func dataWithoutAClassificationIsRejectedAndIdsKeepTheirPlaces(ext: String) throws {
        let temp = try TempFolder()
        let json = """
            {"bomFormat": "CycloneDX", "specVersion": "1.6",
             "services": [{"bom-ref": "svc-a", "name": "A", "endpoints": ["https://partner.org/api"],
               "data": [
                 {"flow": "outbound"},
                 {"flow": "outbound", "classification": ""},
                 {"flow": "outbound", "classification": "PII"}
               ]}]}
            """
        let xml = """
            <?xml version="1.0"?>
            <bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
              <services>
                <service bom-ref="svc-a">
                  <name>A</name>
                  <endpoints><endpoint>https://partner.org/api</endpoint></endpoints>
                  <data>
                    <classification flow="outbound"/>
                    <dataflow name="">
                      <classification flow="outbound"></classification>
                    </dataflow>
                    <classification flow="outbound">PII</classification>
                  </data>
                </service>
              </services>
            </bom>
            """
        let name = "bom.cdx.\(ext)"
        let path = try temp.write(name, ext == "json" ? json : xml)
        let read = try Corpus.flows(name, path: path, context: Self.context)
        #expect(read.rejected.map(\.location.line) == (ext == "json" ? [4, 5] : [8, 10]))
        #expect(read.rejected.allSatisfy { $0.reason.contains("classification") }, "\(read.rejected.map(\.reason))")
        #expect(read.records.map(\.dataCategories) == [["user.contact"]])
        #expect(read.records.map(\.id) == ["svc-a/data/2"])
    }

    /// The BOM's top level is streamed, not parsed whole, and keeps the rules of any JSON
    /// object: a repeated key is refused where it stands; `services` of the wrong type is an
    /// error naming the field, not a JSON syntax error (unreadable, as a BOM is a flow file too).
    @Test func aRepeatedKeyOrServicesOfTheWrongTypeIsRefusedWhereItStands() throws {
        let temp = try TempFolder()
        let service = #"{"name": "A", "data": [{"flow": "outbound", "classification": "PII"}]}"#
        let repeated = try temp.write("repeated.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.5",
             "services": [\(service)],
             "services": [\(service)]}
            """)
        let twice = #expect(throws: InputError.self) { _ = try CycloneDXJSONReader.read(path: repeated, source: "repeated.json") }
        #expect(twice?.location == SourceLocation(source: "repeated.json", line: 3, column: 2))
        #expect(twice?.reason == "invalid JSON: duplicate key \"services\"")
        let object = try temp.write("object.json", #"{"bomFormat": "CycloneDX", "specVersion": "1.5", "services": {"name": "x"}}"#)
        let typed = #expect(throws: InputError.self) { _ = try CycloneDXJSONReader.read(path: object, source: "object.json") }
        #expect(typed?.kind == .unreadable && typed?.field == "services" && typed?.location.column == 62, "\(String(describing: typed))")
        #expect(typed?.reason == "`services` must be a list of objects, found an object")
        let none = try temp.write("none.json", #"{"bomFormat": "CycloneDX", "specVersion": "1.5", "services": null}"#)
        #expect(try CycloneDXJSONReader.read(path: none, source: "none.json").services.isEmpty)
    }

    @Test func withoutAProviderMappingTheDestinationHostIsLeftToTheReconciler() throws {
        let read = try Corpus.flows("cyclonedx-specification/1.6/valid-service-1.6.json")
        #expect(read.records.map(\.subprocessor) == [nil, nil])
        #expect(read.records.map(\.dataCategories) == [["PIFI"], ["public"]])
    }

    @Test(arguments: ["json", "xml"])
    func saasbomDataflowsGoToTheServicesTheyName(ext: String) throws {
        let read = try Corpus.flows("cyclonedx-specification/1.6/valid-saasbom-1.6.\(ext)",
                                    context: Corpus.context(labels: Self.labels, destinations: [("*.example.com", "sp-hosting")]))
        let flows = read.records.map { "\($0.system!) -> \($0.destination!) [\($0.subprocessor ?? "-")] \($0.dataCategories)" }
        #expect(flows == [
            "Stock Ticker Service -> https://0.0.0.0 [-] [\"user.contact\"]",
            "Stock Ticker Service -> https://ms-1.example.com [sp-hosting] [\"user.contact\"]",
            "Stock Ticker Service -> https://ms-2.example.com [sp-hosting] [\"user.financial\"]",
            "Microservice 1 -> https://example.com/ [-] [\"user.contact\"]",
            "Microservice 2 -> https://example.com/ [-] [\"user.financial\"]",
        ])
        #expect(read.records.map(\.id) == ["Consumer to Stock Service", "Stock Service to MS-1", "Stock Service to MS-2",
                                           "Stock Service to MS-1", "Stock Service to MS-2"])
        // Not flows: MS-3's public data (twice), MS-1 <-> Postgres inside "Acme Private Zone"
        // (twice), and S3's inbound entry.
        #expect(read.stats.skipped == 6)
    }

    /// One data entry goes to a host once: a dataflow naming two paths of one host (and a
    /// reference to the service behind it) was two or three flows, counted and sampled twice.
    @Test func oneDataEntryGoesToEachHostOnce() throws {
        let temp = try TempFolder()
        func bom(provider: String) -> String {
            """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "version": 1,
             "services": [
              {"bom-ref": "app", "name": "App", "data": [{"flow": "outbound", "classification": "PII",
               "destination": ["https://api.mailer.example/a", "https://API.mailer.example/b", "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#mailer",
                               "https://other.example/"]}]},
              {"bom-ref": "mailer", "name": "Mailer",\(provider) "endpoints": ["https://api.mailer.example/v3", "https://eu.mailer.example/"]}]}
            """
        }
        let path = try temp.write("bom.json", bom(provider: ""))
        let read = try Corpus.flows("bom.json", path: path, context: Corpus.context(labels: ["PII": "user"]))
        #expect(read.records.map(\.destination) == ["https://api.mailer.example/a", "https://eu.mailer.example/", "https://other.example/"])
        #expect(read.stats.records == 3)
        // The service's provider maps: the flow to its host is that subprocessor's, though the
        // URL came first.
        let mapped = try temp.write("mapped.json", bom(provider: #" "provider": {"name": "Mailer Inc.", "url": ["https://mailer.example"]},"#))
        let flows = try Corpus.flows("mapped.json", path: mapped, context: Corpus.context(labels: ["PII": "user"], destinations: [("*.mailer.example", "sp-mailer")]))
        #expect(flows.records.map { "\($0.destination!) \($0.subprocessor ?? "-")" } == [
            "https://api.mailer.example/a sp-mailer", "https://eu.mailer.example/ sp-mailer", "https://other.example/ -",
        ])
    }

    @Test func theS3BucketIsAFlowWhenItsDataIsPersonal() throws {
        let read = try Corpus.flows("cyclonedx-specification/1.6/valid-saasbom-1.6.json", context: Corpus.context(labels: ["PII": "user"]))
        let toS3 = try #require(read.records.first { $0.id == "MS-3 to S3" })
        #expect(toS3.system == "Microservice 3" && toS3.destination == "https://s3-example.amazon.com")
        #expect(toS3.dataCategories == ["Public"])
        // Private zone -> Public Internet crosses a boundary; Postgres stays inside.
        #expect(!read.records.contains { $0.destination == "https://ms-1-pgsql.example.com:5432" })
    }

    @Test(arguments: ["json", "xml"])
    func aMappedProviderDescribesASubprocessor(ext: String) throws {
        let relative = "cyclonedx-specification/1.6/valid-service-1.6.\(ext)"
        let read = try CatalogSourceReader.read(path: Corpus.path(relative), source: relative, requested: "auto", context: Self.context)
        #expect(read.format == (ext == "json" ? .cyclonedxJSON : .cyclonedxXML))
        #expect(read.diagnostics.isEmpty)
        let entry = try #require(read.descriptions.first)
        #expect(read.descriptions.count == 1)
        #expect(entry.id == "sp-partner" && entry.name == "Partner Org")
        #expect(entry.service == "Stock ticker service: Provides real-time stock information")
        #expect(entry.endpoints == ["partner.org"])
        // Every classification, whatever its direction; "public" is marked not personal.
        #expect(entry.dataCategories == ["user.contact", "user.financial", "partner-data"])
        #expect(entry.location.line > 0)
    }

    @Test func anUnmappedProviderIsAWarningNotAnEntry() throws {
        let relative = "cyclonedx-specification/1.6/valid-saasbom-1.6.json"
        let read = try CatalogSourceReader.read(path: Corpus.path(relative), source: relative, requested: "cyclonedx", context: Corpus.context())
        #expect(read.descriptions.isEmpty)
        #expect(read.diagnostics.count == 5, "one a service, and that the catalog describes no one")
        #expect(read.diagnostics.last?.message.hasPrefix("describes no subprocessor (read as cyclonedx-json)") == true)
        #expect(read.diagnostics.first?.message.contains("\"Stock Ticker Service\" is provided by \"Acme Inc\"") == true)
        #expect(read.diagnostics.first?.location.line == (try Corpus.line(of: "\"bom-ref\": \"stock-ticker-service\"", in: relative)) - 1)
    }

    @Test func servicesOfOneProviderMergeIntoOneEntry() throws {
        let relative = "cyclonedx-specification/1.6/valid-saasbom-1.6.xml"
        let read = try CatalogSourceReader.read(path: Corpus.path(relative), source: relative, requested: "auto",
                                                context: Corpus.context(labels: Self.labels, destinations: [("example.com", "sp-acme")]))
        #expect(read.descriptions.map(\.id) == ["sp-acme"])
        #expect(read.descriptions[0].endpoints == ["example.com", "ms-1.example.com", "ms-2.example.com", "ms-3.example.com"])
        #expect(read.descriptions[0].dataCategories == ["user.contact", "user.financial"])
    }

    @Test func theSourceSubprocessorOptionClaimsEveryService() throws {
        let relative = "cyclonedx-specification/1.5/valid-saasbom-1.5.json"
        let read = try CatalogSourceReader.read(path: Corpus.path(relative), source: relative, requested: "auto",
                                                context: Corpus.context(subprocessor: "sp-stock"))
        #expect(read.descriptions.map(\.id) == ["sp-stock"])
        #expect(read.descriptions[0].endpoints.contains("s3-example.amazon.com"))
    }
}
