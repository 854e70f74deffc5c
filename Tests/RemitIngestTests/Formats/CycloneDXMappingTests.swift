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
