/// What a `FlowTally` aggregated, in strings, as the reconciler keeps it.
struct TallySummary {
    var findings: [FindingKey: FindingAccumulator.Entry] = [:]
    var observations: [Pair: Observation] = [:]
    var seen: Set<Pair> = []

}

extension FlowTally {
    /// Everything aggregated so far, in strings.
    func summary() -> TallySummary {
        var summary = TallySummary()
        summary.findings.reserveCapacity(findingKeys.count)
        summary.observations.reserveCapacity(pairs.count)
        for (index, key) in findingKeys.enumerated() {
            let findingKey = FindingKey(key.kind, customer: symbols.string(key.customer), subprocessor: symbols.string(key.subprocessor),
                                        dimension: key.dimension, value: symbols.string(key.value))
            summary.findings[findingKey] = entries[index] // keys are distinct: symbols are
        }
        for pair in pairs {
            let key = Pair(customer: symbols.string(pair.customer), subprocessor: symbols.string(pair.subprocessor))
            summary.observations[key] = pair.observation.observation(symbols)
            if pair.seen { summary.seen.insert(key) }
        }
        return summary
    }

    public var isEmpty: Bool { findingKeys.isEmpty && pairs.isEmpty }
}

extension Observation {
    mutating func merge(_ other: Observation) {
        flows += other.flows
        records += other.records
        bytes += other.bytes
        for time in [other.firstSeen, other.lastSeen].compactMap({ $0 }) {
            if firstSeen.map({ time < $0 }) ?? true { firstSeen = time }
            if lastSeen.map({ time > $0 }) ?? true { lastSeen = time }
        }
        systems.formUnion(other.systems)
        purposes.formUnion(other.purposes)
        dataCategories.formUnion(other.dataCategories)
        regions.formUnion(other.regions)
        operations.formUnion(other.operations)
    }
}
