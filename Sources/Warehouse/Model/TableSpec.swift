/// One warehouse column and the Salesforce field it comes from.
public struct ColumnSpec: Sendable, Equatable, Codable {
    /// The warehouse column: the field's API name in lower case.
    public var name: String
    /// The Salesforce API name, e.g. `SystemModstamp`.
    public var sourceName: String
    public var type: ColumnType
    /// The describe `type` the column was made from, kept so a later describe can be compared.
    public var salesforceType: String
    public var isFormula: Bool

    public init(name: String, sourceName: String, type: ColumnType, salesforceType: String, isFormula: Bool = false) {
        self.name = name
        self.sourceName = sourceName
        self.type = type
        self.salesforceType = salesforceType
        self.isFormula = isFormula
    }

    /// A column for a Salesforce field: lower-cased name, type from the describe type.
    public init(sourceName: String, salesforceType: String, isFormula: Bool = false) {
        self.init(
            name: sourceName.lowercased(), sourceName: sourceName,
            type: ColumnType(salesforceType: salesforceType), salesforceType: salesforceType, isFormula: isFormula)
    }
}

/// A `sf_` table as the sync engine wants it; `columns` must include `id`.
public struct TableSpec: Sendable, Equatable {
    public var name: String
    public var columns: [ColumnSpec]

    public init(name: String, columns: [ColumnSpec]) {
        self.name = name
        self.columns = columns
    }

    public func column(named name: String) -> ColumnSpec? { columns.first { $0.name == name } }
}

/// What `ensureTable` had to do.
public struct SchemaChange: Sendable, Equatable {
    public var created: Bool
    public var addedColumns: [String]
    public var retypedColumns: [String]

    public init(created: Bool = false, addedColumns: [String] = [], retypedColumns: [String] = []) {
        self.created = created
        self.addedColumns = addedColumns
        self.retypedColumns = retypedColumns
    }

    public var isEmpty: Bool { !created && addedColumns.isEmpty && retypedColumns.isEmpty }
}

/// Rows written by one upsert.
public struct LoadCounts: Sendable, Equatable {
    public var inserted: Int
    public var updated: Int
    public var deleted: Int

    public init(inserted: Int = 0, updated: Int = 0, deleted: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.deleted = deleted
    }
}
