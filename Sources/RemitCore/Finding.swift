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

    /// Whether a finding of this kind is only ever raised by flow records (its volume, even
    /// 0 flows of `count: 0` records, is what it observed); the other kinds come from the
    /// documents, or from either.
    public var isFromFlows: Bool {
        switch self {
        case .unattributedFlow, .unknownCustomer, .unknownDestination, .unauthorizedSubprocessor, .outsideAuthorizationWindow,
             .purposeNotAuthorized, .dataCategoryNotAuthorized, .regionNotAuthorized, .operationNotAuthorized, .invalidRecord:
            true
        case .descriptionExceedsAuthorization, .authorizationWithoutInstruction, .unknownSubprocessor, .unusedAuthorization,
             .sourceUnavailable, .descriptionChanged, .unknownTaxonomyKey, .exceptionExpired:
            false
        }
    }

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

extension Array where Element == Finding {
    /// How many of the findings are `new`, each read in place: `count(where:)` and a `for`
    /// loop copy every finding (its texts, lists and samples) to read one field.
    public var newCount: Int {
        var count = 0
        for index in indices where self[index].status == .new { count += 1 }
        return count
    }
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
        var findings = findings
        sortForOutput(&findings)
        return findings
    }

    /// Sorts in `sortedForOutput`'s order, in place.
    ///
    /// Each finding's severity, kind, customer, subprocessor and dimension are first numbered
    /// by their place in that order, so most comparisons are of two integers; only findings
    /// equal on all of them compare their values and fingerprints. Comparing every part as
    /// bytes took a third of a second for a hundred thousand findings. Then the findings are
    /// moved to their places, not copied.
    public static func sortForOutput(_ findings: inout [Finding]) {
        let order: [Int] = findings.withUnsafeBufferPointer { all in
            let customers = ByteRanks(all.map(\.key.customer)), subprocessors = ByteRanks(all.map(\.key.subprocessor))
            let ranks = all.indices.map { index in
                OutputRank(
                    first: UInt64(3 - all[index].severity.rank) << 56 | UInt64(kindRanks[all[index].key.kind]!) << 48
                        | UInt64(customers.rank[index]),
                    second: UInt64(subprocessors.rank[index]) << 8 | UInt64(dimensionRanks[all[index].key.dimension]!))
            }
            return ranks.withUnsafeBufferPointer { ranks in
                all.indices.sorted { a, b in
                    if ranks[a] != ranks[b] { return ranks[a] < ranks[b] }
                    var order = compareUTF8(all[a].key.value, all[b].key.value)
                    if order == 0 { order = compareUTF8(all[a].fingerprint, all[b].fingerprint) }
                    return order < 0
                }
            }
        }
        findings.withUnsafeMutableBufferPointer { findings in
            // findings[k] is to hold what is now at order[k]: each cycle of the permutation is
            // walked once, swapping (moving) as it goes.
            var placed = [Bool](repeating: false, count: findings.count)
            for start in findings.indices where !placed[start] {
                var k = start
                while true {
                    placed[k] = true
                    let from = order[k]
                    if from == start { break }
                    findings.swapAt(k, from)
                    k = from
                }
            }
        }
    }

    private struct OutputRank: Comparable {
        var first: UInt64, second: UInt64

        static func < (a: Self, b: Self) -> Bool { (a.first, a.second) < (b.first, b.second) }
    }

    /// Kinds and dimensions numbered in byte order of their names.
    private static let kindRanks = Dictionary(
        uniqueKeysWithValues: FindingKind.allCases.sorted { byteOrder($0.rawValue, $1.rawValue) }.enumerated().map { ($1, $0) })
    private static let dimensionRanks = Dictionary(
        uniqueKeysWithValues: FindingDimension.allCases.sorted { byteOrder($0.rawValue, $1.rawValue) }.enumerated().map { ($1, $0) })
}

/// Each of a list of strings numbered by its place among the distinct ones in byte order.
/// Strings are told apart by their bytes: two spellings Swift takes as equal (a precomposed
/// and a decomposed "é") are different here, as `compareUTF8` has them.
private struct ByteRanks {
    let rank: [Int]

    init(_ texts: [String]) {
        var numbers: [UTF8Text: Int] = [:]
        for text in texts where numbers[UTF8Text(text)] == nil { numbers[UTF8Text(text)] = 0 }
        let distinct = numbers.keys.sorted { compareUTF8($0.text, $1.text) < 0 }
        for (place, text) in distinct.enumerated() { numbers[text] = place }
        rank = texts.map { numbers[UTF8Text($0)]! }
    }
}

/// A string hashed and compared by its UTF-8 bytes.
private struct UTF8Text: Hashable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    static func == (a: Self, b: Self) -> Bool {
        compareUTF8(a.text, b.text) == 0
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
