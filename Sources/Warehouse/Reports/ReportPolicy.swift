/// What report SQL (typed by users) may read, shared by every warehouse so SQLite and
/// PostgreSQL refuse the same things.
///
/// The warehouse file also holds Tributary's own `tributary_` tables: users and password
/// hashes, sessions, API keys, connections with encrypted tokens. None of that is data for
/// reports, so every `tributary_` table is refused except the derived ones Tributary computes
/// for analysis.
public enum ReportPolicy {
    /// The `tributary_` tables that are analysis results, readable by reports.
    public static let readableMetadataTables: Set<String> = ["tributary_lead_scores", "tributary_lead_model"]

    /// SQLite's own tables that expose raw pages or connection internals, and so would read
    /// around the table check (`sqlite_dbpage` returns any page of the file).
    static let internalTables: Set<String> = ["sqlite_dbpage", "dbstat", "sqlite_stmt"]

    /// SQL functions that touch files or the process: never available to reports.
    static let refusedFunctions: Set<String> = [
        "load_extension", "fts3_tokenizer", "readfile", "writefile", "edit", "zipfile", "sqlar_compress", "sqlar_uncompress",
    ]

    /// Whether a report may read `table` (any case, as SQL names are case-insensitive).
    public static func isReadable(table: String) -> Bool {
        let name = table.lowercased()
        if name.hasPrefix("tributary_") { return readableMetadataTables.contains(name) }
        // Table-valued PRAGMA functions (`pragma_table_info`, `pragma_database_list`) are
        // settings too: refused in every spelling.
        if name.hasPrefix("pragma_") { return false }
        return !internalTables.contains(name)
    }

    /// Whether a report may call the SQL function `name`.
    public static func isCallable(function name: String) -> Bool {
        !refusedFunctions.contains(name.lowercased())
    }

    /// The row limit when a caller asks for none or too many.
    public static let defaultRowLimit = 10_000
}
