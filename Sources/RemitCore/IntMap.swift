/// A map from non-negative `Int64` keys to small values, open addressing with a
/// multiplicative hash: the memo tables of the reconciliation hot path, where Swift's
/// `Dictionary` (SipHash) would cost more than the work it saves.
struct IntMap<Value: Sendable>: Sendable {
    private var keys: [Int64]
    private var values: [Value?]
    private(set) var count = 0

    init() {
        keys = [Int64](repeating: -1, count: 256)
        values = [Value?](repeating: nil, count: 256)
    }

    private static func slot(_ key: Int64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    subscript(key: Int64) -> Value? {
        get {
            let mask = keys.count - 1
            var slot = Self.slot(key, mask)
            while true {
                let stored = keys[slot]
                if stored == key { return values[slot] }
                if stored < 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
        set {
            guard let newValue else { return } // entries are never removed
            let mask = keys.count - 1
            var slot = Self.slot(key, mask)
            while keys[slot] >= 0, keys[slot] != key { slot = (slot + 1) & mask }
            if keys[slot] < 0 {
                keys[slot] = key
                count += 1
            }
            values[slot] = newValue
            if count * 2 > keys.count { grow() }
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [Int64](repeating: -1, count: oldKeys.count * 2)
        values = [Value?](repeating: nil, count: oldKeys.count * 2)
        count = 0
        for i in oldKeys.indices where oldKeys[i] >= 0 { self[oldKeys[i]] = oldValues[i] }
    }
}
