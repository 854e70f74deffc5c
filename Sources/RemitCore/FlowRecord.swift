/// One observed processing record (SPEC "Flows"), validated and typed by ingest.
public struct FlowRecord: Sendable {
    public var id: String?
    public var ts: Instant?
    public var customer: String?
    public var subprocessor: String?
    public var destination: String?
    public var system: String?
    public var purpose: String?
    public var dataCategories: [String]
    public var region: String?
    public var operation: String?
    public var count: Int64
    public var records: Int64
    public var bytes: Int64
    public var location: SourceLocation
    /// The record's keys that remit does not know: ignored, and listed by `remit check`
    /// (SPEC "Unknown keys in any input are reported by `remit check`").
    public var unknownKeys: [String] = []

    public init(
        id: String? = nil, ts: Instant? = nil, customer: String? = nil, subprocessor: String? = nil,
        destination: String? = nil, system: String? = nil, purpose: String? = nil, dataCategories: [String] = [],
        region: String? = nil, operation: String? = nil, count: Int64 = 1, records: Int64 = 0, bytes: Int64 = 0,
        location: SourceLocation
    ) {
        self.id = id
        self.ts = ts
        self.customer = customer
        self.subprocessor = subprocessor
        self.destination = destination
        self.system = system
        self.purpose = purpose
        self.dataCategories = dataCategories
        self.region = region
        self.operation = operation
        self.count = count
        self.records = records
        self.bytes = bytes
        self.location = location
    }
}

/// A record that ingest refused, with where and why.
public struct RejectedRecord: Sendable {
    public var id: String?
    public var location: SourceLocation
    public var reason: String

    public init(id: String? = nil, location: SourceLocation, reason: String) {
        self.id = id
        self.location = location
        self.reason = reason
    }
}
