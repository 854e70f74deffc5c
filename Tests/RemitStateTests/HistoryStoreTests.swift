import Foundation
import RemitCore
import RemitState
import Testing

@Suite final class HistoryStoreTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("remit-state-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func day(_ d: Int) -> Instant { Instant.parse("2026-11-\(d)T00:00:00Z")! }

    func finding(_ value: String, severity: Severity = .high, suppressedBy: String? = nil, firstSeenRun: Instant? = nil) -> Finding {
        let key = FindingKey(.purposeNotAuthorized, customer: "c", subprocessor: "s", dimension: .purpose, value: value)
        return Finding(key: key, fingerprint: key.fingerprint, severity: severity, flows: 3, records: 4, bytes: 5,
                       firstSeen: day(20), lastSeen: day(21), firstSeenRun: firstSeenRun, suppressedBy: suppressedBy,
                       instructionRefs: ["dpa", "co-1"], message: "m \(value)")
    }

    func run(_ asOf: Instant, high: Int = 1) -> RunRecord {
        RunRecord(asOf: asOf, started: asOf, finished: asOf, exitCode: 1, configSHA256: "abc",
                  inputs: [.init(role: "flows", source: "f.ndjson", sha256: "123")], high: high, medium: 0, low: 0,
                  info: 0, suppressed: 0, newCount: high, resolvedCount: 0)
    }

    let scope = DescribedScope(purposes: ["service"], dataCategories: ["user.contact"], regions: ["DE", "IE"])

    @Test func aRecordedRunComesBackAsThePreviousRun() throws {
        let store = try HistoryStore(directory: directory)
        #expect(try store.previousRun(before: day(28)) == nil)
        let recorded = finding("improve.ml_training", firstSeenRun: day(25))
        try store.record(run(day(26)), findings: [recorded], descriptions: ["sp": scope], keepRuns: 10)
        let previous = try #require(try store.previousRun(before: day(28)))
        #expect(previous.asOf == day(26))
        let back = try #require(previous.findings[recorded.fingerprint])
        #expect(back.key == recorded.key)
        #expect(back.flows == 3 && back.records == 4 && back.bytes == 5)
        #expect(back.instructionRefs == ["dpa", "co-1"])
        #expect(back.firstSeenRun == day(25))
        #expect(back.lastSeen == day(21))
        #expect(previous.descriptions["sp"] == scope)
        #expect(try store.previousRun(before: day(26)) == nil)
    }

    /// Findings are bound to the insert statement one value at a time (`HistorySchema.insert`):
    /// every field, empty texts, absent times and a suppression come back as they were written.
    @Test func everyFieldOfAFindingComesBackAsWritten() throws {
        let store = try HistoryStore(directory: directory)
        let empty = FindingKey(.unusedAuthorization, customer: "kunde-ü", subprocessor: "", dimension: .subprocessor, value: "")
        let written = [
            Finding(key: empty, fingerprint: empty.fingerprint, severity: .info, flows: 0, records: 0, bytes: 0,
                    firstSeen: nil, lastSeen: nil, status: .persisting, firstSeenRun: nil, suppressedBy: "exc-1",
                    instructionRefs: [], message: ""),
            Finding(key: FindingKey(.regionNotAuthorized, customer: "c", subprocessor: "sp 𝔁", dimension: .region, value: "US"),
                    fingerprint: "0123456789abcdef", severity: .medium, flows: Int64.max, records: -1, bytes: 1 << 40,
                    firstSeen: Instant(microseconds: -5), lastSeen: day(21), status: .new, firstSeenRun: day(26), suppressedBy: nil,
                    instructionRefs: ["dpa", "", "co-1\r", "ü"], message: "line one\nline \"two\" <b>&amp;</b> 🙂"),
        ]
        try store.record(run(day(26)), findings: written, descriptions: [:], keepRuns: 10)
        let previous = try #require(try store.previousRun(before: day(27)))
        #expect(previous.findings.count == 2)
        for finding in written {
            let back = try #require(previous.findings[finding.fingerprint])
            #expect(back.key == finding.key)
            #expect(back.severity == finding.severity)
            #expect(back.flows == finding.flows && back.records == finding.records && back.bytes == finding.bytes)
            #expect(back.firstSeen == finding.firstSeen && back.lastSeen == finding.lastSeen)
            #expect(back.status == finding.status && back.firstSeenRun == finding.firstSeenRun)
            #expect(back.suppressedBy == finding.suppressedBy)
            #expect(back.instructionRefs == finding.instructionRefs)
            #expect(back.message == finding.message)
        }
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func rerunningTheSameAsOfReplacesItsRecord() throws {
        let store = try HistoryStore(directory: directory)
        try store.record(run(day(26)), findings: [finding("a")], descriptions: [:], keepRuns: 10)
        try store.record(run(day(26), high: 2), findings: [finding("b")], descriptions: [:], keepRuns: 10)
        let runs = try store.runs()
        #expect(runs.count == 1)
        #expect(runs.first?.high == 2)
        #expect(try store.previousRun(before: day(27))?.findings.values.map(\.key.value) == ["b"])
    }

    /// A run recorded while its outputs are written is committed with the time it finished,
    /// or left out when they could not be written: a failed rerun of an `as_of` keeps the
    /// record of the run before it.
    @Test func aRunIsCommittedWithItsFinishTimeOrLeftOut() throws {
        let store = try HistoryStore(directory: directory)
        #expect(try store.record(run(day(26)), findings: [finding("a")], descriptions: ["sp": scope], keepRuns: 10) { day(27) })
        #expect(try store.runs().map(\.finished) == [day(27)])
        let failed = try store.record(run(day(26), high: 2), findings: [finding("b")], descriptions: [:], keepRuns: 10) { nil }
        #expect(!failed)
        let runs = try store.runs()
        #expect(runs.count == 1 && runs.first?.high == 1 && runs.first?.finished == day(27))
        let previous = try #require(try store.previousRun(before: day(28)))
        #expect(previous.findings.values.map(\.key.value) == ["a"])
        #expect(previous.descriptions == ["sp": scope])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func theLatestEarlierRunIsTheOneComparedWith() throws {
        let store = try HistoryStore(directory: directory)
        for d in [20, 22, 24] { try store.record(run(day(d)), findings: [finding("v\(d)")], descriptions: [:], keepRuns: 10) }
        #expect(try store.previousRun(before: day(23))?.asOf == day(22))
        #expect(try store.previousRun(before: day(25))?.asOf == day(24))
        #expect(try store.latestAsOf() == day(24))
        #expect(try store.runs().map(\.asOf) == [day(24), day(22), day(20)])
    }

    /// `keep_runs` runs are kept, and the one before them, which the oldest kept run compares
    /// with: a retry of any kept night finds what it found the first time.
    @Test func retentionKeepsTheLatestRunsAndTheOneTheOldestComparesWith() throws {
        let store = try HistoryStore(directory: directory)
        for d in 10...20 { try store.record(run(day(d)), findings: [finding("v")], descriptions: ["sp": scope], keepRuns: 3) }
        #expect(try store.runs().map(\.asOf) == [day(20), day(19), day(18), day(17)])
        #expect(try store.integrityCheck() == "ok")

        try FileManager.default.createDirectory(atPath: directory + "/one", withIntermediateDirectories: true)
        let single = try HistoryStore(directory: directory + "/one")
        try single.record(run(day(10)), findings: [finding("v")], descriptions: [:], keepRuns: 1)
        try single.record(run(day(11)), findings: [finding("v")], descriptions: [:], keepRuns: 1)
        try single.record(run(day(11)), findings: [finding("v")], descriptions: [:], keepRuns: 1) // last night's retry
        #expect(try single.previousRun(before: day(11))?.asOf == day(10))
        try single.record(run(day(12)), findings: [finding("v")], descriptions: [:], keepRuns: 1)
        #expect(try single.runs().map(\.asOf) == [day(12), day(11)])
    }

    /// A subprocessor described with no purpose, category or region is still in the
    /// previous run's descriptions (empty), so what it gains later is a change.
    @Test func anEmptyDescriptionIsRecordedAsDescribed() throws {
        let store = try HistoryStore(directory: directory)
        let empty = DescribedScope(purposes: [], dataCategories: [], regions: [])
        try store.record(run(day(26)), findings: [], descriptions: ["sp-empty": empty, "sp": scope], keepRuns: 10)
        let previous = try #require(try store.previousRun(before: day(27)))
        #expect(previous.descriptions == ["sp-empty": empty, "sp": scope])
        let changes = HistoryComparison.descriptionChanges(previous: previous.descriptions, current: ["sp-empty": scope, "sp": scope])
        #expect(changes.map(\.value) == ["+purpose:service", "+data_category:user.contact", "+region:DE", "+region:IE"])
    }

    /// A history written before the `described` table (schema v1) opens, gains the table,
    /// and keeps its runs: its own empty descriptions read as absent, the next run's as empty.
    /// The v1 database is made from a v2 one with the `sqlite3` tool, as an older remit left it.
    @Test func aVersionOneHistoryIsUpgraded() throws {
        let empty = DescribedScope(purposes: [], dataCategories: [], regions: [])
        do {
            let store = try HistoryStore(directory: directory)
            try store.record(run(day(20)), findings: [finding("a")], descriptions: ["sp": scope, "sp-empty": empty], keepRuns: 10)
        }
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", directory + "/" + HistoryStore.fileName,
                            "DROP TABLE described; DELETE FROM grdb_migrations WHERE identifier = 'v2';"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)

        let store = try HistoryStore(directory: directory)
        let old = try #require(try store.previousRun(before: day(21)))
        #expect(old.descriptions == ["sp": scope])
        #expect(old.findings.values.map(\.key.value) == ["a"])
        try store.record(run(day(21)), findings: [finding("b")], descriptions: ["sp": scope, "sp-empty": empty], keepRuns: 10)
        #expect(try store.previousRun(before: day(22))?.descriptions == ["sp": scope, "sp-empty": empty])
        #expect(try store.runs().map(\.asOf) == [day(21), day(20)])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func theDatabaseReopensWithItsHistory() throws {
        do {
            let store = try HistoryStore(directory: directory)
            try store.record(run(day(26)), findings: [finding("a")], descriptions: [:], keepRuns: 10)
        }
        let reopened = try HistoryStore(directory: directory)
        #expect(try reopened.runs().count == 1)
        #expect(try reopened.integrityCheck() == "ok")
    }
}
