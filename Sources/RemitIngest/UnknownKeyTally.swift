public import RemitCore

/// A key an entry's format does not define, where it stands.
public struct UnknownKey: Sendable, Equatable {
    public var key: String
    /// The kind of entry it stood in: "CycloneDX service", "OpenLineage event".
    public var what: String
    public var location: SourceLocation
}

/// Keys an input's format does not define (SPEC "Job config": `remit check` reports them,
/// `remit run` ignores them): how many entries had each, and where first. A flow file of a
/// million records with one new key is one line, and past `listed` distinct keys only that
/// there are more.
public struct UnknownKeyTally: Sendable {
    public static let listed = 20

    private var seen: [Entry: (count: Int, first: SourceLocation)] = [:]
    private var order: [Entry] = []
    public private(set) var more = false

    /// A key, and what kind of entry it stood in ("record", "CycloneDX service").
    private struct Entry: Hashable {
        var key: String
        var what: String
    }

    public init() {}

    /// Distinct keys listed.
    public var count: Int { order.count }

    /// The unknown `keys` of one entry (each counted once for it).
    public mutating func add(_ keys: [String], in what: String, at location: SourceLocation) {
        var counted: Set<String> = []
        for key in keys where counted.insert(key).inserted {
            let entry = Entry(key: key, what: what)
            if seen[entry] != nil { seen[entry]!.count += 1; continue }
            guard order.count < Self.listed else { more = true; continue }
            seen[entry] = (1, location)
            order.append(entry)
        }
    }

    public mutating func add(_ keys: [UnknownKey]) {
        for key in keys { add([key.key], in: key.what, at: key.location) }
    }

    public mutating func add(_ other: UnknownKeyTally) {
        for entry in other.order {
            let (count, first) = other.seen[entry]!
            if seen[entry] != nil { seen[entry]!.count += count; continue }
            guard order.count < Self.listed else { more = true; continue }
            seen[entry] = (count, first)
            order.append(entry)
        }
        more = more || other.more
    }

    /// One warning a key, at its first place: "unknown key `x` in 3 CycloneDX services (ignored)".
    public var warnings: [Diagnostic] {
        order.map { entry in Diagnostic(.warning, seen[entry]!.first, "\(said(entry)) (ignored)") }
    }

    /// The listing `remit check` prints under a flow source.
    public var lines: [String] {
        order.map { entry in "  warning: \(said(entry)) (first at \(seen[entry]!.first)), ignored" }
            + (more ? ["  … and more unknown keys, not listed"] : [])
    }

    /// "unknown key `x` in 3 CycloneDX services".
    private func said(_ entry: Entry) -> String {
        let count = seen[entry]!.count
        return "unknown key `\(Self.shown(entry.key))` in \(count) \(entry.what)\(count == 1 ? "" : "s")"
    }

    /// A key as printed: at most 80 characters (a flow line may be megabytes long).
    static func shown(_ key: String) -> String {
        key.count <= 80 ? key : key.prefix(79) + "…"
    }
}
