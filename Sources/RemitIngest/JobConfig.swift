public import RemitCore

/// The job file, `remit.yml` (SPEC "Job config"). Paths stay as written; `resolve` turns
/// them into paths relative to the job file's folder.
public struct JobConfig: Sendable {
    public var file: String
    public var directory: String
    public var version: Int
    public var taxonomy: SourceSpec?
    public var register: SourceSpec
    public var catalog: [SourceSpec]
    public var flows: [SourceSpec]
    public var mappings: [SourceSpec]
    public var exceptions: SourceSpec?
    public var severity: [FindingKind: Severity]
    public var failOn: FailThreshold
    public var state: String?
    public var output: String?
    public var fetch: FetchSettings
    public var signingKeyFile: String?
    public var keepRuns: Int
    /// Unknown keys and similar: `remit check` lists them.
    public var diagnostics: [Diagnostic]

    /// A path from the job, relative to the job file's folder; a file URL's path (checked
    /// when the job was loaded, `FileURL`).
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if FileURL.isFileURL(path), case .success(let local) = FileURL.path(path) { return local }
        return directory.isEmpty ? path : directory + "/" + path
    }
}

/// One input source as written in the job.
public struct SourceSpec: Sendable {
    public enum Customers: Sendable, Equatable {
        case all
        case list([String])
    }

    /// The source as written: a path or an http, https or file URL.
    public var source: String
    public var format: String
    public var subprocessor: String?
    public var headers: [String: String]
    public var customers: Customers?
    public var location: SourceLocation

    public init(source: String, format: String = "auto", subprocessor: String? = nil, headers: [String: String] = [:],
                customers: Customers? = nil, location: SourceLocation) {
        self.source = source
        self.format = format
        self.subprocessor = subprocessor
        self.headers = headers
        self.customers = customers
        self.location = location
    }

    public var isRemote: Bool {
        let lower = source.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }
}

public struct FetchSettings: Sendable {
    public var timeoutSeconds = 30
    public var retries = 3
    public var maxBytes = 52_428_800
    public var caFile: String?

    public init() {}
}
