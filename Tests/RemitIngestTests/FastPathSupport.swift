import RemitCore
@testable import RemitIngest

/// Runs one flow file through the reference path (JSONParser / XMLRecords →
/// FlowRecordDecoder → `Reconciler.add`) and through the fast paths (ParallelNDJSON,
/// XMLFlowTally), and renders what each found, every field of every finding included.
struct FastPathRun {
    static let source = "flows"

    /// A small world: two customers (one explicit, one general authorization), three
    /// subprocessors with exact and wildcard endpoints, a system with one purpose.
    static let context: ReconciliationContext = {
        let taxonomy = (try? TaxonomyLoader.builtIn())!
        let catalog = Catalog([
            SubprocessorDescription(id: "sp-mailer", purposes: ["service.delivery.notifications"], dataCategories: ["user.contact.email"],
                                    regions: ["IE"], endpoints: ["api.mailer.example", "*.mailer-cdn.example"],
                                    listedSince: TimeBound.parse("2024-01-01"), location: SourceLocation(source: "catalog.json", line: 2)),
            SubprocessorDescription(id: "sp-café", purposes: ["improve.analytics"], dataCategories: ["user.behavior"], regions: ["US"],
                                    endpoints: ["events.café.example"], location: SourceLocation(source: "catalog.json", line: 9)),
            SubprocessorDescription(id: "sp-😀", purposes: ["service.support"], dataCategories: ["user.content"],
                                    endpoints: ["support.example"], location: SourceLocation(source: "catalog.json", line: 15)),
        ])
        let register = Register(customers: [
            Customer(id: "cust-acme", instructions: [Instruction(id: "dpa", kind: .dpa)], purposes: ["service"],
                     dataCategories: ["user.contact", "user.content"], regions: ["EEA"],
                     subprocessors: [
                        Authorization(id: "sp-mailer", instruction: "dpa", purposes: ["service.delivery"], dataCategories: ["user.contact.email"],
                                      operations: ["transfer"], from: TimeBound.parse("2026-11-21"), until: TimeBound.parse("2026-11-26")),
                        Authorization(id: "sp-😀", instruction: "dpa", purposes: ["service.support"], dataCategories: ["user.content"]),
                     ]),
            Customer(id: "cust-café", instructions: [Instruction(id: "dpa", kind: .dpa)], purposes: ["service", "improve"],
                     dataCategories: ["user"], regions: ["EEA", "US"],
                     generalAuthorization: GeneralAuthorization(instruction: "dpa", noticeDays: 30, objections: ["sp-😀"])),
        ])
        let mappings = Mappings(systems: ["notify-svc": .init(purposes: ["service.delivery.notifications"]),
                                          "web-app": .init(purposes: ["service.delivery", "improve.analytics"])],
                                destinations: [.init(pattern: "*.amazonaws.com", subprocessor: "sp-mailer")])
        return ReconciliationContext(taxonomy: taxonomy, register: register, catalog: catalog, mappings: mappings,
                                     asOf: Instant.parse("2026-11-28T00:00:00Z")!)
    }()

    struct Result: Equatable {
        var findings: [String]
        var records: Int
        var rejected: Int
    }

    /// The reference: every record decoded on its own and handed to `Reconciler.add`.
    static func reference(_ path: String, _ format: FlowFileFormat, expansion: [String]? = nil, maxLineBytes: Int? = nil) throws -> Result {
        var reconciler = Reconciler(context: context)
        let body: (FlowRecordDecoder.Outcome) -> Void = { outcome in
            switch outcome {
            case .record(let flow): reconciler.add(flow, customersForUnattributed: expansion)
            case .rejected(let rejected): reconciler.reject(rejected, source: source)
            }
        }
        var stats = FlowReadStats()
        if let maxLineBytes {
            try NDJSONReader(maxLineBytes: maxLineBytes).read(path: path, source: source) { outcome in
                stats.records += 1
                if case .rejected = outcome { stats.rejected += 1 }
                body(outcome)
            }
        } else {
            stats = try FlowReader.read(path: path, source: source, format: format, body: body)
        }
        return Result(findings: reconciler.finish().transcript, records: stats.records, rejected: stats.rejected)
    }

    static func ndjson(_ path: String, workers: Int, chunkBytes: Int, expansion: [String]? = nil, maxLineBytes: Int = 16 << 20) throws -> Result {
        let (tally, stats) = try ParallelNDJSON.read(path: path, source: source, context: context, expansion: expansion,
                                                     workers: workers, chunkBytes: chunkBytes, maxLineBytes: maxLineBytes)
        var reconciler = Reconciler(context: context)
        reconciler.absorb(tally)
        return Result(findings: reconciler.finish().transcript, records: stats.records, rejected: stats.rejected)
    }

    static func xml(_ path: String, expansion: [String]? = nil) throws -> Result {
        let (tally, stats) = try XMLFlowTally.read(path: path, source: source, context: context, expansion: expansion)
        var reconciler = Reconciler(context: context)
        reconciler.absorb(tally)
        return Result(findings: reconciler.finish().transcript, records: stats.records, rejected: stats.rejected)
    }
}
