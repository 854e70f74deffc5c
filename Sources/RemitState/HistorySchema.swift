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
        // v2: every subprocessor in the run's catalog, so that one described with no purpose,
        // category or region is still known to the next run (without it, a description added
        // later read as a subprocessor new to the catalog, and no `DESCRIPTION_CHANGED` was
        // reported). A table of its own: an earlier remit reading this database never sees it.
        // Runs recorded before it have no rows there; an empty description in them reads as absent.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE described (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    subprocessor TEXT NOT NULL,
                    PRIMARY KEY (run_id, subprocessor)
                );
                """)
        }
        return migrator
    }

    static func insert(_ run: RunRecord, into db: Database) throws {
        // Keys sorted, so the same run is stored as the same text.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let inputs = String(decoding: try encoder.encode(run.inputs), as: UTF8.self)
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

    /// The columns `finding(at:)` reads, in its order.
    static let findingColumns = """
        fingerprint, kind, severity, customer, subprocessor, dimension, value, flows, records, bytes,
        first_seen_us, last_seen_us, status, first_seen_run_us, suppressed_by, instruction_refs, message
        """

    /// Every finding of a run, read with SQLite's own calls by column number: decoding GRDB
    /// rows by column name took about half a second for a run of fifty thousand findings, most
    /// of a nightly run's comparison with the night before. The read runs inside
    /// `HistoryStore.previousRun`'s read transaction.
    static func findings(ofRun runID: Int64, in db: Database) throws -> [Finding] {
        let statement = try db.cachedStatement(sql: "SELECT \(findingColumns) FROM finding WHERE run_id = ?")
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        guard sqlite3_bind_int64(handle, 1, runID) == SQLITE_OK else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
        var findings: [Finding] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return findings }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
            }
            if let finding = finding(at: handle) { findings.append(finding) }
        }
    }

    /// `text` cut at each line feed byte (the inverse of joining with "\n", where a "\r"
    /// before the line feed stays with the line, as it was written).
    private static func lines(_ text: String) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The finding in the current row of a statement that selects `findingColumns`; nil when a
    /// kind, severity or dimension is not one remit knows.
    private static func finding(at handle: OpaquePointer?) -> Finding? {
        func text(_ column: Int32) -> String? {
            guard let bytes = sqlite3_column_text(handle, column) else { return nil }
            let count = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
        func integer(_ column: Int32) -> Int64? {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
        }
        guard let kind = text(1).flatMap(FindingKind.init(rawValue:)), let severity = text(2).flatMap(Severity.init(rawValue:)),
              let dimension = text(5).flatMap(FindingDimension.init(rawValue:)) else { return nil }
        let key = FindingKey(kind, customer: text(3) ?? "", subprocessor: text(4) ?? "", dimension: dimension, value: text(6) ?? "")
        let refs = text(15) ?? ""
        return Finding(
            key: key, fingerprint: text(0) ?? "", severity: severity, flows: integer(7) ?? 0, records: integer(8) ?? 0,
            bytes: integer(9) ?? 0, firstSeen: integer(10).map(Instant.init(microseconds:)),
            lastSeen: integer(11).map(Instant.init(microseconds:)),
            status: text(12).flatMap(FindingStatus.init(rawValue:)) ?? .new,
            firstSeenRun: integer(13).map(Instant.init(microseconds:)),
            suppressedBy: text(14), instructionRefs: refs.isEmpty ? [] : lines(refs),
            message: text(16) ?? "", samples: [])
    }
}
