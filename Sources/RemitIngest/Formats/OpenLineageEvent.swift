public import RemitCore

/// The parts of an OpenLineage event (RunEvent, JobEvent or DatasetEvent) that describe which
/// job read or wrote which datasets, read tolerantly from one JSON object.
public struct OpenLineageEvent: Sendable {
    public var eventType: String?
    public var eventTime: String?
    public var runID: String?
    public var jobNamespace: String?
    public var jobName: String?
    public var inputs: [OpenLineageDataset] = []
    public var outputs: [OpenLineageDataset] = []
    /// A DatasetEvent: a `dataset` and no `job`. It says what a dataset is, not who moved it.
    public var isDatasetEvent = false
    public var location: SourceLocation
    /// Fields of the wrong type: the event is rejected with the first one.
    public var problems: [String] = []
    public var problemLocation: SourceLocation?
    /// Keys OpenLineage does not define where remit reads (facets hold anything).
    public var unknownKeys: [UnknownKey] = []

    /// Reads one event; `location` is where the event starts.
    public static func decode(_ node: DocNode, source: String, location: SourceLocation) -> OpenLineageEvent {
        var event = OpenLineageEvent(location: location)
        guard case .object = node.value else {
            event.problems = ["an OpenLineage event must be an object, found \(node.typeName)"]
            event.problemLocation = location
            return event
        }
        if case .object(let members) = node.value {
            event.isDatasetEvent = members.contains { $0.key == "dataset" } && !members.contains { $0.key == "job" }
        }
        var reader = NodeReader(source: source)
        reader.noteUnknownKeys(node, known: StandardFormatKeys.event, in: "OpenLineage event")
        event.eventType = reader.string(node, "eventType")
        event.eventTime = reader.string(node, "eventTime")
        if let run = reader.object(node, "run") {
            reader.noteUnknownKeys(run, known: StandardFormatKeys.run, in: "OpenLineage run")
            event.runID = reader.string(run, "runId")
        }
        if let dataset = reader.object(node, "dataset") {
            reader.noteUnknownKeys(dataset, known: StandardFormatKeys.dataset, in: "OpenLineage dataset")
        }
        if let job = reader.object(node, "job") {
            reader.noteUnknownKeys(job, known: StandardFormatKeys.job, in: "OpenLineage job")
            event.jobNamespace = reader.string(job, "namespace")
            event.jobName = reader.string(job, "name")
        }
        event.inputs = reader.objects(node, "inputs").map { OpenLineageDataset.decode($0, statistics: "inputStatistics", facets: "inputFacets", &reader) }
        event.outputs = reader.objects(node, "outputs").map { OpenLineageDataset.decode($0, statistics: "outputStatistics", facets: "outputFacets", &reader) }
        event.problems = reader.problems.map { "\($0.reason)" }
        event.problemLocation = reader.problems.first?.location
        event.unknownKeys = reader.unknownKeys
        return event
    }
}

/// One input or output dataset: where it lives, and the labels that say what it holds.
public struct OpenLineageDataset: Sendable {
    public var namespace: String?
    public var name: String?
    /// Label candidates from the tags facet (dataset and column tags) and from facets whose
    /// name contains "classification", in document order; see `OpenLineageFlows`.
    public var tags: [(key: String, value: String)] = []
    public var classifications: [String] = []
    public var rowCount: Int64?
    public var size: Int64?
    public var location: SourceLocation

    static func decode(_ node: DocNode, statistics: String, facets ioFacets: String, _ reader: inout NodeReader) -> OpenLineageDataset {
        var dataset = OpenLineageDataset(location: reader.locate(node))
        reader.noteUnknownKeys(node, known: StandardFormatKeys.dataset, in: "OpenLineage dataset")
        dataset.namespace = reader.string(node, "namespace")
        dataset.name = reader.string(node, "name")
        if let facets = reader.object(node, "facets"), case .object(let members) = facets.value {
            if let tags = reader.object(facets, "tags") {
                for tag in reader.objects(tags, "tags") {
                    guard let key = reader.string(tag, "key") else { continue }
                    dataset.tags.append((key, reader.string(tag, "value") ?? ""))
                }
            }
            for (name, facet) in members where name.lowercased().contains("classification") {
                collectStrings(facet, into: &dataset.classifications)
            }
        }
        if let io = reader.object(node, ioFacets), let stats = reader.object(io, statistics) {
            dataset.rowCount = reader.count(stats, "rowCount")
            dataset.size = reader.count(stats, "size")
        }
        return dataset
    }

    /// Every string in a facet but its `_producer` / `_schemaURL` bookkeeping.
    private static func collectStrings(_ node: DocNode, into result: inout [String]) {
        switch node.value {
        case .string(let text): result.append(text)
        case .array(let items): for item in items { collectStrings(item, into: &result) }
        case .object(let members):
            for (key, value) in members where !key.hasPrefix("_") { collectStrings(value, into: &result) }
        default: break
        }
    }
}
