import GRDB
import GRDBSQLite
import Rows

extension SQLiteWarehouse {
    public func replaceTable(_ name: String, columns: [ColumnSpec], rows: RowBatch) async throws {
        let key = try LoadChecks.derivedKey(name, columns: columns, rows: rows, validate: SQLiteSQL.validate)
        try await writer.write { db in
            // Only a table this method made has a catalog entry without an sf_ name; anything else
            // (metadata, users) must never be dropped by a caller that picked the wrong name.
            if try db.tableExists(name), try Self.catalog(name, db).isEmpty { throw WarehouseError.notDerivedTable(name) }
            try db.execute(sql: "DROP TABLE IF EXISTS \(SQLiteSQL.quote(name))")
            let definitions = columns.map { column in
                "\(SQLiteSQL.quote(column.name)) \(SQLiteSQL.declaredType(column.type))" + (column.name == key.name ? " NOT NULL PRIMARY KEY" : "")
            }
            try db.execute(sql: "CREATE TABLE \(SQLiteSQL.quote(name)) (\(definitions.joined(separator: ", ")))")
            try Self.saveCatalog(name, columns, db)
            try Self.insert(rows, columns: columns, into: name, db)
        }
    }

    private static func insert(_ rows: RowBatch, columns: [ColumnSpec], into table: String, _ db: Database) throws {
        guard rows.rowCount > 0 else { return }
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ",")
        let sql = "INSERT INTO \(SQLiteSQL.quote(table)) VALUES (\(placeholders))"
        // Kept in a local so the prepared statement outlives the raw pointer used below.
        let prepared = try db.makeStatement(sql: sql)
        defer { withExtendedLifetime(prepared) {} }
        let statement = prepared.sqliteStatement
        defer {
            // The bindings point into the batch's buffer: drop them before it can go away.
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try rows.withBytes { bytes in
            let binder = SQLiteFieldBinder(statement: statement, bytes: bytes, parameterCount: columns.count)
            for row in 0..<rows.rowCount {
                if rows.span(row: row, column: 0).isNull { throw WarehouseError.nullID(table: table, row: row) }
                for (i, column) in columns.enumerated() {
                    let rc = binder.bind(rows.span(row: row, column: i), as: column.type, at: Int32(i + 1))
                    guard rc == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: "binding failed", sql: sql) }
                }
                let stepped = sqlite3_step(statement)
                guard stepped == SQLITE_DONE else {
                    let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) } ?? "step failed"
                    sqlite3_reset(statement)
                    throw DatabaseError(resultCode: ResultCode(rawValue: stepped), message: message, sql: sql)
                }
                sqlite3_reset(statement)
            }
        }
    }
}
