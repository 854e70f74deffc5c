/// Sets of observed values, each made once: by a dimension's bitset of dense values (what
/// almost every pair has), or by the sorted symbols of a pair with values past the 64th.
struct ObservedSets {
    private struct Bits: Hashable {
        var dimension: UInt32
        var bits: UInt64
    }

    private var byBits: [Bits: Set<String>] = [:]
    private var known: [[Int32]: Set<String>] = [:]

    mutating func set(of bits: UInt64, _ dimension: InternedObservation.Dimension, _ tally: FlowTally) -> Set<String> {
        guard bits != 0 else { return [] }
        let key = Bits(dimension: dimension.rawValue, bits: bits)
        if let set = byBits[key] { return set }
        let set = Set(tally.values.members(bits, dimension).map { tally.symbols.string($0) })
        byBits[key] = set
        return set
    }

    mutating func set(of members: [Int32], _ symbols: Symbols) -> Set<String> {
        guard !members.isEmpty else { return [] }
        let key = members.sorted()
        if let set = known[key] { return set }
        let set = Set(key.map { symbols.string($0) })
        known[key] = set
        return set
    }
}

/// What a `FlowTally` aggregated, in strings, as the reconciler keeps it.
struct TallySummary: Sendable {
    var findings: [FindingKey: FindingAccumulator.Entry] = [:]
    var observations: [Pair: Observation] = [:]
    var seen: Set<Pair> = []

}

extension FlowTally {
    /// Everything aggregated so far, in strings. The findings and seen pairs, and the
    /// observations, are independent (a large run has tens of thousands of each): made side
    /// by side.
    func summary() -> TallySummary {
        let ids = IDSpellings(self)
        let parts = concurrentMap([false, true]) { observations in
            observations ? observationSummary(ids) : findingSummary(ids)
        }
        return TallySummary(findings: parts[0].findings, observations: parts[1].observations, seen: parts[0].seen)
    }

    private func pairKey(_ index: Int, _ ids: IDSpellings) -> Pair {
        Pair(customer: ids.customer(pairKeys[index].customer, symbols), subprocessor: ids.subprocessor(pairKeys[index].subprocessor, symbols))
    }

    private func findingSummary(_ ids: IDSpellings) -> TallySummary {
        var summary = TallySummary()
        summary.findings.reserveCapacity(findingKeys.count)
        for (index, key) in findingKeys.enumerated() {
            let customer = ids.customer(key.customer, symbols), subprocessor = ids.subprocessor(key.subprocessor, symbols)
            // A value that is the pair's subprocessor (`UNAUTHORIZED_SUBPROCESSOR`) is spelt as it.
            let value = key.value == key.subprocessor ? subprocessor : symbols.string(key.value)
            let findingKey = FindingKey(key.kind, customer: customer, subprocessor: subprocessor, dimension: key.dimension, value: value)
            summary.findings[findingKey] = entries[index] // keys are distinct: symbols are
        }
        for (index, pair) in pairs.enumerated() where pair.seen { summary.seen.insert(pairKey(index, ids)) }
        return summary
    }

    private func observationSummary(_ ids: IDSpellings) -> TallySummary {
        var summary = TallySummary()
        summary.observations.reserveCapacity(pairs.count)
        var sets = ObservedSets()
        for index in pairs.indices { summary.observations[pairKey(index, ids)] = observation(index, sets: &sets) }
        return summary
    }

    /// A pair's observation, in strings, its sets shared with every other pair that saw the
    /// same values: tens of thousands of pairs see a few hundred distinct sets, and a set of
    /// its own for each pair and dimension was most of a large run's memory.
    private func observation(_ pair: Int, sets: inout ObservedSets) -> Observation {
        let interned = pairs[pair].observation
        var o = Observation()
        o.flows = interned.flows
        o.records = interned.records
        o.bytes = interned.bytes
        o.firstSeen = interned.firstSeen
        o.lastSeen = interned.lastSeen
        // A value is outside when the pair's scope does not allow it; every value is when
        // the pair is not approved.
        let approved = pairs[pair].scope >= 0
        // Values past the 64th of a dimension are not in the bitsets: such a pair's sets are
        // made from its members.
        var members: [[Int32]]?, outside: [[Int32]]?
        if overflow[Int32(pair)] != nil {
            var lists: [[Int32]] = Array(repeating: [], count: InternedObservation.Dimension.allCases.count)
            var outsideLists = lists
            forEachMember(of: pair) { dimension, symbol, allowed in
                lists[Int(dimension.rawValue)].append(symbol)
                if !allowed || !approved { outsideLists[Int(dimension.rawValue)].append(symbol) }
            }
            members = lists
            outside = outsideLists
        }
        func set(_ dimension: InternedObservation.Dimension) -> Set<String> {
            if let members { return sets.set(of: members[Int(dimension.rawValue)], symbols) }
            return sets.set(of: interned.observed(dimension), dimension, self)
        }
        func outsideSet(_ dimension: InternedObservation.Dimension) -> Set<String> {
            if let outside { return sets.set(of: outside[Int(dimension.rawValue)], symbols) }
            let bits = approved ? interned.observed(dimension) & ~interned.allowed(dimension) : interned.observed(dimension)
            return sets.set(of: bits, dimension, self)
        }
        o.systems = set(.system)
        o.purposes = set(.purpose)
        o.dataCategories = set(.category)
        o.regions = set(.region)
        o.operations = set(.operation)
        o.outsidePurposes = outsideSet(.purpose)
        o.outsideCategories = outsideSet(.category)
        o.outsideRegions = outsideSet(.region)
        o.outsideOperations = outsideSet(.operation)
        return o
    }

