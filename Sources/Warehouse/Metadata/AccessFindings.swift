import Foundation

/// What the connection's Salesforce user could see when a cycle (or the connect) last checked:
/// an integration user without *View All Data* sees only the records its sharing grants, and
/// field-level security takes fields out of its describe. Shown on the Connections page and by
/// `tributary status`, so a person learns it there, not from a log.
public struct AccessFindings: Sendable, Equatable, JSONColumnValue {
    /// The user's *View All Data* (`UserPermissionAccess.PermissionsViewAllData`); nil when it
    /// could not be read.
    public var viewAllData: Bool?
    /// Table → columns the warehouse keeps that the object's describe no longer lists (hidden by
    /// field-level security, or deleted): they keep their values and stop changing.
    public var hiddenColumns: [String: [String]]
    public var checkedAt: Date

    public init(viewAllData: Bool?, hiddenColumns: [String: [String]] = [:], checkedAt: Date) {
        self.viewAllData = viewAllData
        self.hiddenColumns = hiddenColumns
        self.checkedAt = checkedAt
    }

    /// What a person should know, one sentence each (empty when nothing is wrong).
    public func warnings(reconcilesAnyway: Bool) -> [String] {
        var lines: [String] = []
        switch viewAllData {
        case false?:
            lines.append("The connected user lacks View All Data: only the records its sharing grants are copied. "
                + (reconcilesAnyway
                    ? "Id reconciliation still deletes rows it cannot see (turned on for this connection)."
                    : "Id reconciliation keeps rows it cannot see instead of deleting them."))
        case nil:
            lines.append("Whether the connected user has View All Data could not be read (UserPermissionAccess).")
        case true?:
            break
        }
        for (table, columns) in hiddenColumns.sorted(by: { $0.key < $1.key }) where !columns.isEmpty {
            lines.append("\(table): \(columns.joined(separator: ", ")) no longer in Salesforce's describe for this user "
                + "(field-level security, or deleted); the column keeps its values and stops changing.")
        }
        return lines
    }
}
