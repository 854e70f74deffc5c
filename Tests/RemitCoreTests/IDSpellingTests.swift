import RemitCore
import Testing

/// Canonically equivalent spellings of a customer or subprocessor id are one id; the findings
/// spell a customer as the register does and a subprocessor as the catalog does (else as the
/// register's authorization), whatever spelling the flows read first, so a finding's
/// fingerprint does not change with the order of the records.
@Suite struct IDSpellingTests {
    static let composedCustomer = "cust-caf\u{E9}", decomposedCustomer = "cust-cafe\u{301}"
    static let composedVendor = "sp-caf\u{E9}", decomposedVendor = "sp-cafe\u{301}"

    /// The register spells the customer composed and authorizes `sp-café` composed; the
    /// catalog describes it decomposed; `sp-solo\u{301}` is authorized but not described.
    func fixture() -> Fixture {
        var fixture = Fixture()
        var customer = Fixture.acme()
        customer.id = Self.composedCustomer
        var described = Fixture.mailerAuthorization()
        described.id = Self.composedVendor
        var solo = Fixture.mailerAuthorization()
        solo.id = "sp-sol\u{F3}"
        customer.subprocessors = [described, solo]
        fixture.customers = [customer]
        fixture.descriptions = [SubprocessorDescription(id: Self.decomposedVendor, endpoints: ["api.cafe.example"],
                                                        location: SourceLocation(source: "catalog.json", line: 1))]
        return fixture
    }

    func flows(customerFirst: String, vendorFirst: String, soloFirst: String) -> [FlowRecord] {
        let other = { (spelling: String, a: String, b: String) in spelling == a ? b : a }
        var flows: [FlowRecord] = []
        for (n, (customer, vendor, solo)) in [
            (customerFirst, vendorFirst, soloFirst),
            (other(customerFirst, Self.composedCustomer, Self.decomposedCustomer), other(vendorFirst, Self.composedVendor, Self.decomposedVendor),
             other(soloFirst, "sp-sol\u{F3}", "sp-solo\u{301}")),
        ].enumerated() {
            flows.append(Fixture.flow("f-\(n)") { $0.customer = customer; $0.subprocessor = vendor; $0.destination = nil; $0.purpose = "marketing" })
            flows.append(Fixture.flow("g-\(n)") { $0.customer = customer; $0.subprocessor = solo; $0.destination = nil; $0.purpose = "marketing" })
        }
        return flows
    }

    @Test func findingsSpellIDsAsTheRegisterAndCatalogDoInEveryOrder() throws {
        var fingerprints: Set<String> = []
        for customerFirst in [Self.composedCustomer, Self.decomposedCustomer] {
            for vendorFirst in [Self.composedVendor, Self.decomposedVendor] {
                for soloFirst in ["sp-sol\u{F3}", "sp-solo\u{301}"] {
                    let outcome = fixture().run(flows(customerFirst: customerFirst, vendorFirst: vendorFirst, soloFirst: soloFirst))
                    let purpose = outcome.of(.purposeNotAuthorized)
                    #expect(purpose.count == 2)
                    for finding in purpose {
                        #expect(Array(finding.key.customer.utf8) == Array(Self.composedCustomer.utf8))
                    }
                    let described = try #require(purpose.first { $0.key.subprocessor == Self.composedVendor })
                    #expect(Array(described.key.subprocessor.utf8) == Array(Self.decomposedVendor.utf8))
                    let solo = try #require(purpose.first { $0.key.subprocessor == "sp-sol\u{F3}" })
                    #expect(Array(solo.key.subprocessor.utf8) == Array("sp-sol\u{F3}".utf8))
                    fingerprints.formUnion(purpose.map(\.fingerprint))
                    #expect(purpose.allSatisfy { $0.flows == 2 })
                }
            }
        }
        #expect(fingerprints.count == 2, "one fingerprint per finding, whatever the order")
    }
}
