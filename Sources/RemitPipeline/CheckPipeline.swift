import Foundation
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

    /// Remote sources are fetched as for `remit run` (under the state lock, held until every
    /// input is read), so that what is checked is what a run would read: a fetched copy that
    /// cannot be read gives way to its last good copy, with a warning.
    public static func run(configPath: String, state: String? = nil, asOf: RemitCore.Instant, startedAt: RemitCore.Instant) -> Outcome {
        var lines: [String] = []
        /// Warnings printed before the job's diagnostics: an unreadable key, stale copies.
        var early = 0
        let job: JobInputs
        let flows: FlowLines
        do {
            let file = try JobFile.load(configPath)
            // The signing key as the run reads it; one this user may not read (kept for the
            // job's own user, as the README advises) is only a warning here.
            if let key = file.config.signingKeyFile, FileManager.default.fileExists(atPath: file.config.resolve(key)),
               !FileManager.default.isReadableFile(atPath: file.config.resolve(key)) {
                lines.append("warning: \(file.config.file): signing.key_file \(key) cannot be read by this user, so it is not checked; remit run needs it")
                early += 1
            } else {
                _ = try OutputStage.signer(file.config)
            }
            let state = file.stateDirectory(state)
            let remote = file.config.sourceSpecs.contains { SourceURL.isRemote($0.source) }
            let lock = remote ? try StateLock(stateDirectory: state, startedAt: startedAt) : nil
            defer { withExtendedLifetime(lock) {} }
            var sources = try SourceStage.prepare(file, state: state, offline: false, keepGoing: true)
            (job, flows) = try sources.reading { sources throws(RemitError) in
                let job = try JobInputs.load(file, sources: sources, asOf: asOf, keepGoing: true)
                return (job, try readFlows(job, sources: sources))
            }
            for stale in sources.unavailable {
                lines.append("warning: SOURCE_UNAVAILABLE \(stale.spec.source): \(stale.error.reason); checking the copy fetched at \(stale.copy.fetchedAt.map { "\($0)" } ?? "an unknown time")")
                early += 1
            }
        } catch {
            // As `remit run`: 3 for an input that cannot be read or parsed, 2 for the job.
            return Outcome(exitCode: error.exitCode, lines: ["\(error)"])
        }
        // Every input that could not be loaded, each as `remit run` would report it alone.
        lines += job.problems.map { "\($0)" }
        for input in job.inputs {
            lines.append("ok: \(input.role) \(input.source) (\(input.format), \(counted(input.records, "entry", "entries")))")
        }
        lines += flows.lines
        for diagnostic in job.diagnostics { lines.append("\(diagnostic)") }
        let errors = job.problems.count + job.diagnostics.filter { $0.level == .error }.count + flows.problems
        let warnings = early + job.diagnostics.count + flows.warnings
        lines.append(errors == 0 ? "check passed (\(counted(warnings, "warning")))" : "check found \(counted(errors, "problem"))")
        // Each entry is printed as one line (`CLI.printLines`): a CR or LF inside one came from
        // an input (a key, an id) and would print a line remit did not write.
        let unreadable = flows.unreadable > 0 || job.problems.contains { $0.exitCode == 3 }
        let exitCode: Int32 = errors == 0 ? 0 : unreadable ? 3 : 2
        return Outcome(exitCode: exitCode, lines: lines)
    }

    struct FlowLines {
        var lines: [String] = []
        var problems = 0
        var warnings = 0
        /// Flow files that could not be read through (exit 3, as `remit run`); a flow source's
        /// configuration error alone exits 2.
        var unreadable = 0
    }

    /// Every flow source read through, its rejected records listed. A flow file that cannot
    /// be read is a problem listed with the rest, unless it is a fetched copy with a last good
    /// copy to read instead (thrown, for `PreparedSources.reading`).
    static func readFlows(_ job: JobInputs, sources: PreparedSources) throws(RemitError) -> FlowLines {
        var flows = FlowLines()
        for flow in job.flows {
            var rejected: [RejectedRecord] = []
            var unknown = UnknownKeyTally()
            do {
                try FlowStage.checkWhole(flow)
                let stats = try FlowReader.read(path: flow.resolved.path, source: flow.spec.source, format: flow.format, context: job.adapterContext(flow)) { outcome in
                    switch outcome {
                    case .rejected(let record): if rejected.count < rejectedListed { rejected.append(record) }
                    case .record(let record): if !record.unknownKeys.isEmpty { unknown.add(record.unknownKeys, in: "record", at: record.location) }
                    }
                }
                let skipped = stats.skipped > 0 ? ", \(counted(stats.skipped, "not a flow", "not flows"))" : ""
                flows.lines.append("\(stats.rejected == 0 ? "ok" : "problems"): flows \(flow.spec.source) (\(flow.format.rawValue), \(counted(stats.records, "record")), \(stats.rejected) rejected\(skipped))")
                for record in rejected { flows.lines.append("  \(record.location): rejected\(record.id.map { " \($0)" } ?? ""): \(record.reason)") }
                if stats.rejected > rejected.count { flows.lines.append("  … and \(stats.rejected - rejected.count) more") }
                unknown.add(stats.unknownKeys)
                flows.lines += unknown.lines
                flows.warnings += unknown.count
                flows.problems += stats.rejected
            } catch {
                if sources.lastGood(after: .input(error)) != nil { throw .input(error) }
                flows.lines.append("error: \(error)")
                flows.problems += 1
                // A wrong `format:` or a fides manifest's wrong type is the job's or a
                // config-type mistake: exit 2, as `remit run` exits.
                if error.kind == .unreadable { flows.unreadable += 1 }
            }
        }
        return flows
    }
}
