import Foundation
import RemitCore
import RemitIngest
import RemitFetch
import RemitReport

/// Streams every flow source through the reconciler, record by record, and records each
/// source's provenance (records read, rejected).
enum FlowStage {
    /// Threads for an NDJSON source: the machine's cores, or `REMIT_THREADS`.
    static var workers: Int {
        if let text = ProcessInfo.processInfo.environment["REMIT_THREADS"], let count = Int(text), count > 0 { return count }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    /// The hot path for remit's NDJSON (several threads) and XML (SAX2): interned ids,
    /// the same findings as reading record by record (issue #7). nil for other formats.
    static func fastPath(_ flow: JobInputs.FlowSource, job: JobInputs, expansion: [String]?) throws(InputError) -> (FlowTally, FlowReadStats)? {
        let path = flow.resolved.path, source = flow.spec.source
        switch flow.format {
        case .ndjson: return try ParallelNDJSON.read(path: path, source: source, context: job.context, expansion: expansion, workers: workers)
        case .xml: return try XMLFlowTally.read(path: path, source: source, context: job.context, expansion: expansion)
        default: return nil
        }
    }

    /// A fetched NDJSON export cut off in transfer is not read as one with a bad last record:
    /// it cannot be read, so its last good copy is used (`PreparedSources.reading`).
    static func checkWhole(_ flow: JobInputs.FlowSource) throws(InputError) {
        guard SourceURL.isRemote(flow.spec.source), flow.format == .remitNDJSON || flow.format == .openlineageNDJSON else { return }
        if let cut = NDJSONTail.cutOff(path: flow.resolved.path, source: flow.spec.source) { throw cut }
    }

    static func run(_ job: JobInputs, into reconciler: inout Reconciler, progress: Progress) throws(RemitError) -> [InputProvenance] {
        var inputs: [InputProvenance] = []
        let allCustomers = job.context.register.customers.map(\.id)
        for flow in job.flows {
            let expansion: [String]? = switch flow.customers {
            case .all?: allCustomers
            case .list(let ids)?: ids
            case nil: nil
            }
            let source = flow.spec.source
            let stats: FlowReadStats
            do {
                try checkWhole(flow)
                if let (tally, read) = try fastPath(flow, job: job, expansion: expansion) {
                    reconciler.absorb(tally)
                    progress.tick(read.records)
                    stats = read
                } else {
                    stats = try FlowReader.read(path: flow.resolved.path, source: source, format: flow.format, context: job.adapterContext(flow)) { outcome in
                        switch outcome {
                        case .record(let record): reconciler.add(record, customersForUnattributed: expansion)
                        case .rejected(let rejected): reconciler.reject(rejected, source: source)
                        }
                        progress.tick()
                    }
                }
            } catch {
                throw .input(error)
            }
            // The digest was computed while the other inputs loaded (`hashFlowsLater`).
            let resolved: ResolvedSource
            do { resolved = try LocalSource.finish(flow.resolved) } catch { throw .unreadable(source: error.source, reason: error.reason) }
            inputs.append(InputProvenance(
                role: "flows", source: source, format: flow.format.rawValue, sha256: resolved.sha256,
                bytes: resolved.bytes, records: stats.records, rejected: stats.rejected,
                status: .init(rawValue: resolved.status.rawValue) ?? .fresh,
                fetchedAt: resolved.fetchedAt, etag: resolved.etag, finalURL: resolved.finalURL))
        }
        return inputs
    }
}

/// A progress line on a terminal; silent otherwise (SPEC: quiet when not a terminal).
final class Progress {
    private let enabled: Bool
    private var count = 0
    private let write: (String) -> Void

    init(enabled: Bool, write: @escaping (String) -> Void) {
        self.enabled = enabled
        self.write = write
    }

    func tick(_ records: Int = 1) {
        let before = count
        count += records
        if enabled, count / 100_000 != before / 100_000 { write("\rremit: \(count) records read") }
    }

    /// Counts from zero again (the flows are read again from a last good copy).
    func restart() {
        count = 0
    }

    func done() {
        if enabled, count >= 100_000 { write("\r\u{1B}[K") }
    }
}
