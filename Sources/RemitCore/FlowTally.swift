/// One flow with its text fields interned in a `FlowTally`'s symbols (-1 = absent): the
/// input of the reconciliation hot path. `host` is the destination's host
/// (`DestinationResolver.host(of:)`), interned.
public struct InternedFlow {
    public var ts: Instant?
    public var customer: Int32 = -1
    public var subprocessor: Int32 = -1
    public var host: Int32 = -1
    public var system: Int32 = -1
    public var purpose: Int32 = -1
    public var region: Int32 = -1
    public var operation: Int32 = -1
    public var count: Int64 = 1
    public var records: Int64 = 0
    public var bytes: Int64 = 0
    /// Where the record starts; samples point here.
    public var line: Int = 0

    public init() {}
}

/// Reconciles flows of one thread (SPEC "Reconciliation", steps 1-8) on interned ids:
/// customers, subprocessors, hosts and taxonomy keys are looked up once per distinct value,
/// scope checks are worked out once per pair and value (`InternedObservation`), and findings
/// aggregate on integer keys. `summary()` hands the result over, in strings, for merging.
///
/// Memory is laid out for the hot path: what one flow touches of its pair (counts, period,
/// observed values as bitsets, scope verdicts, window) is one small plain struct, and the
/// look-up tables keep keys beside values.
public struct FlowTally: Sendable {
    public let context: ReconciliationContext
    public var symbols = Symbols()
    /// The source that samples name.
    public var source: String
    var memo: SymbolMemo
    var scopes: ScopeMemo
    var values = DenseValues()
    private var pairIndex = IntMap<Int32>(placeholder: -1)
    var pairs: [TallyPair] = []
    /// Each pair's customer and subprocessor symbols.
    var pairKeys: [PairKey] = []
    /// Each approved pair's scope (`TallyPair.scope` indexes it).
    var compiledScopes: [CompiledScope] = []
    /// Values past the 64th of their dimension, per pair.
    var overflow: [Int32: OverflowValues] = [:]
    private var findingIndex = FindingIndex()
    private(set) var findingKeys: [TallyKey] = []
    var entries: [FindingAccumulator.Entry] = []
    private let transfer, before, after: Int32

    public init(context: ReconciliationContext, source: String) {
        self.context = context
        self.source = source
        memo = SymbolMemo(context: context)
        scopes = ScopeMemo()
        transfer = symbols.intern("transfer")
        before = symbols.intern("before")
        after = symbols.intern("after")
    }

    /// Reconciles one flow; a flow without a customer counts once for each of `expansion`
    /// when that is given (`customers: all` or a list, as symbols). A data category listed
    /// twice in one flow is one category of it, and a finding that belongs to no customer
    /// (an unknown taxonomy key) counts the flow once, however many customers it counts for.
    public mutating func add(
        _ flow: InternedFlow, categories: UnsafeBufferPointer<Int32>, id: UnsafeRawBufferPointer?, expansion: [Int32]? = nil
    ) {
        if Self.hasRepeat(categories) {
            var seen = Set<Int32>(minimumCapacity: categories.count)
            let distinct = categories.filter { seen.insert($0).inserted }
            distinct.withUnsafeBufferPointer { add(flow, categories: $0, id: id, expansion: expansion) }
            return
        }
        memo.ensure(symbols.count)
        let (purpose, operation) = purposeAndOperation(flow)
        checkTaxonomy(flow, purpose, operation, categories, id)
        if flow.customer < 0, let expansion {
            var copy = flow
            for customer in expansion {
                copy.customer = customer
                reconcile(copy, purpose, operation, categories, id)
            }
        } else {
            reconcile(flow, purpose, operation, categories, id)
        }
    }

    /// Linear in the categories: one record may list a million of them.
    private static func hasRepeat(_ categories: UnsafeBufferPointer<Int32>) -> Bool {
        switch categories.count {
        case 0, 1: return false
        case 2...8:
            for i in 1..<categories.count where categories[..<i].contains(categories[i]) { return true }
            return false
        default:
            var seen = Set<Int32>(minimumCapacity: categories.count)
            return !categories.allSatisfy { seen.insert($0).inserted }
        }
    }

