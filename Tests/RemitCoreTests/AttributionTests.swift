import RemitCore
import Testing

/// SPEC "Reconciliation" steps 1 to 3 (customer, subprocessor, approval): each stops the flow.
@Suite struct AttributionTests {
    /// A flow outside every limit of steps 4 to 8, to show that nothing after a stop is checked.
    static func violating(_ edit: (inout FlowRecord) -> Void) -> FlowRecord {
        Fixture.flow {
            $0.ts = instant("2030-01-01T00:00:00Z")
            $0.purpose = "improve.analytics"
            $0.dataCategories = ["user.financial"]
            $0.region = "US"
            $0.operation = "analyze"
            edit(&$0)
        }
    }

    static let flowKinds: Set<FindingKind> = [
        .outsideAuthorizationWindow, .purposeNotAuthorized, .dataCategoryNotAuthorized,
        .regionNotAuthorized, .operationNotAuthorized,
    ]

    func scopeFindings(_ outcome: Outcome) -> [Finding] {
        outcome.findings.filter { Self.flowKinds.contains($0.key.kind) || $0.key.dimension == .purpose && $0.key.kind == .unattributedFlow }
    }

    @Test func aCleanFlowYieldsNoFindingAtAll() {
        let outcome = Fixture().run([Fixture.flow()])
        #expect(outcome.findings.isEmpty)
        #expect(outcome.reconciliation.seen == [Pair(customer: "cust-acme", subprocessor: "sp-mailer")])
    }

    @Test func noCustomerIsUnattributedAndStops() throws {
        let outcome = Fixture().run([Self.violating { $0.customer = nil }])
        let finding = try #require(outcome[.unattributedFlow, "", "sp-mailer", .customer, ""])
        #expect(finding.flows == 1)
        #expect(scopeFindings(outcome).isEmpty)
        // Stopped before step 3: the pair is not seen.
        #expect(outcome.has(.unusedAuthorization, "cust-acme", "sp-mailer", .pair, ""))
    }

    @Test func noCustomerAndNoResolvableSubprocessorHasEmptySubprocessor() {
        let outcome = Fixture().run([Fixture.flow { $0.customer = nil; $0.destination = "nowhere.example" }])
        #expect(outcome.has(.unattributedFlow, "", "", .customer, ""))
        #expect(outcome.of(.unknownDestination).isEmpty)
    }

    @Test func unknownCustomerStops() throws {
        let outcome = Fixture().run([Self.violating { $0.customer = "cust-nobody" }])
        let finding = try #require(outcome[.unknownCustomer, "cust-nobody", "sp-mailer", .customer, "cust-nobody"])
        #expect(finding.severity == .medium)
        #expect(scopeFindings(outcome).isEmpty)
        #expect(outcome.of(.unknownDestination).isEmpty)
    }

    @Test func unknownCustomerWithUnresolvableDestination() {
        let outcome = Fixture().run([Fixture.flow { $0.customer = "cust-nobody"; $0.destination = "nowhere.example" }])
        #expect(outcome.keys.contains(key(.unknownCustomer, "cust-nobody", "", .customer, "cust-nobody")))
    }

    @Test func unknownDestinationHasTheLowercasedHostAndStops() throws {
        let outcome = Fixture().run([Self.violating { $0.destination = "HTTPS://User:Pw@Unknown.Example:8443/v1?x=1" }])
        let finding = try #require(outcome[.unknownDestination, "cust-acme", "", .destination, "unknown.example"])
        #expect(finding.severity == .high)
        #expect(scopeFindings(outcome).isEmpty)
        #expect(outcome.has(.unusedAuthorization, "cust-acme", "sp-mailer", .pair, ""))
    }

    @Test func destinationUrlResolvesThroughTheCatalog() {
        let outcome = Fixture().run([Fixture.flow { $0.destination = "https://U:P@API.Mailer.Example:8443/x?y" }])
        #expect(outcome.findings.isEmpty)
    }

    @Test func subprocessorFieldWinsOverDestination() {
        let outcome = Fixture().run([Fixture.flow { $0.subprocessor = "sp-analytics" }])
        #expect(outcome.has(.unauthorizedSubprocessor, "cust-acme", "sp-analytics", .subprocessor, "sp-analytics"))
    }

