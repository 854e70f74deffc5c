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
    /// Where a purpose, data category or region is said when not at `location`: a standard
    /// format's entries that describe one subprocessor (several services of a BOM, several
    /// vendors of a list) are merged into one description, and each value keeps its own line.
    public var elsewhere: [DescribedPlace: SourceLocation] = [:]

    /// Where the description says `value` in `list`.
    public func location(of value: String, in list: DescribedPlace.List) -> SourceLocation {
        elsewhere[DescribedPlace(list, value)] ?? location
    }

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

/// A value in one of a description's lists.
public struct DescribedPlace: Sendable, Hashable {
    public enum List: Sendable, Hashable {
        case purposes, dataCategories, regions, endpoints
    }

    public var list: List
    public var value: String

    public init(_ list: List, _ value: String) {
        self.list = list
        self.value = value
    }
}

/// A described value, the sources that said it, and where the first of them says it.
public struct DescribedValue: Sendable, Hashable {
    public var value: String
    public var sources: [String]
    public var location: SourceLocation
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

    mutating func merge(_ d: SubprocessorDescription) {
        name = name ?? d.name
        service = service ?? d.service
        parent = parent ?? d.parent
        transferMechanism = transferMechanism ?? d.transferMechanism
        Self.union(&purposes, d.purposes, .purposes, d)
        Self.union(&dataCategories, d.dataCategories, .dataCategories, d)
        Self.union(&regions, d.regions, .regions, d)
        Self.union(&endpoints, d.endpoints, .endpoints, d)
        if let since = d.listedSince, listedSince.map({ since.instant < $0.instant }) ?? true {
            listedSince = since
        }
        locations.append(d.location)
        purposeKeys = purposes.map(\.value)
        categoryKeys = dataCategories.map(\.value)
        regionCodes = regions.map(\.value)
    }

    /// Adds `values` to `list`, each once: in time linear in both (a vendor's list may give
    /// tens of thousands of values in one entry).
    private static func union(_ list: inout [DescribedValue], _ values: [String], _ place: DescribedPlace.List, _ d: SubprocessorDescription) {
        let source = d.location.source
        var index = [String: Int](minimumCapacity: list.count + values.count)
        for (i, described) in list.enumerated() where index[described.value] == nil { index[described.value] = i }
        for value in values {
            if let i = index[value] {
                if !list[i].sources.contains(source) { list[i].sources.append(source) }
            } else {
                index[value] = list.count
                list.append(DescribedValue(value: value, sources: [source], location: d.location(of: value, in: place)))
            }
        }
    }
}
