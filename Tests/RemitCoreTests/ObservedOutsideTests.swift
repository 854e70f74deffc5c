import RemitCore
import Testing

/// The observed values a pair's scope does not allow are judged once, by the reconciliation,
/// and carried on its `Observation` for the evidence packets: they are exactly the values the
/// pair's effective scope refuses, with values past the 64th of a dimension (kept outside the
/// bitsets) and pairs that are not approved (every value outside) included.
@Suite struct ObservedOutsideTests {
    /// A few flows of `cust-globex` (approved under its general authorization) and of the
    /// unapproved `cust-acme` → `sp-analytics` first, whose values take the first places of
    /// the tally's bitsets; then 80 purposes for `cust-acme` → `sp-mailer`, half of them inside
    /// its scope, with four regions and two operations: its purposes go past the 64 a
    /// dimension keeps in bitsets, so that pair takes the other branch.
    static func flows() -> [FlowRecord] {
        var flows: [FlowRecord] = []
        for index in 0..<6 {
            flows.append(Fixture.flow("g-\(index)", line: 1 + index) {
                $0.customer = "cust-globex"
                $0.purpose = index % 2 == 0 ? "service.delivery.notifications" : "marketing.email"
                $0.region = index % 3 == 0 ? "US" : "DE"
            })
            flows.append(Fixture.flow("a-\(index)", line: 10 + index) {
                $0.destination = "x.analytics.example"
                $0.purpose = "improve.analytics"
            })
        }
        for index in 0..<80 {
            flows.append(Fixture.flow("f-\(index)", line: 100 + index) {
                $0.purpose = index % 2 == 0 ? "service.delivery.notifications.kind\(index)" : "marketing.kind\(index)"
                $0.region = ["DE", "IE", "US", "BR"][index % 4]
                $0.operation = index % 3 == 0 ? "analyze" : "transfer"
                $0.dataCategories = index % 5 == 0 ? ["user.health"] : ["user.contact.email"]
            })
        }
        return flows
    }

    @Test func outsideValuesAreWhatTheScopeRefuses() throws {
        let fixture = Fixture()
        let observations = fixture.run(Self.flows()).reconciliation.observations
        let context = fixture.context
        var checked = 0
        for (pair, observation) in observations {
            let customer = try #require(context.register.customers.first { $0.id == pair.customer })
            guard let scope = Approval.scope(customer: customer, subprocessor: pair.subprocessor, catalog: context.catalog) else {
                #expect(observation.outsidePurposes == observation.purposes, "\(pair)")
                #expect(observation.outsideCategories == observation.dataCategories, "\(pair)")
                #expect(observation.outsideRegions == observation.regions, "\(pair)")
                #expect(observation.outsideOperations == observation.operations, "\(pair)")
                checked += 1
                continue
            }
            #expect(observation.outsidePurposes == observation.purposes.filter { !scope.allowsPurpose($0) }, "\(pair)")
            #expect(observation.outsideCategories == observation.dataCategories.filter { !scope.allowsCategory($0) }, "\(pair)")
            #expect(observation.outsideRegions == observation.regions.filter { !scope.allowsRegion($0, context.taxonomy.regions) }, "\(pair)")
            #expect(observation.outsideOperations == observation.operations.filter { !scope.allowsOperation($0) }, "\(pair)")
            checked += 1
        }
        #expect(checked == 3)
        let mailer = try #require(observations[Pair(customer: "cust-acme", subprocessor: "sp-mailer")])
        #expect(mailer.purposes.count == 80)
        #expect(mailer.outsidePurposes.count == 40)
        #expect(mailer.outsidePurposes.contains("marketing.kind79"))
        #expect(mailer.outsideRegions == ["US", "BR"])
        #expect(mailer.outsideOperations == ["analyze"])
        let analytics = try #require(observations[Pair(customer: "cust-acme", subprocessor: "sp-analytics")])
        #expect(analytics.outsidePurposes == ["improve.analytics"])
    }
}