    @Test func unauthorizedSubprocessorStops() throws {
        let outcome = Fixture().run([Self.violating { $0.destination = "eu.analytics.example" }])
        let finding = try #require(outcome[.unauthorizedSubprocessor, "cust-acme", "sp-analytics", .subprocessor, "sp-analytics"])
        #expect(finding.severity == .high)
        #expect(scopeFindings(outcome).isEmpty)
        // Recorded as observed, but not as seen.
        #expect(outcome.reconciliation.observations[Pair(customer: "cust-acme", subprocessor: "sp-analytics")]?.flows == 1)
        #expect(outcome.reconciliation.seen.isEmpty)
    }

    @Test func generalAuthorizationApprovesEveryCatalogSubprocessorButObjectedOnes() {
        let outcome = Fixture().run([
            Fixture.flow { $0.customer = "cust-globex"; $0.destination = "x.analytics.example"; $0.purpose = "improve.analytics"; $0.region = "IE" },
            Fixture.flow { $0.customer = "cust-globex"; $0.destination = "ads.adtech.example" },
        ])
        #expect(outcome.of(.unauthorizedSubprocessor).map(\.key) == [
            key(.unauthorizedSubprocessor, "cust-globex", "sp-adtech", .subprocessor, "sp-adtech"),
        ])
        #expect(outcome.reconciliation.seen == [Pair(customer: "cust-globex", subprocessor: "sp-analytics")])
    }

    @Test func subprocessorNotInCatalogIsNotGenerallyApproved() {
        let outcome = Fixture().run([Fixture.flow { $0.customer = "cust-globex"; $0.subprocessor = "sp-ghost" }])
        #expect(outcome.has(.unauthorizedSubprocessor, "cust-globex", "sp-ghost", .subprocessor, "sp-ghost"))
    }

    @Test func explicitEntryReplacesGeneralAuthorizationEvenWhenObjected() {
        var fixture = Fixture()
        fixture.customers[1].subprocessors = [
            Authorization(id: "sp-adtech", instruction: "globex-msa", purposes: ["service.support"], dataCategories: ["user.contact"]),
        ]
        let outcome = fixture.run([Fixture.flow { $0.customer = "cust-globex"; $0.destination = "ads.adtech.example"; $0.purpose = "service.support" }])
        #expect(outcome.of(.unauthorizedSubprocessor).isEmpty)
        #expect(outcome.reconciliation.seen.contains(Pair(customer: "cust-globex", subprocessor: "sp-adtech")))
        // The explicit scope, not the general one, applies: operations any, no window.
        #expect(outcome.of(.operationNotAuthorized).isEmpty)
        #expect(outcome.of(.outsideAuthorizationWindow).isEmpty)
    }

    @Test func customersForUnattributedCountsTheFlowOncePerListedCustomer() throws {
        let flow = Fixture.flow { $0.customer = nil; $0.purpose = "marketing.email"; $0.count = 3 }
        let outcome = Fixture().run([flow], customersForUnattributed: ["cust-acme", "cust-globex", "cust-ghost"])
        #expect(outcome.of(.unattributedFlow).isEmpty)
        #expect(try #require(outcome[.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "marketing.email"]).flows == 3)
        #expect(try #require(outcome[.purposeNotAuthorized, "cust-globex", "sp-mailer", .purpose, "marketing.email"]).flows == 3)
        #expect(try #require(outcome[.unknownCustomer, "cust-ghost", "sp-mailer", .customer, "cust-ghost"]).flows == 3)
        #expect(outcome.reconciliation.seen == [
            Pair(customer: "cust-acme", subprocessor: "sp-mailer"), Pair(customer: "cust-globex", subprocessor: "sp-mailer"),
        ])
    }

    @Test func customersForUnattributedLeavesAttributedFlowsAlone() {
        let outcome = Fixture().run([Fixture.flow { $0.purpose = "marketing.email" }], customersForUnattributed: ["cust-globex"])
        #expect(outcome.of(.purposeNotAuthorized).map(\.key.customer) == ["cust-acme"])
    }
}
