public import RemitCore
public import RemitReport

/// What `remit run` was asked to do, after argument parsing.
public struct RunOptions: Sendable {
    public var configPath: String
    public var output: String?
    public var asOf: Instant
    public var failOn: FailThreshold?
    public var offline: Bool
    public var formats: Set<OutputFormat>
    public var state: String?
    /// `--template DIR`: a folder of templates laid over the built-in ones.
    public var templateDirectory: String?

    public init(configPath: String, output: String? = nil, asOf: Instant, failOn: FailThreshold? = nil,
                offline: Bool = false, formats: Set<OutputFormat> = Set(OutputFormat.allCases), state: String? = nil,
                templateDirectory: String? = nil) {
        self.configPath = configPath
        self.output = output
        self.asOf = asOf
        self.failOn = failOn
        self.offline = offline
        self.formats = formats
        self.state = state
        self.templateDirectory = templateDirectory
    }
}

/// The tool's identity in every output.
public enum Tool {
    public static let name = "remit"
    public static let version = "0.1.0"
}
