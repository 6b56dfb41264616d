import GRDB

/// The metadata schema as frozen history: never edit a shipped migration, add a new one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: catalog, checkpoints, connections, settings, cycles") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_catalog (
                    table_name TEXT NOT NULL,
                    column_name TEXT NOT NULL,
                    source_name TEXT NOT NULL,
                    column_type TEXT NOT NULL,
                    salesforce_type TEXT NOT NULL,
                    is_formula INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (table_name, column_name)
                );
                CREATE TABLE tributary_checkpoints (
                    connection_id INTEGER NOT NULL,
                    table_name TEXT NOT NULL,
                    high_water_mark TEXT,
                    cursor TEXT,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (connection_id, table_name)
                );
                CREATE TABLE tributary_connections (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    login_url TEXT NOT NULL,
                    instance_url TEXT,
                    organization_id TEXT,
                    username TEXT,
                    auth_kind TEXT NOT NULL,
                    client_id TEXT,
                    secrets_ciphertext BLOB,
                    status TEXT NOT NULL,
                    last_error TEXT,
                    api_share REAL NOT NULL DEFAULT 0.5,
                    created_at TEXT NOT NULL,
                    last_successful_update_began TEXT,
                    last_data_point_received TEXT
                );
                CREATE TABLE tributary_table_settings (
                    connection_id INTEGER NOT NULL REFERENCES tributary_connections(id) ON DELETE CASCADE,
                    object TEXT NOT NULL,
                    table_name TEXT NOT NULL,
                    selected INTEGER NOT NULL,
                    method TEXT NOT NULL,
                    replication_key TEXT,
                    skip_reason TEXT,
                    recheck_frequency TEXT NOT NULL,
                    last_formula_recheck TEXT,
                    last_id_reconciliation TEXT,
                    PRIMARY KEY (connection_id, table_name)
                );
                CREATE TABLE tributary_column_settings (
                    connection_id INTEGER NOT NULL REFERENCES tributary_connections(id) ON DELETE CASCADE,
                    table_name TEXT NOT NULL,
                    column_name TEXT NOT NULL,
                    selected INTEGER NOT NULL,
                    recheck_frequency TEXT NOT NULL,
                    PRIMARY KEY (connection_id, table_name, column_name)
                );
                CREATE TABLE tributary_cycles (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    connection_id INTEGER NOT NULL REFERENCES tributary_connections(id) ON DELETE CASCADE,
                    started_at TEXT NOT NULL,
                    ended_at TEXT,
                    status TEXT NOT NULL,
                    error TEXT,
                    api_calls INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX tributary_cycles_by_connection ON tributary_cycles(connection_id, id);
                CREATE TABLE tributary_cycle_tables (
                    cycle_id INTEGER NOT NULL REFERENCES tributary_cycles(id) ON DELETE CASCADE,
                    table_name TEXT NOT NULL,
                    inserted INTEGER NOT NULL,
                    updated INTEGER NOT NULL,
                    deleted INTEGER NOT NULL,
                    api_calls INTEGER NOT NULL,
                    started_at TEXT NOT NULL,
                    ended_at TEXT,
                    status TEXT NOT NULL,
                    error TEXT,
                    PRIMARY KEY (cycle_id, table_name)
                );
                """)
        }
        migrator.registerMigration("v2: schedules, notifications, source columns, per-column rechecks") { db in
            try db.execute(sql: """
                ALTER TABLE tributary_connections ADD COLUMN update_every_minutes INTEGER NOT NULL DEFAULT 60;
                ALTER TABLE tributary_connections ADD COLUMN blackout_start_hour INTEGER;
                ALTER TABLE tributary_connections ADD COLUMN blackout_end_hour INTEGER;
                ALTER TABLE tributary_connections ADD COLUMN notify_email TEXT;
                ALTER TABLE tributary_connections ADD COLUMN notify_webhook TEXT;
                ALTER TABLE tributary_column_settings ADD COLUMN last_recheck TEXT;
                ALTER TABLE tributary_cycles ADD COLUMN objects TEXT;
                CREATE TABLE tributary_source_columns (
                    connection_id INTEGER NOT NULL REFERENCES tributary_connections(id) ON DELETE CASCADE,
                    table_name TEXT NOT NULL,
                    column_name TEXT NOT NULL,
                    source_name TEXT NOT NULL,
                    salesforce_type TEXT NOT NULL,
                    column_type TEXT NOT NULL,
                    is_formula INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (connection_id, table_name, column_name)
                );
                """)
        }
        migrator.registerMigration("v3: cycle heartbeats") { db in
            // A running cycle's process beats; only silent cycles are taken for interrupted.
            try db.execute(sql: "ALTER TABLE tributary_cycles ADD COLUMN heartbeat_at TEXT")
        }
        migrator.registerMigration("v4: cycle owners") { db in
            // A running cycle names its process (host:pid): one of this machine whose process exited is dead at once.
            try db.execute(sql: "ALTER TABLE tributary_cycles ADD COLUMN owner TEXT")
        }
        migrator.registerMigration("v5: schema cache") { db in
            // The describes of the last structure sync: a describeGlobal answered 304 needs no other.
            try db.execute(sql: """
                CREATE TABLE tributary_schema_cache (
                    connection_id INTEGER PRIMARY KEY REFERENCES tributary_connections(id) ON DELETE CASCADE,
                    body BLOB NOT NULL
                )
                """)
        }
        migrator.registerMigration("v6: access findings") { db in
            // What the connected user could see (View All Data, hidden fields), and the admin's
            // choice to let id reconciliation delete without View All Data.
            try db.execute(sql: """
                ALTER TABLE tributary_connections ADD COLUMN access_findings TEXT;
                ALTER TABLE tributary_connections ADD COLUMN reconcile_without_view_all INTEGER NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v7: field details") { db in
            // Describe's label, lookup target and picklist order of each column, for analyses.
            try db.execute(sql: "ALTER TABLE tributary_source_columns ADD COLUMN detail TEXT")
        }
        return migrator
    }
}