    /// The flow's purpose (given, or its system's one purpose) and operation (given, or
    /// `transfer`).
    private mutating func purposeAndOperation(_ flow: InternedFlow) -> (purpose: Int32, operation: Int32) {
        var purpose = flow.purpose
        if purpose < 0, flow.system >= 0 { purpose = memo.purpose(ofSystem: flow.system, &symbols) }
        return (purpose, flow.operation >= 0 ? flow.operation : transfer)
    }

    /// `UNKNOWN_TAXONOMY_KEY` for each of the flow's purpose, categories and operation that
    /// the taxonomy does not define.
    private mutating func checkTaxonomy(
        _ flow: InternedFlow, _ purpose: Int32, _ operation: Int32, _ categories: UnsafeBufferPointer<Int32>, _ id: UnsafeRawBufferPointer?
    ) {
        memo.ensure(symbols.count)
        let sample = SampleSource(flow: flow, id: id)
        if purpose >= 0, !memo.defines(purpose, .purposes, symbols) {
            record(.unknownTaxonomyKey, 0, 0, .taxonomy, purpose, sample)
        }
        for category in categories where !memo.defines(category, .dataCategories, symbols) {
            record(.unknownTaxonomyKey, 0, 0, .taxonomy, category, sample)
        }
        if !memo.defines(operation, .operations, symbols) {
            record(.unknownTaxonomyKey, 0, 0, .taxonomy, operation, sample)
        }
    }

    /// Reconciles a `FlowRecord` (the reference decoders' output): its fields interned.
    public mutating func add(_ flow: FlowRecord, expansion: [Int32]? = nil) {
        source = flow.location.source
        var interned = InternedFlow()
        func symbol(_ text: String?) -> Int32 { text.map { symbols.intern($0) } ?? -1 }
        interned.ts = flow.ts
        interned.customer = symbol(flow.customer)
        interned.subprocessor = symbol(flow.subprocessor)
        interned.host = symbol(flow.destination.map(DestinationResolver.host(of:)))
        interned.system = symbol(flow.system)
        interned.purpose = symbol(flow.purpose)
        interned.region = symbol(flow.region)
        interned.operation = symbol(flow.operation)
        interned.count = flow.count
        interned.records = flow.records
        interned.bytes = flow.bytes
        interned.line = flow.location.line
        let categories = flow.dataCategories.map { symbols.intern($0) }
        var id = flow.id
        categories.withUnsafeBufferPointer { categories in
            if id == nil {
                add(interned, categories: categories, id: nil, expansion: expansion)
            } else {
                id!.withUTF8 { add(interned, categories: categories, id: UnsafeRawBufferPointer($0), expansion: expansion) }
            }
        }
    }

