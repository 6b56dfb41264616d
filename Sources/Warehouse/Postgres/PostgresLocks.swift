import Logging
import PostgresNIO

/// Locks that serialise Tributary's own work across processes (leasing jobs, changing a table,
/// making the report login): a row of `tributary_locks`, locked until the transaction ends.
///
/// Rows rather than advisory locks because advisory locks belong to the whole database: any
/// session may take any key, so a report that called `pg_try_advisory_lock` with the lease key
/// froze every cycle and worker. Only the main login can touch this table; the report login
/// has no privilege on it and so cannot lock its rows.
enum PostgresLocks {
    /// Locks `name` for the rest of the transaction, waiting while another transaction holds it.
    /// The row is made on first use; `DO UPDATE` takes its row lock in the same statement.
    static func take(_ name: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO tributary_locks (name) VALUES (\(name)) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
            """, logger: logger)
    }
}
