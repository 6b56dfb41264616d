import Rows

/// Where synced tables and the sync's book-keeping live. The SQLite implementation is the
/// embedded default; a PostgreSQL one follows, so nothing here names a SQL dialect.
public protocol Warehouse: Sendable {
    /// The table jobs of update cycles: shared by every worker when the metadata is in
    /// PostgreSQL, this process's own otherwise.
    var workQueue: any WorkQueue { get }
    /// Creates `spec.name` or brings it to `spec`: new columns are added, changed types migrated
    /// (values converted, nothing lost; unconvertible values kept as text), and columns missing
    /// from `spec` are kept, never dropped. Adds the book-keeping column `_synced_at` itself;
    /// `id` is the primary key.
    func ensureTable(_ spec: TableSpec) async throws -> SchemaChange
    /// The table as the catalog knows it (every column ever added, `_synced_at` left out).
    func tableSpec(_ name: String) async throws -> TableSpec?
    /// The `sf_` tables, sorted.
    func tableNames() async throws -> [String]
    /// Upserts the batch's rows by id (batch column i = `columns[i]`, one of them `id`) and, in the
    /// same transaction, saves `checkpoint`. Values are Salesforce text, converted per column type.
    /// - Throws: `WarehouseError.nullID` when a row has no id; nothing of the batch is kept then.
    func upsert(_ batch: RowBatch, columns: [ColumnSpec], into table: String, checkpoint: Checkpoint?) async throws -> LoadCounts
    /// Deletes rows by id, in the same transaction as `checkpoint`; returns how many existed.
    func delete(ids: [String], from table: String, checkpoint: Checkpoint?) async throws -> Int
    /// Sets the given columns of existing rows (formula rechecks); ids not in the table are ignored.
    /// - Returns: the number of rows updated.
    func updateColumns(_ batch: RowBatch, columns: [ColumnSpec], in table: String, checkpoint: Checkpoint?) async throws -> Int
    /// The ids in the table that `include` accepts, sorted ascending by bytes, for hard-delete
    /// reconciliation: the ids are streamed through `include`, so a table of millions of rows
    /// returns the few gone ones without holding all of its ids.
    func ids(in table: String, where include: @escaping @Sendable (String) -> Bool) async throws -> [String]
    func rowCount(_ table: String) async throws -> Int
    /// Drops a synced table with its catalog entry and checkpoints (disconnecting a source, or
    /// removing the table in the Data Warehouse Manager); a later sync copies it afresh.
    func dropTable(_ name: String) async throws
    /// Drops columns that are no longer synced (the Data Warehouse Manager's *Remove*); `id`
    /// cannot be dropped. Syncing them again later adds and backfills them.
    func dropColumns(_ columns: [String], from table: String) async throws
    func checkpoint(connectionID: Int64, table: String) async throws -> Checkpoint?
    func saveCheckpoint(_ checkpoint: Checkpoint) async throws
    /// Forgets every checkpoint of a connection (when it is deleted: the metadata store may be
    /// another database than the checkpoints').
    func deleteCheckpoints(connectionID: Int64) async throws
    /// A read-only query for reports, tests and `status`: values as text, nil for NULL.
    func query(_ sql: String, arguments: [String?]) async throws -> [[String?]]
    /// Runs report SQL typed by a user: one read-only statement, over the warehouse's tables
    /// and the derived `tributary_` tables in `ReportPolicy`, never Tributary's other metadata.
    /// Rows past `limit` are left out and `truncated` is set; a query still running after
    /// `timeout` is stopped. Values are text, nil for NULL, as in `query`.
    /// - Throws: `WarehouseError.reportRefused` (writes, settings, files, several statements,
    ///   refused tables), `.reportTimedOut`, `.reportFailed` (the database's message); their
    ///   `detail` is meant for the user.
    func report(_ sql: String, limit: Int, timeout: Duration) async throws -> ReportResult
    /// Replaces a derived table (one Tributary computes, such as `tributary_lead_scores`) with
    /// `rows`, in one transaction: readers see the old rows or the new, never a mix or none.
    /// The table is created afresh with `columns` (values are text converted per column type,
    /// as in `upsert`); `columns[0]` is its primary key. No `_synced_at` column is added.
    /// - Throws: `WarehouseError.notDerivedTable` for an `sf_` name or an existing table that
    ///   `replaceTable` did not make (metadata, synced data).
    func replaceTable(_ name: String, columns: [ColumnSpec], rows: RowBatch) async throws
    var metadata: any MetadataStore { get }
}

extension Warehouse {
    public func query(_ sql: String) async throws -> [[String?]] { try await query(sql, arguments: []) }

    /// Every id in the table, sorted ascending by bytes.
    public func ids(in table: String) async throws -> [String] { try await ids(in: table) { _ in true } }
}
