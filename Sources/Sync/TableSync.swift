import Foundation
import Logging
import Rows
import SalesforceKit
import Warehouse

/// Carries out one table's copy for one cycle: the actions of `TableCopy` (the rules) against
/// `SalesforceAPI` (the org) and the warehouse. Rows changed in the window, then deletes, then
/// formula rechecks and id reconciliation when due. Every batch is committed with its checkpoint.
actor TableSync {
    let plan: TablePlan
    let client: any SalesforceAPI
    let warehouse: any Warehouse
    let options: SyncOptions
    let budget: APIBudget
    let events: @Sendable (SyncEvent) -> Void
    let logger: Logger

    var result: TableResult
    /// Ids seen by a full-table copy: rows not among them were deleted in Salesforce.
    private var seenIDs = IDSet()
    /// Ids of the org, gathered by id reconciliation.
    private var orgIDs = IDSet()
    private var rowsLoaded = 0
    /// The table's start (milliseconds): its window ends there.
    private let startMillis: Int64

    init(plan: TablePlan, client: any SalesforceAPI, warehouse: any Warehouse, options: SyncOptions, budget: APIBudget,
         events: @escaping @Sendable (SyncEvent) -> Void) {
        self.plan = plan
        self.client = client
        self.warehouse = warehouse
        self.options = options
        self.budget = budget
        self.events = events
        let started = options.clock()
        startMillis = Int64((started.timeIntervalSince1970 * 1000).rounded(.down))
        result = TableResult(table: plan.table, object: plan.object, method: plan.method.rawValue, startedAt: started)
        result.note = plan.note
        var logger = options.logger
        logger[metadataKey: "connection"] = "\(plan.connectionID)"
        logger[metadataKey: "table"] = "\(plan.table)"
        self.logger = logger
    }

    /// Runs the table; a `SyncStop` (budget, reauthentication) is rethrown for the cycle to stop.
    func run() async throws -> TableResult {
        events(.tableStarted(table: plan.table, method: plan.method.rawValue))
        logger.info("table started", metadata: ["method": "\(plan.method.rawValue)"])
        defer {
            logger.info("table ended", metadata: [
                "status": "\(result.status.rawValue)", "path": "\(result.path)", "inserted": "\(result.inserted)", "updated": "\(result.updated)",
                "deleted": "\(result.deleted)", "calls": "\(result.apiCalls)", "error": "\(result.error ?? "")"])
        }
        do {
            try await runSteps()
        } catch let stop as SyncStop {
            result.endedAt = options.clock()
            throw stop
        }
        result.endedAt = options.clock()
        return result
    }

    private func runSteps() async throws {
        do {
            if plan.method == .paused {
                result.status = .skipped
                return
            }
            try await execute(TableCopy(plan: plan, settings: settings))
            if !plan.backfillColumns.isEmpty { try await refreshColumns(plan.backfillColumns) }
            if !plan.recheckColumns.isEmpty { try await refreshColumns(plan.recheckColumns) }
            if plan.reconcile, plan.method != .fullTable { try await reconcileIDs() }
            if plan.method != .fullTable { try await refreshArchived() }
        } catch let stop as SyncStop {
            finish(.stopped, stop.message)
            result.stop = stop
            throw stop
        } catch is CancellationError {
            finish(.stopped, "stopped with the cycle")
        } catch let skipped as TableSkipped {
            finish(.skipped, skipped.reason)
        } catch let stale as DescribeStale {
            finish(.failed, stale.message)
            result.describeStale = true
        } catch {
            finish(.failed, String(describing: error))
        }
    }

    private func finish(_ status: TableStatus, _ error: String) {
        result.status = status
        result.error = error
    }

    private var settings: TableCopy.Settings {
        TableCopy.Settings(lookbackSeconds: options.lookbackSeconds, bulkThreshold: options.bulkThreshold, pollInterval: options.bulkPollInterval,
                           full: options.full)
    }

    // MARK: - Maintenance reads

    /// Reads `columns` of every row again and writes them over the warehouse's: formula values
    /// (which change without moving SystemModstamp) and columns new to a table with rows.
    private func refreshColumns(_ columns: [ColumnSpec]) async throws {
        guard let idColumn = plan.columns.first(where: { $0.name == "id" }) else { return }
        let all = [idColumn] + columns.filter { $0.name != "id" }
        try await execute(TableCopy(plan: plan, reading: readAll(all.map(\.sourceName)), into: .updateColumns, settings: settings), columns: all)
    }

    /// Rows whose ids Salesforce no longer has (hard deletes past the recycle bin) are removed.
    /// The ids are read as every other read of the table (`readAll`): through `queryAll` with
    /// `IsDeleted = false` for objects with archived rows, so an archived row is never taken
    /// for a deleted one.
    private func reconcileIDs() async throws {
        orgIDs.removeAll()
        try await execute(TableCopy(plan: plan, reading: readAll(["Id"]), into: .collectIDs, settings: settings))
        let org = orgIDs
        let gone = try await warehouse.ids(in: plan.table) { !org.contains($0) }
        orgIDs.removeAll()
        try await deleteRows(gone, checkpoint: nil)
    }

    /// Every live row (archived ones too, for objects read through `queryAll`).
    private func readAll(_ fields: [String]) -> QueryRead.Query { plan.rowsQuery(fields) }

    /// Rows archived after they were copied keep their `SystemModstamp`, so no window sees them:
    /// when the org's count of archived rows differs from the warehouse's, the archived rows'
    /// flag is read again (`ArchivedRows`).
    private func refreshArchived() async throws {
        guard plan.readsArchived, let idColumn = plan.columns.first(where: { $0.name == "id" }),
              let flag = plan.columns.first(where: { $0.sourceName == ArchivedRows.field }) else { return }
        // The cycle's probe counted them in its composite; else one call here.
        let org: Int
        if let counted = plan.probe?.archivedCount {
            org = counted
        } else {
            org = try await call { [object = plan.object] in try await $0.count(ArchivedRows.countSOQL(object), includeDeleted: true) }
        }
        let kept = ArchivedRows.archivedCount(try await warehouse.query(ArchivedRows.warehouseCountSQL(table: plan.table, flag: flag.name), arguments: []))
        guard ArchivedRows.refreshNeeded(orgArchived: org, warehouseArchived: kept) else { return }
        logger.info("archived rows changed", metadata: ["org": "\(org)", "warehouse": "\(kept)"])
        let query = ArchivedRows.refreshQuery(plan.object, idField: idColumn.sourceName)
        try await execute(TableCopy(plan: plan, reading: query, into: .updateColumns, settings: settings), columns: [idColumn, flag])
    }

    // MARK: - The executor

    /// Carries out `copy`'s actions until it finishes; throws what ends the table.
    private func execute(_ copy: TableCopy, columns: [ColumnSpec]? = nil) async throws {
        var copy = copy
        let saved = copy.resumes ? try await warehouse.checkpoint(connectionID: plan.connectionID, table: plan.table) : nil
        var action = copy.start(saved: saved.map(Self.copyCheckpoint), cycleStartMillis: startMillis)
        var page: RowBatch?
        while true {
            try Task.checkCancellation()
            // The table's path is its copy's; refreshes and reconciliation read the same table again.
            if columns == nil, copy.single == nil, let path = copy.path { result.path = path.rawValue }
            switch action {
            case .finished:
                if plan.method == .fullTable { seenIDs.removeAll() }
                return
            case .fail(let message):
                throw TableFailed(message: message)
            case .describeStale(let error):
                throw DescribeStale(message: error.description)
            case .skip(let reason):
                throw TableSkipped(reason: reason)
            case .stopCycle(let error, .quota):
                throw SyncStop.quota(error.message)
            case .stopCycle(let error, .reauthentication):
                throw SyncStop.reauthentication(error.message)
            case .save(let checkpoint):
                try faults?.reach(.beforeSave)
                try await warehouse.saveCheckpoint(checkpoint.stored(plan))
                action = copy.saved()
            case .deleteKnown(let ids, let checkpoint):
                try faults?.reach(.beforeLoad)
                result.deleted += try await warehouse.delete(ids: ids, from: plan.table, checkpoint: checkpoint.stored(plan))
                action = copy.saved()
            case .removeUnseenRows:
                let seen = seenIDs
                let gone = try await warehouse.ids(in: plan.table) { !seen.contains($0) }
                try await deleteRows(gone, checkpoint: nil)
                seenIDs.removeAll()
                action = copy.saved()
            case .load(let skipping, let sink, let checkpoint):
                guard let rows = page else { throw TableFailed(message: "internal: rows to load but no page") }
                page = nil
                try faults?.reach(.beforeLoad)
                try await write(skipping == 0 ? rows : rows.rows(from: skipping), to: sink, checkpoint: checkpoint, columns: columns).apply(to: &result)
                action = copy.committed()
            case .read(.readBulkPage(let job, let locator)):
                action = try await streamBulkPage(job, locator: locator, into: &copy, columns: columns)
            case .read(let request):
                action = try await send(request, to: &copy, page: &page)
            }
        }
    }

    /// One request to Salesforce; its outcome (or its classified failure) goes to the copy.
    private func send(_ request: QueryRead.Action, to copy: inout TableCopy, page: inout RowBatch?) async throws -> TableCopy.Action {
        do {
            switch request {
            case .query(let soql, let includeDeleted):
                let first = try await call { [fields = copy.fields, size = options.restBatchSize] in
                    try await $0.query(soql, fields: fields, includeDeleted: includeDeleted, batchSize: size)
                }
                page = first.records
                let next = copy.pageArrived(nextRecordsURL: first.done ? nil : first.nextRecordsURL, totalSize: first.totalSize)
                // A first page that showed the read is large is dropped: Bulk reads it all.
                if case .read(.createBulkJob) = next { page = nil }
                return next
            case .queryMore(let next):
                let more = try await call { [fields = copy.fields, size = options.restBatchSize] in
                    try await $0.queryMore(next, fields: fields, batchSize: size)
                }
                page = more.records
                return copy.pageArrived(nextRecordsURL: more.done ? nil : more.nextRecordsURL)
            case .createBulkJob(let soql, let includeDeleted):
                let job = try await call { try await $0.createBulkQuery(soql, includeDeleted: includeDeleted) }
                logger.debug("bulk job created", metadata: ["job": "\(job.id)"])
                return copy.jobCreated(job.id)
            case .pollBulkJob(let id, let wait):
                if wait > .zero { try await Task.sleep(for: wait) }
                return copy.jobPolled(try await call { try await $0.bulkJob(id) })
            case .deleteBulkJob(let id):
                try? await call { try await $0.deleteBulkJob(id) }
                return copy.jobDeleted()
            case .readBulkPage, .load, .skipChunk, .savePosition, .done, .escalate:
                return copy.committed()
            }
        } catch let error as SalesforceError {
            return failed(error, during: request.operation, copy: &copy)
        }
    }

    /// Streams one Bulk result page: chunk N is written while chunk N+1 downloads and parses (a
    /// two-stage pipeline; memory stays two chunks). Before any failure is reported, the chunk
    /// being written is committed, so the cursor describes committed rows.
    private func streamBulkPage(_ job: String, locator: String?, into copy: inout TableCopy, columns: [ColumnSpec]?) async throws -> TableCopy.Action {
        var pending: Task<WriteTally, any Error>?
        do {
            let stream = try await call { [max = options.bulkPageRecords, chunk = options.chunkRows] in
                try await $0.bulkResults(job, locator: locator, maxRecords: max, chunkRows: chunk)
            }
            var chunks = stream.makeAsyncIterator()
            while let chunk = try await chunks.next() {
                let next = copy.chunkArrived(rows: chunk.rowCount)
                guard case .load(let skipping, let sink, let checkpoint) = next else {
                    if next == .read(.skipChunk) { continue }
                    try await settle(&pending, &copy)
                    return next
                }
                try await settle(&pending, &copy)
                try faults?.reach(.beforeLoad)
                let rows = skipping == 0 ? chunk : chunk.rows(from: skipping)
                let write = prepare(rows, to: sink, checkpoint: checkpoint, columns: columns)
                pending = Task { try await write() }
            }
            try await settle(&pending, &copy)
            guard let page = chunks.page else { throw SalesforceError.malformedResponse("the Bulk result page ended without its summary") }
            try checkHeader(page.columns, copy.fields)
            return copy.pageEnded(nextLocator: page.nextLocator)
        } catch let error as SalesforceError {
            try await settle(&pending, &copy)
            return failed(error, during: .bulkResults, copy: &copy)
        } catch {
            try? await pending?.value
            throw error
        }
    }

    /// Waits for the chunk being written and counts it in.
    private func settle(_ pending: inout Task<WriteTally, any Error>?, _ copy: inout TableCopy) async throws {
        guard let running = pending else { return }
        pending = nil
        try await running.value.apply(to: &result)
        _ = copy.committed()
    }

    private func failed(_ error: SalesforceError, during operation: SalesforceOperation, copy: inout TableCopy) -> TableCopy.Action {
        let decision = SalesforceErrorClassifier.decide(error, during: operation)
        logger.notice("request failed", metadata: ["operation": "\(operation.rawValue)", "error": "\(error.shortDescription)", "decision": "\(decision)"])
        return copy.failed(error, decision: decision)
    }

    private func checkHeader(_ columns: [String], _ fields: [String]) throws {
        guard columns.count == fields.count, zip(columns, fields).allSatisfy({ $0.caseInsensitiveCompare($1) == .orderedSame })
        else { throw SalesforceError.malformedResponse("Bulk result columns \(columns) are not the requested \(fields)") }
    }

    // MARK: - Writing

    private func write(_ rows: RowBatch, to sink: TableCopy.Sink, checkpoint: TableCopy.CopyCheckpoint?, columns: [ColumnSpec]?) async throws -> WriteTally {
        try await prepare(rows, to: sink, checkpoint: checkpoint, columns: columns)()
    }

    /// Does the bookkeeping of a batch now and returns its write, which touches nothing of the
    /// actor (so it can run while the next chunk downloads).
    private func prepare(_ rows: RowBatch, to sink: TableCopy.Sink, checkpoint: TableCopy.CopyCheckpoint?,
                         columns: [ColumnSpec]?) -> @Sendable () async throws -> WriteTally {
        let (warehouse, plan) = (warehouse, plan)
        let stored = checkpoint?.stored(plan)
        let ids = { (0..<rows.rowCount).compactMap { rows.string(row: $0, column: 0) } }
        switch sink {
        case .upsert:
            if let keyIndex = plan.keyColumnIndex, let latest = rows.maxValue(column: keyIndex), result.lastDataPoint.map({ latest > $0 }) ?? true {
                result.lastDataPoint = latest
            }
            if plan.method == .fullTable { seenIDs.insert(contentsOf: ids()) }
            rowsLoaded += rows.rowCount
            if rows.rowCount > 0 { events(.rowsLoaded(table: plan.table, rows: rowsLoaded, path: result.path)) }
            return {
                let counts = try await warehouse.upsert(rows, columns: plan.columns, into: plan.table, checkpoint: stored)
                return WriteTally(inserted: counts.inserted, updated: counts.updated, bytes: rows.byteCount)
            }
        case .delete:
            let gone = ids()
            return { WriteTally(deleted: gone.isEmpty ? 0 : try await warehouse.delete(ids: gone, from: plan.table, checkpoint: stored)) }
        case .updateColumns:
            let all = columns ?? plan.columns
            return {
                _ = try await warehouse.updateColumns(rows, columns: all, in: plan.table, checkpoint: stored)
                return WriteTally()
            }
        case .collectIDs:
            orgIDs.insert(contentsOf: ids())
            return { WriteTally() }
        }
    }

    private func deleteRows(_ ids: [String], checkpoint: Checkpoint?) async throws {
        guard !ids.isEmpty else { return }
        result.deleted += try await warehouse.delete(ids: ids, from: plan.table, checkpoint: checkpoint)
    }

    /// Every API call goes through here: the budget is checked first and the call counted.
    private func call<T: Sendable>(_ body: (any SalesforceAPI) async throws -> T) async throws -> T {
        try Task.checkCancellation()
        try budget.check(client)
        result.apiCalls += 1
        return try await body(client)
    }

    /// Test-only stops between reading and committing (see `FaultPoints`).
    private var faults: FaultPoints? { options.faultPoints }

    static func copyCheckpoint(_ saved: Checkpoint) -> TableCopy.CopyCheckpoint {
        let cursor = saved.cursor.flatMap { $0.data(using: .utf8) }.flatMap { try? JSONDecoder().decode(SyncCursor.self, from: $0) }
        return TableCopy.CopyCheckpoint(highWaterMark: saved.highWaterMark, cursor: cursor)
    }
}

