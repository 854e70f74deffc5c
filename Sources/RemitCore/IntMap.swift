/// A map from non-negative `Int64` keys to small values, open addressing with a
/// multiplicative hash: the memo tables of the reconciliation hot path, where Swift's
/// `Dictionary` (SipHash) would cost more than the work it saves. Each key sits beside its
/// value (key -1 = empty slot), so a look-up touches one cache line.
struct IntMap<Value: BitwiseCopyable & Sendable>: Sendable {
    private struct Slot: BitwiseCopyable, Sendable {
        var key: Int64
        var value: Value
    }

    private var slots: [Slot]
    private let placeholder: Value
    private(set) var count = 0

    /// `placeholder` fills empty slots; it is never returned.
    init(placeholder: Value) {
        self.placeholder = placeholder
        slots = [Slot](repeating: Slot(key: -1, value: placeholder), count: 256)
    }

    private static func slot(_ key: Int64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    subscript(key: Int64) -> Value? {
        get {
            slots.withUnsafeBufferPointer { slots in
                let mask = slots.count - 1
                var slot = Self.slot(key, mask)
                while true {
                    let stored = slots[slot]
                    if stored.key == key { return stored.value }
                    if stored.key < 0 { return nil }
                    slot = (slot + 1) & mask
                }
            }
        }
        set {
            guard let newValue else { return } // entries are never removed
            precondition(key >= 0)
            let mask = slots.count - 1
            var slot = Self.slot(key, mask)
            while slots[slot].key >= 0, slots[slot].key != key { slot = (slot + 1) & mask }
            if slots[slot].key < 0 { count += 1 }
            slots[slot] = Slot(key: key, value: newValue)
            if count * 2 > slots.count { grow() }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: -1, value: placeholder), count: old.count * 2)
        count = 0
        for stored in old where stored.key >= 0 { self[stored.key] = stored.value }
    }
}
