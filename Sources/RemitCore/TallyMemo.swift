/// What a `FlowTally` works out once per distinct symbol, with the reference functions
/// (register look-up, destination resolver, system map, region normalization, taxonomy).
struct SymbolMemo: Sendable {
    static let unknown: Int32 = -2
    let context: ReconciliationContext
    let resolver: DestinationResolver

    /// What is known of one symbol, in one place: one cache line for every question.
    struct Facts: Sendable, BitwiseCopyable {
        var customer: Int32 = SymbolMemo.unknown
        var hostTarget: Int32 = SymbolMemo.unknown
        var systemPurpose: Int32 = SymbolMemo.unknown
        var region: Int32 = SymbolMemo.unknown
        /// Bit 0: computed; bits 1-3: defined as a purpose, data category, operation.
        var keyFlags: UInt8 = 0
        /// Per `InternedObservation.Dimension`: the symbol's dense index among the values of
        /// that dimension this tally observed, + 1 (0 = none yet).
        var dense: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0)
    }

    private(set) var facts: [Facts] = []

    init(context: ReconciliationContext) {
        self.context = context
        resolver = DestinationResolver(catalog: context.catalog, mappings: context.mappings)
    }

    @inline(__always)
    mutating func ensure(_ count: Int) {
        guard facts.count < count else { return }
        let grown = max(count, facts.count * 2)
        facts += repeatElement(Facts(), count: grown - facts.count)
    }

    /// The register index of a customer id, or -1.
    mutating func customerIndex(_ symbol: Int32, _ symbols: Symbols) -> Int32 {
        let known = facts[Int(symbol)].customer
        if known != Self.unknown { return known }
        let index = Int32(context.register.index(of: symbols.string(symbol)) ?? -1)
        facts[Int(symbol)].customer = index
        return index
    }

    /// The subprocessor a host resolves to (SPEC "Catalog", endpoint patterns), or -1.
    mutating func target(ofHost symbol: Int32, _ symbols: inout Symbols) -> Int32 {
        let known = facts[Int(symbol)].hostTarget
        if known != Self.unknown { return known }
        let target = resolver.resolve(host: symbols.string(symbol)).map { symbols.intern($0) } ?? -1
        ensure(symbols.count)
        facts[Int(symbol)].hostTarget = target
        return target
    }

    /// A system's single purpose from `mappings.systems`, or -1.
    mutating func purpose(ofSystem symbol: Int32, _ symbols: inout Symbols) -> Int32 {
        let known = facts[Int(symbol)].systemPurpose
        if known != Self.unknown { return known }
        let purpose = context.mappings.purpose(ofSystem: symbols.string(symbol)).map { symbols.intern($0) } ?? -1
        ensure(symbols.count)
        facts[Int(symbol)].systemPurpose = purpose
        return purpose
    }

    mutating func normalizedRegion(_ symbol: Int32, _ symbols: inout Symbols) -> Int32 {
        let known = facts[Int(symbol)].region
        if known != Self.unknown { return known }
        let normalized = symbols.intern(RegionCoverage.normalize(symbols.string(symbol)))
        ensure(symbols.count)
        facts[Int(symbol)].region = normalized
        return normalized
    }

    /// Whether the taxonomy defines a key exactly in a dimension.
    mutating func defines(_ symbol: Int32, _ dimension: Taxonomy.Dimension, _ symbols: Symbols) -> Bool {
        var flags = facts[Int(symbol)].keyFlags
        if flags == 0 {
            let key = symbols.string(symbol)
            let taxonomy = context.taxonomy
            flags = 1
            if taxonomy.defines(key, in: .purposes) { flags |= 2 }
            if taxonomy.defines(key, in: .dataCategories) { flags |= 4 }
            if taxonomy.defines(key, in: .operations) { flags |= 8 }
            facts[Int(symbol)].keyFlags = flags
        }
        switch dimension {
        case .purposes: return flags & 2 != 0
        case .dataCategories: return flags & 4 != 0
        case .operations: return flags & 8 != 0
        case .dataSubjects: return context.taxonomy.defines(symbols.string(symbol), in: .dataSubjects)
        }
    }

    /// The dense index + 1 of a symbol in a dimension (0 = not given one yet).
    @inline(__always)
    func dense(_ symbol: Int32, _ dimension: InternedObservation.Dimension) -> UInt8 {
        let d = facts[Int(symbol)].dense
        switch dimension {
        case .system: return d.0
        case .purpose: return d.1
        case .category: return d.2
        case .region: return d.3
        case .operation: return d.4
        }
    }

    mutating func setDense(_ symbol: Int32, _ dimension: InternedObservation.Dimension, _ value: UInt8) {
        switch dimension {
        case .system: facts[Int(symbol)].dense.0 = value
        case .purpose: facts[Int(symbol)].dense.1 = value
        case .category: facts[Int(symbol)].dense.2 = value
        case .region: facts[Int(symbol)].dense.3 = value
        case .operation: facts[Int(symbol)].dense.4 = value
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
    /// Open addressing over `lists` by `hash(list)`: entry index + 1 (0 = empty).
    private var listSlots = [Int32](repeating: 0, count: 64)
    private var listHashes: [UInt64] = []
    private var lists: [[String]] = []
    private var covers = IntMap<Bool>(placeholder: false)

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
        let hash = Self.hash(list)
        var mask = listSlots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while listSlots[slot] != 0 {
            let known = Int(listSlots[slot]) - 1
            if listHashes[known] == hash, lists[known] == list { return Int32(known) }
            slot = (slot + 1) & mask
        }
        lists.append(list)
        listHashes.append(hash)
        listSlots[slot] = Int32(lists.count)
        if lists.count * 2 > listSlots.count {
            listSlots = [Int32](repeating: 0, count: listSlots.count * 2)
            mask = listSlots.count - 1
            for (index, hash) in listHashes.enumerated() {
                var slot = Int(truncatingIfNeeded: hash) & mask
                while listSlots[slot] != 0 { slot = (slot + 1) & mask }
                listSlots[slot] = Int32(index + 1)
            }
        }
        return Int32(lists.count - 1)
    }

    /// A fast hash of a list's UTF-8 bytes (not SipHash: lists come from the job's own
    /// inputs, and a collision costs a comparison, never correctness).
    private static func hash(_ list: [String]) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(list.count)
        // Borrowed, not copied: both flow workers hash the register's own strings, and
        // retaining them from two cores made the reference counts bounce between the cores.
        list.withUnsafeBufferPointer { texts in
            for index in texts.indices {
                let part = texts[index].utf8.withContiguousStorageIfAvailable { Symbols.hash(UnsafeRawBufferPointer($0)) }
                    ?? Array(texts[index].utf8).withUnsafeBytes { Symbols.hash($0) }
                h = (h ^ part) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 29
            }
        }
        return h
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