/// What one write did, added to the table's result once it is committed.
struct WriteTally: Sendable {
    var inserted = 0
    var updated = 0
    var deleted = 0
    var bytes = 0

    func apply(to result: inout TableResult) {
        result.inserted += inserted
        result.updated += updated
        result.deleted += deleted
        result.bytes += bytes
    }
}

extension TableCopy.CopyCheckpoint {
    func stored(_ plan: TablePlan) -> Checkpoint {
        let text = cursor.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        return Checkpoint(connectionID: plan.connectionID, table: plan.table, highWaterMark: highWaterMark, cursor: text)
    }
}

extension QueryRead.Action {
    /// The request, as the error classifier names it.
    var operation: SalesforceOperation {
        switch self {
        case .query: .query
        case .queryMore: .queryMore
        case .createBulkJob: .createBulkJob
        case .pollBulkJob: .pollBulkJob
        case .readBulkPage: .bulkResults
        case .deleteBulkJob: .deleteBulkJob
        default: .other
        }
    }
}

/// The table fails this cycle, with a message for the person who reads it.
struct TableFailed: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The read named fields the object's describe no longer has (`TableCopy.Action.describeStale`).
struct DescribeStale: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The object cannot be read; the table is skipped with the reason.
struct TableSkipped: Error {
    let reason: String
}
