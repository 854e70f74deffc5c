import RemitCore
import Testing
@testable import RemitIngest

/// The minimal mapping examples of README "Standard formats" do what the README says.
@Suite struct ReadmeExamplesTests {
    @Test func cycloneDX() throws {
        let temp = try TempFolder()
        let path = try temp.write("services.cdx.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.6",
             "services": [{"name": "Stock ticker service",
                           "provider": {"name": "Partner Org", "url": ["https://partner.org"]},
                           "endpoints": ["https://partner.org/api/v1/stock"],
                           "data": [{"classification": "PIFI", "flow": "outbound"}]}]}
            """)
        let context = Corpus.context(labels: ["PIFI": "user.financial"], destinations: [("partner.org", "sp-partner")])
        let catalog = try CatalogSourceReader.read(path: path, source: "services.cdx.json", requested: "auto", context: context)
        let entry = try #require(catalog.descriptions.first)
        #expect(entry.id == "sp-partner" && entry.name == "Partner Org" && entry.endpoints == ["partner.org"] && entry.dataCategories == ["user.financial"])
        let flows = try Corpus.flows("services.cdx.json", path: path, context: context)
        let flow = try #require(flows.records.first)
        #expect(flows.records.count == 1)
        #expect(flow.system == "Stock ticker service" && flow.destination == "https://partner.org/api/v1/stock")
        #expect(flow.subprocessor == "sp-partner" && flow.dataCategories == ["user.financial"])
        #expect(flows.format.defaultsToAllCustomers)
    }

    @Test func openLineage() throws {
        let temp = try TempFolder()
        let path = try temp.write("events.ndjson", """
            {"eventType": "COMPLETE", "eventTime": "2026-11-20T01:00:00Z", "run": {"runId": "r-1"}, "job": {"namespace": "etl", "name": "export"}, "outputs": [{"namespace": "s3://vendor-exports", "name": "users/2026-11-20", "facets": {"tags": {"tags": [{"key": "pii", "value": "true"}, {"key": "classification", "value": "EMAIL", "field": "email"}]}}}]}
            """)
        let context = Corpus.context(labels: ["pii:true": "user", "classification:EMAIL": "user.contact.email"],
                                     destinations: [("vendor-exports", "sp-vendor")])
        let flow = try #require(try Corpus.flows("events.ndjson", path: path, context: context).records.first)
        #expect(flow.subprocessor == "sp-vendor" && flow.system == "export" && flow.operation == "transfer")
        #expect(flow.dataCategories == ["user", "user.contact.email"])
    }

    @Test func fides() throws {
        let temp = try TempFolder()
        let path = try temp.write("systems.yml", """
            system:
              - fides_key: checkout
                administrating_department: payments-team
                privacy_declarations:
                  - data_use: essential.service.payment_processing
                    data_categories: [user.financial]
                egress:
                  - { fides_key: payments_gateway, type: system, data_categories: [user.financial] }
            """)
        let read = try MappingsSourceReader.read(path: path, source: "systems.yml", requested: "auto", context: Corpus.context())
        let checkout = try #require(read.mappings.systems["checkout"])
        #expect(checkout.purposes == ["essential.service.payment_processing"] && checkout.dataCategories == ["user.financial"])
        #expect(checkout.owner == "payments-team")
        #expect(read.descriptions.map(\.id) == ["payments_gateway"] && read.descriptions[0].dataCategories == ["user.financial"])
        let flows = try Corpus.flows("systems.yml", path: path)
        #expect(flows.records.map { "\($0.system!) -> \($0.subprocessor!)" } == ["checkout -> payments_gateway"])
    }
}
