/// The kinds of finding (SPEC "Reconciliation").
public enum FindingKind: String, Sendable, CaseIterable, Comparable {
    case unattributedFlow = "UNATTRIBUTED_FLOW"
    case unknownCustomer = "UNKNOWN_CUSTOMER"
    case unknownDestination = "UNKNOWN_DESTINATION"
    case unauthorizedSubprocessor = "UNAUTHORIZED_SUBPROCESSOR"
    case outsideAuthorizationWindow = "OUTSIDE_AUTHORIZATION_WINDOW"
    case purposeNotAuthorized = "PURPOSE_NOT_AUTHORIZED"
    case dataCategoryNotAuthorized = "DATA_CATEGORY_NOT_AUTHORIZED"
    case regionNotAuthorized = "REGION_NOT_AUTHORIZED"
    case operationNotAuthorized = "OPERATION_NOT_AUTHORIZED"
    case descriptionExceedsAuthorization = "DESCRIPTION_EXCEEDS_AUTHORIZATION"
    case authorizationWithoutInstruction = "AUTHORIZATION_WITHOUT_INSTRUCTION"
    case unknownSubprocessor = "UNKNOWN_SUBPROCESSOR"
    case unusedAuthorization = "UNUSED_AUTHORIZATION"
    case sourceUnavailable = "SOURCE_UNAVAILABLE"
    case descriptionChanged = "DESCRIPTION_CHANGED"
    case invalidRecord = "INVALID_RECORD"
    case unknownTaxonomyKey = "UNKNOWN_TAXONOMY_KEY"
    case exceptionExpired = "EXCEPTION_EXPIRED"

    public static func < (a: FindingKind, b: FindingKind) -> Bool { a.rawValue < b.rawValue }

    /// Default severity (SPEC "Reconciliation").
    public var defaultSeverity: Severity {
        switch self {
        case .unauthorizedSubprocessor, .purposeNotAuthorized, .dataCategoryNotAuthorized,
             .regionNotAuthorized, .outsideAuthorizationWindow, .unknownDestination:
            .high
        case .unattributedFlow, .unknownCustomer, .operationNotAuthorized, .descriptionExceedsAuthorization,
             .authorizationWithoutInstruction, .unknownSubprocessor, .sourceUnavailable, .descriptionChanged,
             .exceptionExpired:
            .medium
        case .invalidRecord, .unknownTaxonomyKey:
            .low
        case .unusedAuthorization:
            .info
        }
    }
}

public enum Severity: String, Sendable, CaseIterable, Comparable {
    case info, low, medium, high

    var rank: Int {
        switch self {
        case .info: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// `fail_on`: the least severity that fails a run, or none.
public enum FailThreshold: Sendable, Equatable {
    case none
    case atLeast(Severity)

    public init?(_ text: String) {
        if text == "none" {
            self = .none
        } else if let severity = Severity(rawValue: text) {
            self = .atLeast(severity)
        } else {
            return nil
        }
    }

    public func fails(_ severity: Severity) -> Bool {
        switch self {
        case .none: false
        case .atLeast(let threshold): severity >= threshold
        }
    }

    public var name: String {
        switch self {
        case .none: "none"
        case .atLeast(let severity): severity.rawValue
        }
    }
}

public enum FindingDimension: String, Sendable, CaseIterable {
    case customer, subprocessor, destination, window, purpose
    case dataCategory = "data_category"
    case region, operation, instruction, source, record, taxonomy, exception, description, pair
}

/// What a finding is about; findings aggregate on this key.
public struct FindingKey: Sendable, Hashable {
    public var kind: FindingKind
    public var customer: String
    public var subprocessor: String
    public var dimension: FindingDimension
    public var value: String

    public init(_ kind: FindingKind, customer: String, subprocessor: String, dimension: FindingDimension, value: String) {
        self.kind = kind
        self.customer = customer
        self.subprocessor = subprocessor
        self.dimension = dimension
        self.value = value
    }
}

/// A sample of what produced a finding: a flow, a rejected record or an input entry.
public struct Sample: Sendable, Hashable {
    public var flow: String?
    public var location: SourceLocation
    public var reason: String?

    public init(flow: String?, location: SourceLocation, reason: String? = nil) {
        self.flow = flow
        self.location = location
        self.reason = reason
    }
}

public enum FindingStatus: String, Sendable {
    case new, persisting
}

/// One aggregated finding.
public struct Finding: Sendable {
    public var key: FindingKey
    public var fingerprint: String
    public var severity: Severity
    public var flows: Int64
    public var records: Int64
    public var bytes: Int64
    public var firstSeen: Instant?
    public var lastSeen: Instant?
    public var status: FindingStatus
    /// `as_of` of the first run that had this finding (this run when it is new).
    public var firstSeenRun: Instant?
    public var suppressedBy: String?
    public var instructionRefs: [String]
    public var message: String
    public var samples: [Sample]

    public var isSuppressed: Bool { suppressedBy != nil }

    public init(
        key: FindingKey, fingerprint: String, severity: Severity, flows: Int64 = 0, records: Int64 = 0,
        bytes: Int64 = 0, firstSeen: Instant? = nil, lastSeen: Instant? = nil, status: FindingStatus = .new,
        firstSeenRun: Instant? = nil, suppressedBy: String? = nil, instructionRefs: [String] = [], message: String = "", samples: [Sample] = []
    ) {
        self.key = key
        self.fingerprint = fingerprint
        self.severity = severity
        self.flows = flows
        self.records = records
        self.bytes = bytes
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.status = status
        self.firstSeenRun = firstSeenRun
        self.suppressedBy = suppressedBy
        self.instructionRefs = instructionRefs
        self.message = message
        self.samples = samples
    }

    /// SPEC order: severity (high first), then kind, customer, subprocessor, dimension,
    /// value, fingerprint, byte-wise.
    public static func sortedForOutput(_ findings: [Finding]) -> [Finding] {
        // Indices are sorted, and findings compared where they lie: moving or copying whole
        // findings about was most of it.
        findings.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return [] }
            return Array(all.indices).sorted { precedesInOutput(base + $0, base + $1) }.map { all[$0] }
        }
    }

    private static func precedesInOutput(_ a: UnsafePointer<Finding>, _ b: UnsafePointer<Finding>) -> Bool {
        if a.pointee.severity != b.pointee.severity { return a.pointee.severity > b.pointee.severity }
        var order = compareUTF8(a.pointee.key.kind.rawValue, b.pointee.key.kind.rawValue)
        if order == 0 { order = compareUTF8(a.pointee.key.customer, b.pointee.key.customer) }
        if order == 0 { order = compareUTF8(a.pointee.key.subprocessor, b.pointee.key.subprocessor) }
        if order == 0 { order = compareUTF8(a.pointee.key.dimension.rawValue, b.pointee.key.dimension.rawValue) }
        if order == 0 { order = compareUTF8(a.pointee.key.value, b.pointee.key.value) }
        if order == 0 { order = compareUTF8(a.pointee.fingerprint, b.pointee.fingerprint) }
        return order < 0
    }
}
