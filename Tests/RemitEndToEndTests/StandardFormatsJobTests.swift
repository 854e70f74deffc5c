import Foundation
import RemitCore
import RemitIngest
import RemitReport
import Testing
@testable import RemitPipeline

/// Fixtures/formats: one job mixing CycloneDX (XML and JSON), an IAB TCF vendor list,
/// OpenLineage NDJSON, fides YAML and JSON with remit's own files.
@Suite struct StandardFormatsJobTests {
    static let config = RemitBinary.packageRoot.appendingPathComponent("Fixtures/formats/remit.yml").path
    static let asOf = Instant.parse("2026-11-28T00:00:00Z")!

    @Test func checkAcceptsTheJobAndSaysWhichFormatItDetected() throws {
        let result = try RemitBinary.run(["check", "--config", Self.config])
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for expected in [
            "ok: taxonomy fideslang-taxonomy.yml (remit-yaml, ",
            "ok: mappings fides-systems.yml (fides-yaml, 2 entries)",
            "ok: catalog catalog/partner-service.cdx.xml (cyclonedx-xml, 1 entry)",
            "ok: catalog catalog/gvl-excerpt.json (gvl-json, 2 entries)",
            "ok: catalog catalog/fides-vendor.json (fides-json, 1 entry)",
            "ok: flows flows/saasbom.cdx.json (cyclonedx-json, 5 records, 0 rejected, 6 not flows)",
            "ok: flows catalog/partner-service.cdx.xml (cyclonedx-xml, 1 record, 0 rejected, 3 not flows)",
            "ok: flows flows/lineage.ndjson (openlineage-ndjson, 4 records, 0 rejected, 1 not a flow)",
        ] {
            #expect(lines.contains { $0.hasPrefix(expected) }, "missing \(expected) in\n\(result.stdout)")
        }
        #expect(lines.last == "check passed (0 warnings)")
    }

    @Test func checkNamesTheFileAndLineOfAnInvalidCycloneDXEntry() throws {
        let job = try JobFolder()
        try job.write("register.yml", "customers:\n  - id: cust-a\n")
        let bom = try String(contentsOf: RemitBinary.packageRoot.appendingPathComponent("../shared/corpus/cyclonedx-specification/1.6/invalid-service-data-1.6.xml"), encoding: .utf8)
        try job.write("bom.xml", bom)
        try job.write("remit.yml", "version: 1\nregister: register.yml\nflows: [bom.xml]\n")
        let result = try job.run(["check", "--config", "remit.yml"])
        #expect(result.exitCode == 2)
        #expect(result.stdout.contains("problems: flows bom.xml (cyclonedx-xml, 1 record, 1 rejected)"), "\(result.stdout)")
        #expect(result.stdout.contains("bom.xml:7: rejected: CycloneDX flow: `flow` must be inbound, outbound, bi-directional or unknown, found \"foo\""))
        try job.write("remit.yml", "version: 1\nregister: register.yml\ncatalog: [bom.xml]\n")
        let catalog = try job.run(["check", "--config", "remit.yml"])
        #expect(catalog.exitCode == 2)
        #expect(catalog.stdout.contains("error: bom.xml:7 (field `flow`): `flow` must be"), "\(catalog.stdout)")
    }

