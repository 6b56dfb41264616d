import Foundation
import PostgresNIO

/// The metadata tables in the PostgreSQL warehouse's own database, so processes on several
/// machines share connections, settings and cycles. Each method is one statement or one
/// transaction, with the SQLite store's semantics.
struct PostgresMetadataStore: MetadataStore {
    let pool: PostgresPool
    private var logger: Logger { pool.logger }

    func saveConnection(_ c: ConnectionRecord) async throws -> ConnectionRecord {
        let values: PostgresQuery = try """
            \(c.name), \(c.kind), \(c.loginURL), \(c.instanceURL), \(c.organizationID), \(c.username), \(c.authKind.rawValue),
            \(c.clientID), \(c.secretsCiphertext), \(c.status.rawValue), \(c.lastError), \(c.apiShare), \(c.createdAt),
            \(c.lastSuccessfulUpdateBegan), \(c.lastDataPointReceived), \(c.updateEveryMinutes), \(c.blackout?.start),
            \(c.blackout?.end), \(c.notifyEmail), \(c.notifyWebhook), \(c.reconcileWithoutViewAllData)
            """
        let columns = """
            name, kind, login_url, instance_url, organization_id, username, auth_kind, client_id, secrets_ciphertext, status,
            last_error, api_share, created_at, last_successful_update_began, last_data_point_received, update_every_minutes,
            blackout_start_hour, blackout_end_hour, notify_email, notify_webhook, reconcile_without_view_all
            """
        var binds = values.binds
        var sql: String
        if let id = c.id {
            // As GRDB's save: update the row with this id, or insert it with the id.
            binds.append(id)
            let updates = columns.split(separator: ",").map { "\($0.trimmingCharacters(in: .whitespacesAndNewlines)) = EXCLUDED.\($0.trimmingCharacters(in: .whitespacesAndNewlines))" }
            sql = "INSERT INTO tributary_connections (\(columns), id) VALUES (\(values.sql), $\(binds.count)) "
                + "ON CONFLICT (id) DO UPDATE SET \(updates.joined(separator: ", ")) RETURNING id"
        } else {
            sql = "INSERT INTO tributary_connections (\(columns)) VALUES (\(values.sql)) RETURNING id"
        }
        let rows = try await pool.rows(PostgresQuery(unsafeSQL: sql, binds: binds))
        var saved = c
        saved.id = try rows.first?.value("id", as: Int64.self)
        return saved
    }

    func connection(named name: String) async throws -> ConnectionRecord? {
        try await pool.rows(PostgresQuery(unsafeSQL: "SELECT \(ConnectionRecord.postgresColumns) FROM tributary_connections WHERE name = $1", binds: binds(name)))
            .first.map(ConnectionRecord.init(postgres:))
    }

    func connection(id: Int64) async throws -> ConnectionRecord? {
        try await pool.rows(PostgresQuery(unsafeSQL: "SELECT \(ConnectionRecord.postgresColumns) FROM tributary_connections WHERE id = $1", binds: binds(id)))
            .first.map(ConnectionRecord.init(postgres:))
    }

    func connections() async throws -> [ConnectionRecord] {
        // COLLATE "C": by bytes, as SQLite orders text.
        try await pool.rows(PostgresQuery(unsafeSQL: "SELECT \(ConnectionRecord.postgresColumns) FROM tributary_connections ORDER BY name COLLATE \"C\""))
            .map(ConnectionRecord.init(postgres:))
    }

    func updateConnectionStatus(id: Int64, status: ConnectionRecord.Status, lastError: String?) async throws {
        _ = try await pool.rows("UPDATE tributary_connections SET status = \(status.rawValue), last_error = \(lastError) WHERE id = \(id)")
    }

    func updateConnectionAccess(id: Int64, _ findings: AccessFindings) async throws {
        _ = try await pool.rows("UPDATE tributary_connections SET access_findings = \(findings.storedText) WHERE id = \(id)")
    }

