import RemitCore

/// Declared flows from a CycloneDX BOM (SPEC "Standard formats"; README "CycloneDX").
///
/// Each `data` entry whose `flow` is `outbound` or `bi-directional` is a flow from its service
/// (the system). Its destinations: the 1.5+ dataflow `destination` URLs — a `urn:cdx:…#ref`
/// naming a service of this BOM stands for that service — or, without any, the service
/// itself. A destination service contributes one flow per distinct endpoint host, and its
/// provider's subprocessor when that maps; one entry goes to each host once.
/// `classification` goes through `mappings.labels`.
/// Not flows (counted as skipped): inbound/unknown entries, entries whose classification is
/// marked not personal (`""`), and internal ones — to a service with `x-trust-boundary: false`,
/// or between two services in the same `trustZone`.
public struct CycloneDXFlows {
    /// The flows, the entries rejected as invalid, and how many entries were not flows.
    public struct Result {
        public var outcomes: [FlowRecordDecoder.Outcome] = []
        public var skipped = 0
    }

    let bom: CycloneDXBOM
    let context: AdapterContext

    public init(bom: CycloneDXBOM, context: AdapterContext) {
        self.bom = bom
        self.context = context
    }

    private enum Target {
        case service(Int)
        case url(String)
    }

    public func flows() -> Result {
        var result = Result()
        for problem in bom.problems {
            result.outcomes.append(.rejected(RejectedRecord(location: problem.location, reason: "CycloneDX \(problem.field): \(problem.reason)")))
        }
        let services = bom.allServices
        for (s, service) in services.enumerated() {
            for data in service.data {
                guard data.flow.leavesService else { result.skipped += 1; continue }
                let (categories, personal) = context.categories([data.classification])
                guard personal else { result.skipped += 1; continue }
                let targets: [Target] = data.destinations.isEmpty ? [.service(s)] : data.destinations.map { url in
                    bom.serviceIndex(referencedBy: url).map(Target.service) ?? .url(Self.plainDestination(url))
                }
                let id = data.name ?? "\(service.bomRef ?? service.displayName)/data/\(data.place)"
                // One declared flow goes to a host once: two URLs or references to one host
                // (`https://api.x/a`, `https://api.x/b`, the service behind them) are not two
                // flows. The first names the flow; a service's provider, when it maps, its
                // subprocessor.
                var hosts: [String] = []
                var sent: [String: (destination: String, subprocessor: String?)] = [:]
                func add(_ destination: String, subprocessor: String?) {
                    let found = DestinationResolver.host(of: destination)
                    let host = found.isEmpty ? destination : found
                    guard let first = sent[host] else {
                        hosts.append(host)
                        sent[host] = (destination, subprocessor)
                        return
                    }
                    if first.subprocessor == nil, let subprocessor { sent[host]!.subprocessor = subprocessor }
                }
                for target in targets {
                    switch target {
                    case .url(let url):
                        add(url, subprocessor: nil)
                    case .service(let t):
                        let receiver = services[t]
                        if Self.isInternal(from: service, to: receiver, sameService: s == t) { result.skipped += 1; continue }
                        let subprocessor = CycloneDXProviders(context: context).subprocessor(of: receiver)
                        for destination in Self.destinations(of: receiver) { add(destination, subprocessor: subprocessor) }
                    }
                }
                for host in hosts {
                    let (destination, subprocessor) = sent[host]!
                    result.outcomes.append(.record(flow(id, service, data, categories, destination: destination, subprocessor: subprocessor)))
                }
            }
        }
        return result
    }

    private func flow(_ id: String, _ service: CycloneDXService, _ data: CycloneDXData, _ categories: [String],
                      destination: String, subprocessor: String?) -> FlowRecord {
        FlowRecord(id: id, subprocessor: subprocessor, destination: destination, system: service.displayName,
                   dataCategories: categories, location: data.location)
    }

    /// Data that stays inside one trust zone, or goes to a service that crosses no boundary.
    static func isInternal(from sender: CycloneDXService, to receiver: CycloneDXService, sameService: Bool) -> Bool {
        if receiver.crossesTrustBoundary == false { return true }
        guard !sameService, let zone = sender.trustZone else { return false }
        return zone == receiver.trustZone
    }

    /// A `urn:cdx:` reference to a service of another BOM stands for that service's bom-ref.
    static func plainDestination(_ url: String) -> String {
        guard url.hasPrefix("urn:cdx:"), let hash = url.lastIndex(of: "#") else { return url }
        return String(url[url.index(after: hash)...])
    }

    /// A service's endpoints, one per distinct host; its bom-ref or name when it lists none.
    static func destinations(of service: CycloneDXService) -> [String] {
        var hosts = Set<String>()
        let endpoints = service.endpoints.filter { hosts.insert(DestinationResolver.host(of: $0)).inserted }
        return endpoints.isEmpty ? [service.bomRef ?? service.displayName] : endpoints
    }
}

/// Which subprocessor a CycloneDX service's provider stands for.
struct CycloneDXProviders {
    let context: AdapterContext

    /// The source's `subprocessor` option (the whole BOM is that vendor's); else, for a service
    /// with a `provider`, the first of the provider's URLs or the service's endpoints whose
    /// host resolves (catalog endpoints where known, then `mappings.destinations`).
    func subprocessor(of service: CycloneDXService) -> String? {
        if let id = context.subprocessor { return id }
        guard let provider = service.provider else { return nil }
        return context.resolve(provider.urls + service.endpoints)
    }
}
