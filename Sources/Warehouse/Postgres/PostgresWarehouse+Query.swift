import Logging
import NIOCore
import PostgresNIO

extension PostgresWarehouse {
    /// Sorted by bytes (`COLLATE "C"`), as the protocol promises, whatever the database's collation.
    public func ids(in table: String, where include: @escaping @Sendable (String) -> Bool) async throws -> [String] {
        try PostgresSQL.validate(table)
        return try await read { connection in
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT \"id\" FROM \(PostgresSQL.quote(table)) ORDER BY \"id\" COLLATE \"C\""), logger: self.logger)
            var ids: [String] = []
            for try await id in rows.decode(String.self) where include(id) { ids.append(id) }
            return ids
        }
    }

    public func rowCount(_ table: String) async throws -> Int {
        try PostgresSQL.validate(table)
        return try await read { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(PostgresSQL.quote(table))"), logger: self.logger)
            var count = 0
            for try await value in rows.decode(Int64.self) { count = Int(value) }
            return count
        }
    }

    public func dropTable(_ name: String) async throws {
        try PostgresSQL.validate(name)
        try await transaction { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(PostgresSQL.quote(name))"), logger: self.logger)
            try await connection.query("DELETE FROM tributary_catalog WHERE table_name = \(name)", logger: self.logger)
            try await connection.query("DELETE FROM tributary_rejects WHERE table_name = \(name)", logger: self.logger)
            // A dropped table has no position: the next sync copies it afresh.
            try await connection.query("DELETE FROM tributary_checkpoints WHERE table_name = \(name)", logger: self.logger)
        }
    }

    public func dropColumns(_ columns: [String], from table: String) async throws {
        try PostgresSQL.validate(table)
        for column in columns {
            try PostgresSQL.validate(column)
            guard column != "id", column != PostgresSQL.syncedAtColumn else { throw WarehouseError.requiredColumn(column) }
        }
        try await transaction { connection in
            let known = Set(try await self.catalog(table, connection).map(\.name))
            for column in columns where known.contains(column) {
                try await connection.query(PostgresQuery(
                    unsafeSQL: "ALTER TABLE \(PostgresSQL.quote(table)) DROP COLUMN IF EXISTS \(PostgresSQL.quote(column))"), logger: self.logger)
                try await connection.query("DELETE FROM tributary_catalog WHERE table_name = \(table) AND column_name = \(column)", logger: self.logger)
                try await connection.query("DELETE FROM tributary_rejects WHERE table_name = \(table) AND column_name = \(column)", logger: self.logger)
            }
        }
    }

    /// Runs in a READ ONLY transaction, so a write fails with `WarehouseError.notWritable`.
    /// Arguments are `$1`, `$2`… bound as text of no declared type: the server reads each as the
    /// type its place needs (`closedate >= $1` reads a date), much as SQLite compares text.
    /// Values come back as `PostgresCellText` spells them.
    public func query(_ sql: String, arguments: [String?]) async throws -> [[String?]] {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            if let argument { binds.append(UntypedText(argument)) } else { binds.appendNull() }
        }
        return try await transaction { connection in
            try await connection.query("SET TRANSACTION READ ONLY", logger: self.logger)
            var result: [[String?]] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: self.logger) {
                result.append(try row.map(PostgresCellText.text))
            }
            return result
        }
    }

    public func checkpoint(connectionID: Int64, table: String) async throws -> Checkpoint? {
        try await read { connection in
            let rows = try await connection.query(
                "SELECT high_water_mark, cursor FROM tributary_checkpoints WHERE connection_id = \(connectionID) AND table_name = \(table)",
                logger: self.logger)
            var found: Checkpoint?
            for try await (mark, cursor) in rows.decode((String?, String?).self) {
                found = Checkpoint(connectionID: connectionID, table: table, highWaterMark: mark, cursor: cursor)
            }
            return found
        }
    }

    public func saveCheckpoint(_ checkpoint: Checkpoint) async throws {
        try await read { connection in try await Self.saveCheckpoint(checkpoint, connection, logger: self.logger) }
    }

    public func deleteCheckpoints(connectionID: Int64) async throws {
        try await read { connection in
            _ = try await connection.query("DELETE FROM tributary_checkpoints WHERE connection_id = \(connectionID)", logger: self.logger)
        }
    }

    /// Saves on the caller's connection, inside its transaction when it has one.
    static func saveCheckpoint(_ checkpoint: Checkpoint, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO tributary_checkpoints (connection_id, table_name, high_water_mark, cursor, updated_at)
            VALUES (\(checkpoint.connectionID), \(checkpoint.table), \(checkpoint.highWaterMark), \(checkpoint.cursor), now())
            ON CONFLICT (connection_id, table_name) DO UPDATE SET
                high_water_mark = EXCLUDED.high_water_mark, cursor = EXCLUDED.cursor, updated_at = EXCLUDED.updated_at
            """, logger: logger)
    }
}

/// A query argument as text of no declared type (type OID 0), which the server infers.
struct UntypedText: PostgresNonThrowingEncodable {
    let value: String
    init(_ value: String) { self.value = value }

    static var psqlType: PostgresDataType { .null }  // OID 0: "unspecified", not SQL NULL
    static var psqlFormat: PostgresFormat { .text }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeString(value)
    }
}
