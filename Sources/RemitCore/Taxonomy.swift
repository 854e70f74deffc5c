/// The vocabulary every input is checked against (SPEC "Taxonomy keys and coverage").
public struct Taxonomy: Sendable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var label: String?
        public var highRisk: Bool
        /// Whether the file said the risk (`risk:`), rather than leaving it out.
        public var riskStated: Bool
        public var location: SourceLocation?

        public init(key: String, label: String? = nil, highRisk: Bool = false, riskStated: Bool? = nil, location: SourceLocation? = nil) {
            self.key = key
            self.label = label
            self.highRisk = highRisk
            self.riskStated = riskStated ?? highRisk
            self.location = location
        }
    }

    /// The four key dimensions a taxonomy defines.
    public enum Dimension: String, Sendable, CaseIterable {
        case purposes, dataCategories = "data_categories", dataSubjects = "data_subjects", operations
    }

    public private(set) var entries: [Dimension: [Entry]]
    public private(set) var regionGroups: [String: [String]]
    private var defined: [Dimension: Set<String>]
    public private(set) var riskKeys: [String]
    public let regions: RegionCoverage

    public init(entries: [Dimension: [Entry]], regionGroups: [String: [String]]) {
        self.entries = entries
        self.regionGroups = regionGroups
        self.defined = entries.mapValues { Set($0.map(\.key)) }
        self.riskKeys = entries.values.flatMap { $0 }.filter(\.highRisk).map(\.key).sorted()
        self.regions = RegionCoverage(groups: regionGroups)
    }

    /// This taxonomy with `other`'s entries added (`extends: default`). An entry of `other`
    /// with a key already present replaces it; region groups of `other` replace same-named ones.
    public func extended(with other: Taxonomy) -> Taxonomy {
        var merged = entries
        for (dimension, added) in other.entries {
            var list = merged[dimension] ?? []
            var position: [String: Int] = [:]
            for (index, entry) in list.enumerated() { position[entry.key] = index }
            for var entry in added {
                if let index = position[entry.key] {
                    // Listed again: what the entry leaves out (its label, its risk) stays the
                    // built-in's, so `- user.health` keeps it a high-risk category.
                    entry.label = entry.label ?? list[index].label
                    if !entry.riskStated { entry.highRisk = list[index].highRisk }
                    list[index] = entry
                } else {
                    position[entry.key] = list.count
                    list.append(entry)
                }
            }
            merged[dimension] = list
        }
        let groups = regionGroups.merging(other.regionGroups) { _, new in new }
        return Taxonomy(entries: merged, regionGroups: groups)
    }

    /// Whether `key` is defined exactly (not just an ancestor of it) in `dimension`.
    public func defines(_ key: String, in dimension: Dimension) -> Bool {
        defined[dimension]?.contains(key) ?? false
    }

    public func label(of key: String, in dimension: Dimension) -> String? {
        entries[dimension]?.first { $0.key == key }?.label
    }

    /// Whether a finding value is covered by a `risk: high` key.
    public func isHighRisk(_ value: String) -> Bool {
        riskKeys.contains { TaxonomyKey.covers($0, value) }
    }
}
