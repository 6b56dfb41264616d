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

    func updateConnectionAccess(id: Int64, _ findings: AccessFindings) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE tributary_connections SET access_findings = ? WHERE id = ?", arguments: [findings.storedText, id])
        }
    }

    func updateSecrets(connectionID: Int64, ciphertext: Data) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE tributary_connections SET secrets_ciphertext = ? WHERE id = ?", arguments: [ciphertext, connectionID])
        }
    }

    func exclusively<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T {
        try await NamedFileLock(databasePath: writer.path, name: name).withLock(body)
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

    func saveSourceColumns(connectionID: Int64, table: String, _ columns: [SourceColumn]) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM tributary_source_columns WHERE connection_id = ? AND table_name = ?", arguments: [connectionID, table])
            let insert = try db.makeStatement(sql: """
                INSERT INTO tributary_source_columns (connection_id, table_name, column_name, source_name, salesforce_type, column_type, is_formula, position, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (position, c) in columns.enumerated() {
                try insert.execute(arguments: [connectionID, table, c.column, c.sourceName, c.salesforceType, c.warehouseType.rawValue, c.isFormula, position,
                                               c.detail?.storedText])
            }
        }
    }

    func schemaCache(connectionID: Int64) async throws -> Data? {
        try await writer.read { db in
            try Data.fetchOne(db, sql: "SELECT body FROM tributary_schema_cache WHERE connection_id = ?", arguments: [connectionID])
        }
    }

    func saveSchemaCache(connectionID: Int64, _ body: Data) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO tributary_schema_cache (connection_id, body) VALUES (?, ?)
                ON CONFLICT (connection_id) DO UPDATE SET body = excluded.body
                """, arguments: [connectionID, body])
        }
    }

    func sourceColumns(connectionID: Int64, table: String) async throws -> [SourceColumn] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT column_name, source_name, salesforce_type, column_type, is_formula, detail FROM tributary_source_columns
                WHERE connection_id = ? AND table_name = ? ORDER BY position
                """, arguments: [connectionID, table]).map { row in
                SourceColumn(column: row[0], sourceName: row[1], salesforceType: row[2],
                             warehouseType: ColumnType(rawValue: row[3]) ?? .text, isFormula: row[4], detail: FieldDetail(storedText: row[5]))
            }
        }
    }

    func beatCycle(id: Int64, at time: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE tributary_cycles SET heartbeat_at = ? WHERE id = ? AND status = ?",
                arguments: [time, id, CycleStatus.running.rawValue])
            return db.changesCount > 0
        }
    }

    func runningCycles() async throws -> [CycleRecord] {
        try await writer.read { db in
            try CycleRecord.fetchAll(db, sql: "SELECT * FROM tributary_cycles WHERE status = ? ORDER BY id", arguments: [CycleStatus.running.rawValue])
        }
    }

    func interruptCycles(ids: [Int64], reason: String, at endedAt: Date) async throws -> [Int64] {
        try await writer.write { db in try Self.interrupt(ids, reason: reason, at: endedAt, db) }
    }

    /// Marks the cycles of `ids` still running as failed, and frees their connections of
    /// "syncing" once none of theirs runs.
    private static func interrupt(_ ids: [Int64], reason: String, at endedAt: Date, _ db: Database) throws -> [Int64] {
        var marked: [Int64] = []
        var connections = Set<Int64>()
        for id in ids {
            guard let connection = try Int64.fetchOne(db, sql: "SELECT connection_id FROM tributary_cycles WHERE id = ? AND status = ?",
                                                      arguments: [id, CycleStatus.running.rawValue]) else { continue }
            try db.execute(sql: "UPDATE tributary_cycles SET status = ?, error = ?, ended_at = ? WHERE id = ?",
                           arguments: [CycleStatus.failed.rawValue, reason, endedAt, id])
            marked.append(id)
            connections.insert(connection)
        }
        for connection in connections {
            try db.execute(sql: """
                UPDATE tributary_connections SET status = ? WHERE id = ? AND status = ?
                AND NOT EXISTS (SELECT 1 FROM tributary_cycles WHERE connection_id = ? AND status = ?)
                """, arguments: [ConnectionRecord.Status.connected.rawValue, connection, ConnectionRecord.Status.syncing.rawValue,
                                 connection, CycleStatus.running.rawValue])
        }
        return marked
    }

    func startCycle(connectionID: Int64, at startedAt: Date, objects: [String]?, owner: String?, interruptedReason: String,
                    isAlive: @escaping @Sendable (CycleRecord) -> Bool) async throws -> StartedCycle? {
        // One write transaction: SQLite runs them one at a time, so the check and the insert are atomic.
        try await writer.write { db in
            var interrupted: [Int64] = []
            if objects == nil {
                let running = try CycleRecord.fetchAll(db, sql: """
                    SELECT * FROM tributary_cycles WHERE connection_id = ? AND status = ? AND objects IS NULL
                    """, arguments: [connectionID, CycleStatus.running.rawValue])
                if running.contains(where: isAlive) { return nil }
                interrupted = try Self.interrupt(running.map(\.id), reason: interruptedReason, at: startedAt, db)
            }
            try db.execute(
                sql: "INSERT INTO tributary_cycles (connection_id, started_at, heartbeat_at, owner, status, api_calls, objects) VALUES (?, ?, ?, ?, ?, 0, ?)",
                arguments: [connectionID, startedAt, startedAt, owner, CycleStatus.running.rawValue, objects?.joined(separator: ",")])
            let cycle = CycleRecord(id: db.lastInsertedRowID, connectionID: connectionID, startedAt: startedAt, objects: objects, owner: owner, heartbeatAt: startedAt)
            return StartedCycle(cycle: cycle, interrupted: interrupted)
        }
    }

    func finishCycle(id: Int64, status: CycleStatus, error: String?, apiCalls: Int, at endedAt: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE tributary_cycles SET status = ?, error = ?, api_calls = ?, ended_at = ? WHERE id = ? AND status = ?",
                arguments: [status.rawValue, error, apiCalls, endedAt, id, CycleStatus.running.rawValue])
            return db.changesCount > 0
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