    private mutating func reconcile(
        _ flow: InternedFlow, _ purpose: Int32, _ operation: Int32, _ categories: UnsafeBufferPointer<Int32>, _ id: UnsafeRawBufferPointer?
    ) {
        var subprocessor = flow.subprocessor
        if subprocessor < 0, flow.host >= 0 { subprocessor = memo.target(ofHost: flow.host, &symbols) }
        let region = flow.region >= 0 ? memo.normalizedRegion(flow.region, &symbols) : -1
        memo.ensure(symbols.count)
        let sample = SampleSource(flow: flow, id: id)
        let orNone = { (symbol: Int32) in symbol >= 0 ? symbol : 0 }

        // 1. the customer
        let customer = flow.customer
        guard customer >= 0 else {
            record(.unattributedFlow, 0, orNone(subprocessor), .customer, 0, sample)
            return
        }
        // A pair seen before has a known customer: its register look-up is skipped.
        var p = subprocessor >= 0 ? knownPair(customer, subprocessor) : -1
        if p < 0 {
            let customerIndex = memo.customerIndex(customer, symbols)
            guard customerIndex >= 0 else {
                record(.unknownCustomer, customer, orNone(subprocessor), .customer, customer, sample)
                return
            }
            // 2. the subprocessor
            guard subprocessor >= 0 else {
                record(.unknownDestination, customer, 0, .destination, orNone(flow.host), sample)
                return
            }
            p = pair(customer, subprocessor, customerIndex)
        }
        pairs[p].observation.count(flow)
        // Each value seen (with its scope verdict, for an approved pair), then the checks.
        let purposeAllowed = purpose >= 0 ? observe(p, .purpose, purpose) : true
        if flow.system >= 0 { _ = observe(p, .system, flow.system) }
        var categoriesAllowed = true
        for category in categories where !observe(p, .category, category) { categoriesAllowed = false }
        let regionAllowed = region >= 0 ? observe(p, .region, region) : true
        let operationAllowed = observe(p, .operation, operation)
        // 3. approval
        let scopeIndex = pairs[p].scope
        guard scopeIndex >= 0 else {
            record(.unauthorizedSubprocessor, customer, subprocessor, .subprocessor, subprocessor, sample)
            return
        }
        pairs[p].seen = true
        // 4. window
        if let ts = flow.ts {
            let side = EffectiveScope.windowSide(from: pairs[p].from, until: pairs[p].until, at: ts)
            if side != 0 { record(.outsideAuthorizationWindow, customer, subprocessor, .window, side < 0 ? before : after, sample) }
        }
        // 5. purpose
        if purpose >= 0 {
            if !purposeAllowed { record(.purposeNotAuthorized, customer, subprocessor, .purpose, purpose, sample) }
        } else {
            record(.unattributedFlow, customer, subprocessor, .purpose, 0, sample)
        }
        // 6. data categories
        if !categoriesAllowed {
            for category in categories where !isAllowed(p, .category, category) {
                record(.dataCategoryNotAuthorized, customer, subprocessor, .dataCategory, category, sample)
            }
        }
        // 7. region
        if region >= 0 {
            if !regionAllowed { record(.regionNotAuthorized, customer, subprocessor, .region, region, sample) }
        } else if pairs[p].limitsRegions {
            record(.unattributedFlow, customer, subprocessor, .region, 0, sample)
        }
        // 8. operation
        if !operationAllowed { record(.operationNotAuthorized, customer, subprocessor, .operation, operation, sample) }
    }

    /// Notes a value observed for a pair; returns whether the pair's scope allows it (true
    /// for a pair without scope, and for systems).
    @inline(__always)
    mutating func observe(_ pair: Int, _ dimension: InternedObservation.Dimension, _ symbol: Int32) -> Bool {
        let index = values.index(symbol, dimension, &memo)
        guard index != DenseValues.overflow else { return observeOverflow(pair, dimension, symbol) }
        let bit = UInt64(1) << (index - 1)
        if pairs[pair].observation.observed(dimension) & bit == 0 {
            pairs[pair].observation.mark(dimension, bit)
            if verdict(pair, dimension, symbol) { pairs[pair].observation.allow(dimension, bit) }
        }
        return dimension == .system || pairs[pair].observation.allowed(dimension) & bit != 0
    }

    /// Whether the pair's scope allows a value already observed.
    mutating func isAllowed(_ pair: Int, _ dimension: InternedObservation.Dimension, _ symbol: Int32) -> Bool {
        let index = memo.dense(symbol, dimension)
        guard index != DenseValues.overflow else { return verdict(pair, dimension, symbol) }
        return pairs[pair].observation.allowed(dimension) & (UInt64(1) << (index - 1)) != 0
    }

    private mutating func observeOverflow(_ pair: Int, _ dimension: InternedObservation.Dimension, _ symbol: Int32) -> Bool {
        let value = OverflowValues.value(dimension, symbol)
        if let known = overflow[Int32(pair)]?.allowed(value) { return dimension == .system || known }
        let allowed = verdict(pair, dimension, symbol)
        overflow[Int32(pair), default: OverflowValues()].add(value, allowed: allowed)
        return dimension == .system || allowed
    }

    /// The scope's verdict on a value (SPEC steps 5-8); true for a pair without scope.
    private mutating func verdict(_ pair: Int, _ dimension: InternedObservation.Dimension, _ symbol: Int32) -> Bool {
        let scopeIndex = pairs[pair].scope
        guard scopeIndex >= 0 else { return true }
        let scope = compiledScopes[Int(scopeIndex)]
        switch dimension {
        case .system: return true
        case .purpose: return scopes.allows(scope.purposes, symbol, symbols, context)
        case .category: return scopes.allows(scope.categories, symbol, symbols, context)
        case .region: return scopes.allows(scope.regions, symbol, symbols, context)
        case .operation:
            guard let operations = scope.operations else { return true }
            return scopes.allows(operations, symbol, symbols, context)
        }
    }

