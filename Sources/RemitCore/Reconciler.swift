/// Reconciles observed flows against authorized scope (SPEC "Reconciliation").
///
/// Feed it flows one at a time (`add`), rejected records (`reject`) and source problems
/// (`report`), then `finish()` runs the checks without flows and returns the findings.
/// It does no I/O; the caller streams inputs through it.
public struct Reconciler {
    public let context: ReconciliationContext
    private var accumulator = FindingAccumulator()
    private var observations: [Pair: Observation] = [:]
    private var seen: Set<Pair> = []
    /// Flows handed in one by one as `FlowRecord`s, reconciled on interned ids.
    private var tally: FlowTally

    public init(context: ReconciliationContext) {
        self.context = context
        self.tally = FlowTally(context: context, source: "")
    }

    // MARK: - Per flow

    /// Reconciles one flow. A flow without a customer counts once for each of
    /// `customersForUnattributed` when that is given (`customers: all` or a list).
    public mutating func add(_ flow: FlowRecord, customersForUnattributed: [String]? = nil) {
        let expansion = customersForUnattributed.map { $0.map { tally.symbols.intern($0) } }
        tally.add(flow, expansion: expansion)
    }

    /// Adds what a `FlowTally` (threads reading a flow source) aggregated, after
    /// everything so far.
    public mutating func absorb(_ tally: FlowTally) {
        flushTally()
        absorb(tally.summary())
    }

    private mutating func absorb(_ summary: TallySummary) {
        accumulator.append(summary.findings)
        if observations.isEmpty {
            observations = summary.observations
        } else {
            for (pair, observation) in summary.observations {
                if observations[pair] == nil { observations[pair] = observation } else { observations[pair]!.merge(observation) }
            }
        }
        if seen.isEmpty { seen = summary.seen } else { seen.formUnion(summary.seen) }
    }

    private mutating func flushTally() {
        guard !tally.isEmpty else { return }
        let summary = tally.summary()
        tally = FlowTally(context: context, source: "")
        absorb(summary)
    }

    // MARK: - Records and sources

    /// Counts a record that ingest refused (`INVALID_RECORD`, one finding per source).
    public mutating func reject(_ rejected: RejectedRecord, source: String) {
        let key = FindingKey(.invalidRecord, customer: "", subprocessor: "", dimension: .record, value: source)
        accumulator.add(key, sample: Sample(flow: rejected.id, location: rejected.location, reason: rejected.reason), flows: 1)
    }

    /// Adds a finding that comes from outside the flows (sources, history).
    public mutating func report(_ key: FindingKey, sample: Sample? = nil) {
        flushTally()
        accumulator.add(key, sample: sample)
    }

    // MARK: - Finish

    /// Runs the checks without flows and returns every finding, sorted, with severities,
    /// suppressions, instruction references and messages.
    public consuming func finish() -> Reconciliation {
        flushTally()
        let checks = StandingChecks(context: context, seen: seen)
        checks.run(into: &accumulator)
        var findings = Self.describe(accumulator.entries, context: context)
        Finding.sortForOutput(&findings)
        return Reconciliation(
            findings: findings,
            observations: observations,
            seen: seen
        )
    }
}

extension Reconciler {
    /// Described findings are worked out in slices of at least this many (at most eight
    /// slices), the slices side by side on every core.
    static let findingsPerSlice = 2_500

    /// Every aggregated finding with its fingerprint, severity, suppression, references and
    /// message, in no particular order.
    static func describe(_ entries: [FindingKey: FindingAccumulator.Entry], context: ReconciliationContext) -> [Finding] {
        let describer = FindingDescriber(context: context)
        let all = Array(entries)
        let sliceCount = min(8, max(1, all.count / findingsPerSlice))
        if sliceCount == 1 { return all.map { describer.finding($0.key, $0.value) } }
        let slices = (0..<sliceCount).map { all.count * $0 / sliceCount..<all.count * ($0 + 1) / sliceCount }
        return concurrentMap(slices) { slice in all[slice].map { describer.finding($0.key, $0.value) } }.flatMap { $0 }
    }
}

/// The result of reconciliation: findings plus what the report needs to explain them.
public struct Reconciliation: Sendable {
    public var findings: [Finding]
    public var observations: [Pair: Observation]
    public var seen: Set<Pair>
}
