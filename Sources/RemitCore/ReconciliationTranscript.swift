extension Reconciliation {
    /// Every field of every finding (samples included) and of every observed pair, a line
    /// each, in a fixed order: what two ways of reconciling the same flows must agree on
    /// (the fast paths and the reference path; `FastPathEquivalenceTests`, `Fuzz/`).
    public var transcript: [String] {
        let findings = findings.map { f in
            let samples = f.samples.map { "\($0.flow ?? "-")@\($0.location)\($0.reason.map { " \($0)" } ?? "")" }
            return "\(f.severity) \(f.key.kind.rawValue) [\(f.key.customer)] [\(f.key.subprocessor)] \(f.key.dimension.rawValue) [\(f.key.value)] "
                + "flows=\(f.flows) records=\(f.records) bytes=\(f.bytes) first=\(f.firstSeen.map(\.description) ?? "-") "
                + "last=\(f.lastSeen.map(\.description) ?? "-") samples=\(samples)"
        }
        let pairs = observations.keys.sorted().map { pair in
            let o = observations[pair]!
            return "observed [\(pair.customer)] [\(pair.subprocessor)] flows=\(o.flows) records=\(o.records) bytes=\(o.bytes) "
                + "\(o.firstSeen.map(\.description) ?? "-")..\(o.lastSeen.map(\.description) ?? "-") systems=\(o.systems.sorted()) "
                + "purposes=\(o.purposes.sorted()) categories=\(o.dataCategories.sorted()) regions=\(o.regions.sorted()) "
                + "operations=\(o.operations.sorted()) seen=\(seen.contains(pair))"
        }
        return findings + pairs
    }
}
