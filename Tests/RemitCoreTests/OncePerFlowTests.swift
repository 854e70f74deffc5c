import RemitCore
import Testing

/// A flow counts once in each finding it has: a data category written twice in one record is
/// one category of it, and a finding that belongs to no customer (an unknown taxonomy key)
/// counts a flow spread over several customers (`customers: all`) once.
@Suite struct OncePerFlowTests {
    @Test func aCategoryWrittenTwiceCountsTheFlowOnce() throws {
        let flow = Fixture.flow {
            $0.dataCategories = ["user.health", "user.contact.email", "user.health", "user.bogus", "user.bogus"]
            $0.count = 2
        }
        let outcome = Fixture().run([flow])
        for (kind, customer, subprocessor, dimension, value) in [
            (FindingKind.dataCategoryNotAuthorized, "cust-acme", "sp-mailer", FindingDimension.dataCategory, "user.health"),
            (.dataCategoryNotAuthorized, "cust-acme", "sp-mailer", .dataCategory, "user.bogus"),
            (.unknownTaxonomyKey, "", "", .taxonomy, "user.bogus"),
        ] {
            let finding = try #require(outcome[kind, customer, subprocessor, dimension, value], "\(kind) \(value)")
            #expect(finding.flows == 2, "\(kind) \(value)")
            #expect(finding.records == 12, "\(kind) \(value)")
            #expect(finding.bytes == 3456, "\(kind) \(value)")
            #expect(finding.samples.count == 1, "\(kind) \(value)")
        }
    }

    @Test func aFindingOfNoCustomerCountsASpreadFlowOnce() throws {
        let flow = Fixture.flow { $0.customer = nil; $0.purpose = "service.zzz"; $0.dataCategories = ["user.bogus"] }
        let outcome = Fixture().run([flow], customersForUnattributed: ["cust-acme", "cust-globex", "cust-ghost"])
        for value in ["service.zzz", "user.bogus"] {
            let finding = try #require(outcome[.unknownTaxonomyKey, "", "", .taxonomy, value])
            #expect(finding.flows == 1, "\(value)")
            #expect(finding.samples.count == 1, "\(value)")
        }
        // Each customer's own findings still count it once each.
        #expect(try #require(outcome[.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "service.zzz"]).flows == 1)
        #expect(try #require(outcome[.unknownCustomer, "cust-ghost", "sp-mailer", .customer, "cust-ghost"]).flows == 1)
    }

    /// Many categories, each written twice, in one record: each counts the flow once. (Finding
    /// the repeats is linear: one line may list hundreds of thousands, and a quadratic search
    /// took minutes for 640,000; measured by hand, not timed here.)
    @Test func manyCategoriesInOneRecordAreCountedOnceEach() throws {
        let distinct = (0..<20_000).map { "user.c\($0)" }
        let outcome = Fixture().run([Fixture.flow { $0.dataCategories = distinct + distinct.reversed() }])
        for value in ["user.c0", "user.c19999"] {
            let finding = try #require(outcome[.dataCategoryNotAuthorized, "cust-acme", "sp-mailer", .dataCategory, value])
            #expect(finding.flows == 1)
            #expect(finding.samples.count == 1)
        }
        #expect(outcome.of(.dataCategoryNotAuthorized).count == 20_000)
    }
}
