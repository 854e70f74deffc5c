public import RemitCore
import RemitIngest
import RemitReport
import RemitFetch

/// `remit check`: validates every input and lists every problem with its location.
public enum CheckPipeline {
    public struct Outcome: Sendable {
        public var exitCode: Int32
        public var lines: [String]
    }

    /// At most this many rejected records are listed per flow source.
    static let rejectedListed = 20

    /// Remote sources are fetched as for `remit run` (under the state lock), so that what
    /// is checked is what a run would read.
    public static func run(configPath: String, asOf: RemitCore.Instant, startedAt: RemitCore.Instant) -> Outcome {
        var lines: [String] = []
        let job: JobInputs
        do {
            let file = try JobFile.load(configPath)
            let state = file.stateDirectory(nil)
            let remote = file.config.sourceSpecs.contains { SourceURL.isRemote($0.source) }
            let lock = remote ? try StateLock(stateDirectory: state, startedAt: startedAt) : nil
            defer { withExtendedLifetime(lock) {} }
            var sources = try SourceStage.prepare(file, state: state, offline: false)
            job = try sources.reading { sources throws(RemitError) in try JobInputs.load(file, sources: sources, asOf: asOf) }
            for stale in sources.unavailable {
                lines.append("warning: SOURCE_UNAVAILABLE \(stale.spec.source): \(stale.error.reason); checking the copy fetched at \(stale.copy.fetchedAt.map { "\($0)" } ?? "an unknown time")")
            }
        } catch {
            return Outcome(exitCode: 2, lines: ["\(error)"])
        }
        for input in job.inputs {
            lines.append("ok: \(input.role) \(input.source) (\(input.format), \(input.records) entries)")
        }
        var problems = 0
        for flow in job.flows {
            var rejected: [RejectedRecord] = []
            do {
                let stats = try FlowReader.read(path: flow.resolved.path, source: flow.spec.source, format: flow.format, context: job.adapterContext) { outcome in
                    if case .rejected(let record) = outcome, rejected.count < rejectedListed { rejected.append(record) }
                }
                let skipped = stats.skipped > 0 ? ", \(stats.skipped) not flows" : ""
                lines.append("\(stats.rejected == 0 ? "ok" : "problems"): flows \(flow.spec.source) (\(flow.format.rawValue), \(stats.records) records, \(stats.rejected) rejected\(skipped))")
                for record in rejected { lines.append("  \(record.location): rejected\(record.id.map { " \($0)" } ?? ""): \(record.reason)") }
                if stats.rejected > rejected.count { lines.append("  … and \(stats.rejected - rejected.count) more") }
                problems += stats.rejected
            } catch {
                lines.append("error: \(error)")
                problems += 1
            }
        }
        for diagnostic in job.diagnostics { lines.append("\(diagnostic)") }
        let errors = job.diagnostics.filter { $0.level == .error }.count + problems
        lines.append(errors == 0 ? "check passed (\(job.diagnostics.count) warnings)" : "check found \(errors) problems")
        return Outcome(exitCode: errors == 0 ? 0 : 2, lines: lines)
    }
}