    func updateSecrets(connectionID: Int64, ciphertext: Data) async throws {
        _ = try await pool.rows("UPDATE tributary_connections SET secrets_ciphertext = \(ciphertext) WHERE id = \(connectionID)")
    }

    func deleteConnection(id: Int64) async throws {
        try await pool.transaction { connection in
            // Checkpoints have no foreign key (a warehouse can be loaded without a connection row).
            try await connection.query("DELETE FROM tributary_checkpoints WHERE connection_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM tributary_connections WHERE id = \(id)", logger: logger)
        }
    }

    func saveTableSettings(_ s: TableSettings) async throws {
        _ = try await pool.rows("""
            INSERT INTO tributary_table_settings (connection_id, object, table_name, selected, method, replication_key, skip_reason,
                recheck_frequency, last_formula_recheck, last_id_reconciliation)
            VALUES (\(s.connectionID), \(s.object), \(s.table), \(s.selected), \(s.method.rawValue), \(s.replicationKey), \(s.skipReason),
                \(s.recheckFrequency.rawValue), \(s.lastFormulaRecheck), \(s.lastIDReconciliation))
            ON CONFLICT (connection_id, table_name) DO UPDATE SET object = EXCLUDED.object, selected = EXCLUDED.selected,
                method = EXCLUDED.method, replication_key = EXCLUDED.replication_key, skip_reason = EXCLUDED.skip_reason,
                recheck_frequency = EXCLUDED.recheck_frequency, last_formula_recheck = EXCLUDED.last_formula_recheck,
                last_id_reconciliation = EXCLUDED.last_id_reconciliation
            """)
    }

    func tableSettings(connectionID: Int64) async throws -> [TableSettings] {
        try await pool.rows("SELECT * FROM tributary_table_settings WHERE connection_id = \(connectionID) ORDER BY table_name COLLATE \"C\"")
            .map(TableSettings.init(postgres:))
    }

    func tableSettings(connectionID: Int64, table: String) async throws -> TableSettings? {
        try await pool.rows("SELECT * FROM tributary_table_settings WHERE connection_id = \(connectionID) AND table_name = \(table)")
            .first.map(TableSettings.init(postgres:))
    }

    func saveColumnSettings(_ s: ColumnSettings) async throws {
        _ = try await pool.rows("""
            INSERT INTO tributary_column_settings (connection_id, table_name, column_name, selected, recheck_frequency, last_recheck)
            VALUES (\(s.connectionID), \(s.table), \(s.column), \(s.selected), \(s.recheckFrequency.rawValue), \(s.lastRecheck))
            ON CONFLICT (connection_id, table_name, column_name) DO UPDATE SET selected = EXCLUDED.selected,
                recheck_frequency = EXCLUDED.recheck_frequency, last_recheck = EXCLUDED.last_recheck
            """)
    }

    func columnSettings(connectionID: Int64, table: String) async throws -> [ColumnSettings] {
        try await pool.rows("""
            SELECT * FROM tributary_column_settings WHERE connection_id = \(connectionID) AND table_name = \(table)
            ORDER BY column_name COLLATE "C"
            """).map(ColumnSettings.init(postgres:))
    }

    func saveSourceColumns(connectionID: Int64, table: String, _ columns: [SourceColumn]) async throws {
        try await pool.transaction { connection in
            try await connection.query(
                "DELETE FROM tributary_source_columns WHERE connection_id = \(connectionID) AND table_name = \(table)", logger: logger)
            for (position, c) in columns.enumerated() {
                try await connection.query("""
                    INSERT INTO tributary_source_columns (connection_id, table_name, column_name, source_name, salesforce_type, column_type, is_formula, position, detail)
                    VALUES (\(connectionID), \(table), \(c.column), \(c.sourceName), \(c.salesforceType), \(c.warehouseType.rawValue), \(c.isFormula), \(position),
                            \(c.detail?.storedText))
                    """, logger: logger)
            }
        }
    }

