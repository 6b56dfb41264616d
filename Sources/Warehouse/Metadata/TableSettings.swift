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
    /// When the column (a formula) was last re-read; nil before its first recheck.
    public var lastRecheck: Date?

    public init(connectionID: Int64, table: String, column: String, selected: Bool = true, recheckFrequency: RecheckFrequency = .daily,
                lastRecheck: Date? = nil) {
        self.lastRecheck = lastRecheck
        self.connectionID = connectionID
        self.table = table
        self.column = column
        self.selected = selected
        self.recheckFrequency = recheckFrequency
    }
}

/// A column the object has in Salesforce (its last describe), synced or not: what the Data
/// Warehouse Manager lists, since the warehouse table holds only the synced ones.
public struct SourceColumn: Sendable, Codable, Equatable {
    public var column: String
    public var sourceName: String
    public var salesforceType: String
    public var warehouseType: ColumnType
    public var isFormula: Bool
    /// What describe says of the field beyond its type (label, lookup target, picklist order);
    /// nil for columns recorded before it was kept.
    public var detail: FieldDetail?

    public init(column: String, sourceName: String, salesforceType: String, warehouseType: ColumnType, isFormula: Bool, detail: FieldDetail? = nil) {
        self.column = column
        self.sourceName = sourceName
        self.salesforceType = salesforceType
        self.warehouseType = warehouseType
        self.isFormula = isFormula
        self.detail = detail
    }

    public init(_ spec: ColumnSpec, detail: FieldDetail? = nil) {
        self.init(column: spec.name, sourceName: spec.sourceName, salesforceType: spec.salesforceType, warehouseType: spec.type,
                  isFormula: spec.isFormula, detail: detail)
    }
}

/// Describe's facts about a field that analyses need: its label, where a lookup leads (its
/// relationship name and one target object), and a picklist's values in describe's order (the
/// order an admin set: stages from prospecting to closed). Kept as JSON beside the column.
public struct FieldDetail: Sendable, Equatable, JSONColumnValue {
    public var label: String?
    public var relationshipName: String?
    public var referenceTo: [String]
    public var picklist: [String]

    public init(label: String? = nil, relationshipName: String? = nil, referenceTo: [String] = [], picklist: [String] = []) {
        self.label = label
        self.relationshipName = relationshipName
        self.referenceTo = referenceTo
        self.picklist = picklist
    }
}