    /// Calls `body` with every value observed for a pair, its dimension and whether the
    /// pair's scope allows it (true for a pair without scope, and for systems), dimension by
    /// dimension, then the values past the 64th of theirs.
    func forEachMember(of pair: Int, _ body: (InternedObservation.Dimension, Int32, Bool) -> Void) {
        let observation = pairs[pair].observation
        for dimension in InternedObservation.Dimension.allCases {
            let allowed = dimension == .system ? observation.observed(dimension) : observation.allowed(dimension)
            values.forEachMember(observation.observed(dimension), dimension) { body(dimension, $0, allowed & $1 != 0) }
        }
        overflow[Int32(pair)]?.forEach { dimension, symbol, allowed in body(dimension, symbol, dimension == .system || allowed) }
    }

    /// The slot of a pair seen before, or -1.
    @inline(__always)
    func knownPair(_ customer: Int32, _ subprocessor: Int32) -> Int {
        pairIndex[Int64(customer) << 32 | Int64(subprocessor)].map { Int($0) } ?? -1
    }

    /// The pair's slot, with its effective scope compiled on first sight.
    mutating func pair(_ customer: Int32, _ subprocessor: Int32, _ customerIndex: Int32) -> Int {
        let key = Int64(customer) << 32 | Int64(subprocessor)
        if let index = pairIndex[key] { return Int(index) }
        let scope = Approval.scope(customer: context.register.customers[Int(customerIndex)], subprocessor: symbols.string(subprocessor),
                                   catalog: context.catalog)
        var state = TallyPair()
        if let scope {
            let compiled = scopes.compile(scope)
            compiledScopes.append(compiled)
            state.scope = Int32(compiledScopes.count - 1)
            state.from = compiled.from
            state.until = compiled.until
            state.limitsRegions = compiled.limitsRegions
        }
        pairs.append(state)
        pairKeys.append(PairKey(customer: customer, subprocessor: subprocessor))
        pairIndex[key] = Int32(pairs.count - 1)
        return pairs.count - 1
    }

    private struct SampleSource {
        var flow: InternedFlow
        var id: UnsafeRawBufferPointer?
    }

    private mutating func record(
        _ kind: FindingKind, _ customer: Int32, _ subprocessor: Int32, _ dimension: FindingDimension, _ value: Int32,
        _ sample: SampleSource
    ) {
        let index = entryIndex(TallyKey(kind: kind, dimension: dimension, customer: customer, subprocessor: subprocessor, value: value))
        let flow = sample.flow
        entries[index].flows.add(saturating: flow.count)
        entries[index].records.add(saturating: flow.records)
        entries[index].bytes.add(saturating: flow.bytes)
        if let ts = flow.ts {
            if entries[index].firstSeen.map({ ts < $0 }) ?? true { entries[index].firstSeen = ts }
            if entries[index].lastSeen.map({ ts > $0 }) ?? true { entries[index].lastSeen = ts }
        }
        if entries[index].samples.count < FindingAccumulator.sampleLimit {
            let id = sample.id.map { String(decoding: $0, as: UTF8.self) }
            entries[index].samples.append(Sample(flow: id, location: SourceLocation(source: source, line: flow.line)))
        }
    }

    /// Counts a record that ingest refused (`INVALID_RECORD`, one finding per source).
    public mutating func reject(_ rejected: RejectedRecord) {
        let value = symbols.intern(source)
        let index = entryIndex(TallyKey(kind: .invalidRecord, dimension: .record, customer: 0, subprocessor: 0, value: value))
        entries[index].flows += 1
        entries[index].addDistinct(Sample(flow: rejected.id, location: rejected.location, reason: rejected.reason))
    }

    mutating func entryIndex(_ key: TallyKey) -> Int {
        if let index = findingIndex.find(key, in: findingKeys) { return Int(index) }
        findingKeys.append(key)
        findingIndex.add(key, index: Int32(findingKeys.count - 1), keys: findingKeys)
        entries.append(FindingAccumulator.Entry())
        return entries.count - 1
    }
}

