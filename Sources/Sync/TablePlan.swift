import Warehouse

/// What a cycle does with one table, decided by structure sync from describe and the settings.
/// Codable: it travels to workers in the table's job.
struct TablePlan: Sendable, Codable {
    var connectionID: Int64
    var object: String
    var table: String
    var method: ReplicationMethod
    /// The replication key's API name (`SystemModstamp`…); nil for full-table.
    var replicationKey: String?
    /// The selected columns, `id` first; the replication key is always among them.
    var columns: [ColumnSpec]
    /// The object has `IsDeleted`, so `queryAll` finds deleted rows.
    var hasIsDeleted: Bool
    /// The field that moves when a record is deleted.
    var deletionStamp: String?
    /// Formula columns to read again this cycle (formulas do not move SystemModstamp).
    var recheckColumns: [ColumnSpec]
    /// Columns added by structure sync to a table that already has rows: filled for every row.
    var backfillColumns: [ColumnSpec]
    /// Compare ids with the org this cycle to find hard deletes.
    var reconcile: Bool
    /// Why the table is copied as it is, for the person who reads the cycle (a full table whose
    /// dates cannot be filtered on); nil when there is nothing to say.
    var note: String? = nil
    /// describe's `replicateable`: `updated` and `deleted` answer for the object (nil in plans made before it was kept).
    var replicateable: Bool? = nil
    /// What the cycle's change probe found for the table (`ChangeProbe`); nil when it was not asked.
    var probe: ProbeFinding? = nil

    var fields: [String] { columns.map(\.sourceName) }
    var keyColumnIndex: Int? { replicationKey.flatMap { key in columns.firstIndex { $0.sourceName == key } } }
}
