/// The Warehouse module's one error type. `description` names the problem without data;
/// `debugDescription` adds the detail (table names, ids, SQLite messages). Exceptions:
/// `database` (a PostgreSQL error) describes itself with the server's SQLSTATE and primary
/// message, as SQLite's errors do, so a failed cycle says why; never the query or its arguments.
/// `secretKey` and `privateFile` say what to fix (a key's form, a directory's path).
public struct WarehouseError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private enum Code: String, Sendable {
        case invalidIdentifier = "invalid identifier"
        case missingIDColumn = "table spec or batch has no id column"
        case nullID = "a row has no id"
        case columnMismatch = "batch column count differs from the column list"
        case unknownTable = "no such warehouse table"
        case secretKey = "secret key unavailable"
        case secretOpen = "secret could not be decrypted"
        case privateFile = "a data file could not be made private"
        case notWritable = "statement is not read-only"
        case requiredColumn = "the column is required and cannot be dropped"
        case notDerivedTable = "not a derived table"
        case reportRefused = "the report query was refused"
        case reportTimedOut = "the report query timed out"
        case reportFailed = "the report query failed"
        case invalidURL = "invalid warehouse URL"
        case unreachable = "warehouse server unreachable"
        case database = "database error"
    }

    private let code: Code
    public let detail: String

    private init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public static func invalidIdentifier(_ name: String) -> Self { .init(.invalidIdentifier, name) }
    public static func missingIDColumn(_ table: String) -> Self { .init(.missingIDColumn, table) }
    public static func nullID(table: String, row: Int) -> Self { .init(.nullID, "\(table) row \(row)") }
    public static func columnMismatch(batch: Int, columns: Int) -> Self {
        .init(.columnMismatch, "batch has \(batch) columns, list has \(columns)")
    }
    public static func unknownTable(_ table: String) -> Self { .init(.unknownTable, table) }
    public static func secretKey(_ detail: String) -> Self { .init(.secretKey, detail) }
    public static func secretOpen(_ detail: String) -> Self { .init(.secretOpen, detail) }
    /// The data directory or a file in it could not be created, or restricted to its owner.
    public static func privateFile(_ detail: String) -> Self { .init(.privateFile, detail) }
    public static func notWritable(_ detail: String) -> Self { .init(.notWritable, detail) }
    public static func requiredColumn(_ column: String) -> Self { .init(.requiredColumn, column) }
    public static func notDerivedTable(_ table: String) -> Self { .init(.notDerivedTable, table) }
    /// A report statement that writes, changes settings, attaches files, is more than one
    /// statement, or reads a table reports may not read; `detail` says which, for the user.
    public static func reportRefused(_ reason: String) -> Self { .init(.reportRefused, reason) }
    public static func reportTimedOut(after timeout: Duration) -> Self {
        .init(.reportTimedOut, "the query timed out after \(ReportTimeout.seconds(timeout)) and was stopped")
    }
    /// The database's own message (a syntax error, an unknown column), for the user.
    public static func reportFailed(_ message: String) -> Self { .init(.reportFailed, message) }

    /// Whether `detail` is written for the person who typed the report SQL, so the web app
    /// may show it (report errors hold no data beyond what that person typed).
    public var isReportProblem: Bool { [.reportRefused, .reportTimedOut, .reportFailed].contains(code) }
    public static func invalidURL(_ detail: String) -> Self { .init(.invalidURL, detail) }
    public static func unreachable(_ detail: String) -> Self { .init(.unreachable, detail) }
    public static func database(_ detail: String) -> Self { .init(.database, detail) }

    /// The detail too where it is the problem itself and holds no data: the database's message,
    /// and what is wrong with the secret key or the data directory (a setting to fix).
    public var description: String { [.database, .secretKey, .privateFile].contains(code) ? debugDescription : "WarehouseError: \(code.rawValue)" }
    public var debugDescription: String { "WarehouseError: \(code.rawValue): \(detail)" }

    /// Errors of the same kind are equal whatever their detail, so callers can match on kind.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
