import CPlatform
import Foundation
public import Logging
public import RemitCore
public import RemitIngest
import RemitFetch
public import RemitReport

/// `remit run`: load job → fetch sources → load inputs → stream flows → reconcile →
/// render → commit outputs (STYLE: a pipeline of typed stages).
public enum RunPipeline {
    public struct Outcome: Sendable {
        public var exitCode: Int32
        public var report: RunReport
        public var outputDirectory: String
        public var diagnostics: [Diagnostic]
        /// The history the run read (last night's findings among it), which nothing reads any
        /// more: kept with the outcome, so that a caller holding the outcome to the process's
        /// end (`remit run`) does not spend 50 ms freeing a hundred thousand findings.
        let history: HistoryStage
    }

    /// `startedAt` and `finishedAt` read the wall clock for the history record only; every
    /// output uses `options.asOf`.
    public static func run(
        _ options: RunOptions, startedAt: Instant, finishedAt: () -> Instant, progressOnTerminal: Bool, logger: Logger
    ) throws(RemitError) -> Outcome {
        var clock = StageClock(logger: logger)
        let file = try JobFile.load(options.configPath)
        let outputSettings = try OutputStage.prepare(options, config: file.config)
        guard let output = options.output ?? file.config.output.map(file.config.resolve) else {
            throw .usage("no output folder: set `output` in the job or pass --output")
        }
        // Where the outputs go is checked now; what the output folder holds, while the inputs
        // load, and before any flow is read.
        try OutputCommit.checkPlace(output, job: options.configPath, state: file.stateDirectory(options.state))
        let outputContents = Background { () throws(RemitError) in try OutputCommit.checkContents(output) }
        let lock = try StateLock(stateDirectory: file.stateDirectory(options.state), startedAt: startedAt)
        defer { withExtendedLifetime(lock) {} }

        var sources = try SourceStage.prepare(file, state: file.stateDirectory(options.state), offline: options.offline, hashFlowsLater: true)
        clock.lap("fetch sources")
        // The history (the night before's findings: 0.2 s for fifty thousand of them) is read
        // on a thread of its own while the inputs load and the flows are read, and never left
        // open after the run.
        let stateDirectory = file.stateDirectory(options.state), asOf = options.asOf
        let historyRead = Background { () throws(RemitError) in try HistoryStage(stateDirectory: stateDirectory, asOf: asOf) }
        defer { _ = try? historyRead.value() }
        let progress = Progress(enabled: progressOnTerminal) { FileHandle.standardError.write(Data($0.utf8)) }
        var (job, reconciler, flowInputs) = try sources.reading { sources throws(RemitError) in
            progress.restart()
            let job = try JobInputs.load(file, sources: sources, asOf: options.asOf)
            try outputContents.value()
            // What loading freed, on every thread, is given back before the flows are read.
            remit_release_free_memory()
            clock.lap("load inputs")
            var reconciler = Reconciler(context: job.context)
            for unavailable in sources.unavailable {
                reconciler.report(unavailable.finding, sample: unavailable.sample)
            }
            let flowInputs = try FlowStage.run(job, into: &reconciler, progress: progress)
            return (job, reconciler, flowInputs)
        }
        progress.done()
        clock.lap("read and reconcile flows")
        for problem in sources.settle() { logger.warning("the source cache could not be updated: \(problem)") }

        // Description changes have findings of their own kind: reported after the flows,
        // they are the same findings as before them.
        let history = try historyRead.value()
        history.reportDescriptionChanges(job.context.catalog, into: &reconciler)
        var reconciliation = reconciler.finish()
        let resolved = history.compare(&reconciliation)
        clock.lap("standing checks, aggregation and history")
        let failOn = options.failOn ?? job.config.failOn
        let report = RunReport(
            toolVersion: Tool.version, asOf: options.asOf, configSource: JobFile.shownName(options.configPath),
            configSHA256: job.configSHA256, failOn: failOn, inputs: job.inputs + flowInputs, context: job.context,
            reconciliation: reconciliation, resolved: resolved,
            exitCode: Verdict.exitCode(reconciliation.findings, failOn: failOn), previousAsOf: history.previous?.asOf,
            isReplay: history.isReplay, history: history.pastRuns(keepRuns: job.config.keepRuns))

        let recording = history.startRecording(report, started: startedAt, keepRuns: job.config.keepRuns)
        // The run is recorded once its outputs are complete and before they replace the old
        // ones: a run that cannot be recorded leaves last night's outputs (exit 4).
        let oldOutputs: FolderRemoval.Pending?
        do {
            oldOutputs = try OutputStage.write(report, settings: outputSettings, to: output) { () throws(RemitError) in
                try recording.commit(finished: finishedAt())
            }
        } catch {
            recording.abandon()
            throw error
        }
        clock.lap("render and commit outputs")
        oldOutputs?.wait()
        clock.lap("remove the old outputs")
        return Outcome(exitCode: report.exitCode, report: report, outputDirectory: output, diagnostics: job.diagnostics, history: history)
    }
}

extension PreparedSources.Unavailable {
    /// `SOURCE_UNAVAILABLE` (SPEC "Reconciliation"): customer "", the source's subprocessor
    /// or "", dimension `source`, value the source as written.
    var finding: FindingKey {
        FindingKey(.sourceUnavailable, customer: "", subprocessor: spec.subprocessor ?? "", dimension: .source, value: spec.source)
    }

    /// Where the job names the source (the job by its file name, as the outputs name it),
    /// and why it failed.
    var sample: Sample {
        let copy = copy.fetchedAt.map { "the copy fetched at \($0)" } ?? "the cached copy"
        var location = spec.location
        location.source = JobFile.shownName(location.source)
        return Sample(flow: nil, location: location, reason: "\(error.reason); \(copy) was used (stale)")
    }
}

/// Stage timings for `--verbose`.
struct StageClock {
    let logger: Logger
    private var last = DispatchTime.now()
    private var lastCPU = StageClock.cpuMilliseconds()

    init(logger: Logger) {
        self.logger = logger
    }

    /// Logs the stage's wall time, the CPU time of every thread in it (more than the wall
    /// time when the stage runs on several cores), and memory.
    mutating func lap(_ stage: String) {
        let now = DispatchTime.now(), cpu = Self.cpuMilliseconds()
        let ms = Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1_000_000
        logger.debug("\(stage): \(String(format: "%.1f", ms)) ms, CPU \(String(format: "%.0f", cpu - lastCPU)) ms (RSS \(Self.residentMiB("VmRSS")) MiB, peak \(Self.residentMiB("VmHWM")) MiB)")
        last = now
        lastCPU = cpu
    }

    /// User and system CPU time of the process so far.
    static func cpuMilliseconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
        return ms(usage.ru_utime) + ms(usage.ru_stime)
    }

    /// A `/proc/self/status` memory line in MiB (Linux; "?" elsewhere).
    static func residentMiB(_ field: String) -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kB = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") else { return "?" }
        return String(kB / 1024)
    }
}
