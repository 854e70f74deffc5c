@testable import RemitCore
import Testing

/// A register large enough to be checked in slices on several cores gives every customer
/// exactly the findings it gets when its part of the register is checked on its own.
@Suite struct StandingChecksSlicingTests {
    /// 6,000 customers, each a variation of the fixture's two: explicit or general, with
    /// instructions missing or expired, unknown subprocessors, unused authorizations and
    /// customer-wide lists that descriptions exceed, plus flows for some of them.
    static func customers() -> [Customer] {
        (0..<6_000).map { index in
            let id = "cust-\(index)"
            if index % 2 == 0 {
                var authorization = Fixture.mailerAuthorization()
                if index % 6 == 0 { authorization.instruction = "missing-\(index % 5)" }
                var unknown = Fixture.mailerAuthorization()
                unknown.id = "sp-gone-\(index % 7)"
                var customer = Fixture.acme(subprocessors: index % 4 == 0 ? [authorization, unknown] : [authorization])
                customer.id = id
                if index % 10 == 0 { customer.dataCategories = ["user.name"] }
                return customer
            }
            var general = Fixture.globexGeneral()
            if index % 3 == 0 { general.objections = [] }
            if index % 9 == 0 { general.instruction = nil }
            var customer = Fixture.globex(general: general)
            customer.id = id
            if index % 5 == 0 { customer.purposes = ["service", "improve.analytics", "marketing.email"] }
            if index % 7 == 0 { customer.regions = nil }
            return customer
        }
    }

    /// A flow of `cust-acme`'s kind for every customer whose index is a multiple of 8, on
    /// that customer's line of one export.
    static func flows(_ customers: [Customer]) -> [FlowRecord] {
        customers.enumerated().filter { $0.offset % 8 == 0 }.map { index, customer in
            Fixture.flow("f-\(index)", line: index + 1) { $0.customer = customer.id }
        }
    }

    /// The findings of `customers` that name a customer, with the flows of those customers only.
    static func customerFindings(_ customers: [Customer], flows: [FlowRecord]) -> [String] {
        var fixture = Fixture()
        fixture.customers = customers
        let ids = Set(customers.map(\.id))
        return fixture.run(flows.filter { ids.contains($0.customer ?? "") }).findings
            .filter { !$0.key.customer.isEmpty }.map { String(describing: $0) }
    }

    @Test func slicedChecksEqualChecksOfEachPart() {
        let customers = Self.customers()
        // The whole register is checked in slices; each part, in one pass.
        #expect(customers.count >= 2 * StandingChecks.customersPerSlice)
        #expect(1_000 < StandingChecks.customersPerSlice)
        let flows = Self.flows(customers)
        let whole = Self.customerFindings(customers, flows: flows)
        let parts = stride(from: 0, to: customers.count, by: 1_000).flatMap { start in
            Self.customerFindings(Array(customers[start..<min(start + 1_000, customers.count)]), flows: flows)
        }
        #expect(whole.count > 6_000)
        for kind in ["unusedAuthorization", "unknownSubprocessor", "authorizationWithoutInstruction", "descriptionExceedsAuthorization"] {
            #expect(whole.contains { $0.contains("FindingKind.\(kind),") }, "no \(kind) finding")
        }
        // Every finding whole: counts, samples, severity, message. The parts are in customer
        // order within each part only, so both sides are compared as sets (no duplicates).
        #expect(Set(whole).count == whole.count)
        #expect(whole.count == parts.count)
        #expect(Set(whole).subtracting(parts).sorted().prefix(3) == [])
        #expect(Set(parts).subtracting(whole).sorted().prefix(3) == [])
    }

    /// Unknown taxonomy keys of the register are checked with each customer, in slices: the
    /// finding keeps the first five places that use a key in register order, then the catalog's.
    @Test func unknownKeysOfASlicedRegisterKeepTheirFirstPlacesInOrder() {
        var customers = Self.customers()
        let users = stride(from: 7, to: customers.count, by: 997).map { $0 }
        for index in users {
            customers[index].purposes = (customers[index].purposes ?? []) + ["not.a.purpose"]
            customers[index].location = SourceLocation(source: "register.yml", line: index + 1)
        }
        #expect(users.count > 5 && customers.count >= 2 * StandingChecks.customersPerSlice)
        var fixture = Fixture()
        fixture.customers = customers
        let finding = fixture.run()[.unknownTaxonomyKey, "", "", .taxonomy, "not.a.purpose"]
        #expect(finding?.samples.map(\.location.line) == users.prefix(5).map { $0 + 1 })
    }

    /// Findings are described in slices on every core when there are many: each one is
    /// described exactly as one at a time (fingerprint, severity, suppression, references,
    /// message, samples), none lost or repeated.
    @Test func findingsDescribedInSlicesEqualOneByOne() {
        var fixture = Fixture()
        fixture.customers = Self.customers()
        fixture.exceptions = [ExceptionRule(id: "ex-unused", kind: .unusedAuthorization, reason: "reviewed", approvedBy: "dpo")]
        var accumulator = FindingAccumulator()
        for (index, customer) in fixture.customers.enumerated() {
            let sample = Sample(flow: "f-\(index)", location: SourceLocation(source: "flows.ndjson", line: index + 1))
            for kind in [FindingKind.unusedAuthorization, .purposeNotAuthorized] {
                accumulator.add(FindingKey(kind, customer: customer.id, subprocessor: "sp-mailer", dimension: .purpose,
                                           value: "marketing.email"), sample: sample, flows: Int64(index))
            }
        }
        #expect(accumulator.entries.count >= 2 * Reconciler.findingsPerSlice)
        let context = fixture.context
        let describer = FindingDescriber(context: context)
        let oneByOne = accumulator.entries.map { String(describing: describer.finding($0.key, $0.value)) }
        let sliced = Reconciler.describe(accumulator.entries, context: context).map { String(describing: $0) }
        #expect(sliced.count == oneByOne.count)
        #expect(Set(sliced).count == sliced.count)
        #expect(Set(sliced).subtracting(oneByOne).sorted().prefix(3) == [])
        #expect(Set(oneByOne).subtracting(sliced).sorted().prefix(3) == [])
        #expect(sliced.contains { $0.contains("suppressedBy: Optional(\"ex-unused\")") })
    }
}
