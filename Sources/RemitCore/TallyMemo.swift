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

/// An `EffectiveScope` with each list replaced by a list id: plain values, kept inside the
/// pair, so checking a flow touches no other memory and no reference count.
struct CompiledScope: Sendable {
    var from: TimeBound?
    var until: TimeBound?
    var purposes: ListSet
    var categories: ListSet
    var regions: ListSet
    var operations: ListSet?

    var limitsRegions: Bool { regions.first >= 0 }

    /// -1 before the window, 1 after it, 0 inside.
    func windowSide(at time: Instant) -> Int {
        EffectiveScope.windowSide(from: from, until: until, at: time)
    }
}

/// The lists a key must be covered by, all of them: two inline (a scope has one or two per
/// dimension), any further ones in `ScopeMemo`. -1 = none.
struct ListSet: Sendable {
    var first: Int32 = -1
    var second: Int32 = -1
    var more: Int32 = -1
}

/// Distinct scope lists and the coverage of each key by each list, worked out once with
/// `TaxonomyKey.setCovers` (keys) or `RegionCoverage.setCovers` (regions).
struct ScopeMemo: Sendable {
    private static let regionTag: Int32 = 1 << 30
    private var listIDs: [[String]: Int32] = [:]
    private var lists: [[String]] = []
    private var covers = IntMap<Bool>()

    private var extra: [[Int32]] = []

    mutating func compile(_ scope: EffectiveScope) -> CompiledScope {
        CompiledScope(
            from: scope.from, until: scope.until,
            purposes: set(scope.purposes.map { id($0) }), categories: set(scope.dataCategories.map { id($0) }),
            regions: set(scope.regions.map { id($0) | Self.regionTag }), operations: scope.operations.map { set([id($0)]) })
    }

    private mutating func set(_ ids: [Int32]) -> ListSet {
        var set = ListSet()
        if ids.count > 0 { set.first = ids[0] }
        if ids.count > 1 { set.second = ids[1] }
        if ids.count > 2 {
            extra.append(Array(ids[2...]))
            set.more = Int32(extra.count - 1)
        }
        return set
    }

    private mutating func id(_ list: [String]) -> Int32 {
        if let known = listIDs[list] { return known }
        lists.append(list)
        listIDs[list] = Int32(lists.count - 1)
        return Int32(lists.count - 1)
    }

    /// Whether every list of `set` covers `key` (no list at all allows everything).
    mutating func allows(_ set: ListSet, _ key: Int32, _ symbols: Symbols, _ context: ReconciliationContext) -> Bool {
        if set.first >= 0, !covers(set.first, key, symbols, context) { return false }
        if set.second >= 0, !covers(set.second, key, symbols, context) { return false }
        if set.more >= 0 {
            for list in extra[Int(set.more)] where !covers(list, key, symbols, context) { return false }
        }
        return true
    }

    private mutating func covers(_ list: Int32, _ key: Int32, _ symbols: Symbols, _ context: ReconciliationContext) -> Bool {
        let memoKey = Int64(list) << 32 | Int64(key)
        if let known = covers[memoKey] { return known }
        let text = symbols.string(key)
        let covered = list & Self.regionTag != 0
            ? context.taxonomy.regions.setCovers(lists[Int(list & ~Self.regionTag)], text)
            : TaxonomyKey.setCovers(lists[Int(list)], text)
        covers[memoKey] = covered
        return covered
    }
}
