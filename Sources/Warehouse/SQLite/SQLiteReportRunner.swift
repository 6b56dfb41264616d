import Foundation
import GRDBSQLite
import Synchronization

/// Runs one report statement on a read-only connection of its own, opened for the run and
/// closed after it.
///
/// Its own connection, not one of GRDB's, because the checks need SQLite's authorizer and
/// progress handler: GRDB installs its own authorizer once per connection and relies on it
/// (schema cache, observation), so replacing it on a shared connection would break GRDB.
struct SQLiteReportRunner {
    /// A file path, or a `file:` URI for a shared in-memory warehouse.
    let location: String

    /// Steps between checks of the clock: frequent enough to stop within milliseconds.
    static let progressInterval: Int32 = 1_000
    /// A single value above this fails instead of filling memory (`randomblob(1e9)`).
    static let maxValueLength: Int32 = 16 << 20

    /// The most bytes of values a result keeps (`ReportPolicy.defaultByteLimit`).
    var byteLimit = ReportPolicy.defaultByteLimit

    func run(_ sql: String, limit: Int, guard watch: ReportGuard) throws -> ReportResult {
        var handle: OpaquePointer?
        let isURI = location.hasPrefix("file:")
        // A shared in-memory database cannot be opened read-only; query_only covers it below.
        let flags = (isURI ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX
        let opened = sqlite3_open_v2(location, &handle, flags, nil)
        defer { sqlite3_close_v2(handle) }  // also after a failed open, as SQLite asks
        guard opened == SQLITE_OK, let db = handle else { throw WarehouseError.reportFailed(Self.message(handle)) }
        sqlite3_busy_timeout(db, 2_000)
        sqlite3_limit(db, SQLITE_LIMIT_LENGTH, Self.maxValueLength)
        guard sqlite3_exec(db, "PRAGMA query_only = ON", nil, nil, nil) == SQLITE_OK else {
            throw WarehouseError.reportFailed(Self.message(db))
        }
        let context = Unmanaged.passUnretained(watch).toOpaque()
        let tables = try Self.fileTables(db)
        watch.fileTables.withLock { $0 = tables }
        // SQLite sets up an eponymous virtual table (json_each) on its first use in a connection
        // by reading and updating the schema table: done here, before the authorizer that
        // refuses `sqlite_master` to the user's statement.
        for function in ReportPolicy.tableFunctions {
            _ = sqlite3_exec(db, "SELECT 1 FROM \(function)('[]') LIMIT 0", nil, nil, nil)
        }
        sqlite3_set_authorizer(db, { context, action, first, second, _, _ in
            guard let context else { return SQLITE_DENY }
            return Unmanaged<ReportGuard>.fromOpaque(context).takeUnretainedValue()
                .authorize(action, first.map { String(cString: $0) }, second.map { String(cString: $0) })
        }, context)
        sqlite3_progress_handler(db, Self.progressInterval, { context in
            guard let context else { return 1 }
            return Unmanaged<ReportGuard>.fromOpaque(context).takeUnretainedValue().shouldStop ? 1 : 0
        }, context)
        return try withExtendedLifetime(watch) {
            let statement = try prepare(sql, db: db, watch: watch)
            defer { sqlite3_finalize(statement) }
            return try fetch(statement, db: db, limit: limit, watch: watch)
        }
    }

    /// The names of the file's tables and views (main and temp), lower-cased, read before the
    /// authorizer is installed: what the default-deny rule of `ReportPolicy.isRefused` covers.
    private static func fileTables(_ db: OpaquePointer) throws -> Set<String> {
        var statement: OpaquePointer?
        let sql = "SELECT lower(name) FROM sqlite_master WHERE type IN ('table', 'view') UNION SELECT lower(name) FROM sqlite_temp_master WHERE type IN ('table', 'view')"
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw WarehouseError.reportFailed(message(db)) }
        defer { sqlite3_finalize(statement) }
        var names = Set<String>()
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return names }
            guard code == SQLITE_ROW else { throw WarehouseError.reportFailed(message(db)) }
            if let text = sqlite3_column_text(statement, 0) { names.insert(String(cString: text)) }
        }
    }

    /// Compiles the one statement in `sql`; refuses a second one and anything not read-only.
    private func prepare(_ sql: String, db: OpaquePointer, watch: ReportGuard) throws -> OpaquePointer {
        try sql.withCString { text in
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(db, text, -1, &statement, &tail)
            guard code == SQLITE_OK else { throw error(code, db: db, watch: watch) }
            guard let statement else { throw WarehouseError.reportRefused("The query is empty: write one SELECT statement.") }
            // Only spaces, comments and semicolons may follow: preparing the rest tells
            // (SQLite's own tokenizer, so a ';' inside a string or comment is no statement).
            if let tail, tail.pointee != 0 {
                var next: OpaquePointer?
                let more = sqlite3_prepare_v2(db, tail, -1, &next, nil) != SQLITE_OK || next != nil
                sqlite3_finalize(next)
                if more {
                    sqlite3_finalize(statement)
                    throw WarehouseError.reportRefused("A report is one statement: remove everything after the first ';'.")
                }
            }
            // The authorizer already refused writes; this is the second lock on the door.
            guard sqlite3_stmt_readonly(statement) != 0 else {
                sqlite3_finalize(statement)
                throw WarehouseError.reportRefused("Reports only read: statements that write or change the schema are refused.")
            }
            return statement
        }
    }

    private func fetch(_ statement: OpaquePointer, db: OpaquePointer, limit: Int, watch: ReportGuard) throws -> ReportResult {
        let count = sqlite3_column_count(statement)
        let columns = (0..<count).map { index in sqlite3_column_name(statement, index).map { String(cString: $0) } ?? "column \(index + 1)" }
        var rows: [[String?]] = []
        var bytes = 0
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return ReportResult(columns: columns, rows: rows, cut: nil) }
            guard code == SQLITE_ROW else { throw error(code, db: db, watch: watch) }
            // One row past the limit says there are more, without reading them.
            if rows.count == limit { return ReportResult(columns: columns, rows: rows, cut: .rows) }
            let row = (0..<count).map { Self.text(statement, $0) }
            // Counted as it is read: many columns of large values stop here, not in memory.
            bytes += row.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 1 }
            if bytes > byteLimit { return ReportResult(columns: columns, rows: rows, cut: .bytes) }
            rows.append(row)
        }
    }

    private func error(_ code: Int32, db: OpaquePointer, watch: ReportGuard) -> any Error {
        // A denial fails the compile with SQLITE_AUTH or a plain SQLITE_ERROR ("not authorized
        // to use function"), so the recorded refusal decides, not the code.
        if let refusal = watch.refusal { return WarehouseError.reportRefused(refusal) }
        switch code & 0xff {
        case SQLITE_AUTH: return WarehouseError.reportRefused(Self.message(db))
        case SQLITE_INTERRUPT: return watch.isCancelled ? CancellationError() : WarehouseError.reportTimedOut(after: watch.timeout)
        default: return WarehouseError.reportFailed(Self.message(db))
        }
    }

    /// Values as text, like `Warehouse.query`: blobs in base64, NULL as nil.
    private static func text(_ statement: OpaquePointer, _ index: Int32) -> String? {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_NULL:
            return nil
        case SQLITE_INTEGER:
            return String(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            return String(sqlite3_column_double(statement, index))
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(statement, index))
            guard let bytes = sqlite3_column_blob(statement, index) else { return "" }
            return Data(bytes: bytes, count: length).base64EncodedString()
        default:
            guard let bytes = sqlite3_column_text(statement, index) else { return "" }
            let length = Int(sqlite3_column_bytes(statement, index))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
        }
    }

    private static func message(_ db: OpaquePointer?) -> String {
        db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "SQLite could not open the warehouse"
    }
}
