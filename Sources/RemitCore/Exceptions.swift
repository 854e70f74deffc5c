/// Approved, time-bound deviations (SPEC "Exceptions").
public struct ExceptionRule: Sendable {
    public var id: String
    public var kind: FindingKind
    public var customer: String?
    public var subprocessor: String?
    public var dimension: String?
    public var value: String?
    public var reason: String
    public var instructionRef: String?
    public var approvedBy: String
    /// nil = never expires.
    public var expires: TimeBound?
    public var location: SourceLocation?
    /// `value` as a finding on the region, destination or description dimension spells it:
    /// regions upper case, hosts lower case, a `DESCRIPTION_CHANGED` region (`+region:us`) with
    /// its code upper case (SPEC "Exceptions": matched on normalized fields).
    private let regionValue: String?
    private let hostValue: String?
    private let descriptionValue: String?

    public init(
        id: String, kind: FindingKind, customer: String? = nil, subprocessor: String? = nil,
        dimension: String? = nil, value: String? = nil, reason: String, instructionRef: String? = nil,
        approvedBy: String, expires: TimeBound? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.kind = kind
        self.customer = customer
        self.subprocessor = subprocessor
        self.dimension = dimension
        self.value = value
        self.reason = reason
        self.instructionRef = instructionRef
        self.approvedBy = approvedBy
        self.expires = expires
        self.location = location
        regionValue = value.map(RegionCoverage.normalize)
        hostValue = value?.lowercased()
        descriptionValue = value.map(Self.describedRegionNormalized)
    }

    /// `+region:CODE` and `-region:CODE` with the code as a region finding spells it; any
    /// other value as written.
    private static func describedRegionNormalized(_ value: String) -> String {
        guard var change = DescriptionChange(value), change.dimension == .region else { return value }
        change.value = RegionCoverage.normalize(change.value)
        return change.text
    }

    public func isExpired(at time: Instant) -> Bool {
        guard let expires else { return false }
        return !expires.includes(upTo: time)
    }

    /// Matches a finding's normalized fields exactly; absent fields match anything.
    public func matches(_ key: FindingKey) -> Bool {
        kind == key.kind
            && (customer.map { $0 == key.customer } ?? true)
            && (subprocessor.map { $0 == key.subprocessor } ?? true)
            && (dimension.map { $0 == key.dimension.rawValue } ?? true)
            && (value == nil || valueMatches(key))
    }

    /// The value compared as the finding's dimension normalizes it, whatever the kind.
    private func valueMatches(_ key: FindingKey) -> Bool {
        switch key.dimension {
        case .region: regionValue == key.value
        case .destination: hostValue == key.value
        case .description: descriptionValue == key.value
        default: value == key.value
        }
    }
}
