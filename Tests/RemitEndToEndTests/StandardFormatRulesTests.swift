import Foundation
import Testing

/// Rules of the standard-format adapters that only a whole job shows (README "Standard
/// formats"), through the real binary.
@Suite struct StandardFormatRulesTests {
    /// One customer, `cust-a`, who authorizes `sp-vendor` for `service` and `categories`.
    static func register(categories: String) -> String {
        """
        customers:
          - id: cust-a
            instructions:
              - { id: dpa, kind: dpa, ref: "DPA", effective: 2025-01-01 }
            purposes: [service]
            data_categories: [user]
            subprocessors:
              - { id: sp-vendor, instruction: dpa, purposes: [service], data_categories: [\(categories)] }
        """
    }

    /// A fides manifest among the mappings sources, whose egress target only a label of the
    /// job's own mappings file names as a subprocessor.
    static func writeFidesJob(_ job: JobFolder, mappings: [String]) throws {
        try job.write("register.yml", register(categories: "user.contact"))
        try job.write("labels.yml", "labels:\n  \"payments_gateway\": sp-vendor\n")
        try job.write("systems.yml", """
            system:
              - fides_key: checkout
                privacy_declarations:
                  - { data_use: essential.service.payment_processing, data_categories: [user.financial] }
                egress:
                  - { fides_key: payments_gateway, type: system, data_categories: [user.financial] }
            """)
        try job.write("remit.yml", "version: 1\nregister: register.yml\nmappings: [\(mappings.joined(separator: ", "))]\noutput: out\n")
    }

    /// The findings of a run, without the inputs (listed in the job's order).
    static func findings(_ job: JobFolder) throws -> [[String: Any]] {
        let document = try JSONSerialization.jsonObject(with: try job.read("out/findings.json")) as? [String: Any]
        return try #require(document?["findings"] as? [[String: Any]])
    }

    @Test func theOrderOfTheMappingsSourcesChangesNothing() throws {
        var runs: [(exitCode: Int32, kinds: [String])] = []
        for order in [["labels.yml", "systems.yml"], ["systems.yml", "labels.yml"]] {
            let job = try JobFolder()
            try Self.writeFidesJob(job, mappings: order)
            let result = try job.run(["run", "--config", "remit.yml", "--as-of", "2026-11-28T00:00:00Z"])
            let kinds = try Self.findings(job).map { "\($0["kind"]!) \($0["subprocessor"]!) \($0["value"]!)" }
            runs.append((result.exitCode, kinds))
        }
        // The vendor described through the label exceeds the authorization, whichever source comes first.
        #expect(runs[0].exitCode == 1)
        #expect(runs[0].kinds.contains("DESCRIPTION_EXCEEDS_AUTHORIZATION sp-vendor user.financial"), "\(runs[0].kinds)")
        #expect(runs[1].exitCode == runs[0].exitCode)
        #expect(runs[1].kinds == runs[0].kinds)
    }

