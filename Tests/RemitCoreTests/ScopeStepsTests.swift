import RemitCore
import Testing

/// SPEC "Reconciliation" steps 5 to 8 (purpose, data categories, region, operation); all are
/// evaluated for a flow, none stops.
@Suite struct ScopeStepsTests {
    let acme = "cust-acme", mailer = "sp-mailer"

    @Test func stepsFourToEightAreAllEvaluated() {
        let outcome = Fixture().run([Fixture.flow {
            $0.ts = instant("2027-01-01T00:00:00Z")
            $0.purpose = "improve.analytics"
            $0.dataCategories = ["user.financial", "user.contact.email", "user.health"]
            $0.region = "us"
            $0.operation = "analyze"
        }])
        #expect(outcome.keys == [
            key(.outsideAuthorizationWindow, acme, mailer, .window, "after"),
            key(.purposeNotAuthorized, acme, mailer, .purpose, "improve.analytics"),
            key(.dataCategoryNotAuthorized, acme, mailer, .dataCategory, "user.financial"),
            key(.dataCategoryNotAuthorized, acme, mailer, .dataCategory, "user.health"),
            key(.regionNotAuthorized, acme, mailer, .region, "US"),
            key(.operationNotAuthorized, acme, mailer, .operation, "analyze"),
        ])
    }

    @Test(arguments: [
        ("service.delivery.notifications", true),
        ("service.delivery", false), // an ancestor of the authorized key
        ("service.support", false), // customer-wide `service` covers it, the authorization does not
        ("improve.ml_training", false),
    ])
    func purposeCoverage(purpose: String, authorized: Bool) {
        let outcome = Fixture().run([Fixture.flow { $0.purpose = purpose }])
        #expect(outcome.has(.purposeNotAuthorized, acme, mailer, .purpose, purpose) == !authorized)
    }

    @Test func customerWidePurposesLimitTheAuthorization() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors[0].purposes = ["service.delivery.notifications", "improve.analytics"]
        let outcome = fixture.run([Fixture.flow { $0.purpose = "improve.analytics" }, Fixture.flow()])
        #expect(outcome.of(.purposeNotAuthorized).map(\.key.value) == ["improve.analytics"])
    }

    @Test func authorizationWithoutPurposesAuthorizesNone() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors[0].purposes = nil
        let outcome = fixture.run([Fixture.flow()])
        #expect(outcome.has(.purposeNotAuthorized, acme, mailer, .purpose, "service.delivery.notifications"))
    }

    @Test(arguments: [
        ("notify-svc", nil), // mapped to exactly one purpose, which is authorized
        ("multi-svc", "UNATTRIBUTED"), // two purposes: not taken
        ("unknown-svc", "UNATTRIBUTED"),
        (nil, "UNATTRIBUTED"),
        ("training-svc", "improve.ml_training"),
    ] as [(String?, String?)])
    func missingPurposeIsTakenFromTheSystemMap(system: String?, expected: String?) {
        var fixture = Fixture()
        fixture.mappings.systems["training-svc"] = .init(purposes: ["improve.ml_training"])
        let outcome = fixture.run([Fixture.flow { $0.purpose = nil; $0.system = system }])
        let findings = outcome.findings.filter { $0.key.dimension == .purpose }.map(\.key)
        switch expected {
        case nil: #expect(findings.isEmpty)
        case "UNATTRIBUTED": #expect(findings == [key(.unattributedFlow, acme, mailer, .purpose, "")])
        case let value?: #expect(findings == [key(.purposeNotAuthorized, acme, mailer, .purpose, value)])
        }
    }

    @Test func aFlowPurposeWinsOverTheSystemMap() {
        let outcome = Fixture().run([Fixture.flow { $0.purpose = "service.support"; $0.system = "notify-svc" }])
        #expect(outcome.has(.purposeNotAuthorized, acme, mailer, .purpose, "service.support"))
    }

    @Test func oneFindingPerCategoryNotCovered() {
        let outcome = Fixture().run([
            Fixture.flow { $0.dataCategories = ["user.contact.email", "user.name", "user.contact", "user.contactless"] },
        ])
        // `user.contact` is an ancestor of the authorized key; `user.contactless` only shares a prefix.
        #expect(outcome.of(.dataCategoryNotAuthorized).map(\.key.value) == ["user.contact", "user.contactless"])
    }

    @Test func customerWideCategoriesLimitTheAuthorization() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors[0].dataCategories = ["user"]
        let outcome = fixture.run([Fixture.flow { $0.dataCategories = ["user.contact.email", "user.financial.card"] }])
        #expect(outcome.of(.dataCategoryNotAuthorized).map(\.key.value) == ["user.financial.card"])
    }

    @Test func authorizationWithoutCategoriesAuthorizesNone() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors[0].dataCategories = nil
        let outcome = fixture.run([Fixture.flow(), Fixture.flow { $0.dataCategories = [] }])
        let finding = outcome[.dataCategoryNotAuthorized, acme, mailer, .dataCategory, "user.contact.email"]
        #expect(finding?.flows == 1)
    }

    @Test(arguments: [
        ("de", nil), ("DE", nil), ("de-by", nil), ("IE", nil),
        ("us", "US"), ("us-ca", "US-CA"),
        ("CH", "CH"), // customer-wide EEA+CH covers it, the authorization's EEA does not
        ("eu", nil), // a group inside EEA
        ("dach", "DACH"),
    ] as [(String, String?)])
    func regionCoverageIsCaseInsensitiveAndValueUppercased(region: String, finding: String?) {
        let outcome = Fixture().run([Fixture.flow { $0.region = region }])
        #expect(outcome.of(.regionNotAuthorized).map(\.key.value) == (finding.map { [$0] } ?? []))
    }

    @Test func lowercaseRegisterRegionsAndGroupsCoverUppercaseFlows() {
        var fixture = Fixture()
        fixture.customers[0] = Customer(
            id: "cust-acme", instructions: fixture.customers[0].instructions, purposes: ["service"],
            dataCategories: ["user"], regions: ["eea", "ch"],
            subprocessors: [Authorization(id: "sp-mailer", instruction: "acme-dpa-2025", purposes: ["service"],
                                          dataCategories: ["user"], regions: ["de", "ie", "ch"])]
        )
        let outcome = fixture.run([Fixture.flow { $0.region = "DE" }, Fixture.flow { $0.region = "Ch" }])
        #expect(outcome.findings.isEmpty)
    }

    @Test func missingRegionIsUnattributedOnlyWhenRegionsAreLimited() {
        let limited = Fixture().run([Fixture.flow { $0.region = nil }])
        #expect(limited.keys == [key(.unattributedFlow, acme, mailer, .region, "")])

        var fixture = Fixture()
        fixture.customers[0].regions = nil
        fixture.customers[0].subprocessors[0].regions = nil
        fixture.descriptions[0].regions = []
        let open = fixture.run([Fixture.flow { $0.region = nil }, Fixture.flow { $0.region = "US" }])
        #expect(open.findings.isEmpty)
    }

    @Test func customerWideRegionsApplyWithoutAuthorizationRegions() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors[0].regions = nil
        let outcome = fixture.run([Fixture.flow { $0.region = "CH" }, Fixture.flow { $0.region = "US" }])
        #expect(outcome.of(.regionNotAuthorized).map(\.key.value) == ["US"])
    }

    @Test(arguments: [
        (["transfer", "store"] as [String]?, nil as String?, nil as String?), // default operation `transfer`
        (["transfer", "store"], "store", nil),
        (["transfer", "store"], "analyze", "analyze"),
        (["store"], nil, "transfer"),
        (nil, "disclose", nil), // absent operations = any
    ])
    func operationCoverage(operations: [String]?, operation: String?, finding: String?) {
        var fixture = Fixture()
        fixture.customers[0].subprocessors[0].operations = operations
        let outcome = fixture.run([Fixture.flow { $0.operation = operation }])
        #expect(outcome.of(.operationNotAuthorized).map(\.key.value) == (finding.map { [$0] } ?? []))
        #expect(outcome.of(.operationNotAuthorized).allSatisfy { $0.severity == .medium })
    }
}
