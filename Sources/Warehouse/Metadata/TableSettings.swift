import Foundation

/// How a table is replicated.
public enum ReplicationMethod: String, Codable, Sendable, CaseIterable { case modifiedAt, addDate, fullTable, paused }

/// How often formula columns (which change without touching `SystemModstamp`) are re-read.
public enum RecheckFrequency: String, Codable, Sendable, CaseIterable { case always, daily, weekly, monthly, once }

/// One object's sync settings within a connection.
public struct TableSettings: Sendable, Codable, Equatable {
    public var connectionID: Int64
    /// The Salesforce object API name, e.g. `Account`.
    public var object: String
    /// The warehouse table, e.g. `sf_account`.
    public var table: String
    public var selected: Bool
    public var method: ReplicationMethod
    public var replicationKey: String?
    /// Why the object cannot be synced (not queryable, …); nil when it can.
    public var skipReason: String?
    public var recheckFrequency: RecheckFrequency
    public var lastFormulaRecheck: Date?
    public var lastIDReconciliation: Date?

    public init(
        connectionID: Int64, object: String, table: String, selected: Bool = true, method: ReplicationMethod,
        replicationKey: String? = nil, skipReason: String? = nil, recheckFrequency: RecheckFrequency = .daily,
        lastFormulaRecheck: Date? = nil, lastIDReconciliation: Date? = nil
    ) {
        self.connectionID = connectionID
        self.object = object
        self.table = table
        self.selected = selected
        self.method = method
        self.replicationKey = replicationKey
        self.skipReason = skipReason
        self.recheckFrequency = recheckFrequency
        self.lastFormulaRecheck = lastFormulaRecheck
        self.lastIDReconciliation = lastIDReconciliation
    }
}

/// One column's settings; unselected columns are not synced.
public struct ColumnSettings: Sendable, Codable, Equatable {
    public var connectionID: Int64
    public var table: String
    public var column: String
    public var selected: Bool
    public var recheckFrequency: RecheckFrequency

    public init(connectionID: Int64, table: String, column: String, selected: Bool = true, recheckFrequency: RecheckFrequency = .daily) {
        self.connectionID = connectionID
        self.table = table
        self.column = column
        self.selected = selected
        self.recheckFrequency = recheckFrequency
    }
}
