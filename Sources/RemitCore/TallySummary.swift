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
        for (index, pair) in pairs.enumerated() {
            let key = Pair(customer: symbols.string(pairKeys[index].customer), subprocessor: symbols.string(pairKeys[index].subprocessor))
            summary.observations[key] = observation(index)
            if pair.seen { summary.seen.insert(key) }
        }
        return summary
    }

    /// A pair's observation, in strings.
    func observation(_ pair: Int) -> Observation {
        let interned = pairs[pair].observation
        var o = Observation()
        o.flows = interned.flows
        o.records = interned.records
        o.bytes = interned.bytes
        o.firstSeen = interned.firstSeen
        o.lastSeen = interned.lastSeen
        var texts: [[String]] = Array(repeating: [], count: InternedObservation.Dimension.allCases.count)
        for (dimension, symbol) in members(pair) { texts[Int(dimension.rawValue)].append(symbols.string(symbol)) }
        // Each set made at once, at its size.
        o.systems = Set(texts[Int(InternedObservation.Dimension.system.rawValue)])
        o.purposes = Set(texts[Int(InternedObservation.Dimension.purpose.rawValue)])
        o.dataCategories = Set(texts[Int(InternedObservation.Dimension.category.rawValue)])
        o.regions = Set(texts[Int(InternedObservation.Dimension.region.rawValue)])
        o.operations = Set(texts[Int(InternedObservation.Dimension.operation.rawValue)])
        return o
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
