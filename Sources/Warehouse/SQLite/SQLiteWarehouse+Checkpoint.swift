import Foundation
import GRDB

extension SQLiteWarehouse {
    public func checkpoint(connectionID: Int64, table: String) async throws -> Checkpoint? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT high_water_mark, cursor FROM tributary_checkpoints WHERE connection_id = ? AND table_name = ?",
                arguments: [connectionID, table]
            ).map { Checkpoint(connectionID: connectionID, table: table, highWaterMark: $0[0], cursor: $0[1]) }
        }
    }

    public func saveCheckpoint(_ checkpoint: Checkpoint) async throws {
        try await writer.write { db in try Self.saveCheckpoint(checkpoint, db) }
    }

    public func deleteCheckpoints(connectionID: Int64) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM tributary_checkpoints WHERE connection_id = ?", arguments: [connectionID])
        }
    }

    /// Saves inside the caller's transaction, so rows and checkpoint commit together.
    static func saveCheckpoint(_ checkpoint: Checkpoint, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO tributary_checkpoints (connection_id, table_name, high_water_mark, cursor, updated_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(connection_id, table_name) DO UPDATE SET
                high_water_mark = excluded.high_water_mark, cursor = excluded.cursor, updated_at = excluded.updated_at
            """
        ).execute(arguments: [checkpoint.connectionID, checkpoint.table, checkpoint.highWaterMark, checkpoint.cursor, syncedAtNow()])
    }
}
