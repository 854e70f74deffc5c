/// What a `FlowTally` aggregated, in strings: handed from a worker thread to the
/// reconciler, merged with the other workers' in file order.
public struct TallySummary: Sendable {
    var findings: [FindingKey: FindingAccumulator.Entry] = [:]
    var observations: [Pair: Observation] = [:]
    var seen: Set<Pair> = []

    public init() {}

    /// Rewrites every sample's line (workers number lines within their chunk first).
    public mutating func mapLines(_ transform: (Int) -> Int) {
        for key in Array(findings.keys) {
            for i in findings[key]!.samples.indices {
                findings[key]!.samples[i].location.line = transform(findings[key]!.samples[i].location.line)
            }
        }
    }

    /// The summaries of workers that each read a part of one source, in increasing line
    /// order within itself, combined as if one thread had read the whole source: each
    /// finding keeps the five samples with the lowest lines (ties keep `parts` order).
    public static func merged(inLineOrder parts: [TallySummary]) -> TallySummary {
        guard parts.count > 1 else { return parts.first ?? TallySummary() }
        var result = TallySummary()
        var samples: [FindingKey: [(sample: Sample, part: Int, index: Int)]] = [:]
        for (part, summary) in parts.enumerated() {
            for (key, entry) in summary.findings {
                var later = entry
                later.samples = []
                result.findings[key, default: FindingAccumulator.Entry()].append(later, distinctSamples: false)
                samples[key, default: []] += entry.samples.enumerated().map { ($0.element, part, $0.offset) }
            }
            for (pair, observation) in summary.observations {
                result.observations[pair, default: Observation()].merge(observation)
            }
            result.seen.formUnion(summary.seen)
        }
        for (key, candidates) in samples {
            let ordered = candidates.sorted {
                ($0.sample.location.line, $0.part, $0.index) < ($1.sample.location.line, $1.part, $1.index)
            }
            var entry = FindingAccumulator.Entry()
            entry.samples = []
            for candidate in ordered where entry.samples.count < FindingAccumulator.sampleLimit {
                if key.kind == .invalidRecord { entry.addDistinct(candidate.sample) } else { entry.samples.append(candidate.sample) }
            }
            result.findings[key]!.samples = entry.samples
        }
        return result
    }
}

extension FlowTally {
    /// Everything aggregated so far, in strings.
    public func summary() -> TallySummary {
        var summary = TallySummary()
        for (index, key) in findingKeys.enumerated() {
            let findingKey = FindingKey(key.kind, customer: symbols.string(key.customer), subprocessor: symbols.string(key.subprocessor),
                                        dimension: key.dimension, value: symbols.string(key.value))
            summary.findings[findingKey, default: FindingAccumulator.Entry()].append(entries[index], distinctSamples: key.kind == .invalidRecord)
        }
        for pair in pairs {
            let key = Pair(customer: symbols.string(pair.customer), subprocessor: symbols.string(pair.subprocessor))
            summary.observations[key, default: Observation()].merge(pair.observation.observation(symbols))
            if pair.seen { summary.seen.insert(key) }
        }
        return summary
    }

    public var isEmpty: Bool { findingKeys.isEmpty && pairs.isEmpty }
}

extension Observation {
    mutating func merge(_ other: Observation) {
        flows += other.flows
        records += other.records
        bytes += other.bytes
        for time in [other.firstSeen, other.lastSeen].compactMap({ $0 }) {
            if firstSeen.map({ time < $0 }) ?? true { firstSeen = time }
            if lastSeen.map({ time > $0 }) ?? true { lastSeen = time }
        }
        systems.formUnion(other.systems)
        purposes.formUnion(other.purposes)
        dataCategories.formUnion(other.dataCategories)
        regions.formUnion(other.regions)
        operations.formUnion(other.operations)
    }
}
