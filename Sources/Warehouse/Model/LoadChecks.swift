import Rows

/// The checks every warehouse makes before a load or a replacement, with its own identifier
/// rule (`validate`), so SQLite and PostgreSQL refuse the same input the same way.
enum LoadChecks {
    /// The index of the `id` column, after checking the names and that the batch fits the columns.
    static func idIndex(_ batch: RowBatch, columns: [ColumnSpec], table: String, validate: (String) throws -> Void) throws -> Int {
        try validate(table)
        for column in columns { try validate(column.name) }
        guard batch.columnCount == columns.count else {
            throw WarehouseError.columnMismatch(batch: batch.columnCount, columns: columns.count)
        }
        guard let idIndex = columns.firstIndex(where: { $0.name == "id" }) else { throw WarehouseError.missingIDColumn(table) }
        return idIndex
    }

    /// The primary key of a derived table's replacement (`columns[0]`), after checking the name
    /// is not a synced table's, that the batch fits the columns, and that no row lacks a key.
    static func derivedKey(_ name: String, columns: [ColumnSpec], rows: RowBatch, validate: (String) throws -> Void) throws -> ColumnSpec {
        try validate(name)
        for column in columns { try validate(column.name) }
        guard !name.lowercased().hasPrefix("sf_") else { throw WarehouseError.notDerivedTable(name) }
        guard let key = columns.first else { throw WarehouseError.missingIDColumn(name) }
        guard rows.columnCount == columns.count else { throw WarehouseError.columnMismatch(batch: rows.columnCount, columns: columns.count) }
        for row in 0..<rows.rowCount where rows.span(row: row, column: 0).isNull { throw WarehouseError.nullID(table: name, row: row) }
        return key
    }
}
