/// Combining the tallies of threads that read parts of one source (SPEC "Findings are
/// aggregated": the result is the one a single thread would give).
extension FlowTally {
    /// Renumbers sample lines (a worker numbers lines within its chunk first).
    public mutating func mapLines(_ transform: (Int) -> Int) {
        for i in entries.indices {
            for k in entries[i].samples.indices {
                entries[i].samples[k].location.line = transform(entries[i].samples[k].location.line)
            }
        }
    }

    /// Adds a tally of other lines of the same source, each tally's samples being in line
    /// order: counts, periods and observations add up, each finding keeps the five samples
    /// with the lowest lines (on equal lines, this tally's first), and of two spellings of one
    /// text the one read first (`Symbols.part`).
    public mutating func merge(_ other: FlowTally) {
        let map = other.symbols.strings.indices.map { symbols.intern(other.symbols.strings[$0], firstSeenIn: other.symbols.firstPart[$0]) }
        memo.ensure(symbols.count)
        for (index, pair) in other.pairs.enumerated() {
            let key = other.pairKeys[index]
            let customer = map[Int(key.customer)], subprocessor = map[Int(key.subprocessor)]
            let slot = self.pair(customer, subprocessor, memo.customerIndex(customer, symbols))
            pairs[slot].seen = pairs[slot].seen || pair.seen
            pairs[slot].observation.merge(pair.observation)
            other.forEachMember(of: index) { dimension, member, _ in _ = observe(slot, dimension, map[Int(member)]) }
        }
        for (index, key) in other.findingKeys.enumerated() {
            let mapped = TallyKey(kind: key.kind, dimension: key.dimension, customer: map[Int(key.customer)],
                                  subprocessor: map[Int(key.subprocessor)], value: map[Int(key.value)])
            entries[entryIndex(mapped)].merge(inLineOrder: other.entries[index], distinctSamples: key.kind == .invalidRecord)
        }
    }
}

extension FindingAccumulator.Entry {
    mutating func merge(inLineOrder other: Self, distinctSamples: Bool) {
        flows.add(saturating: other.flows)
        records.add(saturating: other.records)
        bytes.add(saturating: other.bytes)
        widen(other.firstSeen)
        widen(other.lastSeen)
        var merged: [Sample] = []
        var a = samples[...], b = other.samples[...]
        while merged.count < FindingAccumulator.sampleLimit, !a.isEmpty || !b.isEmpty {
            let next: Sample
            if let x = a.first, b.first.map({ x.location.line <= $0.location.line }) ?? true {
                next = x
                a = a.dropFirst()
            } else {
                next = b.first!
                b = b.dropFirst()
            }
            if !distinctSamples || !merged.contains(next) { merged.append(next) }
        }
        samples = merged
    }
}

extension InternedObservation {
    /// Counts and period of both (the values are added with `FlowTally.observe`).
    mutating func merge(_ other: InternedObservation) {
        flows.add(saturating: other.flows)
        records.add(saturating: other.records)
        bytes.add(saturating: other.bytes)
        if other.first != Self.noTime { widen(other.first) }
        if other.last != Self.noTimeLast { widen(other.last) }
    }
}