    func schemaCache(connectionID: Int64) async throws -> Data? {
        try await pool.rows("SELECT body FROM tributary_schema_cache WHERE connection_id = \(connectionID)").first.map { row in
            try row.value("body", as: Data.self)
        }
    }

    func saveSchemaCache(connectionID: Int64, _ body: Data) async throws {
        _ = try await pool.rows("""
            INSERT INTO tributary_schema_cache (connection_id, body) VALUES (\(connectionID), \(body))
            ON CONFLICT (connection_id) DO UPDATE SET body = EXCLUDED.body
            """)
    }

    func sourceColumns(connectionID: Int64, table: String) async throws -> [SourceColumn] {
        try await pool.rows("""
            SELECT column_name, source_name, salesforce_type, column_type, is_formula, detail FROM tributary_source_columns
            WHERE connection_id = \(connectionID) AND table_name = \(table) ORDER BY position
            """).map { row in
            SourceColumn(column: try row.value("column_name"), sourceName: try row.value("source_name"), salesforceType: try row.value("salesforce_type"),
                         warehouseType: ColumnType(rawValue: try row.value("column_type")) ?? .text, isFormula: try row.value("is_formula"),
                         detail: FieldDetail(storedText: try row.value("detail")))
        }
    }

    func beatCycle(id: Int64, at time: Date) async throws -> Bool {
        try await !pool.rows("""
            UPDATE tributary_cycles SET heartbeat_at = \(time) WHERE id = \(id) AND status = \(CycleStatus.running.rawValue) RETURNING id
            """).isEmpty
    }

    func runningCycles() async throws -> [CycleRecord] {
        try await pool.rows("SELECT * FROM tributary_cycles WHERE status = \(CycleStatus.running.rawValue) ORDER BY id").map(CycleRecord.init(postgres:))
    }

    /// The lock is a row of `tributary_locks` held by an open transaction on one pooled
    /// connection; `body` uses others, so what it stores is committed, and seen by the next
    /// holder, before the lock is let go.
    func exclusively<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T {
        try await pool.transaction { connection in
            try await PostgresLocks.take("named:\(name)", on: connection, logger: pool.logger)
            return try await body()
        }
    }

    func interruptCycles(ids: [Int64], reason: String, at endedAt: Date) async throws -> [Int64] {
        try await pool.transaction { connection in try await interrupt(ids, reason: reason, at: endedAt, connection) }
    }

