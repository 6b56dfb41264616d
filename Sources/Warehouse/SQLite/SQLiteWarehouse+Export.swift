import Foundation
import GRDB
import GRDBSQLite
import Rows

extension SQLiteWarehouse {
    /// Up to `limit` rows of `spec`'s table with an id after `id`, in id order, as Salesforce
    /// text in a `RowBatch` (what `upsert` takes): for copying the warehouse elsewhere
    /// (`WarehouseMove`). Values go from SQLite's buffers straight into the batch, with no
    /// `String` per value; reals are written in Swift's shortest exact form (SQLite's own text
    /// keeps 15 digits).
    public func rows(of spec: TableSpec, after id: String, limit: Int) async throws -> RowBatch {
        try SQLiteSQL.validate(spec.name)
        for column in spec.columns { try SQLiteSQL.validate(column.name) }
        let list = spec.columns.map { SQLiteSQL.quote($0.name) }.joined(separator: ", ")
        let sql = "SELECT \(list) FROM \(SQLiteSQL.quote(spec.name)) WHERE \"id\" > ? ORDER BY \"id\" LIMIT \(max(1, limit))"
        let count = spec.columns.count
        return try await writer.read { db in
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments([id])
            let handle = statement.sqliteStatement
            var batch = RowBatch(columnCount: count, reservingRows: min(limit, 1_000), bytesPerField: 16)
            defer { sqlite3_reset(handle) }
            while true {
                let step = sqlite3_step(handle)
                if step == SQLITE_DONE { break }
                guard step == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: step), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
                for column in 0..<Int32(count) {
                    switch sqlite3_column_type(handle, column) {
                    case SQLITE_NULL:
                        batch.appendNull()
                    case SQLITE_FLOAT:
                        batch.append(String(sqlite3_column_double(handle, column)))
                    default:
                        // Text, and integers as SQLite prints them (exact).
                        let bytes = sqlite3_column_text(handle, column)
                        let length = Int(sqlite3_column_bytes(handle, column))
                        batch.append(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : length))
                    }
                }
            }
            return batch
        }
    }
}
