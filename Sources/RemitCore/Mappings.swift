/// The purpose-to-processing map, extra destination patterns and label translations
/// (SPEC "Mappings").
public struct Mappings: Sendable {
    public struct System: Sendable {
        public var purposes: [String]
        public var dataCategories: [String]
        public var owner: String?
        public var location: SourceLocation?

        public init(purposes: [String], dataCategories: [String] = [], owner: String? = nil, location: SourceLocation? = nil) {
            self.purposes = purposes
            self.dataCategories = dataCategories
            self.owner = owner
            self.location = location
        }
    }

    public struct DestinationRule: Sendable {
        public var pattern: String
        public var subprocessor: String
        public var location: SourceLocation?

        public init(pattern: String, subprocessor: String, location: SourceLocation? = nil) {
            self.pattern = DestinationResolver.host(of: pattern)
            self.subprocessor = subprocessor
            self.location = location
        }
    }

    public var systems: [String: System]
    public var destinations: [DestinationRule]
    public var labels: [String: String]

    public init(systems: [String: System] = [:], destinations: [DestinationRule] = [], labels: [String: String] = [:]) {
        self.systems = systems
        self.destinations = destinations
        self.labels = labels
    }

    /// What a mappings source counts as its entries read: systems, destination rules and labels.
    public var entries: Int {
        systems.count + destinations.count + labels.count
    }

    /// A system's purpose when the map names exactly one (written once or more).
    public func purpose(ofSystem system: String) -> String? {
        guard let purposes = systems[system]?.purposes, let first = purposes.first, purposes.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// A system that a later source defines otherwise (purposes, categories or owner) than
    /// the one that counts.
    public struct SystemConflict: Sendable, Equatable {
        public var system: String
        public var kept: SourceLocation?
        public var ignored: SourceLocation?
    }

    /// Combines mappings from several sources; earlier sources win on conflicts. Returns the
    /// systems `other` defines otherwise, in name order (the same definition twice, in any
    /// order, as when one fides manifest is listed in two roles, is none).
    @discardableResult
    public mutating func merge(_ other: Mappings) -> [SystemConflict] {
        var conflicts: [SystemConflict] = []
        for (name, theirs) in other.systems {
            guard let mine = systems[name] else { continue }
            if Set(mine.purposes) != Set(theirs.purposes) || Set(mine.dataCategories) != Set(theirs.dataCategories) || mine.owner != theirs.owner {
                conflicts.append(SystemConflict(system: name, kept: mine.location, ignored: theirs.location))
            }
        }
        systems.merge(other.systems) { mine, _ in mine }
        destinations += other.destinations
        labels.merge(other.labels) { mine, _ in mine }
        return conflicts.sorted { $0.system.utf8.lexicographicallyPrecedes($1.system.utf8) }
    }
}
