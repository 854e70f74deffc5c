import RemitCore

/// Reads and validates the job file. Any problem here is a configuration error (exit 2).
public enum JobConfigLoader {
    static let knownKeys: Set<String> = [
        "version", "taxonomy", "register", "catalog", "flows", "mappings", "exceptions", "severity",
        "fail_on", "state", "output", "fetch", "signing", "history",
    ]

    public static func load(path: String) throws(InputError) -> JobConfig {
        let document: Document
        do {
            document = try Document.load(path: path, source: path)
        } catch {
            throw InputError(.configuration, error.location, field: error.field, error.reason)
        }
        return try decode(document.root, path: path)
    }

    static func decode(_ root: DocNode, path: String) throws(InputError) -> JobConfig {
        let fields = try Fields(root, source: path, what: "the job")
        var diagnostics = fields.unknownKeys(known: knownKeys, in: "the job")
        let version = try fields.int("version") ?? 1
        guard version == 1 else {
            throw InputError(.configuration, fields.locate(fields["version"]!), field: "version", "this remit reads job version 1, found \(version)")
        }
        guard let registerNode = fields["register"] else {
            throw InputError(.configuration, fields.location, field: "register", "required field is missing")
        }
        let register = try sourceSpec(registerNode, fields, key: "register", formats: ["auto", "remit"], diagnostics: &diagnostics)
        // An optional source given as null is absent, as for the source lists.
        let taxonomy = try fields["taxonomy"].flatMap { node throws(InputError) in
            node.isNull ? nil : try sourceSpec(node, fields, key: "taxonomy", formats: ["auto", "remit"], diagnostics: &diagnostics)
        }
        let catalog = try sourceList(fields, key: "catalog", formats: ["auto", "remit", "gvl", "cyclonedx", "fides"], diagnostics: &diagnostics)
        let flows = try sourceList(fields, key: "flows", formats: ["auto", "remit", "cyclonedx", "openlineage", "fides"], diagnostics: &diagnostics)
        let mappings = try sourceList(fields, key: "mappings", formats: ["auto", "remit", "fides"], diagnostics: &diagnostics)
        let exceptions = try fields["exceptions"].flatMap { node throws(InputError) in
            node.isNull ? nil : try sourceSpec(node, fields, key: "exceptions", formats: ["auto", "remit"], diagnostics: &diagnostics)
        }

        var severity: [FindingKind: Severity] = [:]
        if let overrides = try fields.object("severity") {
            for key in overrides.keys {
                let node = overrides[key]!
                // A kind this version does not know (a newer one's, or a typo) is an unknown
                // key: `remit check` lists it and the run goes on (SPEC "Job config").
                guard let kind = FindingKind(rawValue: key) else {
                    diagnostics.append(Diagnostic(.warning, overrides.locate(node), "unknown finding kind `\(key)` in `severity` (ignored)"))
                    continue
                }
                guard let text = node.stringValue, let level = Severity(rawValue: text) else {
                    throw InputError(.configuration, overrides.locate(node), field: "severity.\(key)", "expected info, low, medium or high")
                }
                severity[kind] = level
            }
        }
        var failOn = FailThreshold.atLeast(.high)
        if let text = try fields.string("fail_on") {
            guard let threshold = FailThreshold(text) else {
                throw InputError(.configuration, fields.locate(fields["fail_on"]!), field: "fail_on", "expected none, info, low, medium or high, found \"\(text)\"")
            }
            failOn = threshold
        }

        var fetch = FetchSettings()
        if let f = try fields.object("fetch") {
            diagnostics += f.unknownKeys(known: ["timeout_s", "retries", "max_bytes", "ca_file"], in: "`fetch`")
            fetch.timeoutSeconds = try f.int("timeout_s", range: 1...3600) ?? fetch.timeoutSeconds
            fetch.retries = try f.int("retries", range: 0...20) ?? fetch.retries
            fetch.maxBytes = try f.int("max_bytes", range: 1...Int.max) ?? fetch.maxBytes
            fetch.caFile = try f.nonEmptyString("ca_file")
        }
        let signing = try fields.object("signing")
        if let signing { diagnostics += signing.unknownKeys(known: ["key_file"], in: "`signing`") }
        let history = try fields.object("history")
        if let history { diagnostics += history.unknownKeys(known: ["keep_runs"], in: "`history`") }

        let directory: String = {
            guard let slash = path.lastIndex(of: "/") else { return "" }
            return path[..<slash].isEmpty ? "/" : String(path[..<slash])
        }()
        return JobConfig(
            file: path, directory: directory, version: version, taxonomy: taxonomy, register: register,
            catalog: catalog, flows: flows, mappings: mappings, exceptions: exceptions, severity: severity,
            failOn: failOn, state: try fields.nonEmptyString("state"), output: try fields.nonEmptyString("output"), fetch: fetch,
            signingKeyFile: try signing?.nonEmptyString("key_file"), keepRuns: try history?.int("keep_runs", range: 1...100_000) ?? 400,
            diagnostics: diagnostics
        )
    }

