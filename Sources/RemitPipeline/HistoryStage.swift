import Foundation
import RemitCore
import RemitReport
import RemitState

/// What a run needs from history, read before reconciliation finishes, and the recording
/// of the run afterwards (SPEC: history is keyed by `as_of`; a rerun of the same `as_of`
/// replaces its record and gives identical outputs).
struct HistoryStage {
    let store: HistoryStore
    let asOf: Instant
    let previous: PreviousRun?
    let isReplay: Bool
    private let earlierRuns: [RunRecord]
    /// Recorded runs of a later `as_of` (a replay's).
    private let laterRuns: Int

    init(stateDirectory: String, asOf: Instant) throws(RemitError) {
        do {
            store = try HistoryStore(directory: stateDirectory)
            previous = try store.previousRun(before: asOf)
            isReplay = try store.latestAsOf().map { asOf < $0 } ?? false
            let runs = try store.runs()
            earlierRuns = runs.filter { $0.asOf < asOf }
            laterRuns = runs.count { $0.asOf > asOf }
        } catch {
            throw .unreadable(source: stateDirectory + "/" + HistoryStore.fileName, reason: "cannot open the run history: \(error)")
        }
        self.asOf = asOf
    }

    /// `DESCRIPTION_CHANGED` against the previous run's descriptions (never on a first run).
    func reportDescriptionChanges(_ catalog: Catalog, into reconciler: inout Reconciler) {
        guard let previous else { return }
        for key in HistoryComparison.descriptionChanges(previous: previous.descriptions, current: DescribedScope.all(catalog)) {
            let location = catalog[key.subprocessor]?.location(ofChange: key.value)
            reconciler.report(key, sample: location.map { Sample(flow: nil, location: $0) })
        }
    }

    /// New / persisting statuses and the resolved list.
    func compare(_ reconciliation: inout Reconciliation) -> [Finding] {
        HistoryComparison.apply(to: &reconciliation.findings, previous: previous, asOf: asOf)
    }

    /// The runs before this one that stay recorded once it is (`keepRuns` and the one before
    /// them), at most 29, oldest first, for the report's trend (which adds this run). Runs the
    /// recording prunes are left out, so a rerun of the night draws the same trend.
    func pastRuns(keepRuns: Int) -> [PastRun] {
        let kept = max(0, keepRuns + 1 - laterRuns - 1)
        return earlierRuns.prefix(min(29, kept)).reversed().map {
            PastRun(asOf: $0.asOf, exitCode: $0.exitCode,
                    bySeverity: [.high: $0.high, .medium: $0.medium, .low: $0.low, .info: $0.info], suppressed: $0.suppressed)
        }
    }

    /// Starts recording the run on a thread of its own, while the outputs are written: the
    /// inserts (a second for a hundred thousand findings) take no time of their own after
    /// that. The run is committed by `Recording.commit(finished:)` once the outputs are in
    /// place, or left out by `Recording.abandon()` when they could not be written.
    func startRecording(_ report: RunReport, started: Instant, keepRuns: Int) -> Recording {
        let counts = RunRecord.counts(report.findings)
        let run = RunRecord(
            asOf: asOf, started: started, finished: started, exitCode: report.exitCode, configSHA256: report.configSHA256,
            inputs: report.inputs.map { RunRecord.InputHash(role: $0.role, source: $0.source, sha256: $0.sha256) },
            high: counts.high, medium: counts.medium, low: counts.low, info: counts.info, suppressed: counts.suppressed,
            newCount: report.findings.newCount, resolvedCount: report.resolved.count)
        return Recording(store: store, run: run, findings: report.findings, descriptions: DescribedScope.all(report.context.catalog),
                         keepRuns: keepRuns)
    }

    /// A run being recorded (`startRecording`).
    final class Recording: Sendable {
        /// The time the run finished, or nil when it is not to be recorded.
        private let decision = Once<Instant?>()
        private let recorded: Background<Void>

        fileprivate init(store: HistoryStore, run: RunRecord, findings: [Finding], descriptions: [String: DescribedScope], keepRuns: Int) {
            recorded = Background { [decision] () throws(RemitError) in
                do {
                    _ = try store.record(run, findings: findings, descriptions: descriptions, keepRuns: keepRuns) { decision.wait() }
                } catch {
                    throw .internal("cannot record the run in history: \(error)")
                }
                // The record is committed or left out. A checkpoint that cannot run now
                // (another process reading the history) runs when the database is next opened,
                // as when the store was let go without closing it.
                try? store.close()
            }
        }

        /// Commits the record with the time the run finished, and closes the history, normally
        /// with its checkpoint: the last use of it.
        func commit(finished: Instant) throws(RemitError) {
            decision.set(finished)
            try recorded.value()
        }

        /// Leaves the run out of the history, and closes it.
        func abandon() {
            decision.set(nil)
            _ = try? recorded.value()
        }
    }
}
