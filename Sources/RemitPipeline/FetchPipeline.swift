public import RemitCore
import RemitFetch

/// `remit fetch`: refreshes the cache of every remote source and nothing else. Exit 0, or 3
/// when a source failed and has no cached copy (SPEC "Command line").
public enum FetchPipeline {
    public struct Outcome: Sendable {
        public var exitCode: Int32
        /// One line per remote source, then a count.
        public var lines: [String]
    }

    public static func run(configPath: String, state: String?, startedAt: Instant) throws(RemitError) -> Outcome {
        let file = try JobFile.load(configPath)
        let directory = file.stateDirectory(state)
        let lock = try StateLock(stateDirectory: directory, startedAt: startedAt)
        defer { withExtendedLifetime(lock) {} }
        let outcomes = try SourceStage.fetchRemote(file, state: directory, offline: false)
        guard !outcomes.isEmpty else {
            return Outcome(exitCode: 0, lines: ["nothing to fetch: the job names no http or https source"])
        }
        var lines: [String] = []
        var counts: [ResolvedSource.Status: Int] = [:]
        for (_, outcome) in outcomes {
            switch outcome {
            case .ready(let source):
                counts[source.status, default: 0] += 1
                let what = source.status == .fresh ? "fresh " : "cached"
                let how = source.status == .fresh ? "downloaded" : "not modified"
                lines.append("\(what) \(source.source) (\(how), \(source.bytes) bytes, sha256 \(source.sha256.prefix(16))…)")
            case .stale(let copy, let error):
                counts[.stale, default: 0] += 1
                lines.append("stale  \(copy.source): \(error.reason); keeping the copy fetched at \(copy.fetchedAt.map { "\($0)" } ?? "an unknown time")")
            case .failed(let error):
                counts[.failed, default: 0] += 1
                lines.append("failed \(error.source): \(error.reason)")
            }
        }
        lines.append("\(outcomes.count) sources: \(counts[.fresh] ?? 0) fresh, \(counts[.cached] ?? 0) not modified, \(counts[.stale] ?? 0) stale, \(counts[.failed] ?? 0) failed")
        return Outcome(exitCode: (counts[.failed] ?? 0) > 0 ? 3 : 0, lines: lines)
    }
}