    /// A vendor list as the register (or a BOM as the exceptions) is refused with the role it
    /// belongs to, not read as a register of no customers whose every flow is then unknown.
    @Test func aStandardFormatInARoleOfRemitsOwnIsRefused() throws {
        let corpus = RemitBinary.packageRoot.appendingPathComponent("../shared/corpus")
        let gvl = try Data(contentsOf: corpus.appendingPathComponent("iab-tcf-gvl/vendor-list-v3-gvlspec3-vlv7.json"))
        let bom = try Data(contentsOf: corpus.appendingPathComponent("cyclonedx-specification/1.6/valid-service-1.6.json"))
        let job = try JobFolder()
        try job.write("gvl.json", bytes: Array(gvl))
        try job.write("bom.json", bytes: Array(bom))
        try job.write("register.yml", "customers:\n  - id: cust-a\n")
        for (config, messages) in [
            ("register: gvl.json\n", ["gvl.json:1:1", "an IAB TCF Global Vendor List (gvl-json), which remit reads as catalog, not as register"]),
            ("register: register.yml\nexceptions: bom.json\n", ["bom.json:1:1", "a CycloneDX BOM (cyclonedx-json), which remit reads as catalog or flows, not as exceptions"]),
            ("register: register.yml\ntaxonomy: bom.json\n", ["bom.json:1:1", "a CycloneDX BOM (cyclonedx-json), which remit reads as catalog or flows, not as taxonomy"]),
        ] {
            try job.write("remit.yml", "version: 1\noutput: out\n" + config)
            for arguments in [["check", "--config", "remit.yml"], ["run", "--config", "remit.yml", "--as-of", "2026-11-28T00:00:00Z"]] {
                let result = try job.run(arguments)
                let said = result.stdout + result.stderr
                #expect(result.exitCode == 2, "\(arguments[0]): \(said)")
                for message in messages { #expect(said.contains(message), "\(arguments[0]): \(said)") }
            }
        }
    }

    /// What looks like a standard format is refused only when the file has none of the role's
    /// own keys, and never with `format: remit`: a newer register with a `policy:` key (a fides
    /// one) is still a register, its unknown key reported by `remit check`.
    @Test func aRemitFileWithAKeyOfAStandardFormatIsStillRead() throws {
        let job = try JobFolder()
        try job.write("register.yml", "customers:\n  - id: cust-a\npolicy: \"Processing policy v2\"\n")
        try job.write("system.yml", "system:\n  - fides_key: checkout\n")
        for (register, exit) in [("register.yml", Int32(0)), ("{ source: system.yml, format: remit }", 0), ("system.yml", 2)] {
            try job.write("remit.yml", "version: 1\noutput: out\nregister: \(register)\n")
            let result = try job.run(["check", "--config", "remit.yml"])
            #expect(result.exitCode == exit, "\(register): \(result.stdout)\(result.stderr)")
            if register == "register.yml" { #expect(result.stdout.contains("unknown key `policy`"), "\(result.stdout)") }
        }
    }

    /// A flow source's configuration mistake (a fides manifest's wrong type) exits 2 from
    /// `remit check` as from `remit run`; a flow file that cannot be read through exits 3.
    @Test func checkAndRunExitAlikeOnAFlowSourcesMistake() throws {
        let job = try JobFolder()
        try job.write("register.yml", "customers:\n  - id: cust-a\n")
        try job.write("typed.yml", "system:\n  fides_key: checkout\n")
        try job.write("broken.json", "{\"bomFormat\": \"CycloneDX\", \"services\": [\n")
        for (flows, exit) in [("typed.yml", Int32(2)), ("broken.json", 3)] {
            try job.write("remit.yml", "version: 1\noutput: out\nregister: register.yml\nflows: [\(flows)]\n")
            let check = try job.run(["check", "--config", "remit.yml"])
            let run = try job.run(["run", "--config", "remit.yml", "--as-of", "2026-11-28T00:00:00Z"])
            #expect(check.exitCode == exit, "\(flows): \(check.stdout)\(check.stderr)")
            #expect(run.exitCode == exit, "\(flows): \(run.stdout)\(run.stderr)")
        }
    }

    /// Keys a standard format does not define are reported by `remit check` (SPEC "Job
    /// config"), counted over the entries that hold them; extension points (facets, another
    /// namespace's elements) are not.
    @Test func checkReportsKeysAStandardFormatDoesNotDefine() throws {
        let job = try JobFolder()
        try job.write("register.yml", "customers:\n  - id: cust-a\n")
        try job.write("bom.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "colour": "red",
             "services": [{"name": "A", "colour": "blue", "provider": {"name": "P", "homepage": "x"},
                           "data": [{"flow": "outbound", "classification": "PII", "clasification": "typo"}]},
                          {"name": "B", "colour": "green"}]}
            """)
        try job.write("bom.xml", """
            <?xml version="1.0"?>
            <bom xmlns="http://cyclonedx.org/schema/bom/1.6" xmlns:x="urn:example:ext" version="1">
              <services>
                <service><name>A</name><colour>red</colour><x:note>extension</x:note>
                  <data><classification flow="outbound">PII</classification></data>
                </service>
              </services>
            </bom>
            """)
        try job.write("events.ndjson", """
            {"eventType": "COMPLETE", "eventTime": "2026-11-27T01:00:00Z", "run": {"runId": "r-1", "facets": {"anything": {"x": 1}}}, "job": {"namespace": "ns", "name": "j", "nmae": "typo"}, "outputs": [], "extra": 1}
            {"eventType": "COMPLETE", "eventTime": "2026-11-27T01:00:00Z", "run": {"runId": "r-2"}, "job": {"namespace": "ns", "name": "j"}, "outputs": [], "extra": 2}

            """)
        try job.write("gvl.json", """
            {"gvlSpecificationVersion": 3, "vendorListVersion": 9, "vendors": {
              "6": {"id": 6, "name": "Six", "purposes": [1], "purpose": [2]}}}
            """)
        try job.write("remit.yml", "version: 1\noutput: out\nregister: register.yml\ncatalog: [gvl.json]\nflows: [bom.json, bom.xml, events.ndjson]\n")
        let check = try job.run(["check", "--config", "remit.yml"])
        #expect(check.exitCode == 0, "\(check.stdout)\(check.stderr)")
        for expected in [
            "  warning: unknown key `colour` in 1 CycloneDX BOM (first at bom.json:1:",
            "  warning: unknown key `colour` in 2 CycloneDX services (first at bom.json:2:",
            "  warning: unknown key `homepage` in 1 CycloneDX provider (first at bom.json:2:",
            "  warning: unknown key `clasification` in 1 CycloneDX data entry (first at bom.json:3:",
            "  warning: unknown key `colour` in 1 CycloneDX service (first at bom.xml:4), ignored",
            "  warning: unknown key `nmae` in 1 OpenLineage job (first at events.ndjson:1:",
            "  warning: unknown key `extra` in 2 OpenLineage events (first at events.ndjson:1:",
            "gvl.json:2:",
        ] {
            #expect(check.stdout.contains(expected), "missing \(expected) in\n\(check.stdout)")
        }
        #expect(check.stdout.contains("unknown key `purpose` in 1 GVL vendor (ignored)"), "\(check.stdout)")
        #expect(!check.stdout.contains("anything") && !check.stdout.contains("note"), "\(check.stdout)")
        #expect(check.stdout.contains("check passed (8 warnings)"), "\(check.stdout)")
    }

    /// A fides project split over several manifests: an egress to a system another manifest
    /// of the job defines is internal (it was a third party, so every customer had a high
    /// `UNAUTHORIZED_SUBPROCESSOR` for the company's own database), one to a vendor system
    /// defined elsewhere goes to that vendor, one to a system of a vendor's own manifest
    /// (`subprocessor:`) to that subprocessor, and a label of the job's still wins; whichever
    /// role lists the manifests.
    @Test func anEgressToASystemAnotherManifestDefinesIsNotAThirdParty() throws {
        let job = try JobFolder()
        try job.write("register.yml", Self.register(categories: "user.contact"))
        try job.write("a.yml", """
            system:
              - fides_key: web_app
                privacy_declarations:
                  - { data_use: service, data_categories: [user.contact] }
                egress:
                  - { fides_key: orders_db, type: system, data_categories: [user.contact] }
                  - { fides_key: mailer, type: system, data_categories: [user.contact] }
                  - { fides_key: ledger, type: system, data_categories: [user.contact] }
                  - { fides_key: mailer-api, type: system, data_categories: [user.contact] }
                  - { fides_key: audit-svc, type: system, data_categories: [user.contact] }
            """)
        try job.write("b.yml", """
            system:
              - fides_key: orders_db
                privacy_declarations:
                  - { data_use: service, data_categories: [user.contact] }
              - fides_key: audit-svc
              - fides_key: mailer
                vendor_id: sp-vendor
            """)
        try job.write("vendor.yml", "system:\n  - fides_key: mailer-api\n")
        try job.write("own.yml", "systems:\n  ledger: { purposes: [service] }\nlabels:\n  audit-svc: sp-vendor\n")
        let vendor = "  - { source: vendor.yml, subprocessor: sp-vendor }"
        for roles in ["mappings: [own.yml, a.yml, b.yml]\nflows: [a.yml, b.yml]\ncatalog:\n\(vendor)",
                      "mappings: [own.yml]\ncatalog:\n  - b.yml\n\(vendor)\nflows: [a.yml]",
                      "mappings: [own.yml]\nflows: [b.yml, a.yml]\ncatalog:\n\(vendor)"] {
            try job.write("remit.yml", "version: 1\nregister: register.yml\n\(roles)\noutput: out\n")
            let check = try job.run(["check", "--config", "remit.yml"])
            // mailer, mailer-api and audit-svc are sp-vendor's; orders_db and ledger the company's.
            #expect(check.stdout.contains("ok: flows a.yml (fides-yaml, 3 records, 0 rejected)"), "\(roles): \(check.stdout)")
            let run = try job.run(["run", "--config", "remit.yml", "--as-of", "2026-11-28T00:00:00Z", "--fail-on", "none"])
            #expect(run.exitCode == 0, "\(roles): \(run.stderr)")
            let findings = try Self.findings(job).map { "\($0["kind"] as? String ?? "") \($0["subprocessor"] as? String ?? "") \($0["value"] as? String ?? "")" }
            #expect(!findings.contains { ["orders_db", "ledger", "mailer", "audit-svc"].contains(where: $0.contains) }, "\(roles): \(findings)")
            #expect(!findings.contains { $0.hasPrefix("UNUSED_AUTHORIZATION sp-vendor") }, "\(roles): \(findings)")
        }
    }

    /// fides documents too: a misspelt key of a system, a privacy declaration or a data flow
    /// is reported wherever the manifest is read (mappings, catalog, flows), and the keys
    /// of the fides versions' own System API objects are not.
    @Test func checkReportsKeysNoFidesVersionDefines() throws {
        let job = try JobFolder()
        try job.write("register.yml", "customers:\n  - id: cust-a\n")
        try job.write("systems.yml", """
            system:
              - fides_key: checkout
                privacy_declaration:
                  - { data_use: essential.service }
                egress:
                  - { fides_key: mailer, type: system, data_categorys: [user.contact] }
              - fides_key: mailer
                vendor_id: mailer-inc
                dpa_location: https://mailer.example/dpa

            """)
        try job.write("remit.yml", "version: 1\noutput: out\nregister: register.yml\nmappings: [systems.yml]\ncatalog: [systems.yml]\nflows: [systems.yml]\n")
        let check = try job.run(["check", "--config", "remit.yml"])
        #expect(check.exitCode == 0, "\(check.stdout)\(check.stderr)")
        let lines = check.stdout.split(separator: "\n").map(String.init)
        // Once, though the manifest is read as mappings and as catalog (and listed under its
        // flows source as well).
        #expect(lines.filter { $0 == "systems.yml:4:7: warning: unknown key `privacy_declaration` in 1 fides system (ignored)" }.count == 1, "\(check.stdout)")
        #expect(lines.filter { $0 == "systems.yml:6:60: warning: unknown key `data_categorys` in 1 fides data flow (ignored)" }.count == 1, "\(check.stdout)")
        for expected in [
            "  warning: unknown key `privacy_declaration` in 1 fides system (first at systems.yml:4:7), ignored",
            "  warning: unknown key `data_categorys` in 1 fides data flow (first at systems.yml:6:60), ignored",
        ] {
            #expect(lines.contains(expected), "missing \(expected) in\n\(check.stdout)")
        }
        #expect(!check.stdout.contains("dpa_location"), "\(check.stdout)")
        #expect(check.stdout.contains("check passed (4 warnings)"), "\(check.stdout)")
    }

    /// A CycloneDX flows source with `subprocessor:` is that vendor's BOM: every service it
    /// sends to stands for that subprocessor (the option reached only the catalog role).
    @Test func aFlowSourcesSubprocessorOptionNamesItsServices() throws {
        let job = try JobFolder()
        try job.write("register.yml", Self.register(categories: "user"))
        try job.write("bom.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
             "services": [{"bom-ref": "partner-api", "name": "Partner API", "endpoints": ["https://api.partner.example/v1"],
                           "data": [{"classification": "PII", "flow": "outbound"}]}]}
            """)
        var values: [String: [String]] = [:]
        for option in ["", "\n    subprocessor: sp-vendor"] {
            try job.write("remit.yml", "version: 1\nregister: register.yml\nflows:\n  - source: bom.json\(option)\noutput: out\n")
            let result = try job.run(["run", "--config", "remit.yml", "--as-of", "2026-11-28T00:00:00Z", "--fail-on", "none"])
            #expect(result.exitCode == 0, "\(result.stderr)")
            values[option] = try Self.findings(job).map { "\($0["kind"] as? String ?? "") \($0["subprocessor"] as? String ?? "") \($0["value"] as? String ?? "")" }
        }
        #expect(values[""]?.contains("UNKNOWN_DESTINATION  api.partner.example") == true, "\(values)")
        let with = values["\n    subprocessor: sp-vendor"] ?? []
        #expect(!with.contains { $0.hasPrefix("UNKNOWN_DESTINATION") } && with.contains { $0.contains(" sp-vendor ") }, "\(with)")
    }
}
