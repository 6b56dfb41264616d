import PostgresNIO
import Synchronization

/// The role reports run as: it may read the warehouse schema's tables (granted now and by
/// default for tables made later), never Tributary's own (catalog, checkpoints, rejects), and it
/// has no other privilege: no writes, no server files, no other schemas. Made once per
/// warehouse when the server lets us create roles; without that, reports still run READ ONLY
/// with `PostgresReportText`'s checks, and the log says so.
extension PostgresWarehouse {
    static let reportRoleName = "tributary_report_reader"

    func reportRole() async throws -> String? {
        if let known = reportRoleState.withLock({ $0 }) { return known.isEmpty ? nil : known }
        let role = Self.reportRoleName
        do {
            try await transaction { connection in
                // Without a schema in the URL the tables live in the search path's first schema.
                var current = url.schema ?? "public"
                if url.schema == nil {
                    for try await name in try await connection.query("SELECT current_schema()", logger: self.logger).decode(String.self) { current = name }
                }
                let schema = PostgresSQL.quote(current)
                try await connection.query(PostgresQuery(unsafeSQL: """
                    DO $$ BEGIN CREATE ROLE \(role) NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$
                    """), logger: self.logger)
                try await connection.query(PostgresQuery(unsafeSQL: "GRANT \(role) TO CURRENT_USER"), logger: self.logger)
                try await connection.query(PostgresQuery(unsafeSQL: "GRANT USAGE ON SCHEMA \(schema) TO \(role)"), logger: self.logger)
                try await connection.query(PostgresQuery(unsafeSQL: "GRANT SELECT ON ALL TABLES IN SCHEMA \(schema) TO \(role)"), logger: self.logger)
                try await connection.query(PostgresQuery(unsafeSQL: "ALTER DEFAULT PRIVILEGES IN SCHEMA \(schema) GRANT SELECT ON TABLES TO \(role)"),
                                           logger: self.logger)
                try await connection.query(PostgresQuery(unsafeSQL: """
                    REVOKE ALL ON \(schema)."tributary_catalog", \(schema)."tributary_checkpoints", \(schema)."tributary_rejects", \(schema)."tributary_migrations" FROM \(role)
                    """), logger: self.logger)
            }
            reportRoleState.withLock { $0 = role }
            return role
        } catch {
            logger.warning("reports run without a read-only role (the server refused to make \(role): \(PostgresErrorText.reason(error)))")
            reportRoleState.withLock { $0 = "" }
            return nil
        }
    }
}
