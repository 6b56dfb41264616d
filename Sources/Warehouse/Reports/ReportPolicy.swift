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

    /// Table-valued functions a report may read from: they compute rows from their arguments
    /// and read nothing of the file.
    static let tableFunctions: Set<String> = ["json_each", "json_tree", "jsonb_each", "jsonb_tree", "generate_series"]

    /// SQL functions that touch files or the process: never available to reports.
    static let refusedFunctions: Set<String> = [
        "load_extension", "fts3_tokenizer", "readfile", "writefile", "edit", "zipfile", "sqlar_compress", "sqlar_uncompress",
    ]

    /// Virtual tables that read the file's raw pages or the process's state, or files.
    static let internalTables: Set<String> = ["dbstat", "sqlite_dbpage", "sqlite_stmt", "zipfile", "fsdir"]

    /// Whether a report may read `table` (any case, as SQL names are case-insensitive): the
    /// synced `sf_` tables, the derived tables, and table-valued functions.
    public static func isReadable(table: String) -> Bool {
        let name = table.lowercased()
        return name.hasPrefix("sf_") || readableMetadataTables.contains(name) || tableFunctions.contains(name)
    }

    /// Whether a report is refused a read of `table`, given the tables and views the file holds
    /// (`fileTables`, lower-cased). Default-deny for the file: every table in it that is not
    /// readable, whatever it is (Tributary's own, GRDB's `grdb_migrations`, a table a later
    /// version adds), SQLite's own (`sqlite_master`, `sqlite_sequence`, `sqlite_stat1`),
    /// `PRAGMA` table functions and raw-page tables. A name that is none of these is one of the
    /// statement's own CTEs, which SQLite also names to the authorizer as a read.
    static func isRefused(table: String, fileTables: Set<String>) -> Bool {
        let name = table.lowercased()
        guard !isReadable(table: name) else { return false }
        return fileTables.contains(name) || name.hasPrefix("sqlite_") || name.hasPrefix("pragma_") || internalTables.contains(name)
    }

    /// Whether a report may call the SQL function `name`.
    public static func isCallable(function name: String) -> Bool {
        !refusedFunctions.contains(name.lowercased())
    }

    /// The row limit when a caller asks for none or too many.
    public static let defaultRowLimit = 10_000

    /// The most bytes of values a report result holds (a page or a CSV export): past it the
    /// rest is left out, as past the row limit. Rows × columns × value size is otherwise
    /// unbounded (each SQLite value alone may be 16 MB).
    public static let defaultByteLimit = 64 << 20

    /// Whether the report login of a PostgreSQL warehouse is granted SELECT on `table`: the
    /// synced tables and the derived ones, nothing else of the schema.
    static func isGrantable(table: String) -> Bool {
        table.hasPrefix("sf_") || readableMetadataTables.contains(table)
    }
}
