public import RemitCore

/// One input of a run, with its provenance (SPEC "Outputs", `inputs` and manifest).
public struct InputProvenance: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case fresh, cached, stale, failed
    }

    /// taxonomy, register, catalog, flows, mappings or exceptions.
    public var role: String
    /// The source as written in the job.
    public var source: String
    /// The detected or configured format, e.g. `remit-ndjson`, `remit-xml`, `remit-yaml`.
    public var format: String
    public var sha256: String
    public var bytes: Int64
    /// Entries read (flow records before `customers: all` expansion; subprocessors for a
    /// catalog; customers for a register).
    public var records: Int
    public var rejected: Int
    public var status: Status
    /// For fetched sources.
    public var fetchedAt: Instant?
    public var etag: String?
    public var finalURL: String?

    public init(
        role: String, source: String, format: String, sha256: String, bytes: Int64, records: Int, rejected: Int,
        status: Status = .fresh, fetchedAt: Instant? = nil, etag: String? = nil, finalURL: String? = nil
    ) {
        self.role = role
        self.source = source
        self.format = format
        self.sha256 = sha256
        self.bytes = bytes
        self.records = records
        self.rejected = rejected
        self.status = status
        self.fetchedAt = fetchedAt
        self.etag = etag
        self.finalURL = finalURL
    }
}

/// Everything the outputs are rendered from. Pure data: rendering it twice gives the same bytes.
public struct RunReport: Sendable {
    public var toolVersion: String
    public var asOf: Instant
    /// The job file as given on the command line, and its SHA-256.
    public var configSource: String
    public var configSHA256: String
    public var failOn: FailThreshold
    public var inputs: [InputProvenance]
    public var context: ReconciliationContext
    public var reconciliation: Reconciliation
    /// Findings of the previous run that are gone (empty without history).
    public var resolved: [Finding]
    /// 0 or 1: the verdict against `fail_on`.
    public var exitCode: Int32
    /// The previous run compared with (nil on a first run).
    public var previousAsOf: Instant?
    /// This run's `as_of` is older than the latest recorded run's: a replay. Said in the
    /// summary remit prints, not in the outputs, which are the same for a rerun of one
    /// `as_of` whatever was recorded after it (SPEC: a rerun gives identical outputs).
    public var isReplay: Bool
    /// Earlier runs, oldest first, for the report's trend (empty without history).
    public var history: [PastRun]

    public init(
        toolVersion: String, asOf: Instant, configSource: String, configSHA256: String, failOn: FailThreshold,
        inputs: [InputProvenance], context: ReconciliationContext, reconciliation: Reconciliation,
        resolved: [Finding] = [], exitCode: Int32, previousAsOf: Instant? = nil, isReplay: Bool = false,
        history: [PastRun] = []
    ) {
        self.toolVersion = toolVersion
        self.asOf = asOf
        self.configSource = configSource
        self.configSHA256 = configSHA256
        self.failOn = failOn
        self.inputs = inputs
        self.context = context
        self.reconciliation = reconciliation
        self.resolved = resolved
        self.exitCode = exitCode
        self.previousAsOf = previousAsOf
        self.isReplay = isReplay
        self.history = history
    }

    public var findings: [Finding] { reconciliation.findings }
}

/// The counts of an earlier run, as the run history keeps them (SPEC "The HTML report",
/// a trend of the last runs).
public struct PastRun: Sendable {
    public var asOf: Instant
    public var exitCode: Int32
    /// Unsuppressed findings per severity.
    public var bySeverity: [Severity: Int]
    public var suppressed: Int

    public init(asOf: Instant, exitCode: Int32, bySeverity: [Severity: Int], suppressed: Int = 0) {
        self.asOf = asOf
        self.exitCode = exitCode
        self.bySeverity = bySeverity
        self.suppressed = suppressed
    }
}

/// The output files remit can write besides `manifest.json` (always written).
public enum OutputFormat: String, Sendable, CaseIterable {
    case html, json, csv, junit
}
