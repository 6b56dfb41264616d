import Logging
import PostgresNIO

/// Tributary's own tables in a PostgreSQL warehouse, as frozen history: never edit a shipped
/// migration, add a new one. (The SQLite file has its own list; the two hold the same catalog
/// and checkpoint tables.)
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
        ])
    ]

    /// Creates the schema when the URL names one, then applies the migrations not yet applied.
    /// An advisory lock makes two processes starting at once take turns.
    static func migrate(_ client: PostgresClient, schema: String?, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(7457220615)", logger: logger)
                if let schema {
                    try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(PostgresSQL.quote(schema))"), logger: logger)
                }
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS tributary_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL)",
                    logger: logger)
                var applied = Set<String>()
                for try await name in try await connection.query("SELECT name FROM tributary_migrations", logger: logger).decode(String.self) {
                    applied.insert(name)
                }
                for migration in migrations where !applied.contains(migration.name) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO tributary_migrations (name, applied_at) VALUES (\(migration.name), now())", logger: logger)
                }
            }
        }
    }
}
