import RemitCore
import Testing

/// SPEC "Reconciliation", checks without flows: DESCRIPTION_EXCEEDS_AUTHORIZATION,
/// AUTHORIZATION_WITHOUT_INSTRUCTION, UNKNOWN_SUBPROCESSOR, UNUSED_AUTHORIZATION.
@Suite struct StandingChecksTests {
    @Test func theFixtureWithoutFlowsOnlyMissesAcmesFlows() {
        let outcome = Fixture().run()
        #expect(outcome.keys == [key(.unusedAuthorization, "cust-acme", "sp-mailer", .pair, "")])
        #expect(outcome.findings.first?.severity == .info)
    }

    @Test func descriptionExceedsAnExplicitAuthorization() {
        var fixture = Fixture()
        fixture.descriptions.append(SubprocessorDescription(
            id: "sp-mailer", purposes: ["improve.ml_training", "service.delivery.notifications"],
            dataCategories: ["user.financial", "user.name"], regions: ["us", "ie", "ch"],
            location: SourceLocation(source: "https://vendor.example/sp.xml", line: 7)
        ))
        let outcome = fixture.run([Fixture.flow()])
        let acme = outcome.of(.descriptionExceedsAuthorization).filter { $0.key.customer == "cust-acme" }
        #expect(Set(acme.map(\.key)) == [
            key(.descriptionExceedsAuthorization, "cust-acme", "sp-mailer", .purpose, "improve.ml_training"),
            key(.descriptionExceedsAuthorization, "cust-acme", "sp-mailer", .dataCategory, "user.financial"),
            key(.descriptionExceedsAuthorization, "cust-acme", "sp-mailer", .region, "US"),
            key(.descriptionExceedsAuthorization, "cust-acme", "sp-mailer", .region, "CH"),
        ])
        let medium = outcome[.descriptionExceedsAuthorization, "cust-acme", "sp-mailer", .region, "US"]
        #expect(medium?.severity == .medium)
    }

    /// Several sources describe one subprocessor: each finding cites the source that said
    /// the value, for an explicit authorization and a general one, and so does an unknown
    /// taxonomy key from the catalog.
    @Test func eachExcessCitesTheSourceThatDescribesTheValue() throws {
        var fixture = Fixture()
        let published = SourceLocation(source: "https://vendor.example/sp.xml", line: 7)
        fixture.descriptions.append(SubprocessorDescription(
            id: "sp-mailer", purposes: ["improve.ml_training", "service.delivery.notifications", "improve.bogus"], regions: ["us", "de"],
            location: published
        ))
        let outcome = fixture.run([Fixture.flow()])
        for customer in ["cust-acme", "cust-globex"] {
            for (dimension, value) in [(FindingDimension.purpose, "improve.ml_training"), (.region, "US")] {
                let finding = try #require(outcome[.descriptionExceedsAuthorization, customer, "sp-mailer", dimension, value], "\(customer) \(value)")
                #expect(finding.samples.map(\.location) == [published], "\(customer) \(value)")
            }
        }
        let unknown = try #require(outcome[.unknownTaxonomyKey, "", "", .taxonomy, "improve.bogus"])
        #expect(unknown.samples.map(\.location) == [published])
    }

    /// A described group (`DACH` = DE, AT, CH) is within an authorization that lists all its
    /// members, though no single listed entry covers the whole group.
    @Test func describedGroupCoveredByTheAuthorizedList() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors[0].regions = ["DE", "AT", "CH"]
        fixture.descriptions[0].regions = ["DACH"]
        let outcome = fixture.run([Fixture.flow()])
        #expect(!outcome.has(.descriptionExceedsAuthorization, "cust-acme", "sp-mailer", .region, "DACH"))
        #expect(!outcome.of(.descriptionExceedsAuthorization).contains { $0.key.customer == "cust-acme" })
    }

    @Test func descriptionExceedsAGeneralAuthorization() {
        var fixture = Fixture()
        fixture.descriptions[1].purposes = ["improve.analytics", "marketing.email"]
        fixture.descriptions[1].regions = ["IE", "US"]
        fixture.descriptions[1].dataCategories = ["user.contact.email", "user.name"]
        let outcome = fixture.run()
        #expect(Set(outcome.of(.descriptionExceedsAuthorization).map(\.key)) == [
            key(.descriptionExceedsAuthorization, "cust-globex", "sp-analytics", .purpose, "marketing.email"),
            key(.descriptionExceedsAuthorization, "cust-globex", "sp-analytics", .dataCategory, "user.name"),
            key(.descriptionExceedsAuthorization, "cust-globex", "sp-analytics", .region, "US"),
        ])
        // Objected subprocessors are not approved, so their description is not compared.
        #expect(!outcome.of(.descriptionExceedsAuthorization).contains { $0.key.subprocessor == "sp-adtech" })
    }

    @Test func generalAuthorizationWithoutCustomerWideListsIsExceededByEveryDescribedKey() {
        var fixture = Fixture()
        fixture.customers[1].purposes = nil
        fixture.customers[1].dataCategories = nil
        let outcome = fixture.run()
        let values = outcome.of(.descriptionExceedsAuthorization).filter { $0.key.subprocessor == "sp-analytics" }.map(\.key.value)
        #expect(Set(values) == ["improve.analytics", "user.contact.email"])
    }

    @Test(arguments: [
        (nil, "2025-03-01", nil, ""), // no instruction named
        ("acme-sow-9", "2025-03-01", nil, "acme-sow-9"), // unknown id
        ("acme-dpa-2025", "2025-03-01", "2026-11-27", "acme-dpa-2025"), // expired the day before as_of
        ("acme-dpa-2025", "2026-11-29", nil, "acme-dpa-2025"), // not yet effective
        ("acme-dpa-2025", "2026-11-28", "2026-11-28", nil), // in force for the whole day of as_of
    ] as [(String?, String, String?, String?)])
    func explicitAuthorizationWithoutInstruction(instruction: String?, effective: String, expires: String?, value: String?) {
        var fixture = Fixture()
        fixture.customers[0].instructions[0].effective = bound(effective)
        fixture.customers[0].instructions[0].expires = expires.map(bound)
        fixture.customers[0].subprocessors[0].instruction = instruction
        let outcome = fixture.run([Fixture.flow()])
        let expected = value.map { [key(.authorizationWithoutInstruction, "cust-acme", "sp-mailer", .instruction, $0)] } ?? []
        #expect(outcome.of(.authorizationWithoutInstruction).map(\.key) == expected)
    }

    @Test func asOfLaterInTheDayKeepsADateExpiryInForce() {
        var fixture = Fixture()
        fixture.customers[0].instructions[0].expires = bound("2026-11-28")
        fixture.asOf = instant("2026-11-28T23:59:59Z")
        #expect(fixture.run([Fixture.flow()]).of(.authorizationWithoutInstruction).isEmpty)
        fixture.asOf = instant("2026-11-29T00:00:00Z")
        #expect(fixture.run([Fixture.flow()]).of(.authorizationWithoutInstruction).count == 1)
    }

    @Test(arguments: [(nil, ""), ("globex-gone", "globex-gone")] as [(String?, String)])
    func generalAuthorizationInstructionIsCheckedOncePerCustomer(instruction: String?, value: String) throws {
        var fixture = Fixture()
        fixture.customers[1].generalAuthorization?.instruction = instruction
        let outcome = fixture.run()
        let findings = outcome.of(.authorizationWithoutInstruction)
        #expect(findings.map(\.key) == [key(.authorizationWithoutInstruction, "cust-globex", "", .instruction, value)])
        #expect(try #require(findings.first).severity == .medium)
    }

    @Test func explicitEntryDoesNotInheritTheGeneralInstruction() {
        var fixture = Fixture()
        fixture.customers[1].subprocessors = [Authorization(id: "sp-analytics", purposes: ["improve.analytics"])]
        let outcome = fixture.run()
        #expect(outcome.of(.authorizationWithoutInstruction).map(\.key) == [
            key(.authorizationWithoutInstruction, "cust-globex", "sp-analytics", .instruction, ""),
        ])
    }

    @Test func approvedButUndescribedSubprocessorIsUnknown() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors.append(Authorization(id: "sp-ghost", instruction: "acme-dpa-2025"))
        let outcome = fixture.run([Fixture.flow()])
        #expect(outcome.has(.unknownSubprocessor, "cust-acme", "sp-ghost", .subprocessor, "sp-ghost"))
        #expect(outcome[.unknownSubprocessor, "cust-acme", "sp-ghost", .subprocessor, "sp-ghost"]?.severity == .medium)
        #expect(outcome.has(.unusedAuthorization, "cust-acme", "sp-ghost", .pair, ""))
        #expect(outcome.of(.unknownSubprocessor).count == 1)
    }

    @Test func unusedAuthorizationIsForExplicitPairsOnly() {
        let outcome = Fixture().run()
        // Globex approves sp-mailer and sp-analytics generally, with no flows: not unused.
        #expect(!outcome.of(.unusedAuthorization).contains { $0.key.customer == "cust-globex" })
    }

    @Test func aPairIsSeenWheneverStepThreePasses() {
        let outsideEverything = Fixture.flow {
            $0.ts = instant("2030-01-01T00:00:00Z")
            $0.purpose = "improve.analytics"
            $0.region = "US"
        }
        let outcome = Fixture().run([outsideEverything])
        #expect(outcome.of(.unusedAuthorization).isEmpty)
    }

    @Test func aFlowStoppedBeforeStepThreeDoesNotCount() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors.append(Authorization(id: "sp-analytics", instruction: "acme-dpa-2025"))
        let outcome = fixture.run([Fixture.flow { $0.customer = nil }, Fixture.flow { $0.destination = "unknown.example" }])
        #expect(outcome.has(.unusedAuthorization, "cust-acme", "sp-mailer", .pair, ""))
        #expect(outcome.has(.unusedAuthorization, "cust-acme", "sp-analytics", .pair, ""))
    }
}
