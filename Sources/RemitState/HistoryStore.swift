import Foundation
import GRDB
public import RemitCore

/// Run history in SQLite (`<state>/history.sqlite`): runs, their findings and the described
/// scope of every subprocessor. WAL mode; each run is recorded in one transaction, so a
/// killed run leaves the database as it was.
public final class HistoryStore: Sendable {
    public static let fileName = "history.sqlite"
    private let queue: DatabaseQueue

    public init(directory: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another process reading the history (`remit history`, a checkpoint as it closes)
        // holds its lock for moments: wait for it rather than fail the run.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        queue = try DatabaseQueue(path: directory + "/" + Self.fileName, configuration: configuration)
        try HistorySchema.migrator.migrate(queue)
    }

    /// The latest recorded run whose `as_of` is earlier than `asOf`.
    public func previousRun(before asOf: Instant) throws -> PreviousRun? {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, as_of_us FROM run WHERE as_of_us < ? ORDER BY as_of_us DESC LIMIT 1",
                                             arguments: [asOf.microseconds]) else { return nil }
            let runID: Int64 = row["id"]
            var findings: [String: Finding] = [:]
            for finding in try HistorySchema.findings(ofRun: runID, in: db) { findings[finding.fingerprint] = finding }
            var descriptions: [String: DescribedScope] = [:]
            for entry in try Row.fetchAll(db, sql: "SELECT subprocessor, dimension, value FROM description WHERE run_id = ?", arguments: [runID]) {
                let id: String = entry["subprocessor"], dimension: String = entry["dimension"], value: String = entry["value"]
                var scope = descriptions[id] ?? DescribedScope(purposes: [], dataCategories: [], regions: [])
                switch dimension {
                case "purpose": scope.purposes.insert(value)
                case "data_category": scope.dataCategories.insert(value)
                case "region": scope.regions.insert(value)
                default: break // a dimension this version does not write
                }
                descriptions[id] = scope
            }
            for id in try String.fetchAll(db, sql: "SELECT subprocessor FROM described WHERE run_id = ?", arguments: [runID])
            where descriptions[id] == nil {
                descriptions[id] = DescribedScope(purposes: [], dataCategories: [], regions: [])
            }
            return PreviousRun(asOf: Instant(microseconds: row["as_of_us"]), findings: findings, descriptions: descriptions)
        }
    }

    /// Closes the database. As the last connection, SQLite first copies the write-ahead log
    /// into the database file and flushes it (a checkpoint: a few megabytes after a large run),
    /// unless another process holds the database open. The store cannot be used after this.
    public func close() throws {
        try queue.close()
    }

    /// Records a run, replacing any earlier record of the same `as_of`, then keeps only the
    /// latest `keepRuns` runs and the one before them, which the oldest of them compares with:
    /// a rerun of any kept `as_of` then gives the same outputs (with `keep_runs: 1`, pruning
    /// last night's baseline made every retry of last night a first run).
    public func record(_ run: RunRecord, findings: [Finding], descriptions: [String: DescribedScope], keepRuns: Int) throws {
        _ = try record(run, findings: findings, descriptions: descriptions, keepRuns: keepRuns) { run.finished }
    }

    /// Records a run as `record(_:findings:descriptions:keepRuns:)` does, in one transaction
    /// that is committed only once `finished` gives the time the run finished; when it gives
    /// nil instead, nothing is recorded. So the inserts can go on while the outputs are
    /// written, and the run is recorded only if they were. Returns whether it was recorded.
    public func record(
        _ run: RunRecord, findings: [Finding], descriptions: [String: DescribedScope], keepRuns: Int, finished: () -> Instant?
    ) throws -> Bool {
        do {
            try queue.write { db in
                let runID = try insert(run, findings: findings, descriptions: descriptions, into: db)
                guard let finished = finished() else { throw NotRecorded() }
                try db.execute(sql: "UPDATE run SET finished = ? WHERE id = ?", arguments: [finished.description, runID])
                try db.execute(sql: """
                    DELETE FROM run WHERE id NOT IN (SELECT id FROM run ORDER BY as_of_us DESC LIMIT ?)
                    """, arguments: [keepRuns + 1])
            }
            return true
        } catch is NotRecorded {
            return false
        }
    }

    /// Thrown inside the transaction to roll it back.
    private struct NotRecorded: Error {}

    /// Inserts the run's row (replacing one of the same `as_of`), then its findings and
    /// descriptions; returns the run's id.
    private func insert(_ run: RunRecord, findings: [Finding], descriptions: [String: DescribedScope], into db: Database) throws -> Int64 {
        try db.execute(sql: "DELETE FROM run WHERE as_of_us = ?", arguments: [run.asOf.microseconds])
        try HistorySchema.insert(run, into: db)
        let runID = db.lastInsertedRowID
        let insert = try HistorySchema.findingInsert(db)
        try findings.withUnsafeBufferPointer { findings in
            for index in findings.indices { try HistorySchema.insert(findings[index], runID: runID, with: insert, in: db) }
        }
        for (id, scope) in descriptions {
            try db.cachedStatement(sql: "INSERT INTO described (run_id, subprocessor) VALUES (?, ?)").execute(arguments: [runID, id])
            for (dimension, values) in [("purpose", scope.purposes), ("data_category", scope.dataCategories), ("region", scope.regions)] {
                for value in values {
                    try db.cachedStatement(sql: "INSERT INTO description (run_id, subprocessor, dimension, value) VALUES (?, ?, ?, ?)")
                        .execute(arguments: [runID, id, dimension, value])
                }
            }
        }
        return runID
    }

    /// Recorded runs, newest first.
    public func runs(limit: Int? = nil) throws -> [RunRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY as_of_us DESC LIMIT ?", arguments: [limit ?? -1])
                .map(HistorySchema.run(from:))
        }
    }

    /// The latest recorded `as_of`, if any.
    public func latestAsOf() throws -> Instant? {
        try queue.read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(as_of_us) FROM run").map(Instant.init(microseconds:))
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound database.
    public func integrityCheck() throws -> String {
        try queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}
