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

    /// A system's purpose when the map names exactly one (written once or more).
    public func purpose(ofSystem system: String) -> String? {
        guard let purposes = systems[system]?.purposes, let first = purposes.first, purposes.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// Combines mappings from several sources; earlier sources win on conflicts.
    public mutating func merge(_ other: Mappings) {
        systems.merge(other.systems) { mine, _ in mine }
        destinations += other.destinations
        labels.merge(other.labels) { mine, _ in mine }
    }
}
