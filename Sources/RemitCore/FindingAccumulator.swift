/// Aggregates findings on their key: counts, period and up to five samples
/// (SPEC "Findings are aggregated").
struct FindingAccumulator: Sendable {
    static let sampleLimit = 5

    struct Entry: Sendable {
        var flows: Int64 = 0
        var records: Int64 = 0
        var bytes: Int64 = 0
        var firstSeen: Instant?
        var lastSeen: Instant?
        var samples: [Sample] = []
    }

    private(set) var entries: [FindingKey: Entry] = [:]

    mutating func add(_ key: FindingKey, sample: Sample?, flows: Int64 = 0) {
        var entry = entries[key, default: Entry()]
        entry.flows.add(saturating: flows)
        if let sample { entry.addDistinct(sample) }
        entries[key] = entry
    }

    /// Adds what `other` aggregated through `add`, with the result its calls to `add` would
    /// have had here, in order: counts add up; samples are the ones here, then those of
    /// `other` not here yet, up to five. (`other` kept the first five distinct samples of its
    /// calls; the ones those calls would keep here are among them, since no more of those five
    /// can already be here than there are samples here.)
    mutating func add(contentsOf other: FindingAccumulator) {
        for (key, entry) in other.entries {
            entries[key, default: Entry()].append(entry, distinctSamples: true)
        }
    }

    /// Adds what was aggregated after everything already here (samples stay in order).
    mutating func append(_ later: [FindingKey: Entry]) {
        if entries.isEmpty {
            entries = later
            return
        }
        for (key, entry) in later {
            entries[key, default: Entry()].append(entry, distinctSamples: key.kind == .invalidRecord)
        }
    }
}

extension FindingAccumulator.Entry {
    /// Keeps a sample unless five are kept or it is already there (rejected records, inputs).
    mutating func addDistinct(_ sample: Sample) {
        if samples.count < FindingAccumulator.sampleLimit, !samples.contains(sample) {
            samples.append(sample)
        }
    }

    /// Counts and period of both; samples: these, then the later ones, up to five.
    /// Samples of rejected records are kept once each (`addDistinct`); flow samples always.
    mutating func append(_ later: Self, distinctSamples: Bool) {
        flows.add(saturating: later.flows)
        records.add(saturating: later.records)
        bytes.add(saturating: later.bytes)
        widen(later.firstSeen)
        widen(later.lastSeen)
        for sample in later.samples where samples.count < FindingAccumulator.sampleLimit {
            if distinctSamples { addDistinct(sample) } else { samples.append(sample) }
        }
    }

    mutating func widen(_ time: Instant?) {
        guard let time else { return }
        if firstSeen.map({ time < $0 }) ?? true { firstSeen = time }
        if lastSeen.map({ time > $0 }) ?? true { lastSeen = time }
    }
}
