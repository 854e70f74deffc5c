/// Everything known before the first flow is read: the inputs of reconciliation.
public struct ReconciliationContext: Sendable {
    public var taxonomy: Taxonomy
    public var register: Register
    public var catalog: Catalog
    public var mappings: Mappings
    public var exceptions: [ExceptionRule]
    public var severityOverrides: [FindingKind: Severity]
    public var asOf: Instant

    public init(
        taxonomy: Taxonomy, register: Register, catalog: Catalog, mappings: Mappings = Mappings(),
        exceptions: [ExceptionRule] = [], severityOverrides: [FindingKind: Severity] = [:], asOf: Instant
    ) {
        self.taxonomy = taxonomy
        self.register = register
        self.catalog = catalog
        self.mappings = mappings
        self.exceptions = exceptions
        self.severityOverrides = severityOverrides
        self.asOf = asOf
    }
}

/// A (customer, subprocessor) pair.
public struct Pair: Sendable, Hashable, Comparable {
    public var customer: String
    public var subprocessor: String

    public init(customer: String, subprocessor: String) {
        self.customer = customer
        self.subprocessor = subprocessor
    }

    public static func < (a: Pair, b: Pair) -> Bool {
        let customer = compareUTF8(a.customer, b.customer)
        return customer != 0 ? customer < 0 : byteOrder(a.subprocessor, b.subprocessor)
    }
}

/// What was observed for one pair: the evidence packet's "observed processing".
public struct Observation: Sendable {
    public var flows: Int64 = 0
    public var records: Int64 = 0
    public var bytes: Int64 = 0
    public var firstSeen: Instant?
    public var lastSeen: Instant?
    public var systems: Set<String> = []
    public var purposes: Set<String> = []
    public var dataCategories: Set<String> = []
    public var regions: Set<String> = []
    public var operations: Set<String> = []
    /// The observed values the pair's effective scope does not allow, as the reconciliation
    /// judged them (every observed value when the pair is not approved).
    public var outsidePurposes: Set<String> = []
    public var outsideCategories: Set<String> = []
    public var outsideRegions: Set<String> = []
    public var outsideOperations: Set<String> = []

    public init() {}
}
