import Foundation
import GRDB

extension SQLiteWarehouse {
    public func ids(in table: String, where include: @escaping @Sendable (String) -> Bool) async throws -> [String] {
        try SQLiteSQL.validate(table)
        return try await writer.read { db in
            // SQLite compares text by bytes (BINARY): the primary key's order.
            var ids: [String] = []
            let cursor = try String.fetchCursor(db, sql: "SELECT \"id\" FROM \(SQLiteSQL.quote(table)) ORDER BY \"id\"")
            while let id = try cursor.next() {
                if include(id) { ids.append(id) }
            }
            return ids
        }
    }

    public func rowCount(_ table: String) async throws -> Int {
        try SQLiteSQL.validate(table)
        return try await writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(SQLiteSQL.quote(table))") ?? 0
        }
    }

    public func dropTable(_ name: String) async throws {
        try SQLiteSQL.validate(name)
        try await writer.write { db in
            try db.execute(sql: "DROP TABLE IF EXISTS \(SQLiteSQL.quote(name))")
            try db.execute(sql: "DELETE FROM tributary_catalog WHERE table_name = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM tributary_checkpoints WHERE table_name = ?", arguments: [name])
        }
    }

    public func dropColumns(_ columns: [String], from table: String) async throws {
        try SQLiteSQL.validate(table)
        for column in columns {
            try SQLiteSQL.validate(column)
            guard column != "id", column != "_synced_at" else { throw WarehouseError.requiredColumn(column) }
        }
        try await writer.write { db in
            let existing = Set(try String.fetchAll(db, sql: "SELECT column_name FROM tributary_catalog WHERE table_name = ?", arguments: [table]))
            for column in columns where existing.contains(column) {
                try db.execute(sql: "ALTER TABLE \(SQLiteSQL.quote(table)) DROP COLUMN \(SQLiteSQL.quote(column))")
                try db.execute(sql: "DELETE FROM tributary_catalog WHERE table_name = ? AND column_name = ?", arguments: [table, column])
            }
        }
    }

    public func query(_ sql: String, arguments: [String?]) async throws -> [[String?]] {
        try await writer.read { db in
            let statement = try db.makeStatement(sql: sql)
            // Readers are read-only already; this gives a clear error instead of SQLite's.
            guard statement.isReadonly else { throw WarehouseError.notWritable(sql) }
            let values = StatementArguments(arguments.map { $0 as (any DatabaseValueConvertible)? })
            return try Row.fetchAll(statement, arguments: values).map { row in
                (0..<row.count).map { Self.text(row[$0] as DatabaseValue) }
            }
        }
    }

    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let v): String(v)
        case .double(let v): String(v)
        case .string(let v): v
        case .blob(let v): v.base64EncodedString()
        }
    }
}
