import Rows
import Synchronization
import Warehouse

/// A warehouse that dies at its `stopAt`-th write (upsert, delete or checkpoint save): before
/// the write (its transaction never commits) or after it (committed, but the process died
/// before it learned so). Every other call goes to the real warehouse.
final class FaultyWarehouse: Warehouse {
    enum Moment: Sendable { case beforeCommit, afterCommit }
    struct Died: Error {}

    let base: any Warehouse
    let moment: Moment
    private let writes: Mutex<(stopAt: Int, seen: Int)>

    init(_ base: any Warehouse, stopAt: Int, moment: Moment) {
        self.base = base
        self.moment = moment
        writes = Mutex((stopAt, 0))
    }

    /// Whether the stop was reached.
    var died: Bool { writes.withLock { $0.seen >= $0.stopAt } }

    private func write<T>(_ body: () async throws -> T) async throws -> T {
        let dies = writes.withLock { state -> Bool in
            state.seen += 1
            return state.seen == state.stopAt
        }
        guard dies else { return try await body() }
        if moment == .afterCommit { _ = try await body() }
        throw Died()
    }

    var workQueue: any WorkQueue { base.workQueue }
    var metadata: any MetadataStore { base.metadata }
    func ensureTable(_ spec: TableSpec) async throws -> SchemaChange { try await base.ensureTable(spec) }
    func tableSpec(_ name: String) async throws -> TableSpec? { try await base.tableSpec(name) }
    func tableNames() async throws -> [String] { try await base.tableNames() }
    func upsert(_ batch: RowBatch, columns: [ColumnSpec], into table: String, checkpoint: Checkpoint?) async throws -> LoadCounts {
        try await write { try await base.upsert(batch, columns: columns, into: table, checkpoint: checkpoint) }
    }
    func delete(ids: [String], from table: String, checkpoint: Checkpoint?) async throws -> Int {
        try await write { try await base.delete(ids: ids, from: table, checkpoint: checkpoint) }
    }
    func updateColumns(_ batch: RowBatch, columns: [ColumnSpec], in table: String, checkpoint: Checkpoint?) async throws -> Int {
        try await base.updateColumns(batch, columns: columns, in: table, checkpoint: checkpoint)
    }
    func ids(in table: String, where include: @escaping @Sendable (String) -> Bool) async throws -> [String] {
        try await base.ids(in: table, where: include)
    }
    func rowCount(_ table: String) async throws -> Int { try await base.rowCount(table) }
    func dropTable(_ name: String) async throws { try await base.dropTable(name) }
    func dropColumns(_ columns: [String], from table: String) async throws { try await base.dropColumns(columns, from: table) }
    func checkpoint(connectionID: Int64, table: String) async throws -> Checkpoint? { try await base.checkpoint(connectionID: connectionID, table: table) }
    func saveCheckpoint(_ checkpoint: Checkpoint) async throws { try await write { try await base.saveCheckpoint(checkpoint) } }
    func deleteCheckpoints(connectionID: Int64) async throws { try await base.deleteCheckpoints(connectionID: connectionID) }
    func query(_ sql: String, arguments: [String?]) async throws -> [[String?]] { try await base.query(sql, arguments: arguments) }
    func report(_ sql: String, limit: Int, timeout: Duration) async throws -> ReportResult { try await base.report(sql, limit: limit, timeout: timeout) }
    func replaceTable(_ name: String, columns: [ColumnSpec], rows: RowBatch) async throws { try await base.replaceTable(name, columns: columns, rows: rows) }
}
