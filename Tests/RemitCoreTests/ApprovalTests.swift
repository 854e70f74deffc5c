import RemitCore
import Testing

/// SPEC "Register": effective scope of an explicit authorization and of a general written
/// authorization, and which subprocessors a customer has approved.
@Suite struct ApprovalTests {
    let catalog = Catalog([Fixture.mailer(), Fixture.analytics(), Fixture.adtech()])
    let coverage = Fixture.taxonomy.regions

    @Test func explicitScopeIsLimitedByCustomerWideLists() throws {
        let scope = try #require(Approval.scope(customer: Fixture.acme(), subprocessor: "sp-mailer", catalog: catalog))
        #expect(!scope.isGeneral)
        #expect(scope.instruction == "acme-dpa-2025")
        #expect(scope.allowsPurpose("service.delivery.notifications"))
        #expect(!scope.allowsPurpose("service.support")) // customer-wide only
        #expect(scope.allowsCategory("user.name"))
        #expect(!scope.allowsCategory("user.contact.phone")) // customer-wide only
        #expect(scope.allowsRegion("DE", coverage))
        #expect(!scope.allowsRegion("CH", coverage)) // customer-wide only
        #expect(scope.allowsOperation("store"))
        #expect(!scope.allowsOperation("analyze"))
        #expect(EffectiveScope.display(scope.purposes) == ["service.delivery.notifications"])
        #expect(EffectiveScope.display(scope.dataCategories) == ["user.contact.email", "user.name"])
    }

    @Test func authorizationWithoutListsAuthorizesNoPurposeNoCategoryAnyOperationAnyRegion() throws {
        let customer = Customer(id: "c", subprocessors: [Authorization(id: "sp-mailer")])
        let scope = try #require(Approval.scope(customer: customer, subprocessor: "sp-mailer", catalog: catalog))
        #expect(!scope.allowsPurpose("service"))
        #expect(!scope.allowsCategory("user"))
        #expect(scope.allowsOperation("delete"))
        #expect(!scope.limitsRegions)
        #expect(scope.allowsRegion("US", coverage))
        #expect(scope.displayRegions(coverage) == nil)
    }

    @Test func generalScopeIsCustomerWideLimitedByTheDescription() throws {
        let scope = try #require(Approval.scope(customer: Fixture.globex(), subprocessor: "sp-analytics", catalog: catalog))
        #expect(scope.isGeneral)
        #expect(scope.instruction == "globex-msa")
        #expect(scope.allowsPurpose("improve.analytics"))
        #expect(!scope.allowsPurpose("service.support")) // customer-wide yes, described no
        #expect(scope.allowsCategory("user.contact.email"))
        #expect(!scope.allowsCategory("user.contact.phone")) // not described
        #expect(scope.allowsRegion("IE", coverage))
        #expect(!scope.allowsRegion("DE", coverage)) // EEA yes, described no
        #expect(scope.operations == nil)
        #expect(scope.until == nil)
    }

    @Test func generalWindowStartsAtListedSinceMidnightPlusNoticeDays() throws {
        let late = SubprocessorDescription(
            id: "sp-analytics", listedSince: bound("2026-06-01T15:30:00Z"), location: SourceLocation(source: "b.xml")
        )
        let early = SubprocessorDescription(
            id: "sp-analytics", listedSince: bound("2026-05-20T23:00:00+02:00"), location: SourceLocation(source: "c.xml")
        )
        let one = try #require(Approval.scope(customer: Fixture.globex(), subprocessor: "sp-analytics", catalog: Catalog([late])))
        #expect(one.from?.start == instant("2026-07-01T00:00:00Z"))
        // The earliest listed_since of all sources counts (2026-05-20T21:00:00Z).
        let both = try #require(
            Approval.scope(customer: Fixture.globex(), subprocessor: "sp-analytics", catalog: Catalog([late, early]))
        )
        #expect(both.from?.start == instant("2026-06-19T00:00:00Z"))
    }

    @Test func generalWithoutListedSinceHasNoWindow() throws {
        let scope = try #require(Approval.scope(customer: Fixture.globex(), subprocessor: "sp-mailer", catalog: Catalog([
            SubprocessorDescription(id: "sp-mailer", location: SourceLocation(source: "a")),
        ])))
        #expect(scope.from == nil)
        #expect(scope.windowViolation(at: instant("1990-01-01T00:00:00Z")) == nil)
    }

    @Test func generalWithoutCustomerWideListsAuthorizesNothing() throws {
        let customer = Customer(id: "c", generalAuthorization: GeneralAuthorization(instruction: "i"))
        let scope = try #require(Approval.scope(customer: customer, subprocessor: "sp-analytics", catalog: catalog))
        #expect(!scope.allowsPurpose("improve.analytics"))
        #expect(!scope.allowsCategory("user.contact.email"))
    }

    @Test func objectedOrUndescribedSubprocessorsAreNotGenerallyApproved() {
        #expect(Approval.scope(customer: Fixture.globex(), subprocessor: "sp-adtech", catalog: catalog) == nil)
        #expect(Approval.scope(customer: Fixture.globex(), subprocessor: "sp-ghost", catalog: catalog) == nil)
        #expect(Approval.scope(customer: Fixture.acme(), subprocessor: "sp-analytics", catalog: catalog) == nil)
    }

    @Test func explicitEntryReplacesGeneralEvenWhenObjected() throws {
        var customer = Fixture.globex()
        customer.subprocessors = [Authorization(id: "sp-adtech", purposes: ["marketing"])]
        let scope = try #require(Approval.scope(customer: customer, subprocessor: "sp-adtech", catalog: catalog))
        #expect(!scope.isGeneral)
        #expect(scope.instruction == nil) // does not inherit the general authorization's instruction
        #expect(scope.from == nil)
        #expect(scope.allowsOperation("disclose"))
    }

    @Test func approvedSubprocessorsExplicitFirstThenCatalogOrderWithoutObjected() {
        var customer = Fixture.globex()
        customer.subprocessors = [Authorization(id: "sp-ghost"), Authorization(id: "sp-analytics")]
        #expect(Approval.approvedSubprocessors(of: customer, catalog: catalog) == ["sp-ghost", "sp-analytics", "sp-mailer"])
        #expect(Approval.approvedSubprocessors(of: Fixture.acme(), catalog: catalog) == ["sp-mailer"])
    }

    @Test(arguments: [
        ("2025-02-28T23:59:59Z", "before"),
        ("2025-03-01T00:00:00Z", nil),
        ("2026-12-31T23:59:59Z", nil),
        ("2027-01-01T00:00:00Z", "after"),
    ] as [(String, String?)])
    func windowViolation(time: String, expected: String?) throws {
        let scope = try #require(Approval.scope(customer: Fixture.acme(), subprocessor: "sp-mailer", catalog: catalog))
        #expect(scope.windowViolation(at: instant(time)) == expected)
    }
}