    /// Marks the cycles of `ids` still running as failed, and frees their connections of
    /// "syncing" once none of theirs runs.
    private func interrupt(_ ids: [Int64], reason: String, at endedAt: Date, _ connection: PostgresConnection) async throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        var marked: [Int64] = []
        // Connection rows first, as `startCycle` takes them: the same order in both, so two
        // processes interrupting one dead cycle take turns instead of deadlocking.
        try await connection.query("""
            SELECT id FROM tributary_connections WHERE id IN (SELECT connection_id FROM tributary_cycles WHERE id = ANY(\(ids)))
            ORDER BY id FOR UPDATE
            """, logger: logger)
        let rows = try await connection.query("""
            WITH u AS (UPDATE tributary_cycles SET status = \(CycleStatus.failed.rawValue), error = \(reason), ended_at = \(endedAt)
                WHERE id = ANY(\(ids)) AND status = \(CycleStatus.running.rawValue) RETURNING id, connection_id),
            c AS (UPDATE tributary_connections SET status = \(ConnectionRecord.Status.connected.rawValue)
                WHERE id IN (SELECT connection_id FROM u) AND status = \(ConnectionRecord.Status.syncing.rawValue)
                AND NOT EXISTS (SELECT 1 FROM tributary_cycles r WHERE r.connection_id = tributary_connections.id
                    AND r.status = \(CycleStatus.running.rawValue) AND r.id NOT IN (SELECT id FROM u)))
            SELECT id FROM u ORDER BY id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { marked.append(id) }
        return marked
    }

    func startCycle(connectionID: Int64, at startedAt: Date, objects: [String]?, owner: String?, interruptedReason: String,
                    isAlive: @escaping @Sendable (CycleRecord) -> Bool) async throws -> StartedCycle? {
        try await pool.transaction { connection in
            var interrupted: [Int64] = []
            if objects == nil {
                // The connection's row, locked until the transaction ends, makes two processes starting at once take turns.
                try await connection.query("SELECT id FROM tributary_connections WHERE id = \(connectionID) FOR UPDATE", logger: logger)
                var running: [CycleRecord] = []
                let rows = try await connection.query("""
                    SELECT * FROM tributary_cycles WHERE connection_id = \(connectionID) AND status = \(CycleStatus.running.rawValue) AND objects IS NULL
                    """, logger: logger)
                for try await row in rows { running.append(try CycleRecord(postgres: row.makeRandomAccess())) }
                if running.contains(where: isAlive) { return nil }
                interrupted = try await interrupt(running.map(\.id), reason: interruptedReason, at: startedAt, connection)
            }
            let rows = try await connection.query("""
                INSERT INTO tributary_cycles (connection_id, started_at, heartbeat_at, owner, status, api_calls, objects)
                VALUES (\(connectionID), \(startedAt), \(startedAt), \(owner), \(CycleStatus.running.rawValue), 0, \(objects?.joined(separator: ","))) RETURNING id
                """, logger: logger)
            var id: Int64?
            for try await value in rows.decode(Int64.self) { id = value }
            guard let id else { throw WarehouseError.database("no cycle id returned") }
            let cycle = CycleRecord(id: id, connectionID: connectionID, startedAt: startedAt, objects: objects, owner: owner, heartbeatAt: startedAt)
            return StartedCycle(cycle: cycle, interrupted: interrupted)
        }
    }

    func finishCycle(id: Int64, status: CycleStatus, error: String?, apiCalls: Int, at endedAt: Date) async throws -> Bool {
        try await !pool.rows("""
            UPDATE tributary_cycles SET status = \(status.rawValue), error = \(error), api_calls = \(apiCalls), ended_at = \(endedAt)
            WHERE id = \(id) AND status = \(CycleStatus.running.rawValue) RETURNING id
            """).isEmpty
    }

    func recordTableResult(_ r: CycleTableRecord) async throws {
        _ = try await pool.rows("""
            INSERT INTO tributary_cycle_tables (cycle_id, table_name, inserted, updated, deleted, api_calls, started_at, ended_at, status, error)
            VALUES (\(r.cycleID), \(r.table), \(r.inserted), \(r.updated), \(r.deleted), \(r.apiCalls), \(r.startedAt), \(r.endedAt),
                \(r.status.rawValue), \(r.error))
            ON CONFLICT (cycle_id, table_name) DO UPDATE SET inserted = EXCLUDED.inserted, updated = EXCLUDED.updated,
                deleted = EXCLUDED.deleted, api_calls = EXCLUDED.api_calls, started_at = EXCLUDED.started_at,
                ended_at = EXCLUDED.ended_at, status = EXCLUDED.status, error = EXCLUDED.error
            """)
    }

    func latestCycles(connectionID: Int64, limit: Int) async throws -> [CycleRecord] {
        try await pool.rows("SELECT * FROM tributary_cycles WHERE connection_id = \(connectionID) ORDER BY id DESC LIMIT \(limit)")
            .map(CycleRecord.init(postgres:))
    }

    func tableResults(cycleID: Int64) async throws -> [CycleTableRecord] {
        try await pool.rows("SELECT * FROM tributary_cycle_tables WHERE cycle_id = \(cycleID) ORDER BY table_name COLLATE \"C\"")
            .map(CycleTableRecord.init(postgres:))
    }

    private func binds<T: PostgresNonThrowingEncodable>(_ value: T) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }
}
