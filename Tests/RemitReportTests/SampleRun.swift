import Foundation
import RemitCore
@testable import RemitReport

/// A small, complete run built by hand: two customers (one explicit, one with a general
/// written authorization), four catalog subprocessors, a handful of flows, one exception and
/// one rejected record. `hostile` puts markup, a `javascript:` URI and bidi controls into
/// every input-derived string the pages show.
enum SampleRun {
    static let asOf = Instant.parse("2026-11-28T00:00:00Z")!
    static let oddCustomer = "cust \"odd\", id\nline2"

    struct Strings {
        var acme = "cust-acme"
        var acmeName = "Acme Corp"
        var mailer = "sp-mailer"
        var mailerHost = "api.mailer.example"
        var ref = "DPA v3, Annex 1"
        var uri = "https://contracts.example/acme/dpa-v3.pdf"
        var oddPurpose = "improve.ml_training"
        var exceptionReason = "Pilot approved by change order CO-77"
        var system = "notify-svc"
        var unknownHost = "unknown.host.example"
    }

    static let payloads = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "</script>",
        "'\u{301} onmouseover=alert(1) x='",
        "\"\u{301} onfocus=alert(1) autofocus x=\"",
        "\u{202E}fdp.exe",
    ]

    static let hostileStrings: Strings = {
        let all = payloads.joined()
        return Strings(
            acme: "cust-\(all)",
            acmeName: "Acme \(all)",
            mailer: "sp-\(all)",
            mailerHost: "api.mailer.example",
            ref: "ref \(all)",
            uri: "javascript:alert(1)",
            oddPurpose: "improve.\(all)",
            exceptionReason: "reason \(all)",
            system: "sys-\(all)",
            unknownHost: "host-\"><img src=x onerror=alert(1)><script>alert(1)<\u{202E}.example"
        )
    }()

    /// `extraSources`: more flow sources, each read into a tally of its own (as two flow files are).
    /// `moreCustomers`: customers added to the register after the two.
    static func report(
        _ s: Strings = Strings(), failOn: FailThreshold = .atLeast(.high), extraSources: [[FlowRecord]] = [], moreCustomers: [Customer] = []
    ) -> RunReport {
        let context = ReconciliationContext(
            taxonomy: taxonomy, register: Register(customers: register(s).customers + moreCustomers), catalog: catalog(s),
            exceptions: [
                ExceptionRule(
                    id: "EXC-12", kind: .purposeNotAuthorized, customer: s.acme, subprocessor: "sp-analytics",
                    value: "improve.analytics", reason: s.exceptionReason, instructionRef: "CO-77",
                    approvedBy: "privacy-office", expires: TimeBound.parse("2027-01-31")
                ),
            ],
            asOf: asOf
        )
        var reconciler = Reconciler(context: context)
        for flow in flows(s) { reconciler.add(flow) }
        for source in extraSources {
            var tally = FlowTally(context: context, source: "extra.ndjson")
            for flow in source { tally.add(flow) }
            reconciler.absorb(tally)
        }
        reconciler.reject(
            RejectedRecord(id: "f-9", location: SourceLocation(source: "exports/egress.ndjson", line: 9, column: 14),
                           reason: "count: expected a non-negative integer"),
            source: "exports/egress.ndjson"
        )
        let reconciliation = reconciler.finish()
        return RunReport(
            toolVersion: "0.1.0", asOf: asOf, configSource: "remit.yml", configSHA256: String(repeating: "ab", count: 32),
            failOn: failOn,
            inputs: [
                InputProvenance(role: "register", source: "register.yml", format: "remit-yaml",
                                sha256: String(repeating: "01", count: 32), bytes: 900, records: 2, rejected: 0),
                InputProvenance(role: "catalog", source: "https://vendor.example/subprocessors.xml", format: "remit-xml",
                                sha256: String(repeating: "02", count: 32), bytes: 4000, records: 4, rejected: 0,
                                status: .cached, fetchedAt: Instant.parse("2026-11-27T23:00:00Z"), etag: "\"v42\"",
                                finalURL: "https://cdn.vendor.example/subprocessors.xml"),
                InputProvenance(role: "flows", source: "exports/egress.ndjson", format: "remit-ndjson",
                                sha256: String(repeating: "03", count: 32), bytes: 12_345, records: 9, rejected: 1),
                InputProvenance(role: "flows", source: "exports/pipeline.xml", format: "remit-xml",
                                sha256: String(repeating: "04", count: 32), bytes: 2_000, records: 1, rejected: 0),
            ],
            context: context,
            reconciliation: reconciliation,
            exitCode: Verdict.exitCode(reconciliation.findings, failOn: failOn),
            history: [
                PastRun(asOf: Instant.parse("2026-11-26T00:00:00Z")!, exitCode: 1, bySeverity: [.high: 4, .medium: 2], suppressed: 1),
                PastRun(asOf: Instant.parse("2026-11-27T00:00:00Z")!, exitCode: 1, bySeverity: [.high: 3, .low: 1], suppressed: 1),
            ]
        )
    }

    static let taxonomy: Taxonomy = {
        func entries(_ keys: [String], risky: Set<String> = []) -> [Taxonomy.Entry] {
            keys.map { Taxonomy.Entry(key: $0, highRisk: risky.contains($0)) }
        }
        return Taxonomy(
            entries: [
                .purposes: entries(["service", "service.delivery", "service.delivery.notifications", "improve",
                                    "improve.analytics", "improve.ml_training"], risky: ["improve.ml_training"]),
                .dataCategories: entries(["user", "user.contact", "user.contact.email", "user.name", "user.financial"],
                                         risky: ["user.financial"]),
                .operations: entries(["collect", "store", "use", "transfer"]),
            ],
            regionGroups: ["EEA": ["DE", "FR", "IE", "NL"]]
        )
    }()

    static func register(_ s: Strings) -> Register {
        let dpa = Instruction(id: "acme-dpa-2025", kind: .dpa, ref: s.ref, uri: s.uri, sha256: String(repeating: "cd", count: 32),
                              effective: TimeBound.parse("2025-03-01"), expires: TimeBound.parse("2027-03-01"))
        let acme = Customer(
            id: s.acme, name: s.acmeName, instructions: [dpa], purposes: ["service", "improve.analytics"],
            dataCategories: ["user.contact", "user.name"], regions: ["EEA"],
            subprocessors: [
                Authorization(id: s.mailer, instruction: "acme-dpa-2025", purposes: ["service.delivery.notifications"],
                              dataCategories: ["user.contact.email", "user.name"], operations: ["transfer", "store"],
                              from: TimeBound.parse("2025-03-01"), until: TimeBound.parse("2026-12-31")),
                Authorization(id: "sp-analytics", instruction: "acme-dpa-2025", purposes: ["service.delivery"],
                              dataCategories: ["user.contact"]),
                Authorization(id: "sp-backup", instruction: "acme-dpa-2025", purposes: ["service"], dataCategories: ["user"]),
            ]
        )
        let beta = Customer(
            id: "cust-beta", name: "Beta GmbH",
            instructions: [Instruction(id: "beta-msa", kind: .sow, ref: "MSA §7", effective: TimeBound.parse("2024-01-01"))],
            purposes: ["service"], dataCategories: ["user.contact"],
            generalAuthorization: GeneralAuthorization(instruction: "beta-msa", noticeDays: 30, objections: ["sp-adtech"])
        )
        return Register(customers: [acme, beta])
    }

    static func catalog(_ s: Strings) -> Catalog {
        let source = SourceLocation(source: "catalog.json", line: 3)
        return Catalog([
            SubprocessorDescription(id: s.mailer, name: "Mailer Inc.", service: "Transactional email",
                                    purposes: ["service.delivery.notifications"], dataCategories: ["user.contact.email"],
                                    regions: ["IE", "US"], endpoints: [s.mailerHost],
                                    listedSince: TimeBound.parse("2025-01-01"), location: source),
            SubprocessorDescription(id: "sp-analytics", name: "Analytics Co", purposes: ["improve.analytics"],
                                    endpoints: ["*.analytics.example"], listedSince: TimeBound.parse("2025-01-01"),
                                    location: SourceLocation(source: "catalog.json", line: 20)),
            SubprocessorDescription(id: "sp-adtech", name: "AdTech", endpoints: ["ads.example"],
                                    listedSince: TimeBound.parse("2025-01-01"), location: SourceLocation(source: "catalog.json", line: 30)),
            SubprocessorDescription(id: "sp-backup", name: "Backup Ltd", regions: ["DE"], listedSince: TimeBound.parse("2025-01-01"),
                                    location: SourceLocation(source: "catalog.json", line: 40)),
        ])
    }

    static func flows(_ s: Strings) -> [FlowRecord] {
        func at(_ line: Int) -> SourceLocation { SourceLocation(source: "exports/egress.ndjson", line: line) }
        let ts = Instant.parse("2026-11-27T01:02:03Z")
        return [
            FlowRecord(id: "f-1", ts: ts, customer: s.acme, subprocessor: s.mailer, system: s.system,
                       purpose: "service.delivery.notifications", dataCategories: ["user.contact.email"], region: "DE",
                       records: 12, bytes: 3456, location: at(1)),
            FlowRecord(id: "f-2", ts: ts, customer: s.acme, destination: "https://\(s.mailerHost)/v1/send", system: s.system,
                       purpose: s.oddPurpose, dataCategories: ["user.contact.email"], region: "DE", count: 3,
                       records: 340, bytes: 81_234, location: at(2)),
            FlowRecord(id: "f-3", ts: ts, customer: s.acme, destination: "eu.analytics.example", purpose: "improve.analytics",
                       dataCategories: ["user.contact.email"], region: "FR", location: at(3)),
            FlowRecord(id: "f-4", ts: ts, customer: s.acme, destination: "ads.example", purpose: "service", region: "DE",
                       location: at(4)),
            FlowRecord(id: "f-5", ts: ts, customer: "cust-beta", subprocessor: "sp-adtech", purpose: "service", location: at(5)),
            FlowRecord(id: "f-6", ts: ts, customer: "cust-beta", subprocessor: s.mailer,
                       purpose: "service.delivery.notifications", dataCategories: ["user.contact.email", "user.financial"],
                       region: "US", operation: "store", location: at(6)),
            FlowRecord(id: "f-7", ts: ts, destination: "api.mailer.example", purpose: "service", location: at(7)),
            FlowRecord(id: "f-8", ts: ts, customer: s.acme, destination: s.unknownHost, purpose: "service", location: at(8)),
            FlowRecord(id: "f-10", customer: oddCustomer, subprocessor: "sp-adtech", purpose: "service",
                       location: SourceLocation(source: "exports/pipeline.xml", line: 4)),
        ]
    }
}

/// A fresh temporary directory, removed when the test is done with it.
final class TemporaryDirectory {
    let url: URL
    /// The paths `OutputWriter.write` returned, when it wrote here.
    var written: [String] = []

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("remit-report-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func text(_ path: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }

    func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url.appendingPathComponent(path)))
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

extension SampleRun {
    /// The view models of the sample run's pages: the report's, then each packet's.
    static func pageViews() throws -> [Any] {
        let report = report()
        let packets = EvidencePacket.all(report)
        let names = EvidenceFileNames(customerIDs: packets.map(\.customer.id))
        let head = PageHead(title: "t", styleHash: "s", scriptHash: [])
        let builder = EvidencePageBuilder(report: report, formats: Set(OutputFormat.allCases), names: names)
        return [ReportPageBuilder(report: report, formats: Set(OutputFormat.allCases), evidenceNames: names, head: head).build()]
            + (try packets.map { try builder.build($0, head: head) })
    }
}

