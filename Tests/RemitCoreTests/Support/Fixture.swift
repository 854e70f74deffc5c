import RemitCore

/// An instant from an RFC 3339 literal written in a test (crashes on a typo in the test).
func instant(_ text: String) -> Instant {
    guard let value = Instant.parse(text) else { fatalError("bad test timestamp \(text)") }
    return value
}

/// A time bound from a date or timestamp literal written in a test.
func bound(_ text: String) -> TimeBound {
    guard let value = TimeBound.parse(text) else { fatalError("bad test time bound \(text)") }
    return value
}

/// A small, clean world for reconciliation tests.
///
/// With the defaults, `Fixture().run([Fixture.flow()])` yields no finding at all: every test
/// changes one thing and looks for the finding that change must cause.
/// - taxonomy: a few purposes, categories and operations; groups `EU` ⊂ `EEA`, `DACH`;
///   high risk `improve.ml_training`, `marketing.advertising`, `user.financial`, `user.health`.
/// - register: `cust-acme` approves `sp-mailer` explicitly; `cust-globex` has a general
///   authorization and objects to `sp-adtech`.
/// - catalog: `sp-mailer`, `sp-analytics`, `sp-adtech`.
struct Fixture {
    static let asOf = instant("2026-11-28T00:00:00Z")

    static let taxonomy = Taxonomy(
        entries: [
            .purposes: keys(
                "service", "service.delivery", "service.delivery.notifications", "service.support",
                "service.operations.hosting", "improve", "improve.analytics", "marketing", "marketing.email"
            ) + [
                .init(key: "improve.ml_training", highRisk: true),
                .init(key: "marketing.advertising", highRisk: true),
            ],
            .dataCategories: keys("user", "user.contact", "user.contact.email", "user.name", "user.financial.card")
                + [.init(key: "user.financial", highRisk: true), .init(key: "user.health", highRisk: true)],
            .operations: keys("collect", "store", "use", "transfer", "disclose", "analyze"),
        ],
        regionGroups: [
            "EU": ["DE", "FR", "IE", "AT"],
            "EEA": ["DE", "FR", "IE", "AT", "NO", "IS"],
            "DACH": ["DE", "AT", "CH"],
        ]
    )

    static func keys(_ keys: String...) -> [Taxonomy.Entry] {
        keys.map { Taxonomy.Entry(key: $0) }
    }

    static let registerLocation = SourceLocation(source: "register.yml", line: 3)

    static func acme(subprocessors: [Authorization] = [mailerAuthorization()]) -> Customer {
        Customer(
            id: "cust-acme", name: "Acme Corp",
            instructions: [
                Instruction(id: "acme-dpa-2025", kind: .dpa, ref: "DPA v3, Annex 1",
                            effective: bound("2025-03-01"), expires: bound("2027-03-01")),
            ],
            purposes: ["service"], dataCategories: ["user.contact", "user.name"], regions: ["EEA", "CH"],
            subprocessors: subprocessors, location: registerLocation
        )
    }

    static func mailerAuthorization() -> Authorization {
        Authorization(
            id: "sp-mailer", instruction: "acme-dpa-2025", purposes: ["service.delivery.notifications"],
            dataCategories: ["user.contact.email", "user.name"], operations: ["transfer", "store"],
            regions: ["EEA"], from: bound("2025-03-01"), until: bound("2026-12-31"),
            location: SourceLocation(source: "register.yml", line: 20)
        )
    }

    static func globex(general: GeneralAuthorization = globexGeneral()) -> Customer {
        Customer(
            id: "cust-globex",
            instructions: [Instruction(id: "globex-msa", kind: .dpa, effective: bound("2024-01-01"))],
            purposes: ["service", "improve.analytics"], dataCategories: ["user.contact"], regions: ["EEA"],
            generalAuthorization: general, location: SourceLocation(source: "register.yml", line: 40)
        )
    }

    static func globexGeneral() -> GeneralAuthorization {
        GeneralAuthorization(instruction: "globex-msa", noticeDays: 30, objections: ["sp-adtech"])
    }

    static func mailer(source: String = "catalog.json") -> SubprocessorDescription {
        SubprocessorDescription(
            id: "sp-mailer", name: "Mailer Inc.", purposes: ["service.delivery.notifications"],
            dataCategories: ["user.contact.email"], regions: ["DE", "IE"],
            endpoints: ["api.mailer.example", "*.mailer-cdn.example"], listedSince: bound("2025-01-01"),
            location: SourceLocation(source: source, line: 2)
        )
    }

