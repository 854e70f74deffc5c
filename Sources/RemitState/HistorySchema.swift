import Foundation
import GRDB
import GRDBSQLite
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
    ///
    /// The values are bound with SQLite's own calls: GRDB's `execute(arguments:)` boxed each
    /// of the 18 values and checked them before binding, about half the time of recording a
    /// run of a hundred thousand findings. The statement runs inside the transaction of
    /// `HistoryStore.record`, so nothing GRDB tracks about transactions changes.
    static func insert(_ finding: Finding, runID: Int64, with statement: Statement, in db: Database) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        var column: Int32 = 0
        var failed = SQLITE_OK
        func check(_ code: Int32) {
            if failed == SQLITE_OK, code != SQLITE_OK { failed = code }
        }
        func bind(_ value: Int64?) {
            column += 1
            check(value.map { sqlite3_bind_int64(handle, column, $0) } ?? sqlite3_bind_null(handle, column))
        }
        func bind(_ text: String?) {
            column += 1
            guard var text else { check(sqlite3_bind_null(handle, column)); return }
            text.withUTF8 { utf8 in
                // SQLite copies the bytes (SQLITE_TRANSIENT). A null pointer would bind NULL,
                // so an empty text is bound from a literal.
                let encoding = UInt8(SQLITE_UTF8)
                if let base = utf8.baseAddress {
                    base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                        check(sqlite3_bind_text64(handle, column, $0, sqlite3_uint64(utf8.count), transient, encoding))
                    }
                } else {
                    check(sqlite3_bind_text64(handle, column, "", 0, transient, encoding))
                }
            }
        }
        bind(runID)
        bind(finding.fingerprint)
        bind(finding.key.kind.rawValue)
        bind(finding.severity.rawValue)
        bind(finding.key.customer)
        bind(finding.key.subprocessor)
        bind(finding.key.dimension.rawValue)
        bind(finding.key.value)
        bind(finding.flows)
        bind(finding.records)
        bind(finding.bytes)
        bind(finding.firstSeen?.microseconds)
        bind(finding.lastSeen?.microseconds)
        bind(finding.status.rawValue)
        bind(finding.firstSeenRun?.microseconds)
        bind(finding.suppressedBy)
        bind(finding.instructionRefs.joined(separator: "\n"))
        bind(finding.message)
        let code = failed == SQLITE_OK ? sqlite3_step(handle) : failed
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }

    /// SQLite copies a bound text before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

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
