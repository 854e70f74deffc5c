public import RemitCore

/// One run as history keeps it (SPEC: history keyed by `as_of`).
public struct RunRecord: Sendable, Equatable {
    public struct InputHash: Sendable, Equatable, Codable {
        public var role: String
        public var source: String
        public var sha256: String

        public init(role: String, source: String, sha256: String) {
            self.role = role
            self.source = source
            self.sha256 = sha256
        }
    }

    public var asOf: Instant
    /// Wall-clock start and end of the run (provenance, not part of any output).
    public var started: Instant
    public var finished: Instant
    public var exitCode: Int32
    public var configSHA256: String
    public var inputs: [InputHash]
    /// Unsuppressed findings by severity.
    public var high: Int
    public var medium: Int
    public var low: Int
    public var info: Int
    public var suppressed: Int
    public var newCount: Int
    public var resolvedCount: Int

    public init(
        asOf: Instant, started: Instant, finished: Instant, exitCode: Int32, configSHA256: String,
        inputs: [InputHash], high: Int, medium: Int, low: Int, info: Int, suppressed: Int, newCount: Int, resolvedCount: Int
    ) {
        self.asOf = asOf
        self.started = started
        self.finished = finished
        self.exitCode = exitCode
        self.configSHA256 = configSHA256
        self.inputs = inputs
        self.high = high
        self.medium = medium
        self.low = low
        self.info = info
        self.suppressed = suppressed
        self.newCount = newCount
        self.resolvedCount = resolvedCount
    }

    public var total: Int { high + medium + low + info + suppressed }

    /// Counts for a set of findings.
    public static func counts(_ findings: [Finding]) -> (high: Int, medium: Int, low: Int, info: Int, suppressed: Int) {
        var result = (high: 0, medium: 0, low: 0, info: 0, suppressed: 0)
        // By index: a `for` loop would copy every finding to read two fields.
        for index in findings.indices {
            if findings[index].isSuppressed { result.suppressed += 1; continue }
            switch findings[index].severity {
            case .high: result.high += 1
            case .medium: result.medium += 1
            case .low: result.low += 1
            case .info: result.info += 1
            }
        }
        return result
    }
}
