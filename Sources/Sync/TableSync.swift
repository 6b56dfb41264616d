import Foundation
import Rows
import SalesforceKit
import Warehouse

/// Copies one table for one cycle: rows changed in the window, then deletes, then formula
/// rechecks and id reconciliation when due. Every batch is committed with its checkpoint.
actor TableSync {
    let plan: TablePlan
    let client: SalesforceClient
    let warehouse: any Warehouse
    let options: SyncOptions
    let budget: APIBudget
    let events: @Sendable (SyncEvent) -> Void

    var result: TableResult
    var cursor: SyncCursor
    var highWaterMark: String?
    /// Ids seen by a full-table copy: rows not among them were deleted in Salesforce.
    var seenIDs: Set<String>?
    var rowsLoaded = 0
    /// Rows of the current Bulk result page already seen while it streams.
    private var pageRowsSeen = 0
    private var pageRowsAlreadyLoaded = 0
    /// The Bulk chunk being written while the next one downloads and parses (a two-stage
    /// pipeline: the network and the warehouse work at the same time, memory stays two chunks).
    private var pendingLoad: Task<Void, any Error>?

    init(plan: TablePlan, client: SalesforceClient, warehouse: any Warehouse, options: SyncOptions, budget: APIBudget,
         events: @escaping @Sendable (SyncEvent) -> Void) {
        self.plan = plan
        self.client = client
        self.warehouse = warehouse
        self.options = options
        self.budget = budget
        self.events = events
        result = TableResult(table: plan.table, object: plan.object, method: plan.method.rawValue, startedAt: options.clock())
        cursor = SyncCursor(windowFrom: nil, to: options.nowSeconds)
    }

    /// Runs the table; a `SyncStop` (budget, reauthentication) is rethrown for the cycle to stop.
    func run() async throws -> TableResult {
        events(.tableStarted(table: plan.table, method: plan.method.rawValue))
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
            switch plan.method {
            case .paused:
                result.status = .skipped
                return
            case .fullTable:
                try await copyWholeTable()
            case .modifiedAt, .addDate:
                try await copyWindow()
            }
            if !plan.backfillColumns.isEmpty { try await refreshColumns(plan.backfillColumns) }
            if !plan.recheckColumns.isEmpty { try await refreshColumns(plan.recheckColumns) }
            if plan.reconcile, plan.method != .fullTable { try await reconcileIDs() }
        } catch let stop as SyncStop {
            finish(.stopped, stop.message)
            result.stop = stop
            throw stop
        } catch SalesforceError.reauthenticationRequired(let message) {
            finish(.stopped, "Reauthentication required: \(message)")
            result.stop = .reauthentication(message)
            throw SyncStop.reauthentication(message)
        } catch SalesforceError.requestLimitExceeded(let message) {
            finish(.stopped, "Salesforce refused more API calls today (REQUEST_LIMIT_EXCEEDED): \(message)")
            result.stop = .quota(message)
            throw SyncStop.quota(message)
        } catch is CancellationError {
            finish(.stopped, "stopped with the cycle")
        } catch {
            finish(.failed, String(describing: error))
        }
    }

    private func finish(_ status: TableStatus, _ error: String) {
        result.status = status
        result.error = error
    }

    // MARK: - Incremental windows

    /// Modified-at and add-date tables: the window `(last end − lookback, now]`, resumed from the
    /// checkpoint when the last cycle stopped inside it.
    private func copyWindow() async throws {
        guard let key = plan.replicationKey else { throw SyncError.noReplicationKey(plan.object) }
        let saved = options.full ? nil : try await warehouse.checkpoint(connectionID: plan.connectionID, table: plan.table)
        highWaterMark = saved?.highWaterMark
        if let text = saved?.cursor, let data = text.data(using: .utf8), let resumed = try? JSONDecoder().decode(SyncCursor.self, from: data) {
            // A stopped cycle's window is finished first; then this cycle's own window follows,
            // so a resumed cycle ends as fresh as an uninterrupted one.
            cursor = resumed
            try await finishWindow(key)
        }
        let from = highWaterMark.flatMap(UTCSeconds.parse).map { $0 - options.lookbackSeconds }
        cursor = SyncCursor(windowFrom: from, to: options.nowSeconds)
        try await saveCheckpoint()
        try await finishWindow(key)
    }

    /// Copies the rows of the cursor's window from where it stands, removes the window's
    /// deletes, and moves the high-water mark to the window's end.
    private func finishWindow(_ key: String) async throws {
        if cursor.phase == .rows {
            var damaged = 0
            while true {
                do {
                    try await copyPiece(where: SOQLBuilder.window(key, from: cursor.from, to: cursor.to))
                } catch SalesforceError.queryTimeout(let message) {
                    try await splitPiece(after: message)
                    continue
                } catch let error as SalesforceError where error.isDamagedTransfer && damaged < 3 {
                    // A cut or garbled page: the cursor still points just after the last
                    // committed rows, so reading on from there loses and repeats nothing.
                    damaged += 1
                    continue
                }
                guard cursor.to < cursor.finalTo else { break }
                cursor.from = cursor.to
                cursor.to = cursor.finalTo
                cursor.restartPiece()
                try await saveCheckpoint()
            }
            cursor.phase = .deletes
            cursor.restartPiece()
            try await saveCheckpoint()
        }
        try await removeDeletedRows()
        highWaterMark = UTCSeconds.literal(cursor.finalTo)
        try await warehouse.saveCheckpoint(Checkpoint(connectionID: plan.connectionID, table: plan.table, highWaterMark: highWaterMark, cursor: nil))
    }

    /// `QUERY_TIMEOUT`: the piece is halved and read in two, never skipped.
    private func splitPiece(after message: String) async throws {
        let from = cursor.from ?? 0
        guard cursor.to - from > 1 else { throw SyncError.cannotSplit(plan.object, message) }
        cursor.from = from
        cursor.to = from + (cursor.to - from) / 2
        cursor.restartPiece()
        try await saveCheckpoint()
    }

    // MARK: - Full table

    /// Tables without a modified-at column are read whole each cycle; rows not seen are gone.
    /// Such objects are small, so a stopped copy starts over rather than resuming.
    private func copyWholeTable() async throws {
        seenIDs = []
        cursor = SyncCursor(windowFrom: nil, to: options.nowSeconds)
        try await copyPiece(where: [])
        let gone = try await warehouse.ids(in: plan.table).filter { !(seenIDs?.contains($0) ?? true) }
        try await deleteRows(gone)
        seenIDs = nil
    }

    // MARK: - Copying a piece (REST or Bulk)

    private func copyPiece(where conditions: [String]) async throws {
        let soql = SOQLBuilder.select(plan.fields, from: plan.object, where: conditions)
        if cursor.bulkJobID != nil {
            try await copyByBulk(soql)
        } else if cursor.nextRecordsURL != nil {
            try await copyByREST(soql)
        } else if try await isLarge(where: conditions) {
            do {
                try await copyByBulk(soql)
            } catch SalesforceError.api(_, let code, _) where code == "INVALIDENTITY" {
                cursor.restartPiece()
                try await copyByREST(soql)
            }
        } else {
            try await copyByREST(soql)
        }
    }

    /// Whether the rows to move reach the Bulk threshold; a count that times out is large.
    func isLarge(where conditions: [String]) async throws -> Bool {
        do {
            return try await call { try await $0.count(SOQLBuilder.count(from: plan.object, where: conditions)) } >= options.bulkThreshold
        } catch SalesforceError.queryTimeout {
            return true
        }
    }

    private func copyByREST(_ soql: String) async throws {
        result.path = "rest"
        var page: QueryPage
        if let next = cursor.nextRecordsURL {
            do {
                page = try await call { [fields = plan.fields, size = options.restBatchSize] in try await $0.queryMore(next, fields: fields, batchSize: size) }
            } catch SalesforceError.invalidQueryLocator {
                cursor.restartPiece()
                page = try await firstPage(soql)
            }
        } else {
            page = try await firstPage(soql)
        }
        while true {
            cursor.nextRecordsURL = page.done ? nil : page.nextRecordsURL
            try await load(page.records)
            guard let next = cursor.nextRecordsURL else { return }
            do {
                page = try await call { [fields = plan.fields, size = options.restBatchSize] in try await $0.queryMore(next, fields: fields, batchSize: size) }
            } catch SalesforceError.invalidQueryLocator {
                // The cursor expired (Salesforce keeps them ~15 minutes idle): read the piece again.
                cursor.restartPiece()
                page = try await firstPage(soql)
            }
        }
    }

    private func firstPage(_ soql: String) async throws -> QueryPage {
        try await call { [fields = plan.fields, size = options.restBatchSize] in try await $0.query(soql, fields: fields, batchSize: size) }
    }

    private func copyByBulk(_ soql: String) async throws {
        result.path = "bulk"
        if cursor.bulkJobID == nil {
            let job = try await call { try await $0.createBulkQuery(soql) }
            cursor.bulkJobID = job.id
            cursor.locator = nil
            cursor.rowsDone = 0
            try await saveCheckpoint()
        }
        guard let jobID = cursor.bulkJobID else { return }
        do {
            try await waitForJob(jobID)
        } catch SalesforceError.api(404, _, _) {
            // The job is gone (results are kept 7 days): run the piece again.
            cursor.restartPiece()
            return try await copyByBulk(soql)
        }
        while true {
            pageRowsSeen = 0
            pageRowsAlreadyLoaded = cursor.rowsDone
            let page: BulkResultPage
            do {
                page = try await call { [locator = cursor.locator, max = options.bulkPageRecords, chunk = options.chunkRows] client in
                    try await client.bulkResults(jobID, locator: locator, maxRecords: max, chunkRows: chunk) { batch in
                        try await self.loadBulkChunk(batch)
                    }
                }
                try await finishPendingLoad()
            } catch {
                // The cursor must describe committed rows before anyone reads on from it.
                try await finishPendingLoad()
                throw error
            }
            try checkHeader(page.columns)
            guard let next = page.nextLocator else { break }
            cursor.locator = next
            cursor.rowsDone = 0
            try await saveCheckpoint()
        }
        _ = try? await call { try await $0.deleteBulkJob(jobID) }
        cursor.restartPiece()
    }

    func waitForJob(_ jobID: String) async throws {
        let job = try await SalesforceClient.pollUntilEnded(pollInterval: options.bulkPollInterval) { try await call { try await $0.bulkJob(jobID) } }
        guard job.state == "JobComplete" else { throw SyncError.bulkJobFailed(plan.object, job.state, job.errorMessage ?? "no message") }
    }

    /// Starts loading the rows of a streaming result page that an earlier, stopped run had not
    /// loaded, once the previous chunk is committed (so chunks commit in order).
    private func loadBulkChunk(_ chunk: RowBatch) async throws {
        try await finishPendingLoad()
        let start = pageRowsSeen
        pageRowsSeen += chunk.rowCount
        let skip = max(0, min(chunk.rowCount, pageRowsAlreadyLoaded - start))
        guard skip < chunk.rowCount else { return }
        cursor.rowsDone = pageRowsSeen
        let checkpoint = checkpoint()
        let rows = skip == 0 ? chunk : chunk.rows(from: skip)
        pendingLoad = Task { try await self.load(rows, checkpoint: checkpoint) }
    }

    private func finishPendingLoad() async throws {
        guard let pending = pendingLoad else { return }
        pendingLoad = nil
        try await pending.value
    }

    private func checkHeader(_ columns: [String]) throws {
        guard columns.count == plan.fields.count,
              zip(columns, plan.fields).allSatisfy({ $0.caseInsensitiveCompare($1) == .orderedSame })
        else { throw SalesforceError.malformedResponse("Bulk result columns \(columns) are not the requested \(plan.fields)") }
    }

    // MARK: - Loading

    /// Upserts a batch and the cursor that follows it in one transaction.
    private func load(_ batch: RowBatch, checkpoint: Checkpoint? = nil) async throws {
        if let keyIndex = plan.keyColumnIndex, let latest = batch.maxValue(column: keyIndex),
           result.lastDataPoint.map({ latest > $0 }) ?? true {
            result.lastDataPoint = latest
        }
        if seenIDs != nil {
            for row in 0..<batch.rowCount { if let id = batch.string(row: row, column: 0) { seenIDs?.insert(id) } }
        }
        let counts = try await warehouse.upsert(batch, columns: plan.columns, into: plan.table, checkpoint: checkpoint ?? self.checkpoint())
        result.inserted += counts.inserted
        result.updated += counts.updated
        rowsLoaded += batch.rowCount
        result.bytes += batch.byteCount
        if batch.rowCount > 0 { events(.rowsLoaded(table: plan.table, rows: rowsLoaded, path: result.path)) }
    }

    func deleteRows(_ ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        result.deleted += try await warehouse.delete(ids: ids, from: plan.table, checkpoint: checkpoint())
    }

    func checkpoint() -> Checkpoint {
        let text = (try? JSONEncoder().encode(cursor)).map { String(decoding: $0, as: UTF8.self) }
        return Checkpoint(connectionID: plan.connectionID, table: plan.table, highWaterMark: highWaterMark, cursor: text)
    }

    func saveCheckpoint() async throws {
        try await warehouse.saveCheckpoint(checkpoint())
    }

    /// Every API call goes through here: the budget is checked first and the call counted.
    func call<T: Sendable>(_ body: (SalesforceClient) async throws -> T) async throws -> T {
        try Task.checkCancellation()
        try budget.check(client)
        result.apiCalls += 1
        return try await body(client)
    }
}

extension SalesforceError {
    /// A response that broke in transit (the client already retried the request itself).
    var isDamagedTransfer: Bool {
        switch self {
        case .malformedResponse, .transport: true
        default: false
        }
    }
}

enum SyncError: Error, CustomStringConvertible {
    case noReplicationKey(String)
    case cannotSplit(String, String)
    case bulkJobFailed(String, String, String)

    var description: String {
        switch self {
        case .noReplicationKey(let object): "\(object) has no replication key column selected"
        case .cannotSplit(let object, let message): "\(object): the query times out even for a one-second window (\(message))"
        case .bulkJobFailed(let object, let state, let message): "\(object): the Bulk API job ended \(state): \(message)"
        }
    }
}
