import Rows
import SalesforceKit
import Warehouse

/// The idempotent reads that follow the copy of a window: deletes, column refreshes and id
/// reconciliation. They keep no position inside a query: on a restart they simply run again.
extension TableSync {
    /// Rows deleted in the window, found with `queryAll … IsDeleted = true`, are removed.
    func removeDeletedRows() async throws {
        guard plan.hasIsDeleted, let stamp = plan.deletionStamp, let from = cursor.windowFrom else { return }
        let conditions = ["IsDeleted = true"] + SOQLBuilder.window(stamp, from: from, to: cursor.finalTo)
        try await read(["Id"], where: conditions, includeDeleted: true, allowBulk: false) { batch in
            try await self.deleteRows((0..<batch.rowCount).compactMap { batch.string(row: $0, column: 0) })
        }
    }

    /// Reads `columns` of every row again and writes them over the warehouse's: formula values
    /// (which change without moving SystemModstamp) and columns new to a table with rows.
    func refreshColumns(_ columns: [ColumnSpec]) async throws {
        guard let idColumn = plan.columns.first(where: { $0.name == "id" }) else { return }
        let all = [idColumn] + columns.filter { $0.name != "id" }
        try await read(all.map(\.sourceName), where: [], includeDeleted: false, allowBulk: true) { batch in
            _ = try await self.warehouse.updateColumns(batch, columns: all, in: self.plan.table, checkpoint: nil)
        }
    }

    /// Rows whose ids Salesforce no longer has (hard deletes past the recycle bin) are removed.
    func reconcileIDs() async throws {
        let collector = IDCollector()
        try await read(["Id"], where: [], includeDeleted: false, allowBulk: true) { batch in
            await collector.add(batch)
        }
        let known = await collector.ids
        let gone = try await warehouse.ids(in: plan.table).filter { !known.contains($0) }
        try await deleteRows(gone)
    }

    /// Streams a query's rows to `body` through REST, or Bulk API 2.0 when large.
    private func read(_ fields: [String], where conditions: [String], includeDeleted: Bool, allowBulk: Bool,
                      _ body: @escaping @Sendable (RowBatch) async throws -> Void) async throws {
        let soql = SOQLBuilder.select(fields, from: plan.object, where: conditions)
        if allowBulk, try await isLarge(where: conditions) {
            do {
                let job = try await call { try await $0.createBulkQuery(soql, includeDeleted: includeDeleted) }
                try await readBulk(job.id, body)
                return
            } catch SalesforceError.api(_, let code, _) where code == "INVALIDENTITY" {}
        }
        var page = try await call { [size = options.restBatchSize] in
            try await $0.query(soql, fields: fields, includeDeleted: includeDeleted, batchSize: size)
        }
        while true {
            try await body(page.records)
            guard !page.done, let next = page.nextRecordsURL else { return }
            page = try await call { [size = options.restBatchSize] in try await $0.queryMore(next, fields: fields, batchSize: size) }
        }
    }

    private func readBulk(_ jobID: String, _ body: @escaping @Sendable (RowBatch) async throws -> Void) async throws {
        try await waitForJob(jobID)
        var locator: String?
        repeat {
            let page = try await call { [locator, max = options.bulkPageRecords, chunk = options.chunkRows] in
                try await $0.bulkResults(jobID, locator: locator, maxRecords: max, chunkRows: chunk, onChunk: body)
            }
            locator = page.nextLocator
        } while locator != nil
        _ = try? await call { try await $0.deleteBulkJob(jobID) }
    }
}

/// Ids gathered from streamed pages (Bulk chunks arrive on the HTTP client's tasks).
actor IDCollector {
    private(set) var ids = Set<String>()
    func add(_ batch: RowBatch) {
        for row in 0..<batch.rowCount { if let id = batch.string(row: row, column: 0) { ids.insert(id) } }
    }
}
