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
/// scope checks are memoized per distinct (list, key), and findings aggregate on integer
/// keys. `summary()` hands the result over, in strings, for merging.
public struct FlowTally: Sendable {
    public let context: ReconciliationContext
    public var symbols = Symbols()
    /// The source that samples name.
    public var source: String
    var memo: SymbolMemo
    var scopes: ScopeMemo
    private var pairIndex = IntMap<Int32>()
    var pairs: [TallyPair] = []
    private(set) var findingIndex: [TallyKey: Int32] = [:]
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
    /// when that is given (`customers: all` or a list, as symbols).
    public mutating func add(
        _ flow: InternedFlow, categories: UnsafeBufferPointer<Int32>, id: UnsafeRawBufferPointer?, expansion: [Int32]? = nil
    ) {
        memo.ensure(symbols.count)
        if flow.customer < 0, let expansion {
            var copy = flow
            for customer in expansion {
                copy.customer = customer
                reconcile(copy, categories, id)
            }
        } else {
            reconcile(flow, categories, id)
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

    private mutating func reconcile(_ flow: InternedFlow, _ categories: UnsafeBufferPointer<Int32>, _ id: UnsafeRawBufferPointer?) {
        var subprocessor = flow.subprocessor
        if subprocessor < 0, flow.host >= 0 { subprocessor = memo.target(ofHost: flow.host, &symbols) }
        var purpose = flow.purpose
        if purpose < 0, flow.system >= 0 { purpose = memo.purpose(ofSystem: flow.system, &symbols) }
        let operation = flow.operation >= 0 ? flow.operation : transfer
        let region = flow.region >= 0 ? memo.normalizedRegion(flow.region, &symbols) : -1
        memo.ensure(symbols.count)
        let sample = SampleSource(flow: flow, id: id)
        let orNone = { (symbol: Int32) in symbol >= 0 ? symbol : 0 }

        if purpose >= 0, !memo.defines(purpose, .purposes, symbols) {
            record(.unknownTaxonomyKey, 0, 0, .taxonomy, purpose, sample)
        }
        for category in categories where !memo.defines(category, .dataCategories, symbols) {
            record(.unknownTaxonomyKey, 0, 0, .taxonomy, category, sample)
        }
        if !memo.defines(operation, .operations, symbols) {
            record(.unknownTaxonomyKey, 0, 0, .taxonomy, operation, sample)
        }
        // 1. the customer
        let customer = flow.customer
        guard customer >= 0 else {
            record(.unattributedFlow, 0, orNone(subprocessor), .customer, 0, sample)
            return
        }
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
        let p = pair(customer, subprocessor, customerIndex)
        pairs[p].observation.count(flow)
        observe(p, .system, flow.system)
        observe(p, .purpose, purpose)
        for category in categories { observe(p, .category, category) }
        observe(p, .region, region)
        observe(p, .operation, operation)
        // 3. approval
        guard let scope = pairs[p].scope else {
            record(.unauthorizedSubprocessor, customer, subprocessor, .subprocessor, subprocessor, sample)
            return
        }
        pairs[p].seen = true
        // 4. window
        if let ts = flow.ts {
            let side = scope.windowSide(at: ts)
            if side != 0 { record(.outsideAuthorizationWindow, customer, subprocessor, .window, side < 0 ? before : after, sample) }
        }
        // 5. purpose
        if purpose >= 0 {
            if !scopes.allows(scope.purposes, purpose, symbols, context) {
                record(.purposeNotAuthorized, customer, subprocessor, .purpose, purpose, sample)
            }
        } else {
            record(.unattributedFlow, customer, subprocessor, .purpose, 0, sample)
        }
        // 6. data categories
        for category in categories where !scopes.allows(scope.categories, category, symbols, context) {
            record(.dataCategoryNotAuthorized, customer, subprocessor, .dataCategory, category, sample)
        }
        // 7. region
        if region >= 0 {
            if !scopes.allows(scope.regions, region, symbols, context) {
                record(.regionNotAuthorized, customer, subprocessor, .region, region, sample)
            }
        } else if scope.limitsRegions {
            record(.unattributedFlow, customer, subprocessor, .region, 0, sample)
        }
        // 8. operation
        if let operations = scope.operations, !scopes.allows(operations, operation, symbols, context) {
            record(.operationNotAuthorized, customer, subprocessor, .operation, operation, sample)
        }
    }

    /// Notes a value observed for a pair.
    mutating func observe(_ pair: Int, _ dimension: InternedObservation.Dimension, _ symbol: Int32) {
        if symbol >= 0 { pairs[pair].observation.insert(dimension, symbol) }
    }

    /// The pair's slot, with its effective scope compiled on first sight.
    mutating func pair(_ customer: Int32, _ subprocessor: Int32, _ customerIndex: Int32) -> Int {
        let key = Int64(customer) << 32 | Int64(subprocessor)
        if let index = pairIndex[key] { return Int(index) }
        let scope = Approval.scope(customer: context.register.customers[Int(customerIndex)], subprocessor: symbols.string(subprocessor),
                                   catalog: context.catalog)
        pairs.append(TallyPair(customer: customer, subprocessor: subprocessor, scope: scope.map { scopes.compile($0) }))
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
        entries[index].flows += flow.count
        entries[index].records += flow.records
        entries[index].bytes += flow.bytes
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
        if let index = findingIndex[key] { return Int(index) }
        findingIndex[key] = Int32(entries.count)
        findingKeys.append(key)
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
}

/// A (customer, subprocessor) pair seen in flows: its compiled scope (nil = not approved)
/// and what was observed.
struct TallyPair: Sendable {
    var customer: Int32
    var subprocessor: Int32
    var scope: CompiledScope?
    var seen = false
    var observation = InternedObservation()
}
