public import RemitCore

/// What the standard-format adapters need from the job besides the file itself: label
/// translations, destination patterns, and the source's options (SPEC "Mappings", "Job config").
public struct AdapterContext: Sendable {
    /// `mappings.labels` over the built-in defaults.
    public var labels: LabelMap
    /// Resolves hosts to subprocessors: the catalog's endpoints (when known) and
    /// `mappings.destinations`, with the SPEC's precedence.
    public var resolver: DestinationResolver
    /// The purpose-to-processing map (fides flows name their systems).
    public var mappings: Mappings
    /// The source's `subprocessor` option: the source describes this one subprocessor.
    public var subprocessor: String?
    /// The systems every fides manifest of the job defines (whichever role lists it), and whom
    /// each stands for: an egress to one of them from another manifest goes where it would
    /// from that manifest (a project split over several files).
    public var fidesSystems: [String: FidesSystemOwner] = [:]

    /// For catalog and mappings sources: the catalog is not complete yet, so only
    /// `mappings.destinations` resolve hosts.
    public init(mappings: Mappings, subprocessor: String? = nil) {
        self.init(catalog: Catalog(), mappings: mappings, subprocessor: subprocessor)
    }

    /// For flow sources: the whole catalog and the mappings.
    public init(catalog: Catalog, mappings: Mappings, subprocessor: String? = nil) {
        labels = LabelMap(mappings.labels, defaults: TCFDefaultLabels.labels)
        resolver = DestinationResolver(catalog: catalog, mappings: mappings)
        self.mappings = mappings
        self.subprocessor = subprocessor
    }

    /// The subprocessor the first of these URLs or hosts resolves to.
    func resolve(_ destinations: [String]) -> String? {
        for destination in destinations {
            let host = DestinationResolver.host(of: destination)
            if !host.isEmpty, let id = resolver.resolve(host: host) { return id }
        }
        return nil
    }

    /// Classification labels to taxonomy keys: mapped keys, unmapped labels as written, dropped
    /// ones left out. `personal` is false when every label was marked "not personal data".
    func categories(_ labels: [String]) -> (keys: [String], personal: Bool) {
        var keys: [String] = []
        var dropped = 0
        for label in labels where !label.isEmpty {
            if let key = self.labels.keyOrLabel(label) { keys.append(key) } else { dropped += 1 }
        }
        return (keys.uniqued(), !(dropped > 0 && keys.isEmpty))
    }
}

/// Whom a system of a fides manifest stands for, as that manifest is read.
public enum FidesSystemOwner: Sendable, Equatable {
    /// One of the company's own systems.
    case company
    /// A third party by its `vendor_id` (mapped as `FidesAdapter.thirdParty(vendor:)` maps it).
    case vendor(String)
    /// The manifest's source names the subprocessor it describes (`subprocessor:`).
    case subprocessor(String)
}

/// One source's descriptions of the same subprocessor merged into one entry (SPEC: ids are
/// unique within one catalog source; several services or vendors may map to one id). Each
/// value keeps the line of the entry that said it first (`SubprocessorDescription.elsewhere`).
enum DescriptionMerger {
    static func merge(_ descriptions: [SubprocessorDescription]) -> [SubprocessorDescription] {
        var merged: [SubprocessorDescription] = []
        var index: [String: Int] = [:]
        for d in descriptions {
            guard let i = index[d.id] else {
                index[d.id] = merged.count
                merged.append(d)
                continue
            }
            var m = merged[i]
            m.name = m.name ?? d.name
            m.service = m.service ?? d.service
            func add(_ list: WritableKeyPath<SubprocessorDescription, [String]>, _ place: DescribedPlace.List) {
                for value in d[keyPath: list] where !m[keyPath: list].contains(value) {
                    m[keyPath: list].append(value)
                    let location = d.location(of: value, in: place)
                    if location != m.location { m.elsewhere[DescribedPlace(place, value)] = location }
                }
            }
            add(\.purposes, .purposes)
            add(\.dataCategories, .dataCategories)
            add(\.regions, .regions)
            add(\.endpoints, .endpoints)
            m.parent = m.parent ?? d.parent
            m.transferMechanism = m.transferMechanism ?? d.transferMechanism
            merged[i] = m
        }
        return merged
    }
}
