import Foundation
import RemitCore
import RemitReport
import Testing

/// evidence/<customer>.json (`remit.evidence/1`): the packet for tools, the same content as the HTML.
@Suite("Evidence packets as JSON")
struct EvidenceJSONTests {
    func packet(_ directory: TemporaryDirectory, _ name: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(directory.bytes("evidence/\(name).json"))) as? [String: Any])
    }

    @Test func schemaAndTopDownOrder() throws {
        let directory = try written(SampleRun.report(), formats: [.json])
        let text = try directory.text("evidence/cust-acme.json")
        #expect(text.hasPrefix("{\n  \"schema\": \"remit.evidence/1\",\n"))
        #expect(keysInOrder(text, depth: 1).last == [
            "schema", "tool", "as_of", "config", "customer", "summary", "instructions", "general_authorization", "limits",
            "authorized", "observed", "findings", "exceptions", "inputs",
        ])
        let json = try packet(directory, "cust-acme")
        #expect((json["customer"] as? [String: Any])?["name"] as? String == "Acme Corp")
        let instruction = try #require((json["instructions"] as? [[String: Any]])?.first)
        #expect(instruction["id"] as? String == "acme-dpa-2025")
        #expect(instruction["effective"] as? String == "2025-03-01")
        #expect(instruction["expires"] as? String == "2027-03-01")
        #expect(instruction["sha256"] as? String == String(repeating: "cd", count: 32))
        #expect(instruction["in_force"] as? Bool == true)
        #expect(json["general_authorization"] is NSNull)
        #expect((json["limits"] as? [String: Any])?["regions"] as? [String] == ["EEA"])
    }

    @Test func authorizedScopeAndObservedProcessing() throws {
        let directory = try written(SampleRun.report(), formats: [.json])
        let json = try packet(directory, "cust-acme")
        let authorized = try #require(json["authorized"] as? [[String: Any]])
        #expect(authorized.map { $0["subprocessor"] as? String } == ["sp-mailer", "sp-analytics", "sp-backup"])
        let mailer = authorized[0]
        #expect(mailer["basis"] as? String == "explicit")
        #expect(mailer["instruction"] as? String == "acme-dpa-2025")
        #expect(mailer["purposes"] as? [String] == ["service.delivery.notifications"])
        #expect(mailer["data_categories"] as? [String] == ["user.contact.email", "user.name"])
        #expect(mailer["regions"] as? [String] == ["EEA"])
        #expect(mailer["operations"] as? [String] == ["store", "transfer"])
        #expect(mailer["from"] as? String == "2025-03-01")
        #expect(mailer["until"] as? String == "2026-12-31")
        #expect(mailer["described_by"] as? [String] == ["catalog.json:3"])
        #expect(authorized[1]["operations"] is NSNull, "absent operations mean any")

        let observed = try #require(json["observed"] as? [[String: Any]])
        let seen = try #require(observed.first { $0["subprocessor"] as? String == "sp-mailer" })
        #expect(seen["approved"] as? Bool == true)
        #expect(seen["flows"] as? Int == 4)
        #expect(seen["systems"] as? [String] == ["notify-svc"])
        let outside = try #require(seen["outside_scope"] as? [String: Any])
        #expect(outside["purposes"] as? [String] == ["improve.ml_training"])
        #expect(outside["regions"] as? [String] == [])
        #expect(outside["window"] as? Bool == false)
        let adtech = try #require(observed.first { $0["subprocessor"] as? String == "sp-adtech" })
        #expect(adtech["approved"] as? Bool == false)
        #expect((adtech["outside_scope"] as? [String: Any])?["purposes"] as? [String] == ["service"])

        let beta = try packet(directory, "cust-beta")
        let general = try #require(beta["general_authorization"] as? [String: Any])
        #expect(general["notice_days"] as? Int == 30)
        #expect(general["objections"] as? [String] == ["sp-adtech"])
        #expect((beta["authorized"] as? [[String: Any]])?.allSatisfy { $0["basis"] as? String == "general" } == true)
    }

    @Test func holdsTheSameFindingsAndExceptionsAsTheHTMLPacket() throws {
        let report = SampleRun.report()
        let directory = try written(report, formats: [.json, .html])
        for customer in ["cust-acme", "cust-beta"] {
            let json = try packet(directory, customer)
            let html = try directory.text("evidence/\(customer).html")
            let findings = try #require(json["findings"] as? [[String: Any]])
            let expected = report.findings.filter { $0.key.customer == customer }.map(\.fingerprint)
            #expect(findings.compactMap { $0["fingerprint"] as? String } == expected)
            for fingerprint in expected { #expect(html.contains("id=\"d-\(fingerprint)\"")) }
            for exception in json["exceptions"] as? [[String: Any]] ?? [] {
                #expect(html.contains("<bdi class=\"v\">\(exception["id"] as? String ?? "?")</bdi>"))
            }
            for scope in json["authorized"] as? [[String: Any]] ?? [] {
                #expect(html.contains("<td><bdi class=\"v\">\(scope["subprocessor"] as? String ?? "?")</bdi><br>"))
            }
        }
        let acme = try packet(directory, "cust-acme")
        let exception = try #require((acme["exceptions"] as? [[String: Any]])?.first)
        #expect(exception["approved_by"] as? String == "privacy-office")
        #expect(exception["expires"] as? String == "2027-01-31")
        #expect(exception["expired"] as? Bool == false)
    }

    @Test func listsEveryFindingWhereTheHTMLCapsThem() throws {
        var report = SampleRun.report()
        var reconciler = Reconciler(context: report.context)
        for i in 0..<2_010 {
            reconciler.add(FlowRecord(id: "f-\(i)", customer: "cust-acme", destination: "h\(i).unknown.example",
                                      purpose: "service", location: SourceLocation(source: "big.ndjson", line: i + 1)))
        }
        report.reconciliation = reconciler.finish()
        let directory = try written(report, formats: [.json, .html])
        let acme = report.findings.filter { $0.key.customer == "cust-acme" }.count
        #expect(acme > 2_000)
        #expect((try packet(directory, "cust-acme")["findings"] as? [[String: Any]])?.count == acme)
        let html = try directory.text("evidence/cust-acme.html")
        #expect(occurrences(of: "<article class=\"card finding", in: html) == 2_000)
        #expect(html.contains("Showing the first 2,000 of \(DisplayCount.of(acme)) findings, most severe first; all are in the JSON packet"))
    }

    @Test(arguments: ["../../etc/passwd", "a/b", "CON", ".hidden", "", "x\u{202E}gpj.exe"])
    func fileNamesAreSafeForAnyCustomerID(id: String) throws {
        var report = SampleRun.report()
        let customer = Customer(id: id, name: "Odd", instructions: [], subprocessors: [])
        report.context.register = Register(customers: report.context.register.customers + [customer])
        let directory = try written(report, formats: [.json, .html])
        let evidence = directory.written.filter { $0.hasPrefix("evidence/") }
        #expect(evidence.count == 6)
        for path in evidence {
            let name = String(path.dropFirst("evidence/".count))
            #expect(!name.contains("/") && !name.hasPrefix(".") && !name.contains(".."), "\(path)")
            #expect(name.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 }, "\(path)")
        }
        let jsonPath = try #require(evidence.first { $0.hasSuffix(".json") && !$0.contains("cust-") })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(directory.bytes(jsonPath))) as? [String: Any])
        #expect((json["customer"] as? [String: Any])?["id"] as? String == id, "the packet keeps the id as written")
    }
}

/// `1,234`, as the pages spell counts.
enum DisplayCount {
    static func of(_ value: Int) -> String {
        value < 1_000 ? String(value) : "\(value / 1_000),\(String(format: "%03d", value % 1_000))"
    }
}