    /// A source: a plain string, or an object with `source` and options.
    /// SPEC "Reliability rules": only `http`/`https` (and `file`) sources; another scheme is a
    /// mistake in the job (exit 2), not an input that could not be read.
    static func checkScheme(_ source: String, _ location: SourceLocation, field: String) throws(InputError) {
        if FileURL.isFileURL(source) {
            if case .failure(let problem) = FileURL.path(source) { throw InputError(.configuration, location, field: field, problem.reason) }
            return
        }
        guard let colon = source.firstIndex(of: ":"), source[colon...].hasPrefix("://") else { return }
        let scheme = source[..<colon].lowercased()
        guard !["http", "https", "file"].contains(scheme) else { return }
        throw InputError(.configuration, location, field: field, "unsupported scheme \(scheme.prefix(32)) (only http, https and file)")
    }

    static func sourceSpec(
        _ node: DocNode, _ parent: Fields, key: String, formats: Set<String>, diagnostics: inout [Diagnostic]
    ) throws(InputError) -> SourceSpec {
        let location = parent.locate(node)
        if case .string(let source) = node.value {
            guard !source.isEmpty else { throw InputError(.configuration, location, field: key, "must not be empty") }
            try checkScheme(source, location, field: key)
            return SourceSpec(source: source, location: location)
        }
        let fields = try Fields(node, source: parent.source, what: "a `\(key)` source")
        let options: Set<String> = ["subprocessor", "customers"]
        diagnostics += fields.unknownKeys(known: options.union(["source", "format", "headers"]), in: "a `\(key)` source")
        // `subprocessor` tells whom a catalog, flow or fides mappings source describes, and
        // `customers` whom a flow source's records without one belong to; elsewhere they do nothing.
        let applies: Set<String> = switch key {
        case "flows": options
        case "catalog", "mappings": ["subprocessor"]
        default: []
        }
        for option in options.subtracting(applies).sorted() {
            guard let node = fields[option] else { continue }
            diagnostics.append(Diagnostic(.warning, fields.locate(node), "`\(option)` does nothing in a `\(key)` source (ignored)"))
        }
        let source = try fields.requiredString("source")
        try checkScheme(source, fields.locate(fields["source"]!), field: "source")
        let format = try fields.string("format") ?? "auto"
        guard formats.contains(format) else {
            throw InputError(.configuration, fields.locate(fields["format"]!), field: "format",
                             "unknown format \"\(format)\" for \(key) (expected \(formats.sorted().joined(separator: ", ")))")
        }
        var headers: [String: String] = [:]
        if let h = try fields.object("headers") {
            for name in h.keys {
                guard let value = try h.string(name) else { continue }
                headers[name] = value
            }
        }
        var customers: SourceSpec.Customers?
        if let node = fields["customers"] {
            switch node.value {
            case .string("all"): customers = .all
            case .array:
                // Each listed customer counts a record once: a repeat would count it twice,
                // and an empty list would make such records vanish without a finding.
                let ids = try fields.strings("customers") ?? []
                guard !ids.isEmpty else {
                    throw InputError(.configuration, fields.locate(node), field: "customers", "names no customer; write `all`, a list of customer ids, or leave it out")
                }
                var seen: Set<String> = []
                for id in ids where !seen.insert(id).inserted {
                    throw InputError(.configuration, fields.locate(node), field: "customers", "lists `\(id)` twice")
                }
                customers = .list(ids)
            case .null: customers = nil
            default:
                throw InputError(.configuration, fields.locate(node), field: "customers", "expected `all` or a list of customer ids")
            }
        }
        return SourceSpec(source: source, format: format, subprocessor: try fields.string("subprocessor"),
                          headers: headers, customers: customers, location: location)
    }

    /// A single source or a list of sources.
    static func sourceList(_ fields: Fields, key: String, formats: Set<String>, diagnostics: inout [Diagnostic]) throws(InputError) -> [SourceSpec] {
        guard let node = fields[key] else { return [] }
        switch node.value {
        case .null: return []
        case .array(let items):
            var specs: [SourceSpec] = []
            for item in items { specs.append(try sourceSpec(item, fields, key: key, formats: formats, diagnostics: &diagnostics)) }
            return specs
        default:
            return [try sourceSpec(node, fields, key: key, formats: formats, diagnostics: &diagnostics)]
        }
    }
}
