import Crypto
import Foundation
import PostgresNIO
import Synchronization

/// The PostgreSQL login role that report SQL runs as: the wall around reports.
///
/// Report SQL is typed by users, so no check of its text can be trusted to see every spelling
/// (`U&"tributary\005fconnections"`, `$$…$$`, a name built at run time). Running it as the main
/// login under `SET LOCAL ROLE` was not enough either: `set_config('role', 'none', true)` undoes
/// a `SET ROLE`. So reports connect as a login of their own that owns nothing and is granted
/// only USAGE on the warehouse schema and SELECT on the `sf_` tables and the derived tables of
/// `ReportPolicy`: it is not a member of any role, so there is no way back to the main login's
/// privileges, and Tributary's own tables (connections, cycles, checkpoints, jobs, the report
/// login's password) are out of its reach whatever the text says.
///
/// One role per database and schema (two deployments in one database do not read each other's
/// tables), named from a hash of both. Its password is random, made by the first process and kept
/// in `tributary_report_logins`, which only the main login can read, so every replica and worker
/// of a deployment connects with the same one.
struct PostgresReportLogin: Sendable, Equatable {
    let role: String
    let password: String

    /// The role's name for a database and schema: `tributary_report_` and 16 hex digits.
    static func roleName(database: String, schema: String) -> String {
        let digest = SHA256.hash(data: Data("\(database)\u{0}\(schema)".utf8))
        return "tributary_report_" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// A new random password: 32 bytes as hex (a literal that needs no quoting care).
    static func randomPassword() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// The settings every report session starts with. `idle_in_transaction_session_timeout` ends
    /// a session whose client vanished mid-report; the report's own `statement_timeout` is set
    /// per run (`TRIBUTARY_REPORT_TIMEOUT`), and the role's default bounds any run that skipped it.
    static let roleSettings: [(name: String, value: String)] = [
        ("statement_timeout", "300s"), ("idle_in_transaction_session_timeout", "60s"), ("lock_timeout", "5s"),
        // PostgreSQL 14 and later notice a closed client while a query runs; older servers do not
        // know the setting, and the role is made without it there.
        ("client_connection_check_interval", "1s"),
    ]

    /// How reports connect: the warehouse's server, database, TLS and search path, as this role.
    func configuration(for url: PostgresURL) throws -> PostgresConnection.Configuration {
        var configuration = try url.connectionConfiguration()
        configuration.username = role
        configuration.password = password
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}

/// Why reports cannot run on this PostgreSQL warehouse, for the editor and the log.
enum PostgresReportLoginError {
    static func cannotCreate(_ role: String, login: String, reason: String) -> WarehouseError {
        .reportFailed("""
            Reports on PostgreSQL run as a login role of their own (\(role)), which only reads the synced tables, and the \
            warehouse login \(login) may not create it (\(reason)). Give that login CREATEROLE once (ALTER ROLE \(login) CREATEROLE), \
            then run the report again.
            """)
    }
}

extension PostgresWarehouse {
    /// The report login, made (or brought up to date) once per process; its grants are checked
    /// before every report (`grantReportReads`), since tables are added while the process runs.
    func reportLogin() async throws -> PostgresReportLogin {
        if let known = reportLoginState.withLock({ $0 }) { return known }
        let schema = try await currentSchema()
        let role = PostgresReportLogin.roleName(database: url.database, schema: schema)
        let login: PostgresReportLogin
        do {
            login = try await transaction { connection in
                try await PostgresLocks.take("report login", on: connection, logger: self.logger)
                let password = try await Self.storedPassword(for: role, on: connection, logger: self.logger)
                let login = PostgresReportLogin(role: role, password: password)
                try await Self.createOrUpdate(login, schema: schema, on: connection, logger: self.logger)
                return login
            }
        } catch {
            logger.error("reports cannot run: the warehouse login could not make the report login \(role): \(PostgresErrorText.reason(error))")
            throw PostgresReportLoginError.cannotCreate(role, login: url.username, reason: PostgresErrorText.reason(error))
        }
        reportLoginState.withLock { $0 = login }
        return login
    }

    /// Grants the report login SELECT on every table of the schema it may read that it cannot
    /// read yet (tables made since the last report), and on nothing else.
    func grantReportReads(to login: PostgresReportLogin) async throws {
        try await transaction { connection in
            let rows = try await connection.query("""
                SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm')
                  AND NOT has_table_privilege(\(login.role), c.oid, 'SELECT')
                """, logger: self.logger)
            var missing: [String] = []
            for try await name in rows.decode(String.self) where ReportPolicy.isGrantable(table: name) { missing.append(name) }
            for name in missing {
                try await connection.query(PostgresQuery(unsafeSQL: "GRANT SELECT ON \(PostgresSQL.quote(name)) TO \(PostgresSQL.quote(login.role))"),
                                           logger: self.logger)
            }
        }
    }

    /// The schema Tributary's tables are in: the URL's, or the search path's first.
    private func currentSchema() async throws -> String {
        if let schema = url.schema { return schema }
        return try await read { connection in
            var current = "public"
            for try await name in try await connection.query("SELECT current_schema()::text", logger: self.logger).decode(String.self) { current = name }
            return current
        }
    }

    /// The role's password: the one a process of this deployment stored first, or a new one.
    private static func storedPassword(for role: String, on connection: PostgresConnection, logger: Logger) async throws -> String {
        try await connection.query("""
            INSERT INTO tributary_report_logins (role_name, password, created_at) VALUES (\(role), \(PostgresReportLogin.randomPassword()), now())
            ON CONFLICT (role_name) DO NOTHING
            """, logger: logger)
        for try await password in try await connection.query(
            "SELECT password FROM tributary_report_logins WHERE role_name = \(role)", logger: logger).decode(String.self) {
            return password
        }
        throw WarehouseError.database("the report login's password was not stored")
    }

    /// Creates the role when missing, then sets what it is and may do every time, so a role left
    /// by an older version (or changed by hand) is brought back to these terms.
    private static func createOrUpdate(_ login: PostgresReportLogin, schema: String, on connection: PostgresConnection, logger: Logger) async throws {
        let role = PostgresSQL.quote(login.role)
        // The names and the password are hex and a fixed prefix: nothing to escape.
        let attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 16 PASSWORD '\(login.password)'"
        try await connection.query(PostgresQuery(unsafeSQL: """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(login.role)') THEN CREATE ROLE \(role) \(attributes); END IF;
            END $$
            """), logger: logger)
        try await connection.query(PostgresQuery(unsafeSQL: "ALTER ROLE \(role) WITH \(attributes)"), logger: logger)
        for setting in PostgresReportLogin.roleSettings {
            // A setting the server does not know (an older version) is left out, not an error.
            try await connection.query(PostgresQuery(unsafeSQL: """
                DO $$ BEGIN ALTER ROLE \(role) SET \(setting.name) = '\(setting.value)'; EXCEPTION WHEN undefined_object OR invalid_parameter_value THEN NULL; END $$
                """), logger: logger)
        }
        // PUBLIC normally has CONNECT on a database; a hardened server may have revoked it.
        try await connection.query(PostgresQuery(unsafeSQL: "GRANT CONNECT ON DATABASE \(PostgresSQL.quote(try await databaseName(connection, logger))) TO \(role)"),
                                   logger: logger)
        try await connection.query(PostgresQuery(unsafeSQL: "GRANT USAGE ON SCHEMA \(PostgresSQL.quote(schema)) TO \(role)"), logger: logger)
    }

    private static func databaseName(_ connection: PostgresConnection, _ logger: Logger) async throws -> String {
        for try await name in try await connection.query("SELECT current_database()::text", logger: logger).decode(String.self) { return name }
        throw WarehouseError.database("the server did not name its database")
    }
}
