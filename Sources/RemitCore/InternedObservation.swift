/// `Observation` on symbols, kept compact for the reconciliation hot path: counts, period
/// (microseconds, with sentinels for "none") and the values seen as bitsets over small dense
/// indices (`DenseValues`), one 64-bit word per dimension. A value past the 64th of its
/// dimension in a tally is kept in the tally's overflow lists instead (`FlowTally`).
///
/// For an approved pair, `allowed` holds the scope verdict of each value seen in the
/// checked dimensions: it is worked out when the value is first seen, so a flow's scope
/// checks are bit tests on the pair's own state.
struct InternedObservation: Sendable, BitwiseCopyable {
    enum Dimension: UInt32, CaseIterable, Sendable {
        case system, purpose, category, region, operation
    }

    static let noTime = Int64.max
    static let noTimeLast = Int64.min

    var flows: Int64 = 0
    var records: Int64 = 0
    var bytes: Int64 = 0
    var first: Int64 = InternedObservation.noTime
    var last: Int64 = InternedObservation.noTimeLast
    var systems: UInt64 = 0
    var purposes: UInt64 = 0
    var categories: UInt64 = 0
    var regions: UInt64 = 0
    var operations: UInt64 = 0
    var allowedPurposes: UInt64 = 0
    var allowedCategories: UInt64 = 0
    var allowedRegions: UInt64 = 0
    var allowedOperations: UInt64 = 0

    var firstSeen: Instant? { first == Self.noTime ? nil : Instant(microseconds: first) }
    var lastSeen: Instant? { last == Self.noTimeLast ? nil : Instant(microseconds: last) }

    @inline(__always)
    mutating func count(_ flow: InternedFlow) {
        flows.add(saturating: flow.count)
        records.add(saturating: flow.records)
        bytes.add(saturating: flow.bytes)
        if let ts = flow.ts {
            widen(ts.microseconds)
        }
    }

    @inline(__always)
    mutating func widen(_ time: Int64) {
        if time < first { first = time }
        if time > last { last = time }
    }

    @inline(__always)
    func observed(_ dimension: Dimension) -> UInt64 {
        switch dimension {
        case .system: systems
        case .purpose: purposes
        case .category: categories
        case .region: regions
        case .operation: operations
        }
    }

    @inline(__always)
    mutating func mark(_ dimension: Dimension, _ bit: UInt64) {
        switch dimension {
        case .system: systems |= bit
        case .purpose: purposes |= bit
        case .category: categories |= bit
        case .region: regions |= bit
        case .operation: operations |= bit
        }
    }

    @inline(__always)
    func allowed(_ dimension: Dimension) -> UInt64 {
        switch dimension {
        case .system: 0
        case .purpose: allowedPurposes
        case .category: allowedCategories
        case .region: allowedRegions
        case .operation: allowedOperations
        }
    }

    @inline(__always)
    mutating func allow(_ dimension: Dimension, _ bit: UInt64) {
        switch dimension {
        case .system: break
        case .purpose: allowedPurposes |= bit
        case .category: allowedCategories |= bit
        case .region: allowedRegions |= bit
        case .operation: allowedOperations |= bit
        }
    }
}

/// The values of each dimension a tally observed, each given a dense index in order of
/// first sight: index `i` of dimension `d` is bit `i` of the pairs' bitsets. Only the first
/// 64 values of a dimension get one; later ones are kept as symbols (the overflow path).
struct DenseValues: Sendable {
    static let capacity = 64
    /// In `SymbolMemo.Facts.dense`: the symbol has no index and never will.
    static let overflow: UInt8 = 0xFF
    private(set) var symbols: [[Int32]] = Array(repeating: [], count: InternedObservation.Dimension.allCases.count)

    /// The index + 1 of `symbol` in `dimension`, assigning one when it is new; `overflow`
    /// when the dimension is full.
    @inline(__always)
    mutating func index(_ symbol: Int32, _ dimension: InternedObservation.Dimension, _ memo: inout SymbolMemo) -> UInt8 {
        let known = memo.dense(symbol, dimension)
        if known != 0 { return known }
        return assign(symbol, dimension, &memo)
    }

    private mutating func assign(_ symbol: Int32, _ dimension: InternedObservation.Dimension, _ memo: inout SymbolMemo) -> UInt8 {
        let d = Int(dimension.rawValue)
        let value: UInt8
        if symbols[d].count < Self.capacity {
            symbols[d].append(symbol)
            value = UInt8(symbols[d].count)
        } else {
            value = Self.overflow
        }
        memo.setDense(symbol, dimension, value)
        return value
    }

    /// The symbols whose bits are set in `bits`.
    func members(_ bits: UInt64, _ dimension: InternedObservation.Dimension) -> [Int32] {
        var result: [Int32] = []
        forEachMember(bits, dimension) { symbol, _ in result.append(symbol) }
        return result
    }

    /// Calls `body` with the symbol and the bit of each bit set in `bits`, lowest bit first.
    @inline(__always)
    func forEachMember(_ bits: UInt64, _ dimension: InternedObservation.Dimension, _ body: (Int32, UInt64) -> Void) {
        var rest = bits
        symbols[Int(dimension.rawValue)].withUnsafeBufferPointer { list in
            while rest != 0 {
                body(list[rest.trailingZeroBitCount], rest & (0 &- rest))
                rest &= rest - 1
            }
        }
    }
}
