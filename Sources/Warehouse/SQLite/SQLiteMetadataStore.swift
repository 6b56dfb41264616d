import Foundation
import GRDB

/// The metadata tables in the warehouse's own SQLite file; each method is one transaction.
struct SQLiteMetadataStore: MetadataStore {
    let writer: any DatabaseWriter

    func saveConnection(_ connection: ConnectionRecord) async throws -> ConnectionRecord {
        try await writer.write { db in try connection.saved(db) }
    }

    func connection(named name: String) async throws -> ConnectionRecord? {
        try await writer.read { db in try ConnectionRecord.filter(Column("name") == name).fetchOne(db) }
    }

    func connection(id: Int64) async throws -> ConnectionRecord? {
        try await writer.read { db in try ConnectionRecord.fetchOne(db, key: id) }
    }

    func connections() async throws -> [ConnectionRecord] {
        try await writer.read { db in try ConnectionRecord.order(Column("name")).fetchAll(db) }
    }

    func updateConnectionStatus(id: Int64, status: ConnectionRecord.Status, lastError: String?) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE tributary_connections SET status = ?, last_error = ? WHERE id = ?",
                arguments: [status.rawValue, lastError, id])
        }
    }

    func deleteConnection(id: Int64) async throws {
        try await writer.write { db in
            // Checkpoints have no foreign key (a warehouse can be loaded without a connection row).
            try db.execute(sql: "DELETE FROM tributary_checkpoints WHERE connection_id = ?", arguments: [id])
            _ = try ConnectionRecord.deleteOne(db, key: id)
        }
    }

    func saveTableSettings(_ settings: TableSettings) async throws {
        try await writer.write { db in try settings.upsert(db) }
    }

    func tableSettings(connectionID: Int64) async throws -> [TableSettings] {
        try await writer.read { db in
            try TableSettings.filter(Column("connection_id") == connectionID).order(Column("table_name")).fetchAll(db)
        }
    }

    func tableSettings(connectionID: Int64, table: String) async throws -> TableSettings? {
        try await writer.read { db in
            try TableSettings.fetchOne(db, key: ["connection_id": connectionID, "table_name": table])
        }
    }

    func saveColumnSettings(_ settings: ColumnSettings) async throws {
        try await writer.write { db in try settings.upsert(db) }
    }

    func columnSettings(connectionID: Int64, table: String) async throws -> [ColumnSettings] {
        try await writer.read { db in
            try ColumnSettings.filter(Column("connection_id") == connectionID && Column("table_name") == table)
                .order(Column("column_name")).fetchAll(db)
        }
    }

    func startCycle(connectionID: Int64, at startedAt: Date) async throws -> CycleRecord {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO tributary_cycles (connection_id, started_at, status, api_calls) VALUES (?, ?, ?, 0)",
                arguments: [connectionID, startedAt, CycleStatus.running.rawValue])
            return CycleRecord(id: db.lastInsertedRowID, connectionID: connectionID, startedAt: startedAt)
        }
    }

    func finishCycle(id: Int64, status: CycleStatus, error: String?, apiCalls: Int, at endedAt: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE tributary_cycles SET status = ?, error = ?, api_calls = ?, ended_at = ? WHERE id = ?",
                arguments: [status.rawValue, error, apiCalls, endedAt, id])
        }
    }

    func recordTableResult(_ result: CycleTableRecord) async throws {
        try await writer.write { db in try result.upsert(db) }
    }

    func latestCycles(connectionID: Int64, limit: Int) async throws -> [CycleRecord] {
        try await writer.read { db in
            try CycleRecord.filter(Column("connection_id") == connectionID).order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    func tableResults(cycleID: Int64) async throws -> [CycleTableRecord] {
        try await writer.read { db in
            try CycleTableRecord.filter(Column("cycle_id") == cycleID).order(Column("table_name")).fetchAll(db)
        }
    }
}
