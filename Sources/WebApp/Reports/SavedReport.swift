import Foundation
import Warehouse

/// A saved SQL report: its query, how its result is charted, whose it is and whether it is
/// shared with everyone.
public struct SavedReport: Sendable, Equatable {
    public enum Chart: String, Sendable, CaseIterable {
        case none, bar, line

        var label: String {
            switch self {
            case .none: "No chart"
            case .bar: "Bar chart"
            case .line: "Line chart"
            }
        }

        var kind: SVGChart.Kind? {
            switch self {
            case .none: nil
            case .bar: .bar
            case .line: .line
            }
        }
    }

    public var id: Int64
    public var title: String
    public var sql: String
    public var chart: Chart
    /// Nil once the owner's user was removed.
    public var ownerID: Int64?
    public var ownerEmail: String?
    public var shared: Bool
    public var createdAt: Date
    public var updatedAt: Date
}

/// What a user typed in the report editor, checked.
public struct ReportDraft: Sendable, Equatable {
    public var title: String
    public var sql: String
    public var chart: SavedReport.Chart
    public var shared: Bool

    static let maxTitleLength = 200
    static let maxSQLLength = 100_000

    /// - Throws: `ReportDraftError` with a message for the editor.
    public init(title: String, sql: String, chart: SavedReport.Chart, shared: Bool) throws {
        guard let title = DisplayName.checked(title.trimmingCharacters(in: .whitespacesAndNewlines), maxLength: Self.maxTitleLength) else {
            throw ReportDraftError("Give the report a title of up to \(Self.maxTitleLength) characters, without line breaks or other control characters.")
        }
        guard !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ReportDraftError("Write the report's SQL: one SELECT statement.") }
        guard sql.count <= Self.maxSQLLength else { throw ReportDraftError("The SQL is longer than \(Self.maxSQLLength) characters.") }
        self.title = title
        self.sql = sql
        self.chart = chart
        self.shared = shared
    }
}

public struct ReportDraftError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Who may do what with reports. Admins and Standard users write SQL and save reports; a
/// report is seen by its owner, or by everyone once shared; Read-Only users see shared reports
/// only and never run SQL of their own.
enum ReportAccess {
    static func canWriteSQL(_ user: User) -> Bool { user.role != .readOnly }

    static func canView(_ report: SavedReport, _ user: User) -> Bool {
        report.shared || report.ownerID == user.id
    }

    /// The owner edits; admins also edit what they can see, so a removed user's shared
    /// reports can still be looked after.
    static func canEdit(_ report: SavedReport, _ user: User) -> Bool {
        guard canWriteSQL(user), canView(report, user) else { return false }
        return report.ownerID == user.id || user.role == .admin
    }
}
