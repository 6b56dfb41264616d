import Logging
import PostgresNIO

/// Tributary's own tables in a PostgreSQL warehouse, as frozen history: never edit a shipped
/// migration, add a new one. (The SQLite file has its own list; the two hold the same tables.
/// The metadata tables stay empty while a warehouse keeps its metadata elsewhere.)
enum PostgresMigrations {
    static let migrations: [(name: String, statements: [String])] = [
        ("v1: catalog, checkpoints, rejects", [
            """
            CREATE TABLE tributary_catalog (
                table_name text NOT NULL,
                column_name text NOT NULL,
                source_name text NOT NULL,
                column_type text NOT NULL,
                salesforce_type text NOT NULL,
                is_formula boolean NOT NULL,
                position integer NOT NULL,
                PRIMARY KEY (table_name, column_name)
            )
            """,
            """
            CREATE TABLE tributary_checkpoints (
                connection_id bigint NOT NULL,
                table_name text NOT NULL,
                high_water_mark text,
                cursor text,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (connection_id, table_name)
            )
            """,
            """
            CREATE TABLE tributary_rejects (
                table_name text NOT NULL,
                row_id text NOT NULL,
                column_name text NOT NULL,
                value text NOT NULL,
                rejected_at timestamptz NOT NULL,
                PRIMARY KEY (table_name, row_id, column_name)
            )
            """,
        ]),
        ("v2: metadata (connections, settings, source columns, cycles)", [
            """
            CREATE TABLE tributary_connections (
                id bigserial PRIMARY KEY,
                name text NOT NULL UNIQUE,
                kind text NOT NULL,
                login_url text NOT NULL,
                instance_url text,
                organization_id text,
                username text,
                auth_kind text NOT NULL,
                client_id text,
                secrets_ciphertext bytea,
                status text NOT NULL,
                last_error text,
                api_share double precision NOT NULL DEFAULT 0.5,
                created_at timestamptz NOT NULL,
                last_successful_update_began timestamptz,
                last_data_point_received timestamptz,
                update_every_minutes integer NOT NULL DEFAULT 60,
                blackout_start_hour integer,
                blackout_end_hour integer,
                notify_email text,
                notify_webhook text
            )
            """,
            """
            CREATE TABLE tributary_table_settings (
                connection_id bigint NOT NULL REFERENCES tributary_connections(id) ON DELETE CASCADE,
                object text NOT NULL,
                table_name text NOT NULL,
                selected boolean NOT NULL,
                method text NOT NULL,
                replication_key text,
                skip_reason text,
                recheck_frequency text NOT NULL,
                last_formula_recheck timestamptz,
                last_id_reconciliation timestamptz,
                PRIMARY KEY (connection_id, table_name)
            )
            """,
            """
            CREATE TABLE tributary_column_settings (
                connection_id bigint NOT NULL REFERENCES tributary_connections(id) ON DELETE CASCADE,
                table_name text NOT NULL,
                column_name text NOT NULL,
                selected boolean NOT NULL,
                recheck_frequency text NOT NULL,
                last_recheck timestamptz,
                PRIMARY KEY (connection_id, table_name, column_name)
            )
            """,
            """
            CREATE TABLE tributary_source_columns (
                connection_id bigint NOT NULL REFERENCES tributary_connections(id) ON DELETE CASCADE,
                table_name text NOT NULL,
                column_name text NOT NULL,
                source_name text NOT NULL,
                salesforce_type text NOT NULL,
                column_type text NOT NULL,
                is_formula boolean NOT NULL,
                position integer NOT NULL,
                PRIMARY KEY (connection_id, table_name, column_name)
            )
            """,
            """
            CREATE TABLE tributary_cycles (
                id bigserial PRIMARY KEY,
                connection_id bigint NOT NULL REFERENCES tributary_connections(id) ON DELETE CASCADE,
                started_at timestamptz NOT NULL,
                ended_at timestamptz,
                status text NOT NULL,
                error text,
                api_calls integer NOT NULL DEFAULT 0,
                objects text
            )
            """,
            "CREATE INDEX tributary_cycles_by_connection ON tributary_cycles(connection_id, id)",
            """
            CREATE TABLE tributary_cycle_tables (
                cycle_id bigint NOT NULL REFERENCES tributary_cycles(id) ON DELETE CASCADE,
                table_name text NOT NULL,
                inserted integer NOT NULL,
                updated integer NOT NULL,
                deleted integer NOT NULL,
                api_calls integer NOT NULL,
                started_at timestamptz NOT NULL,
                ended_at timestamptz,
                status text NOT NULL,
                error text,
                PRIMARY KEY (cycle_id, table_name)
            )
            """,
        ]),
        ("v3: work queue", [
            // No foreign keys: a warehouse whose metadata is elsewhere (SQLite) has no cycle rows here.
            """
            CREATE TABLE tributary_jobs (
                id bigserial PRIMARY KEY,
                connection_id bigint NOT NULL,
                cycle_id bigint NOT NULL,
                table_name text NOT NULL,
                plan text NOT NULL,
                state text NOT NULL,
                leased_by text,
                lease_expires_at timestamptz,
                attempts integer NOT NULL,
                result text,
                error text
            )
            """,
            "CREATE INDEX tributary_jobs_open ON tributary_jobs(id) WHERE state IN ('queued', 'leased')",
            "CREATE INDEX tributary_jobs_by_cycle ON tributary_jobs(cycle_id, id)",
        ]),
        ("v4: cycle heartbeats", [
            // A running cycle's process beats; only silent cycles are taken for interrupted.
            "ALTER TABLE tributary_cycles ADD COLUMN heartbeat_at timestamptz",
        ]),
        ("v5: cycle owners", [
            // A running cycle names its process (host:pid): one of this machine whose process exited is dead at once.
            "ALTER TABLE tributary_cycles ADD COLUMN owner text",
        ]),
        ("v6: locks and the report login", [
            // Locks only the main login can take (PostgresLocks): advisory locks are open to any session, reports included.
            "CREATE TABLE tributary_locks (name text PRIMARY KEY)",
            // The report login's password, shared by every process of the deployment (PostgresReportLogin).
            "CREATE TABLE tributary_report_logins (role_name text PRIMARY KEY, password text NOT NULL, created_at timestamptz NOT NULL)",
        ]),
        ("v7: schema cache", [
            // The describes of the last structure sync: a describeGlobal answered 304 needs no other.
            "CREATE TABLE tributary_schema_cache (connection_id bigint PRIMARY KEY REFERENCES tributary_connections(id) ON DELETE CASCADE, body bytea NOT NULL)",
        ]),
        ("v8: access findings", [
            // What the connected user could see (View All Data, hidden fields), and the admin's
            // choice to let id reconciliation delete without View All Data.
            "ALTER TABLE tributary_connections ADD COLUMN access_findings text",
            "ALTER TABLE tributary_connections ADD COLUMN reconcile_without_view_all boolean NOT NULL DEFAULT false",
        ]),
        ("v9: field details", [
            // Describe's label, lookup target and picklist order of each column, for analyses.
            "ALTER TABLE tributary_source_columns ADD COLUMN detail text",
        ]),
    ]

