/// Subprocessor descriptions, merged across sources (SPEC "Catalog").
///
/// Several sources may describe the same subprocessor; the described scope is their union,
/// and each value remembers which sources said it.
public struct Catalog: Sendable {
    public private(set) var subprocessors: [String: Subprocessor] = [:]
    /// Ids in first-described order.
    public private(set) var order: [String] = []

    public init() {}

    public init(_ descriptions: [SubprocessorDescription]) {
        for description in descriptions { add(description) }
    }

    public mutating func add(_ description: SubprocessorDescription) {
        if subprocessors[description.id] == nil {
            subprocessors[description.id] = Subprocessor(id: description.id)
            order.append(description.id)
        }
        subprocessors[description.id]!.merge(description)
    }

    public subscript(id: String) -> Subprocessor? { subprocessors[id] }

    public var all: [Subprocessor] { order.map { subprocessors[$0]! } }
}

/// One source's description of one subprocessor, as read.
public struct SubprocessorDescription: Sendable {
    public var id: String
    public var name: String?
    public var service: String?
    public var purposes: [String]
    public var dataCategories: [String]
    public var regions: [String]
    public var endpoints: [String]
    public var parent: String?
    public var transferMechanism: String?
    public var listedSince: TimeBound?
    public var location: SourceLocation

    public init(
        id: String, name: String? = nil, service: String? = nil, purposes: [String] = [],
        dataCategories: [String] = [], regions: [String] = [], endpoints: [String] = [],
        parent: String? = nil, transferMechanism: String? = nil, listedSince: TimeBound? = nil,
        location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.service = service
        self.purposes = purposes
        self.dataCategories = dataCategories
        self.regions = regions.map(RegionCoverage.normalize)
        // Spelled as flow destinations are (lower case, no trailing dot, the host of a URL),
        // so that `API.x.example.` or `https://api.x.example/v1` matches `api.x.example`.
        self.endpoints = endpoints.map(DestinationResolver.host(of:)).filter { !$0.isEmpty }
        self.parent = parent
        self.transferMechanism = transferMechanism
        self.listedSince = listedSince
        self.location = location
    }
}

/// A described value and the sources that said it.
public struct DescribedValue: Sendable, Hashable {
    public var value: String
    public var sources: [String]
}

/// The union of every description of one subprocessor.
public struct Subprocessor: Sendable {
    public var id: String
    public var name: String?
    public var service: String?
    public var parent: String?
    public var transferMechanism: String?
    public private(set) var purposes: [DescribedValue] = []
    public private(set) var dataCategories: [DescribedValue] = []
    public private(set) var regions: [DescribedValue] = []
    public private(set) var endpoints: [DescribedValue] = []
    /// The earliest `listed_since` of any source.
    public private(set) var listedSince: TimeBound?
    public private(set) var locations: [SourceLocation] = []
    /// The described values alone, in the same order: kept rather than worked out on each
    /// use, since every effective scope of a general authorization is built from them.
    public private(set) var purposeKeys: [String] = []
    public private(set) var categoryKeys: [String] = []
    public private(set) var regionCodes: [String] = []

    init(id: String) {
        self.id = id
    }

    /// Where the first source that describes `value` describes this subprocessor.
    public func location(of value: DescribedValue) -> SourceLocation? {
        locations.first { value.sources.contains($0.source) } ?? locations.first
    }

    mutating func merge(_ d: SubprocessorDescription) {
        name = name ?? d.name
        service = service ?? d.service
        parent = parent ?? d.parent
        transferMechanism = transferMechanism ?? d.transferMechanism
        Self.union(&purposes, d.purposes, d.location.source)
        Self.union(&dataCategories, d.dataCategories, d.location.source)
        Self.union(&regions, d.regions, d.location.source)
        Self.union(&endpoints, d.endpoints, d.location.source)
        if let since = d.listedSince, listedSince.map({ since.instant < $0.instant }) ?? true {
            listedSince = since
        }
        locations.append(d.location)
        purposeKeys = purposes.map(\.value)
        categoryKeys = dataCategories.map(\.value)
        regionCodes = regions.map(\.value)
    }

    private static func union(_ list: inout [DescribedValue], _ values: [String], _ source: String) {
        for value in values {
            if let i = list.firstIndex(where: { $0.value == value }) {
                if !list[i].sources.contains(source) { list[i].sources.append(source) }
            } else {
                list.append(DescribedValue(value: value, sources: [source]))
            }
        }
    }
}