/// A finding key on symbols.
struct TallyKey: Hashable, Sendable {
    var kind: FindingKind
    var dimension: FindingDimension
    var customer: Int32
    var subprocessor: Int32
    var value: Int32

    /// A fast hash of the key: the enums by their case index, not their raw strings.
    var hash: UInt64 {
        let kindCode = UInt64(withUnsafeBytes(of: kind) { $0[0] })
        let dimensionCode = UInt64(withUnsafeBytes(of: dimension) { $0[0] })
        var h = (UInt64(UInt32(bitPattern: customer)) << 32 | UInt64(UInt32(bitPattern: subprocessor))) &* 0x9E37_79B9_7F4A_7C15
        h ^= (UInt64(UInt32(bitPattern: value)) << 16 | kindCode << 8 | dimensionCode) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 29
        return h &* 0x1656_67B1_9E37_79F9
    }
}

/// The findings of a tally by key, open addressing on `TallyKey.hash` (no `Hasher`, no
/// string hashing of the enums): slots hold the key's index in `findingKeys` + 1.
struct FindingIndex: Sendable {
    private var slots = [Int32](repeating: 0, count: 256)
    private var count = 0

    func find(_ key: TallyKey, in keys: [TallyKey]) -> Int32? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: key.hash >> 32) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if keys[Int(stored) - 1] == key { return stored - 1 }
            slot = (slot + 1) & mask
        }
    }

    mutating func add(_ key: TallyKey, index: Int32, keys: [TallyKey]) {
        count += 1
        if count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for (i, stored) in keys.enumerated() { place(stored, Int32(i)) }
        } else {
            place(key, index)
        }
    }

    private mutating func place(_ key: TallyKey, _ index: Int32) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: key.hash >> 32) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = index + 1
    }
}

/// One pair's values past the 64th of their dimension, in the order first seen, each with
/// the scope's verdict on it. Looked up by value: a pair that sees hundreds of thousands of
/// distinct values (a flow file putting request ids in `purpose`) must not scan them all for
/// each record.
struct OverflowValues: Sendable {
    /// `dimension << 32 | symbol`, with `allowedFlag` set when the pair's scope allows it.
    private var values: [UInt64] = []
    /// Each value (without the flag) → its place in `values`.
    private var positions: [UInt64: Int32] = [:]
    private static let allowedFlag: UInt64 = 1 << 63

    static func value(_ dimension: InternedObservation.Dimension, _ symbol: Int32) -> UInt64 {
        UInt64(dimension.rawValue) << 32 | UInt64(UInt32(bitPattern: symbol))
    }

    /// The verdict on `value`, or nil when it was not seen.
    func allowed(_ value: UInt64) -> Bool? {
        positions[value].map { values[Int($0)] & Self.allowedFlag != 0 }
    }

    mutating func add(_ value: UInt64, allowed: Bool) {
        positions[value] = Int32(values.count)
        values.append(allowed ? value | Self.allowedFlag : value)
    }

    /// Each value's dimension, symbol and verdict, in the order first seen.
    func forEach(_ body: (InternedObservation.Dimension, Int32, Bool) -> Void) {
        for value in values {
            let plain = value & ~Self.allowedFlag
            body(InternedObservation.Dimension(rawValue: UInt32(plain >> 32))!, Int32(bitPattern: UInt32(plain & 0xFFFF_FFFF)),
                 value & Self.allowedFlag != 0)
        }
    }
}

/// A (customer, subprocessor) pair on symbols.
struct PairKey: Sendable, BitwiseCopyable {
    var customer: Int32
    var subprocessor: Int32
}

/// What one flow touches of its (customer, subprocessor) pair: what was observed (with
/// the scope's verdicts), the authorization window, and whether a flow was approved.
struct TallyPair: Sendable {
    var observation = InternedObservation()
    var from: TimeBound?
    var until: TimeBound?
    /// Index in `FlowTally.compiledScopes`; -1 = not approved.
    var scope: Int32 = -1
    var seen = false
    var limitsRegions = false
}
