/// The few places where SQLite and PostgreSQL spell things differently. Every metric is standard
/// SQL (joins, GROUP BY, CASE, window functions) except what goes through here.
public struct SQLDialect: Sendable, Equatable {
    public enum Kind: String, Sendable { case sqlite, postgres }
    public let kind: Kind

    public static let sqlite = SQLDialect(kind: .sqlite)
    public static let postgres = SQLDialect(kind: .postgres)

    /// The `n`th (1-based) bound parameter.
    func placeholder(_ n: Int) -> String { kind == .sqlite ? "?" : "$\(n)" }

    /// A boolean column as a condition (SQLite stores booleans as 0/1).
    func isTrue(_ column: String) -> String { kind == .sqlite ? "\(column) = 1" : "\(column) IS TRUE" }
    func isFalse(_ column: String) -> String { kind == .sqlite ? "\(column) = 0" : "\(column) IS FALSE" }

    /// `YYYY-MM` of a date or datetime column.
    func month(_ column: String) -> String {
        kind == .sqlite ? "substr(\(column), 1, 7)" : "to_char(\(column), 'YYYY-MM')"
    }

    /// Whole calendar days (UTC) from the day of `start` to the day of `end`; both may be dates
    /// or datetimes.
    func daysBetween(_ start: String, _ end: String) -> String {
        switch kind {
        case .sqlite: "CAST(julianday(substr(\(end), 1, 10)) - julianday(substr(\(start), 1, 10)) AS INTEGER)"
        case .postgres: "(CAST(\(end) AS date) - CAST(\(start) AS date))"
        }
    }
}

/// SQL text with its bound arguments, numbered for the dialect as they are added.
struct Statement {
    let dialect: SQLDialect
    private(set) var sql = ""
    private(set) var arguments: [String?] = []

    init(_ dialect: SQLDialect) { self.dialect = dialect }

    mutating func append(_ text: String) { sql += text }

    /// Appends a placeholder bound to `value`.
    mutating func bind(_ value: String?) {
        arguments.append(value)
        sql += dialect.placeholder(arguments.count)
    }

    /// Adds `value` as the next argument and returns its placeholder, for an expression that is
    /// appended next (before any other bind).
    mutating func argument(_ value: String?) -> String {
        arguments.append(value)
        return dialect.placeholder(arguments.count)
    }
}
