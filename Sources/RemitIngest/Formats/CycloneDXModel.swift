public import RemitCore

/// The parts of a CycloneDX BOM (1.4–1.6) that describe services and their data, read alike
/// from XML and JSON. Components, licenses, hashes and the like are skipped while streaming.
public struct CycloneDXBOM: Sendable, Equatable {
    public var specVersion: String?
    public var serialNumber: String?
    /// Top-level services; nested ones are in `CycloneDXService.services`.
    public var services: [CycloneDXService] = []
    /// Entries that break the CycloneDX schema, with where they are (the rest still loads).
    public var problems: [CycloneDXProblem] = []
    /// Keys and elements CycloneDX does not define where remit reads (`StandardFormatKeys`).
    public var unknownKeys: [UnknownKey] = []

    /// Every service, nested ones after their parent (document order).
    public var allServices: [CycloneDXService] {
        services.flatMap { [$0] + $0.descendants }
    }

    /// The service a `urn:cdx:<serial>/<version>#<bom-ref>` (or `#<bom-ref>`) URL names.
    public func service(referencedBy url: String) -> CycloneDXService? {
        serviceIndex(referencedBy: url).map { allServices[$0] }
    }

    /// The index in `allServices` of the service a URL names.
    public func serviceIndex(referencedBy url: String) -> Int? {
        guard let hash = url.lastIndex(of: "#") else { return nil }
        let prefix = url[..<hash]
        guard prefix.isEmpty || prefix.hasPrefix("urn:cdx:") else { return nil }
        if let serialNumber, prefix.hasPrefix("urn:cdx:") {
            // urn:cdx:<serial without urn:uuid:>/<version>: another BOM's services are not here.
            let uuid = serialNumber.hasPrefix("urn:uuid:") ? serialNumber.dropFirst("urn:uuid:".count) : serialNumber[...]
            let named = prefix.dropFirst("urn:cdx:".count).prefix { $0 != "/" }
            if named.lowercased() != uuid.lowercased() { return nil }
        }
        let ref = url[url.index(after: hash)...]
        return allServices.firstIndex { $0.bomRef.map { $0[...] == ref } ?? false }
    }
}

public struct CycloneDXService: Sendable, Equatable {
    public var bomRef: String?
    public var name: String?
    public var group: String?
    public var version: String?
    public var description: String?
    public var provider: CycloneDXProvider?
    public var endpoints: [String] = []
    /// 1.5+ `trustZone`.
    public var trustZone: String?
    /// `x-trust-boundary` (1.4+): whether using the service crosses a trust boundary.
    public var crossesTrustBoundary: Bool?
    public var data: [CycloneDXData] = []
    public var services: [CycloneDXService] = []
    public var location: SourceLocation

    public init(location: SourceLocation) {
        self.location = location
    }

    /// How the service is named in flows and messages: its name, else its bom-ref.
    public var displayName: String { name ?? bomRef ?? "unnamed service" }

    var descendants: [CycloneDXService] {
        services.flatMap { [$0] + $0.descendants }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.bomRef == b.bomRef && a.name == b.name && a.group == b.group && a.version == b.version
            && a.description == b.description && a.provider == b.provider && a.endpoints == b.endpoints
            && a.trustZone == b.trustZone && a.crossesTrustBoundary == b.crossesTrustBoundary
            && a.data == b.data && a.services == b.services
    }
}

/// `provider`: the organization that provides the service.
public struct CycloneDXProvider: Sendable, Equatable {
    public var name: String?
    public var urls: [String] = []
}

/// One `data` entry: 1.4's `{classification, flow}` or a 1.5+ `dataflow` with name,
/// source, destination and governance. Equality ignores where it was read.
public struct CycloneDXData: Sendable, Equatable {
    public enum Direction: String, Sendable, CaseIterable {
        case inbound, outbound, biDirectional = "bi-directional", unknown
    }

    public var name: String?
    public var description: String?
    public var classification: String
    public var flow: Direction
    public var sources: [String] = []
    public var destinations: [String] = []
    /// Governance: organization or contact names per role (`owners`, `custodians`, `stewards`).
    public var owners: [String] = []
    public var custodians: [String] = []
    public var stewards: [String] = []
    /// Its place among its service's data entries in the file, the rejected ones counted.
    public var place = 0
    public var location: SourceLocation

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.description == b.description && a.classification == b.classification && a.flow == b.flow
            && a.sources == b.sources && a.destinations == b.destinations && a.owners == b.owners
            && a.custodians == b.custodians && a.stewards == b.stewards
    }
}

/// A part of a BOM that breaks the schema, e.g. a `flow` outside the enum.
public struct CycloneDXProblem: Sendable, Equatable {
    public var location: SourceLocation
    public var field: String
    public var reason: String

    public static func == (a: Self, b: Self) -> Bool { a.field == b.field && a.reason == b.reason }
}

extension CycloneDXData.Direction {
    static let expected = "inbound, outbound, bi-directional or unknown"

    /// Outbound and bi-directional data leave the service (SPEC "Standard formats").
    var leavesService: Bool { self == .outbound || self == .biDirectional }
}
