import Foundation
import GRDB
import GRDBSQLite
import Rows

extension SQLiteWarehouse {
    public func upsert(_ batch: RowBatch, columns: [ColumnSpec], into table: String, checkpoint: Checkpoint?) async throws -> LoadCounts {
        let idIndex = try Self.validateLoad(batch, columns: columns, table: table)
        let syncedAt = Self.syncedAtNow()
        return try await writer.write { db in
            let counts = try Self.runRows(
                batch, sql: SQLiteSQL.upsert(table, columns: columns), columns: columns, idIndex: idIndex, table: table, db
            ) { binder, row in
                for (i, column) in columns.enumerated() {
                    let rc = binder.bind(batch.span(row: row, column: i), as: column.type, at: Int32(i + 1))
                    guard rc == SQLITE_OK else { return rc }
                }
                return binder.bind(syncedAt, at: Int32(columns.count + 1))
            }
            if let checkpoint { try Self.saveCheckpoint(checkpoint, db) }
            return counts
        }
    }

    public func updateColumns(_ batch: RowBatch, columns: [ColumnSpec], in table: String, checkpoint: Checkpoint?) async throws -> Int {
        let idIndex = try Self.validateLoad(batch, columns: columns, table: table)
        let syncedAt = Self.syncedAtNow()
        let setColumns = columns.enumerated().filter { $0.element.name != "id" }
        return try await writer.write { db in
            let counts = try Self.runRows(
                batch, sql: SQLiteSQL.updateColumns(table, columns: columns), columns: columns, idIndex: idIndex, table: table, db
            ) { binder, row in
                for (parameter, (i, column)) in setColumns.enumerated() {
                    let rc = binder.bind(batch.span(row: row, column: i), as: column.type, at: Int32(parameter + 1))
                    guard rc == SQLITE_OK else { return rc }
                }
                let rc = binder.bind(syncedAt, at: Int32(setColumns.count + 1))
                guard rc == SQLITE_OK else { return rc }
                return binder.bind(batch.span(row: row, column: idIndex), as: .text, at: Int32(setColumns.count + 2))
            }
            if let checkpoint { try Self.saveCheckpoint(checkpoint, db) }
            return counts.updated
        }
    }

    public func delete(ids: [String], from table: String, checkpoint: Checkpoint?) async throws -> Int {
        try SQLiteSQL.validate(table)
        return try await writer.write { db in
            let statement = try db.cachedStatement(sql: "DELETE FROM \(SQLiteSQL.quote(table)) WHERE \"id\" = ?")
            var deleted = 0
            for id in ids {
                try statement.execute(arguments: [id])
                deleted += db.changesCount
            }
            if let checkpoint { try Self.saveCheckpoint(checkpoint, db) }
            return deleted
        }
    }

    /// Returns the index of the `id` column after checking the batch fits the column list.
    private static func validateLoad(_ batch: RowBatch, columns: [ColumnSpec], table: String) throws -> Int {
        try LoadChecks.idIndex(batch, columns: columns, table: table, validate: SQLiteSQL.validate)
    }

    /// Steps the cached statement once per row, binding through `bindRow`. Inserted and updated
    /// rows are told apart by `sqlite3_last_insert_rowid`, which an upsert changes only when it
    /// inserts; it is zeroed before each step, and rowids of new rows start at 1.
    private static func runRows(
        _ batch: RowBatch, sql: String, columns: [ColumnSpec], idIndex: Int, table: String, _ db: Database,
        bindRow: (borrowing SQLiteFieldBinder, Int) -> Int32
    ) throws -> LoadCounts {
        let statement = try db.cachedStatement(sql: sql).sqliteStatement
        guard let connection = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "connection closed") }
        var counts = LoadCounts()
        sqlite3_reset(statement)
        defer {
            // The bindings point into the batch's buffer: drop them before it can go away.
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try batch.withBytes { bytes in
            let binder = SQLiteFieldBinder(statement: statement, bytes: bytes, parameterCount: columns.count + 2)
            for row in 0..<batch.rowCount {
                if batch.span(row: row, column: idIndex).isNull { throw WarehouseError.nullID(table: table, row: row) }
                let bound = bindRow(binder, row)
                guard bound == SQLITE_OK else { throw error(bound, connection, sql) }
                sqlite3_set_last_insert_rowid(connection, 0)
                let stepped = sqlite3_step(statement)
                guard stepped == SQLITE_DONE else {
                    let failure = error(stepped, connection, sql)
                    sqlite3_reset(statement)
                    throw failure
                }
                if sqlite3_last_insert_rowid(connection) != 0 {
                    counts.inserted += 1
                } else if sqlite3_changes(connection) > 0 {
                    counts.updated += 1
                }
                sqlite3_reset(statement)
            }
        }
        return counts
    }

    private static func error(_ code: Int32, _ connection: OpaquePointer, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }

    /// The time a batch was written, in the warehouse's datetime form.
    static func syncedAtNow() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
