import RemitCore
import RemitFetch
import RemitIngest

/// The job file, loaded, with credentials kept out of everything but the fetch itself:
/// every `source` of `config` is shown without URL user info and with credential query
/// parameters `REDACTED` (`SourceURL.shown`, in outputs, findings and messages), and `urls`
/// keeps the URLs as written for the ones that had either.
struct JobFile {
    var config: JobConfig
    /// Source as shown → URL as written, for URLs with user info or a credential in the query.
    var urls: [String: String]

    static func load(_ path: String) throws(RemitError) -> JobFile {
        let written: JobConfig
        do { written = try JobConfigLoader.load(path: path) } catch { throw .input(error) }
        var urls: [String: String] = [:]
        // A source is fetched once, however many entries name it: they must ask for it alike.
        var first: [String: SourceSpec] = [:]
        var conflict: InputError?
        func shown(_ spec: SourceSpec) -> SourceSpec {
            guard SourceURL.isRemote(spec.source) else { return spec }
            var copy = spec
            copy.source = SourceURL.shown(spec.source)
            if copy.source != spec.source { urls[copy.source] = spec.source }
            if let earlier = first[copy.source] {
                if conflict == nil, earlier.headers != spec.headers || earlier.source != spec.source {
                    conflict = InputError(.configuration, spec.location, field: "source",
                                          "names the source of line \(earlier.location.line) with other headers or credentials; "
                                          + "it is fetched once, so every entry naming it must give the same ones")
                }
            } else {
                first[copy.source] = spec
            }
            return copy
        }
        var config = written
        config.taxonomy = written.taxonomy.map(shown)
        config.register = shown(written.register)
        config.catalog = written.catalog.map(shown)
        config.flows = written.flows.map(shown)
        config.mappings = written.mappings.map(shown)
        config.exceptions = written.exceptions.map(shown)
        if let conflict { throw .input(conflict) }
        return JobFile(config: config, urls: urls)
    }

    /// The job as the outputs name it: the file's name, beside its SHA-256. Not the path as
    /// typed (`remit.yml`, `./remit.yml`, `/srv/job/remit.yml`), which would make the
    /// outputs of one job differ with the folder cron starts in.
    static func shownName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The state folder: `--state`, else the job's `state`, else `.remit` beside the job.
    func stateDirectory(_ override: String?) -> String {
        override ?? config.state.map(config.resolve) ?? config.resolve(".remit")
    }
}

extension JobConfig {
    /// Every source the job names, in job order.
    var sourceSpecs: [SourceSpec] {
        [taxonomy].compactMap { $0 } + [register] + catalog + flows + mappings + [exceptions].compactMap { $0 }
    }
}
