import Foundation
import GRDB
import Warehouse

/// The web app's state in SQLite: the embedded default, in the same file as the warehouse's
/// metadata (`--data-dir`'s `tributary.sqlite`). One writer, WAL readers; each method is one
/// statement or one transaction.
final class SQLiteAppStore: AppStoreBackend {
    let writer: any DatabaseWriter

    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // Password hashes and sessions: the file (and SQLite's -wal/-shm after it) is 0600.
        try PrivateFiles.prepareSQLiteFile(path)
        writer = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(writer)
    }

    init(inMemory: Void = ()) throws {
        writer = try DatabaseQueue()
        try Self.migrator.migrate(writer)
    }

    var description: String { "SQLite" }

    /// Answers a query and has every migration applied (for `/readyz`).
    func check() async throws {
        // The file also holds the warehouse metadata's migrations (same GRDB table), so compare
        // names, not counts.
        let applied = try await writer.read { db in try Set(Self.migrator.appliedIdentifiers(db)) }
        let missing = Self.migrator.migrations.filter { !applied.contains($0) }
        guard missing.isEmpty else { throw AppStoreNotReady(missing: missing) }
    }

    /// Frozen history: never edit a shipped migration, add a new one (the PostgreSQL store keeps
    /// the same tables in its own list).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("webapp-v1-users") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_users (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    created_at REAL NOT NULL);
                CREATE TABLE tributary_sessions (
                    token_hash TEXT PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES tributary_users(id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL,
                    expires_at REAL NOT NULL);
                """)
        }
        migrator.registerMigration("webapp-v2-api-keys") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_api_keys (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    key_hash TEXT NOT NULL UNIQUE,
                    created_by TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    last_used_at REAL);
                """)
        }
        migrator.registerMigration("webapp-v3-goals") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_goals (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    title TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    period TEXT NOT NULL,
                    start TEXT NOT NULL,
                    target REAL NOT NULL,
                    owner_ids TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at REAL NOT NULL);
                """)
        }
        // A removed user's reports stay (shared ones may be in use); they lose their owner
        // and admins can still edit or delete them.
        migrator.registerMigration("webapp-v3-reports") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_reports (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    title TEXT NOT NULL,
                    sql TEXT NOT NULL,
                    chart TEXT NOT NULL,
                    owner_id INTEGER REFERENCES tributary_users(id) ON DELETE SET NULL,
                    shared INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL);
                CREATE INDEX tributary_reports_owner ON tributary_reports(owner_id);
                """)
        }
        migrator.registerMigration("webapp-v4-dashboards") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_dashboards (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    title TEXT NOT NULL,
                    widgets TEXT NOT NULL,
                    shared INTEGER NOT NULL,
                    owner_id INTEGER REFERENCES tributary_users(id) ON DELETE CASCADE,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL);
                """)
        }
        // A key acts as the user who made it, with that user's role at the time of each request,
        // and goes when the user goes. Keys from before have only the creator's email: they keep
        // working as that user if the user still exists, and are dropped otherwise.
        migrator.registerMigration("webapp-v5-api-key-owner") { db in
            try db.execute(sql: """
                ALTER TABLE tributary_api_keys ADD COLUMN user_id INTEGER REFERENCES tributary_users(id) ON DELETE CASCADE;
                UPDATE tributary_api_keys SET user_id = (SELECT id FROM tributary_users u WHERE u.email = tributary_api_keys.created_by);
                DELETE FROM tributary_api_keys WHERE user_id IS NULL;
                CREATE INDEX tributary_api_keys_user ON tributary_api_keys(user_id);
                """)
        }
        // A report built in the report builder keeps its query as the API's JSON; its `sql` is empty.
        migrator.registerMigration("webapp-v6-report-query") { db in
            try db.execute(sql: "ALTER TABLE tributary_reports ADD COLUMN query TEXT")
        }
        // A dashboard emailed on a schedule; it goes with its dashboard. Recipients are user ids
        // (a removed user is skipped when sending).
        migrator.registerMigration("webapp-v7-dashboard-emails") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_dashboard_emails (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    dashboard_id INTEGER NOT NULL REFERENCES tributary_dashboards(id) ON DELETE CASCADE,
                    frequency TEXT NOT NULL,
                    hour INTEGER NOT NULL,
                    weekday INTEGER NOT NULL,
                    day_of_month INTEGER NOT NULL,
                    time_zone TEXT NOT NULL,
                    recipients TEXT NOT NULL,
                    created_by INTEGER REFERENCES tributary_users(id) ON DELETE SET NULL,
                    created_at REAL NOT NULL,
                    last_sent_at REAL);
                CREATE INDEX tributary_dashboard_emails_dashboard ON tributary_dashboard_emails(dashboard_id);
                """)
        }
        // Shared by replicas in PostgreSQL; kept here too so one store serves every route alike.
        migrator.registerMigration("webapp-v8-sign-ins") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_sign_in_failures (
                    key_hash TEXT NOT NULL,
                    failed_at REAL NOT NULL);
                CREATE INDEX tributary_sign_in_failures_key ON tributary_sign_in_failures(key_hash, failed_at);
                CREATE TABLE tributary_pending_sign_ins (
                    state_hash TEXT PRIMARY KEY,
                    sign_in TEXT NOT NULL,
                    started_at REAL NOT NULL);
                """)
        }
        return migrator
    }

    static func user(_ row: Row) -> User? {
        guard let id = row["id"] as Int64?, let email = row["email"] as String?, let roleText = row["role"] as String?,
              let role = Role(rawValue: roleText), let created = row["created_at"] as Double?
        else { return nil }
        return User(id: id, email: email, role: role, createdAt: Date(timeIntervalSince1970: created))
    }
}
