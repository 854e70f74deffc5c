import RemitCore

/// Flows from OpenLineage run events (SPEC "Standard formats"; README "OpenLineage").
///
/// The job (its `name`) is the system. An input or output dataset whose namespace, else whose
/// name, resolves to a subprocessor (catalog endpoints, then `mappings.destinations`; the
/// namespace `postgres://db.vendor.example:5432` resolves by its host, `duckdb:///x.db` by its
/// scheme) is a flow to it:
/// outputs with operation `transfer`, inputs (data the vendor holds) with `store`. `eventTime`
/// is `ts` (without an offset it is read as UTC); `outputStatistics`/`inputStatistics` give
/// `records` and `bytes`. Data categories come from the tags facet — each tag is looked up as
/// `key:value`, then `key` when the value is empty or "true", then `value` — and from facets
/// named like "classification"; only labels `mappings.labels` maps count (tags are free-form).
///
/// Each run reports its datasets in several events; to count a run once, flows come from
/// terminal events (`COMPLETE`, `FAIL`, `ABORT`) and from events without `eventType`
/// (JobEvents). `START`, `RUNNING`, `OTHER`, DatasetEvents and datasets that resolve to no
/// subprocessor are skipped. An event with a field of the wrong type, an `eventTime` that
/// is not a timestamp (such as the `${json-unit.any-string}` placeholders in test
/// expectations), or no `job.name` (but a DatasetEvent) is rejected whole.
public struct OpenLineageFlows {
    public struct Result {
        public var outcomes: [FlowRecordDecoder.Outcome] = []
        public var skipped = 0
    }

    static let terminal: Set<String> = ["COMPLETE", "FAIL", "ABORT"]
    let context: AdapterContext

    public init(context: AdapterContext) {
        self.context = context
    }

    public func flows(_ event: OpenLineageEvent) -> Result {
        var result = Result()
        let id = event.runID
        if let problem = event.problems.first {
            result.outcomes.append(.rejected(RejectedRecord(id: id, location: event.problemLocation ?? event.location, reason: "OpenLineage: \(problem)")))
            return result
        }
        var ts: Instant?
        if let time = event.eventTime {
            guard let instant = Self.timestamp(time) else {
                result.outcomes.append(.rejected(RejectedRecord(id: id, location: event.location,
                    reason: "OpenLineage: `eventTime` must be an RFC 3339 timestamp, found \"\(time.prefix(64))\"")))
                return result
            }
            ts = instant
        }
        guard let job = event.jobName, !job.isEmpty else {
            // Only a DatasetEvent goes without a job; a run or job event without its name
            // cannot say which system moved the data, and is rejected, not passed over.
            if event.isDatasetEvent { result.skipped += 1 } else {
                result.outcomes.append(.rejected(RejectedRecord(id: id, location: event.location,
                    reason: "OpenLineage: a run or job event needs `job.name` (the system); a DatasetEvent has `dataset` and no `job`")))
            }
            return result
        }
        if let type = event.eventType, !Self.terminal.contains(type.uppercased()) { result.skipped += 1; return result }
        // A run that names no dataset moved no data: read, and not a flow.
        if event.outputs.isEmpty, event.inputs.isEmpty { result.skipped += 1; return result }
        for (operation, datasets) in [("transfer", event.outputs), ("store", event.inputs)] {
            for dataset in datasets {
                guard let subprocessor = context.resolve(Self.candidates(dataset)) else { result.skipped += 1; continue }
                let destination = [dataset.namespace, dataset.name].compactMap { $0 }.joined(separator: "/")
                result.outcomes.append(.record(FlowRecord(
                    id: id, ts: ts, subprocessor: subprocessor, destination: destination, system: job,
                    dataCategories: categories(dataset), operation: operation, records: dataset.rowCount ?? 0,
                    bytes: dataset.size ?? 0, location: dataset.location)))
            }
        }
        return result
    }

    /// Where a dataset lives: its namespace's host, else its name; a namespace without a host
    /// (`duckdb:///file.db`, `bigquery`) by its scheme or itself.
    static func candidates(_ dataset: OpenLineageDataset) -> [String] {
        var candidates = [dataset.namespace, dataset.name].compactMap { $0 }
        if let namespace = dataset.namespace, DestinationResolver.host(of: namespace).isEmpty,
           let scheme = namespace.split(separator: ":").first {
            candidates.append(String(scheme))
        }
        return candidates
    }

    /// Mapped labels only: a tag `key:value`, then `key` (value empty or true), then `value`.
    func categories(_ dataset: OpenLineageDataset) -> [String] {
        var keys: [String] = []
        for tag in dataset.tags {
            let value = tag.value.lowercased()
            var candidates = ["\(tag.key):\(tag.value)"]
            if value.isEmpty || value == "true" { candidates.append(tag.key) }
            if !value.isEmpty { candidates.append(tag.value) }
            if let key = candidates.lazy.compactMap(context.labels.mapped).first { keys.append(key) }
        }
        keys += dataset.classifications.compactMap(context.labels.mapped)
        return keys.uniqued()
    }

    /// RFC 3339, or a timestamp without an offset (some clients omit it), read as UTC.
    static func timestamp(_ text: String) -> Instant? {
        if let instant = Instant.parse(text) { return instant }
        guard text.count >= 19, !text.hasSuffix("Z"), !text.dropFirst(19).contains(where: { $0 == "+" || $0 == "-" }) else { return nil }
        return Instant.parse(text + "Z")
    }
}
