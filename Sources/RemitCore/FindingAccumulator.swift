/// Aggregates findings on their key: counts, period and up to five samples
/// (SPEC "Findings are aggregated").
struct FindingAccumulator {
    static let sampleLimit = 5

    struct Entry {
        var flows: Int64 = 0
        var records: Int64 = 0
        var bytes: Int64 = 0
        var firstSeen: Instant?
        var lastSeen: Instant?
        var samples: [Sample] = []
    }

    private(set) var entries: [FindingKey: Entry] = [:]

    mutating func add(_ key: FindingKey, flow: FlowRecord) {
        entries[key, default: Entry()].addFlow(flow)
    }

    mutating func add(_ key: FindingKey, sample: Sample?, flows: Int64 = 0) {
        var entry = entries[key, default: Entry()]
        entry.flows += flows
        if let sample, entry.samples.count < Self.sampleLimit, !entry.samples.contains(sample) {
            entry.samples.append(sample)
        }
        entries[key] = entry
    }
}

extension FindingAccumulator.Entry {
    mutating func addFlow(_ flow: FlowRecord) {
        flows += flow.count
        records += flow.records
        bytes += flow.bytes
        if let ts = flow.ts {
            if firstSeen.map({ ts < $0 }) ?? true { firstSeen = ts }
            if lastSeen.map({ ts > $0 }) ?? true { lastSeen = ts }
        }
        if samples.count < FindingAccumulator.sampleLimit {
            samples.append(Sample(flow: flow.id, location: flow.location))
        }
    }
}
