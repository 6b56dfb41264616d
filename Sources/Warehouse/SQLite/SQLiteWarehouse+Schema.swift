import GRDB

extension SQLiteWarehouse {
    public func ensureTable(_ spec: TableSpec) async throws -> SchemaChange {
        try SQLiteSQL.validate(spec.name)
        for column in spec.columns { try SQLiteSQL.validate(column.name) }
        guard spec.column(named: "id") != nil else { throw WarehouseError.missingIDColumn(spec.name) }
        return try await writer.write { db in try Self.ensureTable(spec, db) }
    }

    public func tableSpec(_ name: String) async throws -> TableSpec? {
        try await writer.read { db in
            let columns = try Self.catalog(name, db)
            return columns.isEmpty ? nil : TableSpec(name: name, columns: columns)
        }
    }

    public func tableNames() async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sf\\_%' ESCAPE '\\' ORDER BY name")
        }
    }

    private static func ensureTable(_ spec: TableSpec, _ db: Database) throws -> SchemaChange {
        guard try db.tableExists(spec.name) else {
            try db.execute(sql: SQLiteSQL.createTable(spec.name, columns: spec.columns))
            try saveCatalog(spec.name, spec.columns, db)
            return SchemaChange(created: true)
        }
        // A table made before the catalog knew it still has physical columns to respect.
        let physical = Set(try db.columns(in: spec.name).map { $0.name.lowercased() })
        var columns = try catalog(spec.name, db)
        var change = SchemaChange()
        var rebuild: [(name: String, from: ColumnType, to: ColumnType)] = []
        for wanted in spec.columns {
            if let index = columns.firstIndex(where: { $0.name == wanted.name }) {
                let old = columns[index]
                if old.type != wanted.type {
                    change.retypedColumns.append(wanted.name)
                    if SQLiteSQL.needsRebuild(from: old.type, to: wanted.type) {
                        rebuild.append((wanted.name, old.type, wanted.type))
                    }
                }
                columns[index] = wanted
            } else {
                if !physical.contains(wanted.name) {
                    try db.execute(sql: "ALTER TABLE \(SQLiteSQL.quote(spec.name)) ADD COLUMN \(SQLiteSQL.columnDefinition(wanted))")
                    change.addedColumns.append(wanted.name)
                }
                columns.append(wanted)
            }
        }
        if !rebuild.isEmpty { try rebuildTable(spec.name, columns: columns, converting: rebuild, db) }
        try saveCatalog(spec.name, columns, db)
        return change
    }

    /// SQLite cannot change a column's type in place: copy into a table of the new shape,
    /// converting the retyped columns, then swap the tables (SQLite's documented procedure).
    private static func rebuildTable(
        _ table: String, columns: [ColumnSpec], converting: [(name: String, from: ColumnType, to: ColumnType)], _ db: Database
    ) throws {
        let scratch = "_tributary_rebuild_\(table)"
        try db.execute(sql: "DROP TABLE IF EXISTS \(SQLiteSQL.quote(scratch))")
        try db.execute(sql: SQLiteSQL.createTable(scratch, columns: columns))
        let names = columns.map(\.name) + [SQLiteSQL.syncedAtColumn]
        let sources = names.map { name in
            converting.first { $0.name == name }.map { SQLiteSQL.conversion(name, from: $0.from, to: $0.to) } ?? SQLiteSQL.quote(name)
        }
        try db.execute(sql: """
            INSERT INTO \(SQLiteSQL.quote(scratch)) (\(names.map(SQLiteSQL.quote).joined(separator: ",")))
            SELECT \(sources.joined(separator: ",")) FROM \(SQLiteSQL.quote(table))
            """)
        try db.execute(sql: "DROP TABLE \(SQLiteSQL.quote(table))")
        try db.execute(sql: "ALTER TABLE \(SQLiteSQL.quote(scratch)) RENAME TO \(SQLiteSQL.quote(table))")
    }

    static func catalog(_ table: String, _ db: Database) throws -> [ColumnSpec] {
        try Row.fetchAll(
            db, sql: """
                SELECT column_name, source_name, column_type, salesforce_type, is_formula
                FROM tributary_catalog WHERE table_name = ? ORDER BY position
                """, arguments: [table]
        ).map { row in
            ColumnSpec(
                name: row[0], sourceName: row[1], type: ColumnType(rawValue: row[2]) ?? .text,
                salesforceType: row[3], isFormula: row[4])
        }
    }

    static func saveCatalog(_ table: String, _ columns: [ColumnSpec], _ db: Database) throws {
        try db.execute(sql: "DELETE FROM tributary_catalog WHERE table_name = ?", arguments: [table])
        let insert = try db.cachedStatement(sql: """
            INSERT INTO tributary_catalog (table_name, column_name, source_name, column_type, salesforce_type, is_formula, position)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, column) in columns.enumerated() {
            try insert.execute(arguments: [
                table, column.name, column.sourceName, column.type.rawValue, column.salesforceType, column.isFormula, position,
            ])
        }
    }
}
