import Foundation
import Logging
import PostgresNIO
import Warehouse

/// The web app's state in the PostgreSQL warehouse's database, its own tables beside the
/// warehouse's, on the warehouse's connection pool (one per process). Every replica of `serve`
/// reads and writes these rows, so a session, a report or a sign-in failure made on one is seen
/// by all. Each method is one statement or one transaction, with the SQLite store's semantics.
struct PostgresAppStore: AppStoreBackend {
    let pool: PostgresPool
    var logger: Logger { pool.logger }

    /// Makes or migrates the tables (replicas starting at once take turns), then the store.
    static func open(_ pool: PostgresPool) async throws -> PostgresAppStore {
        try await PostgresStoreMigrations.migrate(pool, migrations, recordedIn: migrationTable, lockKey: 7_457_220_616)
        return PostgresAppStore(pool: pool)
    }

    var description: String { "PostgreSQL" }

    func check() async throws {
        let applied = try await PostgresStoreMigrations.applied(pool, recordedIn: Self.migrationTable)
        let missing = Self.migrations.map(\.name).filter { !applied.contains($0) }
        guard missing.isEmpty else { throw AppStoreNotReady(missing: missing) }
    }

    static let migrationTable = "tributary_webapp_migrations"

    /// Frozen history, like the warehouse's: never edit a shipped migration, add a new one. The
    /// same tables as the SQLite store's, in PostgreSQL's types (times as timestamptz).
    static let migrations: [(name: String, statements: [String])] = [
        ("webapp v1: users, sessions, API keys, goals, reports, dashboards and their emails, sign-ins", [
            """
            CREATE TABLE tributary_users (
                id bigserial PRIMARY KEY,
                email text NOT NULL,
                password_hash text NOT NULL,
                role text NOT NULL,
                created_at timestamptz NOT NULL)
            """,
            // One user per email however it is cased, as SQLite's COLLATE NOCASE.
            "CREATE UNIQUE INDEX tributary_users_email ON tributary_users (lower(email))",
            """
            CREATE TABLE tributary_sessions (
                token_hash text PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES tributary_users(id) ON DELETE CASCADE,
                csrf_token text NOT NULL,
                expires_at timestamptz NOT NULL)
            """,
            "CREATE INDEX tributary_sessions_user ON tributary_sessions(user_id)",
            """
            CREATE TABLE tributary_api_keys (
                id bigserial PRIMARY KEY,
                name text NOT NULL,
                key_hash text NOT NULL UNIQUE,
                created_by text NOT NULL,
                user_id bigint NOT NULL REFERENCES tributary_users(id) ON DELETE CASCADE,
                created_at timestamptz NOT NULL,
                last_used_at timestamptz)
            """,
            """
            CREATE TABLE tributary_goals (
                id bigserial PRIMARY KEY,
                title text NOT NULL,
                metric text NOT NULL,
                period text NOT NULL,
                start text NOT NULL,
                target double precision NOT NULL,
                owner_ids text NOT NULL,
                created_by text NOT NULL,
                created_at timestamptz NOT NULL)
            """,
            // A removed user's reports stay (shared ones may be in use); admins can still edit them.
            """
            CREATE TABLE tributary_reports (
                id bigserial PRIMARY KEY,
                title text NOT NULL,
                sql text NOT NULL,
                query text,
                chart text NOT NULL,
                owner_id bigint REFERENCES tributary_users(id) ON DELETE SET NULL,
                shared boolean NOT NULL DEFAULT false,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL)
            """,
            "CREATE INDEX tributary_reports_owner ON tributary_reports(owner_id)",
            """
            CREATE TABLE tributary_dashboards (
                id bigserial PRIMARY KEY,
                title text NOT NULL,
                widgets text NOT NULL,
                shared boolean NOT NULL,
                owner_id bigint REFERENCES tributary_users(id) ON DELETE CASCADE,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL)
            """,
            """
            CREATE TABLE tributary_dashboard_emails (
                id bigserial PRIMARY KEY,
                dashboard_id bigint NOT NULL REFERENCES tributary_dashboards(id) ON DELETE CASCADE,
                frequency text NOT NULL,
                hour integer NOT NULL,
                weekday integer NOT NULL,
                day_of_month integer NOT NULL,
                time_zone text NOT NULL,
                recipients text NOT NULL,
                created_by bigint REFERENCES tributary_users(id) ON DELETE SET NULL,
                created_at timestamptz NOT NULL,
                last_sent_at timestamptz)
            """,
            "CREATE INDEX tributary_dashboard_emails_dashboard ON tributary_dashboard_emails(dashboard_id)",
            """
            CREATE TABLE tributary_sign_in_failures (
                key_hash text NOT NULL,
                failed_at timestamptz NOT NULL)
            """,
            "CREATE INDEX tributary_sign_in_failures_key ON tributary_sign_in_failures(key_hash, failed_at)",
            """
            CREATE TABLE tributary_pending_sign_ins (
                state_hash text PRIMARY KEY,
                sign_in text NOT NULL,
                started_at timestamptz NOT NULL)
            """,
        ]),
    ]

    /// One statement's rows, on a pooled connection.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await pool.rows(query)
    }

    /// The id an `INSERT … RETURNING id` made for the new `what`.
    func insertedID(_ query: PostgresQuery, of what: String) async throws -> Int64 {
        guard let id = try await rows(query).first?.value("id", as: Int64.self) else {
            throw AppStoreWriteError(description: "PostgreSQL returned no id for the new \(what)")
        }
        return id
    }

    static func user(_ row: PostgresRandomAccessRow) throws -> User? {
        guard let role = Role(rawValue: try row.value("role")) else { return nil }
        return User(id: try row.value("id"), email: try row.value("email"), role: role, createdAt: try row.value("created_at"))
    }
}

extension PostgresConnection {
    /// One statement's rows inside a transaction.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await self.query(query, logger: logger) { rows.append(row.makeRandomAccess()) }
        return rows
    }
}
