import Foundation
import PostgresNIO

/// Report SQL on PostgreSQL: a READ ONLY transaction as a role that can only read the synced
/// and derived tables (`PostgresReportRole`), `statement_timeout`, and the same refusals as
/// SQLite (`ReportPolicy`) for what a role cannot express, such as `set_config`.
extension PostgresWarehouse {
    public func report(_ sql: String, limit: Int, timeout: Duration) async throws -> ReportResult {
        let limit = limit > 0 ? limit : ReportPolicy.defaultRowLimit
        let body = try PostgresReportText.checked(sql)
        let role = try await reportRole()
        let milliseconds = max(1, Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        // A probe row keeps the column names when the query returns no rows: it is joined to the
        // query, and its marker column says whether a row is the query's.
        let wrapped = """
            SELECT q.* FROM (SELECT 1) AS _tributary_probe
            LEFT JOIN (SELECT r.*, 1 AS _tributary_present FROM (\(body)) AS r) AS q ON true LIMIT \(limit + 1)
            """
        do {
            // The pool's transaction directly: the server's SQLSTATE decides which report error it is.
            return try await client.withTransaction(logger: logger) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "SET TRANSACTION READ ONLY"), logger: self.logger)
                try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL statement_timeout = \(milliseconds)"), logger: self.logger)
                if let role { try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL ROLE \(PostgresSQL.quote(role))"), logger: self.logger) }
                var columns: [String] = []
                var rows: [[String?]] = []
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: wrapped), logger: self.logger) {
                    let cells = Array(row)
                    if columns.isEmpty { columns = cells.dropLast().map(\.columnName) }
                    guard let marker = cells.last, marker.bytes != nil else { continue }
                    rows.append(try cells.dropLast().map(PostgresCellText.text))
                }
                let truncated = rows.count > limit
                return ReportResult(columns: columns, rows: Array(rows.prefix(limit)), truncated: truncated)
            }
        } catch {
            throw Self.reportError(error, timeout: timeout)
        }
    }

    /// Server errors as the report errors the editor shows.
    static func reportError(_ error: any Error, timeout: Duration) -> any Error {
        if let warehouse = error as? WarehouseError, warehouse.isReportProblem { return warehouse }
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError { return reportError(inner, timeout: timeout) }
        switch PostgresErrorText.sqlState(error) {
        case "57014": return WarehouseError.reportTimedOut(after: timeout)  // query_canceled by statement_timeout
        case "25006", "42501": return WarehouseError.reportRefused("reports only read the synced tables: \(PostgresErrorText.reason(error))")
        case .some: return WarehouseError.reportFailed(PostgresErrorText.reason(error))
        case nil: return PostgresErrorText.mapped(error)
        }
    }
}

/// Report text checks that do not need the database: one statement that reads (SELECT, WITH,
/// VALUES, TABLE), naming no `tributary_` table but the derived ones, and no function that
/// changes settings, touches files or runs SQL text of its own.
enum PostgresReportText {
    static let refusedFunctions: Set<String> = [
        "set_config", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "lo_import", "lo_export", "lo_get",
        "dblink", "dblink_exec", "query_to_xml", "query_to_xml_and_xmlschema", "cursor_to_xml", "table_to_xml", "schema_to_xml",
        "database_to_xml", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_switch_wal",
        "pg_advisory_lock", "pg_advisory_xact_lock", "txid_current", "pg_current_xact_id", "nextval", "setval",
    ]

    /// The statement without trailing semicolons, or `reportRefused` saying why not.
    static func checked(_ sql: String) throws -> String {
        var text = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        while text.hasSuffix(";") { text = String(text.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        let words = identifiers(text)
        guard let first = words.first, ["select", "with", "values", "table"].contains(first) else {
            throw WarehouseError.reportRefused("a report is one SELECT statement (or WITH, VALUES, TABLE)")
        }
        if text.contains(";") { throw WarehouseError.reportRefused("a report is one statement; remove the ';' between statements") }
        for word in words {
            if word.hasPrefix("tributary_"), !ReportPolicy.readableMetadataTables.contains(word), word != "tributary_probe" {
                throw WarehouseError.reportRefused("reports do not read Tributary's own table \(word)")
            }
            if refusedFunctions.contains(word) || word.hasPrefix("pg_read") || word.hasPrefix("lo_") {
                throw WarehouseError.reportRefused("reports may not call \(word)")
            }
        }
        return text
    }

    /// The words of the text outside string literals and comments, lower-cased (quoted
    /// identifiers included, without their quotes).
    static func identifiers(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var chars = Array(text.unicodeScalars)[...]
        func flush() { if !current.isEmpty { words.append(current.lowercased()); current = "" } }
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case "'":
                flush()
                while let d = chars.first { chars = chars.dropFirst(); if d == "'" { if chars.first == "'" { chars = chars.dropFirst() } else { break } } }
            case "-" where chars.first == "-":
                flush()
                while let d = chars.first, d != "\n" { chars = chars.dropFirst() }
            case "/" where chars.first == "*":
                flush()
                chars = chars.dropFirst()
                while let d = chars.first { chars = chars.dropFirst(); if d == "*", chars.first == "/" { chars = chars.dropFirst(); break } }
            case "\"":
                flush()
                while let d = chars.first { chars = chars.dropFirst(); if d == "\"" { break }; current.unicodeScalars.append(d) }
                flush()
            default:
                if c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "$" { current.unicodeScalars.append(c) } else { flush() }
            }
        }
        flush()
        return words
    }
}