    public var isEmpty: Bool { findingKeys.isEmpty && pairs.isEmpty }
}

extension Observation {
    mutating func merge(_ other: Observation) {
        flows.add(saturating: other.flows)
        records.add(saturating: other.records)
        bytes.add(saturating: other.bytes)
        for time in [other.firstSeen, other.lastSeen].compactMap({ $0 }) {
            if firstSeen.map({ time < $0 }) ?? true { firstSeen = time }
            if lastSeen.map({ time > $0 }) ?? true { lastSeen = time }
        }
        outsidePurposes.formUnion(other.outsidePurposes)
        outsideCategories.formUnion(other.outsideCategories)
        outsideRegions.formUnion(other.outsideRegions)
        outsideOperations.formUnion(other.outsideOperations)
        systems.formUnion(other.systems)
        purposes.formUnion(other.purposes)
        dataCategories.formUnion(other.dataCategories)
        regions.formUnion(other.regions)
        operations.formUnion(other.operations)
    }
}

/// Customer and subprocessor ids as the outputs spell them: a customer as the register does, a
/// subprocessor as the catalog does (else as the register's first authorization of it). The
/// symbol table keeps the spelling first read in the flows, and canonically equivalent
/// spellings (`café` composed or not) are one id: without this, which spelling a finding
/// showed, and so its fingerprint, hung on the order of the flows, and a finding read as
/// resolved and new again on a night the records came in another order. Ids neither knows
/// (`UNKNOWN_CUSTOMER`) keep the flows' first spelling. Only ids whose bytes differ are kept.
struct IDSpellings: Sendable {
    private var customers: [Int32: String] = [:]
    private var subprocessors: [Int32: String] = [:]

    init(_ tally: FlowTally) {
        var customerSymbols = Set<Int32>(), subprocessorSymbols = Set<Int32>()
        for key in tally.pairKeys {
            customerSymbols.insert(key.customer)
            subprocessorSymbols.insert(key.subprocessor)
        }
        for key in tally.findingKeys {
            customerSymbols.insert(key.customer)
            subprocessorSymbols.insert(key.subprocessor)
        }
        let register = tally.context.register, catalog = tally.context.catalog, symbols = tally.symbols
        for symbol in customerSymbols where symbol != 0 {
            let text = symbols.string(symbol)
            if let index = register.index(of: text), !register.customers[index].id.utf8.elementsEqual(text.utf8) {
                customers[symbol] = register.customers[index].id
            }
        }
        var authorized: [String: String]?
        for symbol in subprocessorSymbols where symbol != 0 {
            let text = symbols.string(symbol)
            var id = catalog[text]?.id
            if id == nil {
                if authorized == nil {
                    var first: [String: String] = [:]
                    for customer in register.customers {
                        for authorization in customer.subprocessors where first[authorization.id] == nil { first[authorization.id] = authorization.id }
                    }
                    authorized = first
                }
                id = authorized?[text]
            }
            if let id, !id.utf8.elementsEqual(text.utf8) { subprocessors[symbol] = id }
        }
    }

    func customer(_ symbol: Int32, _ symbols: Symbols) -> String {
        customers.isEmpty ? symbols.string(symbol) : customers[symbol] ?? symbols.string(symbol)
    }

    func subprocessor(_ symbol: Int32, _ symbols: Symbols) -> String {
        subprocessors.isEmpty ? symbols.string(symbol) : subprocessors[symbol] ?? symbols.string(symbol)
    }
}
