import Foundation
import GRDB
import RemitCore

/// The versioned schema of the history database and the row mapping of its records.
enum HistorySchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY,
                    as_of TEXT NOT NULL,
                    as_of_us INTEGER NOT NULL UNIQUE,
                    started TEXT NOT NULL,
                    finished TEXT NOT NULL,
                    exit_code INTEGER NOT NULL,
                    config_sha256 TEXT NOT NULL,
                    inputs TEXT NOT NULL,
                    high INTEGER NOT NULL, medium INTEGER NOT NULL, low INTEGER NOT NULL, info INTEGER NOT NULL,
                    suppressed INTEGER NOT NULL, new_count INTEGER NOT NULL, resolved_count INTEGER NOT NULL
                );
                CREATE TABLE finding (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    fingerprint TEXT NOT NULL,
                    kind TEXT NOT NULL, severity TEXT NOT NULL,
                    customer TEXT NOT NULL, subprocessor TEXT NOT NULL, dimension TEXT NOT NULL, value TEXT NOT NULL,
                    flows INTEGER NOT NULL, records INTEGER NOT NULL, bytes INTEGER NOT NULL,
                    first_seen_us INTEGER, last_seen_us INTEGER,
                    status TEXT NOT NULL, first_seen_run_us INTEGER, suppressed_by TEXT,
                    instruction_refs TEXT NOT NULL, message TEXT NOT NULL,
                    PRIMARY KEY (run_id, fingerprint)
                );
                CREATE TABLE description (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    subprocessor TEXT NOT NULL, dimension TEXT NOT NULL, value TEXT NOT NULL,
                    PRIMARY KEY (run_id, subprocessor, dimension, value)
                );
                """)
        }
        return migrator
    }

    static func insert(_ run: RunRecord, into db: Database) throws {
        let inputs = String(decoding: try JSONEncoder().encode(run.inputs), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO run (as_of, as_of_us, started, finished, exit_code, config_sha256, inputs,
                             high, medium, low, info, suppressed, new_count, resolved_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                run.asOf.description, run.asOf.microseconds, run.started.description, run.finished.description,
                run.exitCode, run.configSHA256, inputs, run.high, run.medium, run.low, run.info, run.suppressed,
                run.newCount, run.resolvedCount,
            ])
    }

    static func run(from row: Row) -> RunRecord {
        let inputsText: String = row["inputs"]
        let inputs = (try? JSONDecoder().decode([RunRecord.InputHash].self, from: Data(inputsText.utf8))) ?? []
        return RunRecord(
            asOf: Instant(microseconds: row["as_of_us"]),
            started: Instant.parse(row["started"]) ?? Instant(microseconds: 0),
            finished: Instant.parse(row["finished"]) ?? Instant(microseconds: 0),
            exitCode: row["exit_code"], configSHA256: row["config_sha256"], inputs: inputs,
            high: row["high"], medium: row["medium"], low: row["low"], info: row["info"], suppressed: row["suppressed"],
            newCount: row["new_count"], resolvedCount: row["resolved_count"])
    }

    /// One prepared statement for every finding of a run (SQLite compiled the statement for
    /// each of them before, which took seconds for a large run), fetched once per run.
    static func findingInsert(_ db: Database) throws -> Statement {
        try db.cachedStatement(sql: """
            INSERT INTO finding (run_id, fingerprint, kind, severity, customer, subprocessor, dimension, value,
                                 flows, records, bytes, first_seen_us, last_seen_us, status, first_seen_run_us,
                                 suppressed_by, instruction_refs, message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Inserts one finding with `findingInsert`'s statement. Instruction refs are stored one
    /// per line (ids never contain a line feed in practice; one that does is still kept, only
    /// split differently).
    static func insert(_ finding: Finding, runID: Int64, with statement: Statement) throws {
        try statement.execute(arguments: [
                runID, finding.fingerprint, finding.key.kind.rawValue, finding.severity.rawValue, finding.key.customer,
                finding.key.subprocessor, finding.key.dimension.rawValue, finding.key.value, finding.flows,
                finding.records, finding.bytes, finding.firstSeen?.microseconds, finding.lastSeen?.microseconds,
                finding.status.rawValue, finding.firstSeenRun?.microseconds, finding.suppressedBy,
                finding.instructionRefs.joined(separator: "\n"), finding.message,
            ])
    }

    static func finding(from row: Row) -> Finding? {
        guard let kind = FindingKind(rawValue: row["kind"]), let severity = Severity(rawValue: row["severity"]),
              let dimension = FindingDimension(rawValue: row["dimension"]) else { return nil }
        let key = FindingKey(kind, customer: row["customer"], subprocessor: row["subprocessor"], dimension: dimension, value: row["value"])
        let refs: String = row["instruction_refs"]
        return Finding(
            key: key, fingerprint: row["fingerprint"], severity: severity, flows: row["flows"], records: row["records"],
            bytes: row["bytes"], firstSeen: (row["first_seen_us"] as Int64?).map(Instant.init(microseconds:)),
            lastSeen: (row["last_seen_us"] as Int64?).map(Instant.init(microseconds:)),
            status: FindingStatus(rawValue: row["status"]) ?? .new,
            firstSeenRun: (row["first_seen_run_us"] as Int64?).map(Instant.init(microseconds:)),
            suppressedBy: row["suppressed_by"], instructionRefs: refs.isEmpty ? [] : refs.components(separatedBy: "\n"),
            message: row["message"], samples: [])
    }
}