    /// The job's inputs as `remit run` loads them (sources made ready in a throwaway state folder).
    static func loadJob() throws -> JobInputs {
        let file = try JobFile.load(config)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("remit-formats-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let sources = try SourceStage.prepare(file, state: state, offline: false)
        return try JobInputs.load(file, sources: sources, asOf: asOf)
    }

    @Test func theJobLoadsEveryFormatIntoOneModel() throws {
        let job = try Self.loadJob()
        #expect(job.context.catalog.order == ["sp-hosting", "sp-aws", "sp-warehouse", "sp-partner", "tcf.vendor.6", "sp-adtech", "tcf.vendor.733"])
        let partner = try #require(job.context.catalog["sp-partner"])
        #expect(partner.endpoints.map(\.value) == ["partner.org"])
        #expect(partner.categoryKeys == ["user.contact", "user.financial", "user.content"])
        #expect(partner.dataCategories.first?.sources == ["catalog/partner-service.cdx.xml"])
        #expect(job.context.catalog["sp-adtech"]?.name == "Google Advertising Products")
        #expect(job.context.catalog["tcf.vendor.733"]?.purposeKeys == ["functional.service.improve", "advertising"])
        #expect(job.context.mappings.systems["demo_marketing_system"]?.purposes == ["marketing.advertising"])
        #expect(job.context.mappings.systems["myjob.mytask"]?.purposes == ["improve.analytics"])
        // The fides catalog source also feeds the systems map.
        #expect(job.context.mappings.systems["gvl.733"] != nil)
        #expect(job.flows.map(\.format.rawValue) == ["cyclonedx-json", "cyclonedx-xml", "openlineage-ndjson"])
        #expect(job.flows.allSatisfy { $0.customers == .all && $0.spec.customers == nil })
        // taxonomy, register, catalog sources, then mappings: inputs are listed by role.
        #expect(job.inputs.map(\.format) == ["remit-yaml", "remit-yaml", "remit-json", "cyclonedx-xml", "gvl-json", "fides-json", "remit-yaml", "fides-yaml"])
    }

    @Test func reconcilingTheJobCountsDeclaredFlowsForEveryCustomer() throws {
        let job = try Self.loadJob()
        var reconciler = Reconciler(context: job.context)
        let inputs = try FlowStage.run(job, into: &reconciler, progress: Progress(enabled: false) { _ in })
        #expect(inputs.map(\.records) == [5, 1, 4])
        let findings = reconciler.finish().findings
        func finding(_ kind: FindingKind, _ customer: String, _ subprocessor: String, _ value: String) -> Finding? {
            findings.first { $0.key.kind == kind && $0.key.customer == customer && $0.key.subprocessor == subprocessor && $0.key.value == value }
        }
        // CycloneDX: the SaaSBOM's consumer dataflow goes to a host nobody maps, for each customer.
        for customer in ["cust-acme", "cust-beta"] {
            #expect(finding(.unknownDestination, customer, "", "0.0.0.0")?.samples.first?.location.source == "flows/saasbom.cdx.json")
        }
        // CycloneDX: the partner receives financial data Acme never authorized (high risk).
        let financial = try #require(finding(.dataCategoryNotAuthorized, "cust-acme", "sp-partner", "user.financial"))
        #expect(financial.severity == .high)
        #expect(financial.samples.first?.location.source == "catalog/partner-service.cdx.xml")
        // OpenLineage: the warehouse job's purpose comes from mappings.systems; Acme authorized
        // it, Beta (general authorization limited to `service`) did not.
        #expect(finding(.purposeNotAuthorized, "cust-acme", "sp-warehouse", "improve.analytics") == nil)
        #expect(finding(.purposeNotAuthorized, "cust-beta", "sp-warehouse", "improve.analytics")?.flows == 2)
        // OpenLineage: the fluentd job's output lands at sp-aws, so that authorization is used.
        #expect(finding(.unusedAuthorization, "cust-acme", "sp-aws", "") == nil)
        // GVL and fides descriptions exceed what Beta was notified of.
        #expect(finding(.descriptionExceedsAuthorization, "cust-beta", "tcf.vendor.6", "marketing.advertising") != nil)
        #expect(finding(.descriptionExceedsAuthorization, "cust-beta", "tcf.vendor.733", "advertising") != nil)
        // A drifted fides key is unknown to fideslang's taxonomy.
        #expect(finding(.unknownTaxonomyKey, "", "", "advertising")?.samples.first?.location.source == "catalog/fides-vendor.json")
        #expect(!findings.contains { $0.key.kind == .invalidRecord })
    }
}