    /// Creates the schema when the URL names one, then applies the migrations not yet applied.
    /// An advisory lock makes two processes starting at once take turns: the lock table
    /// (`PostgresLocks`) may not exist yet. A report cannot hold this key for long: the text
    /// check refuses advisory lock functions, and a report's session ends with the report.
    static func migrate(_ client: PostgresClient, schema: String?, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(7457220615)", logger: logger)
                if let schema {
                    try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(PostgresSQL.quote(schema))"), logger: logger)
                }
                try await apply(migrations, recordedIn: "tributary_migrations", on: connection, logger: logger)
            }
        }
    }

    /// Applies the migrations of `list` not yet named in the table `recordedIn` (made when
    /// missing), in the caller's transaction.
    static func apply(_ list: [(name: String, statements: [String])], recordedIn table: String, on connection: PostgresConnection, logger: Logger) async throws {
        let quoted = PostgresSQL.quote(table)
        try await connection.query(
            PostgresQuery(unsafeSQL: "CREATE TABLE IF NOT EXISTS \(quoted) (name text PRIMARY KEY, applied_at timestamptz NOT NULL)"), logger: logger)
        var applied = Set<String>()
        for try await name in try await connection.query(PostgresQuery(unsafeSQL: "SELECT name FROM \(quoted)"), logger: logger).decode(String.self) {
            applied.insert(name)
        }
        for migration in list where !applied.contains(migration.name) {
            for statement in migration.statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            var insert = PostgresQuery(unsafeSQL: "INSERT INTO \(quoted) (name, applied_at) VALUES ($1, now())")
            insert.binds.append(migration.name)
            try await connection.query(insert, logger: logger)
        }
    }
}

/// Another store's frozen migrations in the warehouse's database (the web app's tables), with
/// their own record table and the same way of taking turns as the warehouse's.
public enum PostgresStoreMigrations {
    /// Applies the migrations of `list` not yet recorded in `table`, under `lockKey` (an
    /// advisory lock, so two replicas starting at once take turns).
    public static func migrate(_ pool: PostgresPool, _ list: [(name: String, statements: [String])], recordedIn table: String, lockKey: Int64) async throws {
        try await pool.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: pool.logger)
            try await PostgresMigrations.apply(list, recordedIn: table, on: connection, logger: pool.logger)
        }
    }

    /// The names recorded in `table`, for readiness: a store whose migrations are not all applied is not ready.
    public static func applied(_ pool: PostgresPool, recordedIn table: String) async throws -> Set<String> {
        try await pool.read { connection in
            var names = Set<String>()
            for try await name in try await connection.query(PostgresQuery(unsafeSQL: "SELECT name FROM \(PostgresSQL.quote(table))"), logger: pool.logger).decode(String.self) {
                names.insert(name)
            }
            return names
        }
    }
}
