/// Per customer: documented instructions, customer-wide limits and approved subprocessors
/// (SPEC "Register").
public struct Register: Sendable {
    public var customers: [Customer]
    private var index: [String: Int]

    public init(customers: [Customer]) {
        self.customers = customers
        var index: [String: Int] = [:]
        for (i, customer) in customers.enumerated() where index[customer.id] == nil {
            index[customer.id] = i
        }
        self.index = index
    }

    /// The position of a customer in `customers`.
    public func index(of id: String) -> Int? {
        index[id]
    }

    public func customer(_ id: String) -> Customer? {
        index[id].map { customers[$0] }
    }
}

public struct Customer: Sendable {
    public var id: String
    public var name: String?
    public var instructions: [Instruction]
    /// Customer-wide limits; nil = no extra limit.
    public var purposes: [String]?
    public var dataCategories: [String]?
    public var regions: [String]?
    public var subprocessors: [Authorization]
    public var generalAuthorization: GeneralAuthorization?
    public var location: SourceLocation?

    public init(
        id: String, name: String? = nil, instructions: [Instruction] = [], purposes: [String]? = nil,
        dataCategories: [String]? = nil, regions: [String]? = nil, subprocessors: [Authorization] = [],
        generalAuthorization: GeneralAuthorization? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.instructions = instructions
        self.purposes = purposes
        self.dataCategories = dataCategories
        self.regions = regions.map { $0.map(RegionCoverage.normalize) }
        self.subprocessors = subprocessors
        self.generalAuthorization = generalAuthorization
        self.location = location
    }

    public func instruction(_ id: String) -> Instruction? {
        instructions.first { $0.id == id }
    }

    public func authorization(for subprocessor: String) -> Authorization? {
        subprocessors.first { $0.id == subprocessor }
    }

    /// Whether the customer authorizes `subprocessor` one by one (`authorization(for:)` without the copy).
    public func authorizesExplicitly(_ subprocessor: String) -> Bool {
        subprocessors.contains { $0.id == subprocessor }
    }
}

/// A documented instruction source: a DPA, SOW, order form, change order, ticket or config.
public struct Instruction: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case dpa, sow, orderForm = "order_form", changeOrder = "change_order", ticket, config
    }

    public var id: String
    public var kind: Kind
    public var ref: String?
    public var uri: String?
    public var sha256: String?
    public var effective: TimeBound?
    public var expires: TimeBound?
    public var location: SourceLocation?

    public init(
        id: String, kind: Kind, ref: String? = nil, uri: String? = nil, sha256: String? = nil,
        effective: TimeBound? = nil, expires: TimeBound? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.kind = kind
        self.ref = ref
        self.uri = uri
        self.sha256 = sha256
        self.effective = effective
        self.expires = expires
        self.location = location
    }

    /// In force at `time`: on or after `effective`, and not past `expires` (a date includes its day).
    public func isInForce(at time: Instant) -> Bool {
        if let effective, time < effective.start { return false }
        if let expires, !expires.includes(upTo: time) { return false }
        return true
    }
}

/// An explicit authorization of one subprocessor for one customer.
public struct Authorization: Sendable {
    public var id: String
    public var instruction: String?
    /// nil = authorizes no purpose / no category (SPEC).
    public var purposes: [String]?
    public var dataCategories: [String]?
    /// nil = any operation.
    public var operations: [String]?
    /// nil = no regional limit from the authorization itself.
    public var regions: [String]?
    public var from: TimeBound?
    public var until: TimeBound?
    public var location: SourceLocation?

    public init(
        id: String, instruction: String? = nil, purposes: [String]? = nil, dataCategories: [String]? = nil,
        operations: [String]? = nil, regions: [String]? = nil, from: TimeBound? = nil, until: TimeBound? = nil,
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.instruction = instruction
        self.purposes = purposes
        self.dataCategories = dataCategories
        self.operations = operations
        self.regions = regions.map { $0.map(RegionCoverage.normalize) }
        self.from = from
        self.until = until
        self.location = location
    }
}

/// General written authorization (GDPR Art. 28(2), ISO/IEC 27701 B.8.5.7-B.8.5.8).
public struct GeneralAuthorization: Sendable {
    public var instruction: String?
    public var noticeDays: Int
    public var objections: [String]
    public var location: SourceLocation?

    public init(instruction: String? = nil, noticeDays: Int = 0, objections: [String] = [], location: SourceLocation? = nil) {
        self.instruction = instruction
        self.noticeDays = noticeDays
        self.objections = objections
        self.location = location
    }
}
