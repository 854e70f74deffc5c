import RemitCore
import Testing

/// SPEC "Taxonomy keys and coverage": a key used in the register, the catalog or the flows
/// that the taxonomy does not define exactly yields `UNKNOWN_TAXONOMY_KEY` and is still
/// compared as written.
@Suite struct UnknownTaxonomyKeyTests {
    func unknownKeys(_ outcome: Outcome) -> Set<String> {
        Set(outcome.of(.unknownTaxonomyKey).map(\.key.value))
    }

    @Test func theFixtureUsesOnlyDefinedKeys() {
        #expect(Fixture().run([Fixture.flow()]).of(.unknownTaxonomyKey).isEmpty)
    }

    @Test func registerKeys() throws {
        var fixture = Fixture()
        fixture.customers[0].purposes = ["service", "service.unknown"]
        fixture.customers[0].dataCategories = ["user.contact", "user.contact.fax"]
        fixture.customers[0].subprocessors[0].purposes = ["service.delivery.notifications", "service.delivery.sms"]
        fixture.customers[0].subprocessors[0].dataCategories = ["user.contact.email", "user.device"]
        fixture.customers[0].subprocessors[0].operations = ["transfer", "teleport"]
        let outcome = fixture.run([Fixture.flow()])
        #expect(unknownKeys(outcome) == ["service.unknown", "user.contact.fax", "service.delivery.sms", "user.device", "teleport"])
        let finding = try #require(outcome[.unknownTaxonomyKey, "", "", .taxonomy, "teleport"])
        #expect(finding.severity == .low)
        #expect(finding.samples.map(\.location) == [SourceLocation(source: "register.yml", line: 20)])
    }

    @Test func catalogKeys() throws {
        var fixture = Fixture()
        fixture.descriptions[2].purposes = ["marketing.advertising", "marketing.retargeting"]
        fixture.descriptions[2].dataCategories = ["user.cookie"]
        let outcome = fixture.run([Fixture.flow()])
        #expect(unknownKeys(outcome) == ["marketing.retargeting", "user.cookie"])
        let finding = try #require(outcome[.unknownTaxonomyKey, "", "", .taxonomy, "user.cookie"])
        #expect(finding.samples.first?.location == SourceLocation(source: "catalog.json", line: 15))
    }

    @Test func flowKeysAreStillComparedAsWritten() throws {
        let outcome = Fixture().run([Fixture.flow("f-9", line: 9) {
            $0.purpose = "improve.secret"
            $0.dataCategories = ["user.contact.email", "user.gait"]
            $0.operation = "beam"
        }])
        #expect(unknownKeys(outcome) == ["improve.secret", "user.gait", "beam"])
        #expect(outcome.has(.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "improve.secret"))
        #expect(outcome.has(.dataCategoryNotAuthorized, "cust-acme", "sp-mailer", .dataCategory, "user.gait"))
        #expect(outcome.has(.operationNotAuthorized, "cust-acme", "sp-mailer", .operation, "beam"))
        let finding = try #require(outcome[.unknownTaxonomyKey, "", "", .taxonomy, "beam"])
        #expect(finding.samples.map(\.flow) == ["f-9"])
        #expect(finding.samples.map(\.location.line) == [9])
    }

    @Test func purposesTakenFromTheSystemMapAreChecked() {
        var fixture = Fixture()
        fixture.mappings.systems["legacy-svc"] = .init(purposes: ["service.legacy"])
        let outcome = fixture.run([Fixture.flow { $0.purpose = nil; $0.system = "legacy-svc" }])
        #expect(unknownKeys(outcome) == ["service.legacy"])
        #expect(outcome.has(.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "service.legacy"))
    }

    @Test func onlyAnAncestorOrOnlyADescendantDefinedIsUnknown() {
        // `user.contact` is defined, `user.contact.phone` is not; `service.operations.hosting`
        // is defined, `service.operations` is not.
        let outcome = Fixture().run([Fixture.flow {
            $0.purpose = "service.operations"
            $0.dataCategories = ["user.contact.phone"]
        }])
        #expect(unknownKeys(outcome) == ["service.operations", "user.contact.phone"])
    }

    @Test func aKeyDefinedInAnotherDimensionIsUnknown() {
        let outcome = Fixture().run([Fixture.flow { $0.dataCategories = ["service"]; $0.operation = "user" }])
        #expect(unknownKeys(outcome) == ["service", "user"])
    }

    @Test func keysOnlyInMappingsOrExceptionsAreNotChecked() {
        var fixture = Fixture()
        fixture.mappings.systems["ghost-svc"] = .init(purposes: ["service.ghost"], dataCategories: ["user.ghost"])
        fixture.mappings.labels["PII"] = "user.ghost"
        fixture.exceptions = [ExceptionRule(
            id: "EXC-1", kind: .purposeNotAuthorized, value: "improve.ghost", reason: "r", approvedBy: "p"
        )]
        #expect(fixture.run([Fixture.flow()]).of(.unknownTaxonomyKey).isEmpty)
    }

    @Test func oneFindingPerKeyAcrossInputs() throws {
        var fixture = Fixture()
        fixture.customers[0].purposes = ["service", "research"]
        fixture.descriptions[2].purposes = ["research"]
        let outcome = fixture.run([Fixture.flow { $0.purpose = "research" }, Fixture.flow { $0.purpose = "research" }])
        let findings = outcome.of(.unknownTaxonomyKey)
        #expect(findings.map(\.key.value) == ["research"])
        #expect(try #require(findings.first).flows == 2)
        #expect(try #require(findings.first).samples.count >= 3)
    }
}
