/// `Observation` on symbols: the values seen, each tagged with its dimension, in one small
/// array (a pair sees few distinct values, and one array stays in one or two cache lines).
struct InternedObservation: Sendable {
    enum Dimension: UInt32 {
        case system, purpose, category, region, operation
    }

    var flows: Int64 = 0
    var records: Int64 = 0
    var bytes: Int64 = 0
    var firstSeen: Instant?
    var lastSeen: Instant?
    private(set) var values: [UInt32] = []

    mutating func count(_ flow: InternedFlow) {
        flows += flow.count
        records += flow.records
        bytes += flow.bytes
        if let ts = flow.ts {
            if firstSeen.map({ ts < $0 }) ?? true { firstSeen = ts }
            if lastSeen.map({ ts > $0 }) ?? true { lastSeen = ts }
        }
    }

    mutating func insert(_ dimension: Dimension, _ symbol: Int32) {
        let value = dimension.rawValue << 28 | UInt32(symbol)
        if !values.contains(value) { values.append(value) }
    }

    /// Each value seen, with its dimension.
    var members: [(Dimension, Int32)] {
        values.map { (Dimension(rawValue: $0 >> 28)!, Int32($0 & 0x0FFF_FFFF)) }
    }

    func observation(_ symbols: Symbols) -> Observation {
        var o = Observation()
        o.flows = flows
        o.records = records
        o.bytes = bytes
        o.firstSeen = firstSeen
        o.lastSeen = lastSeen
        for (dimension, symbol) in members {
            let text = symbols.string(symbol)
            switch dimension {
            case .system: o.systems.insert(text)
            case .purpose: o.purposes.insert(text)
            case .category: o.dataCategories.insert(text)
            case .region: o.regions.insert(text)
            case .operation: o.operations.insert(text)
            }
        }
        return o
    }
}
