import Analytics
import Foundation
import Warehouse

/// A saved report: its query (SQL, or a query built in the report builder), how its result is
/// charted, whose it is and whether it is shared with everyone.
public struct SavedReport: Sendable, Equatable {
    public enum Chart: String, Sendable, CaseIterable {
        case none, bar, line, stackedBar, number

        /// What the SQL editor offers: its results have one label column and one value column.
        static let forSQL: [Chart] = [.none, .bar, .line]
        static let forBuilder: [Chart] = [.line, .bar, .stackedBar, .none, .number]

        var label: String {
            switch self {
            case .none: "Table only"
            case .bar: "Bar chart"
            case .line: "Line chart"
            case .stackedBar: "Stacked bar chart"
            case .number: "Single number"
            }
        }

        var kind: SVGChart.Kind? {
            switch self {
            case .none, .number: nil
            case .bar: .bar
            case .line: .line
            case .stackedBar: .stackedBar
            }
        }
    }

    /// What the report runs: SQL its author wrote, or a builder query (no SQL of the user's).
    public enum Definition: Sendable, Equatable {
        case sql(String)
        case query(QuerySpec)
        /// A builder query this version cannot read (saved by a later one, say), kept exactly as
        /// stored: it is shown as a problem, never run, and never overwritten by an edit.
        case unreadable(stored: String, problem: String)
    }

    public var id: Int64
    public var title: String
    public var definition: Definition
    public var chart: Chart
    /// Nil once the owner's user was removed.
    public var ownerID: Int64?
    public var ownerEmail: String?
    public var shared: Bool
    public var createdAt: Date
    public var updatedAt: Date
}

extension SavedReport {
    /// The SQL of a SQL report (nil for a builder report).
    var sql: String? {
        if case .sql(let text) = definition { return text }
        return nil
    }

    var query: QuerySpec? {
        if case .query(let spec) = definition { return spec }
        return nil
    }

    /// Why the report cannot be run or edited here (nil when it can).
    var unreadableProblem: String? {
        guard case .unreadable(_, let problem) = definition else { return nil }
        return "This report's query cannot be read by this version of Tributary (\(problem)). It is kept as it was saved; "
            + "a version that reads it shows and runs it again."
    }
}

/// What a user typed in the report editor or chose in the builder, checked.
public struct ReportDraft: Sendable, Equatable {
    public var title: String
    public var definition: SavedReport.Definition
    public var chart: SavedReport.Chart
    public var shared: Bool

    static let maxTitleLength = 200
    static let maxSQLLength = 100_000

    /// A SQL report.
    /// - Throws: `ReportDraftError` with a message for the editor.
    public init(title: String, sql: String, chart: SavedReport.Chart, shared: Bool) throws {
        guard !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ReportDraftError("Write the report's SQL: one SELECT statement.") }
        guard sql.count <= Self.maxSQLLength else { throw ReportDraftError("The SQL is longer than \(Self.maxSQLLength) characters.") }
        try self.init(title: title, definition: .sql(sql), chart: chart, shared: shared)
    }

    /// A builder report (its query is checked by running it before it is saved).
    public init(title: String, query: QuerySpec, chart: SavedReport.Chart, shared: Bool) throws {
        try self.init(title: title, definition: .query(query), chart: chart, shared: shared)
    }

    private init(title: String, definition: SavedReport.Definition, chart: SavedReport.Chart, shared: Bool) throws {
        guard let title = DisplayName.checked(title.trimmingCharacters(in: .whitespacesAndNewlines), maxLength: Self.maxTitleLength) else {
            throw ReportDraftError("Give the report a title of up to \(Self.maxTitleLength) characters, without line breaks or other control characters.")
        }
        self.title = title
        self.definition = definition
        self.chart = chart
        self.shared = shared
    }
}

public struct ReportDraftError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Who may do what with reports. Admins and Standard users write SQL, build reports and save
/// them; a report is seen by its owner, or by everyone once shared; Read-Only users see shared
/// reports only and never run SQL or queries of their own.
enum ReportAccess {
    static func canAuthor(_ user: User) -> Bool { user.role != .readOnly }

    static func canView(_ report: SavedReport, _ user: User) -> Bool {
        report.shared || report.ownerID == user.id
    }

    /// The owner edits; admins also edit what they can see, so a removed user's shared
    /// reports can still be looked after.
    static func canEdit(_ report: SavedReport, _ user: User) -> Bool {
        guard canAuthor(user), canView(report, user) else { return false }
        return report.ownerID == user.id || user.role == .admin
    }
}