    static func analytics() -> SubprocessorDescription {
        SubprocessorDescription(
            id: "sp-analytics", purposes: ["improve.analytics"], dataCategories: ["user.contact.email"],
            regions: ["IE"], endpoints: ["*.analytics.example"], listedSince: bound("2026-06-01"),
            location: SourceLocation(source: "catalog.json", line: 9)
        )
    }

    static func adtech() -> SubprocessorDescription {
        SubprocessorDescription(
            id: "sp-adtech", purposes: ["marketing.advertising"], endpoints: ["ads.adtech.example"],
            location: SourceLocation(source: "catalog.json", line: 15)
        )
    }

    /// A flow that is inside everything `cust-acme` authorized for `sp-mailer`; `edit` changes it.
    static func flow(
        _ id: String = "f-1", line: Int = 1, source: String = "exports/egress.ndjson",
        _ edit: (inout FlowRecord) -> Void = { _ in }
    ) -> FlowRecord {
        var flow = FlowRecord(
            id: id, ts: instant("2026-11-27T01:02:03Z"), customer: "cust-acme", destination: "api.mailer.example",
            system: "notify-svc", purpose: "service.delivery.notifications", dataCategories: ["user.contact.email"],
            region: "DE", operation: "transfer", count: 1, records: 12, bytes: 3456,
            location: SourceLocation(source: source, line: line)
        )
        edit(&flow)
        return flow
    }

    var taxonomy = Fixture.taxonomy
    var customers: [Customer] = [Fixture.acme(), Fixture.globex()]
    var descriptions: [SubprocessorDescription] = [Fixture.mailer(), Fixture.analytics(), Fixture.adtech()]
    var mappings = Mappings(systems: [
        "notify-svc": .init(purposes: ["service.delivery.notifications"]),
        "multi-svc": .init(purposes: ["service.support", "improve.analytics"]),
    ])
    var exceptions: [ExceptionRule] = []
    var severityOverrides: [FindingKind: Severity] = [:]
    var asOf = Fixture.asOf

    var context: ReconciliationContext {
        ReconciliationContext(
            taxonomy: taxonomy, register: Register(customers: customers), catalog: Catalog(descriptions),
            mappings: mappings, exceptions: exceptions, severityOverrides: severityOverrides, asOf: asOf
        )
    }

    /// Runs `flows` (then `rejected`, as `(record, source)`) through a `Reconciler`.
    func run(
        _ flows: [FlowRecord] = [], customersForUnattributed: [String]? = nil,
        rejected: [(RejectedRecord, String)] = []
    ) -> Outcome {
        var reconciler = Reconciler(context: context)
        for flow in flows { reconciler.add(flow, customersForUnattributed: customersForUnattributed) }
        for (record, source) in rejected { reconciler.reject(record, source: source) }
        return Outcome(reconciler.finish())
    }
}

/// Reconciliation findings, looked up by (kind, customer, subprocessor, dimension, value).
struct Outcome {
    let reconciliation: Reconciliation
    let byKey: [FindingKey: Finding]

    init(_ reconciliation: Reconciliation) {
        self.reconciliation = reconciliation
        self.byKey = Dictionary(reconciliation.findings.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var findings: [Finding] { reconciliation.findings }
    var keys: Set<FindingKey> { Set(byKey.keys) }

    subscript(
        _ kind: FindingKind, _ customer: String, _ subprocessor: String, _ dimension: FindingDimension, _ value: String
    ) -> Finding? {
        byKey[FindingKey(kind, customer: customer, subprocessor: subprocessor, dimension: dimension, value: value)]
    }

    func of(_ kind: FindingKind) -> [Finding] {
        findings.filter { $0.key.kind == kind }
    }

    func has(_ kind: FindingKind, _ customer: String, _ subprocessor: String, _ dimension: FindingDimension, _ value: String) -> Bool {
        self[kind, customer, subprocessor, dimension, value] != nil
    }
}

/// Shorthand for a finding key in expectations.
func key(
    _ kind: FindingKind, _ customer: String, _ subprocessor: String, _ dimension: FindingDimension, _ value: String
) -> FindingKey {
    FindingKey(kind, customer: customer, subprocessor: subprocessor, dimension: dimension, value: value)
}
