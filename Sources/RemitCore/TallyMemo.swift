/// What a `FlowTally` works out once per distinct symbol, with the reference functions
/// (register look-up, destination resolver, system map, region normalization, taxonomy).
struct SymbolMemo: Sendable {
    static let unknown: Int32 = -2
    let context: ReconciliationContext
    let resolver: DestinationResolver
    private var customers: [Int32] = []
    private var hostTargets: [Int32] = []
    private var systemPurposes: [Int32] = []
    private var regions: [Int32] = []
    /// Bit 0: computed; bits 1-3: defined as a purpose, data category, operation.
    private var keyFlags: [UInt8] = []

    init(context: ReconciliationContext) {
        self.context = context
        resolver = DestinationResolver(catalog: context.catalog, mappings: context.mappings)
    }

    mutating func ensure(_ count: Int) {
        guard customers.count < count else { return }
        let grown = max(count, customers.count * 2)
        let extra = grown - customers.count
        customers += repeatElement(Self.unknown, count: extra)
        hostTargets += repeatElement(Self.unknown, count: extra)
        systemPurposes += repeatElement(Self.unknown, count: extra)
        regions += repeatElement(Self.unknown, count: extra)
        keyFlags += repeatElement(0, count: extra)
    }

    /// The register index of a customer id, or -1.
    mutating func customerIndex(_ symbol: Int32, _ symbols: Symbols) -> Int32 {
        let known = customers[Int(symbol)]
        if known != Self.unknown { return known }
        let index = Int32(context.register.index(of: symbols.string(symbol)) ?? -1)
        customers[Int(symbol)] = index
        return index
    }

    /// The subprocessor a host resolves to (SPEC "Catalog", endpoint patterns), or -1.
    mutating func target(ofHost symbol: Int32, _ symbols: inout Symbols) -> Int32 {
        let known = hostTargets[Int(symbol)]
        if known != Self.unknown { return known }
        let target = resolver.resolve(host: symbols.string(symbol)).map { symbols.intern($0) } ?? -1
        hostTargets[Int(symbol)] = target
        return target
    }

    /// A system's single purpose from `mappings.systems`, or -1.
    mutating func purpose(ofSystem symbol: Int32, _ symbols: inout Symbols) -> Int32 {
        let known = systemPurposes[Int(symbol)]
        if known != Self.unknown { return known }
        let purpose = context.mappings.purpose(ofSystem: symbols.string(symbol)).map { symbols.intern($0) } ?? -1
        systemPurposes[Int(symbol)] = purpose
        return purpose
    }

    mutating func normalizedRegion(_ symbol: Int32, _ symbols: inout Symbols) -> Int32 {
        let known = regions[Int(symbol)]
        if known != Self.unknown { return known }
        let normalized = symbols.intern(RegionCoverage.normalize(symbols.string(symbol)))
        regions[Int(symbol)] = normalized
        return normalized
    }

    /// Whether the taxonomy defines a key exactly in a dimension.
    mutating func defines(_ symbol: Int32, _ dimension: Taxonomy.Dimension, _ symbols: Symbols) -> Bool {
        var flags = keyFlags[Int(symbol)]
        if flags == 0 {
            let key = symbols.string(symbol)
            let taxonomy = context.taxonomy
            flags = 1
            if taxonomy.defines(key, in: .purposes) { flags |= 2 }
            if taxonomy.defines(key, in: .dataCategories) { flags |= 4 }
            if taxonomy.defines(key, in: .operations) { flags |= 8 }
            keyFlags[Int(symbol)] = flags
        }
        switch dimension {
        case .purposes: return flags & 2 != 0
        case .dataCategories: return flags & 4 != 0
        case .operations: return flags & 8 != 0
        case .dataSubjects: return context.taxonomy.defines(symbols.string(symbol), in: .dataSubjects)
        }
    }
}

/// An `EffectiveScope` with each list replaced by a list id, so a coverage check is one
/// memo look-up per list.
final class CompiledScope: Sendable {
    let from: TimeBound?
    let until: TimeBound?
    let purposes: [Int32]
    let categories: [Int32]
    let regions: [Int32]
    let operations: [Int32]?
    let limitsRegions: Bool

    init(from: TimeBound?, until: TimeBound?, purposes: [Int32], categories: [Int32], regions: [Int32], operations: [Int32]?) {
        self.from = from
        self.until = until
        self.purposes = purposes
        self.categories = categories
        self.regions = regions
        self.operations = operations
        limitsRegions = !regions.isEmpty
    }

    /// -1 before the window, 1 after it, 0 inside.
    func windowSide(at time: Instant) -> Int {
        EffectiveScope.windowSide(from: from, until: until, at: time)
    }
}

/// Distinct scope lists and the coverage of each key by each list, worked out once with
/// `TaxonomyKey.setCovers` (keys) or `RegionCoverage.setCovers` (regions).
struct ScopeMemo: Sendable {
    private static let regionTag: Int32 = 1 << 30
    private var listIDs: [[String]: Int32] = [:]
    private var lists: [[String]] = []
    private var covers = IntMap<Bool>()

    /// Pairs with the same lists and window share one compiled scope, which then stays in
    /// the processor's cache while flows of many pairs are reconciled.
    private struct Shape: Hashable {
        var purposes: [Int32]
        var categories: [Int32]
        var regions: [Int32]
        var operations: [Int32]?
        var from: TimeBound?
        var until: TimeBound?
    }

    private var shapes: [Shape: CompiledScope] = [:]

    mutating func compile(_ scope: EffectiveScope) -> CompiledScope {
        let shape = Shape(
            purposes: scope.purposes.map { id($0) }, categories: scope.dataCategories.map { id($0) },
            regions: scope.regions.map { id($0) | Self.regionTag }, operations: scope.operations.map { [id($0)] },
            from: scope.from, until: scope.until)
        if let known = shapes[shape] { return known }
        let compiled = CompiledScope(from: shape.from, until: shape.until, purposes: shape.purposes, categories: shape.categories,
                                     regions: shape.regions, operations: shape.operations)
        shapes[shape] = compiled
        return compiled
    }

    private mutating func id(_ list: [String]) -> Int32 {
        if let known = listIDs[list] { return known }
        lists.append(list)
        listIDs[list] = Int32(lists.count - 1)
        return Int32(lists.count - 1)
    }

    /// Whether every list covers `key` (an empty list of lists allows everything).
    mutating func allows(_ listIDs: [Int32], _ key: Int32, _ symbols: Symbols, _ context: ReconciliationContext) -> Bool {
        for list in listIDs {
            let memoKey = Int64(list) << 32 | Int64(key)
            if let known = covers[memoKey] {
                if !known { return false }
                continue
            }
            let text = symbols.string(key)
            let covered = list & Self.regionTag != 0
                ? context.taxonomy.regions.setCovers(lists[Int(list & ~Self.regionTag)], text)
                : TaxonomyKey.setCovers(lists[Int(list)], text)
            covers[memoKey] = covered
            if !covered { return false }
        }
        return true
    }
}
