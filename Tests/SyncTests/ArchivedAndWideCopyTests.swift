import Foundation
import Rows
import SalesforceKit
import Testing
import Warehouse
@testable import Sync

/// Activities Salesforce archives (read through `queryAll` with `IsDeleted = false`) and field
/// lists too long for a REST GET (read through Bulk), as rules of the table copy, with no I/O.
@Suite struct ArchivedAndWideCopyTests {
    static let taskColumns = [
        ColumnSpec(name: "id", sourceName: "Id", type: .text, salesforceType: "id"),
        ColumnSpec(name: "systemmodstamp", sourceName: "SystemModstamp", type: .datetime, salesforceType: "datetime"),
        ColumnSpec(name: "isarchived", sourceName: "IsArchived", type: .boolean, salesforceType: "boolean"),
    ]
    static let fields = ["Id", "SystemModstamp", "IsArchived"]

    static func taskPlan(_ method: ReplicationMethod = .modifiedAt) -> TablePlan {
        TablePlan(connectionID: 1, object: "Task", table: "sf_task", method: method, replicationKey: method == .fullTable ? nil : "SystemModstamp",
                  columns: taskColumns, hasIsDeleted: true, deletionStamp: "SystemModstamp", recheckColumns: [], backfillColumns: [], reconcile: true)
    }

    /// Account with 400 managed-package fields of about 40 characters, as `--wide-objects 400` makes.
    static let wideColumns = [ColumnSpec(name: "id", sourceName: "Id", type: .text, salesforceType: "id"),
                              ColumnSpec(name: "systemmodstamp", sourceName: "SystemModstamp", type: .datetime, salesforceType: "datetime")]
        + (0..<400).map { i in
            let name = "SBQQ__Quarterly_Renewal_Score_\(String(format: "%03d", i))__c"
            return ColumnSpec(name: name.lowercased(), sourceName: name, type: .text, salesforceType: "string")
        }

    static func widePlan(_ method: ReplicationMethod = .modifiedAt) -> TablePlan {
        TablePlan(connectionID: 1, object: "Account", table: "sf_account", method: method, replicationKey: method == .fullTable ? nil : "SystemModstamp",
                  columns: wideColumns, hasIsDeleted: true, deletionStamp: "SystemModstamp", recheckColumns: [], backfillColumns: [], reconcile: false)
    }

    static let settings = TableCopy.Settings(lookbackSeconds: 300, bulkThreshold: 1_000, pollInterval: .milliseconds(250))
    static let start: Int64 = 1_704_067_200_500
    static let startSecond: Int64 = 1_704_067_200

    // MARK: - Archived activities

    @Test func anObjectWithIsArchivedReadsItsWindowsThroughQueryAllWithoutDeletedRows() {
        // Given a Task plan (IsArchived and IsDeleted) and a saved mark
        var copy = TableCopy(plan: Self.taskPlan(), settings: Self.settings)
        _ = copy.start(saved: .init(highWaterMark: UTCSeconds.literal(100)), cycleStartMillis: Self.start)
        // Then the window is read through queryAll, with IsDeleted = false before the window
        let conditions = ["IsDeleted = false"] + SOQLBuilder.window("SystemModstamp", from: 100 - 300, to: Self.startSecond + 1)
        #expect(copy.saved() == .read(.query(SOQLBuilder.select(Self.fields, from: "Task", where: conditions), includeDeleted: true)))
        // And a large window's Bulk job is a queryAll too
        var large = TableCopy(plan: Self.taskPlan(), settings: Self.settings)
        _ = large.start(saved: .init(highWaterMark: UTCSeconds.literal(100)), cycleStartMillis: Self.start)
        _ = large.saved()
        #expect(large.pageArrived(nextRecordsURL: "/first", totalSize: 5_000) == .read(.createBulkJob(SOQLBuilder.select(Self.fields, from: "Task", where: conditions), includeDeleted: true)))
    }

    @Test func theDeletesPhaseOfAnArchivingObjectStillFindsDeletedRows() {
        var stopped = SyncCursor(windowFrom: 100, to: 200)
        stopped.phase = .deletes
        var copy = TableCopy(plan: Self.taskPlan(), settings: Self.settings)
        let soql = SOQLBuilder.select(["Id"], from: "Task", where: ["IsDeleted = true"] + SOQLBuilder.window("SystemModstamp", from: 100, to: 200))
        #expect(copy.start(saved: .init(highWaterMark: UTCSeconds.literal(100), cursor: stopped), cycleStartMillis: Self.start)
            == .read(.query(soql, includeDeleted: true)))
    }

    @Test func aFullTableOfAnArchivingObjectSeesItsArchivedRows() {
        // Unseen rows are removed after a full-table read: archived ones must be among the seen.
        var copy = TableCopy(plan: Self.taskPlan(.fullTable), settings: Self.settings)
        #expect(copy.start(saved: nil, cycleStartMillis: Self.start) == .read(.query("SELECT Id, SystemModstamp, IsArchived FROM Task WHERE IsDeleted = false", includeDeleted: true)))
    }

    @Test func idReconciliationComparesWithQueryAllSoArchivedRowsAreNeverTakenForDeleted() {
        // The ids read for reconciliation are the same set the copy reads: archived rows included.
        let query = Self.taskPlan().rowsQuery(["Id"])
        #expect(query == QueryRead.Query(soql: "SELECT Id FROM Task WHERE IsDeleted = false", fields: ["Id"], includeDeleted: true))
        var copy = TableCopy(plan: Self.taskPlan(), reading: query, into: .collectIDs, settings: Self.settings)
        #expect(copy.start(saved: nil, cycleStartMillis: Self.start) == .read(.query("SELECT Id FROM Task WHERE IsDeleted = false", includeDeleted: true)))
    }

    @Test func objectsWithoutIsArchivedReadAsBefore() {
        var plan = Self.taskPlan()
        plan.columns.removeLast()
        #expect(!plan.readsArchived)
        #expect(plan.rowsQuery(["Id"]) == QueryRead.Query(soql: "SELECT Id FROM Task", fields: ["Id"]))
        // IsArchived without IsDeleted (no queryAll to speak of) does not change the reads either.
        #expect(!ArchivedRows.applies(fields: ["Id", "IsArchived"]))
        #expect(ArchivedRows.applies(fields: ["Id", "IsArchived", "IsDeleted"]))
    }

    @Test func archivedRowsAreCheckedByCountAndTheirFlagReadAgainWhenTheCountsDiffer() {
        #expect(ArchivedRows.countSOQL("Task") == "SELECT COUNT() FROM Task WHERE IsArchived = true AND IsDeleted = false")
        let refresh = ArchivedRows.refreshQuery("Task", idField: "Id")
        #expect(refresh.soql == "SELECT Id, IsArchived FROM Task WHERE IsArchived = true AND IsDeleted = false")
        #expect(refresh.includeDeleted)
        // One count, whatever the backend spells true as (SQLite 1, PostgreSQL true, a text column
        // `true`); NULL is not archived. No GROUP BY: SQLite would sort the whole table for it.
        #expect(ArchivedRows.warehouseCountSQL(table: "sf_task", flag: "isarchived")
            == "SELECT COUNT(*) FROM \"sf_task\" WHERE LOWER(CAST(\"isarchived\" AS TEXT)) IN ('1', 'true', 't')")
        #expect(ArchivedRows.archivedCount([["4"]]) == 4)
        #expect(ArchivedRows.archivedCount([]) == 0)
        #expect(ArchivedRows.refreshNeeded(orgArchived: 5, warehouseArchived: 4))
        #expect(!ArchivedRows.refreshNeeded(orgArchived: 4, warehouseArchived: 4))
    }

    @Test func theWarehouseCountCountsTrueFlagsOnly() async throws {
        let warehouse = try SQLiteWarehouse.inMemory()
        let columns = [ColumnSpec(name: "id", sourceName: "Id", type: .text, salesforceType: "id"),
                       ColumnSpec(name: "isarchived", sourceName: "IsArchived", type: .boolean, salesforceType: "boolean")]
        var rows = RowBatch(columnCount: 2)
        for (id, flag) in [("1", "true"), ("2", "false"), ("3", nil), ("4", "true")] as [(String, String?)] {
            rows.append(id)
            rows.append(flag)
        }
        // A derived table (replaceTable makes no sf_ tables); the count reads any table alike.
        try await warehouse.replaceTable("archived_check", columns: columns, rows: rows)
        let answer = try await warehouse.query(ArchivedRows.warehouseCountSQL(table: "archived_check", flag: "isarchived"))
        #expect(ArchivedRows.archivedCount(answer) == 2)
    }

    // MARK: - The URI limit

    @Test func aQueryFitsInAGetUpToTheLimitLessTheHeaderReserve() {
        let budget = RequestSize.limit - RequestSize.headerReserve - RequestSize.requestLineOverhead
        #expect(RequestSize.fitsInGET(String(repeating: "a", count: budget)))
        #expect(!RequestSize.fitsInGET(String(repeating: "a", count: budget + 1)))
        // Separators are encoded: ", " is six bytes on the wire.
        #expect(RequestSize.queryRequestLineBytes("a, b") == RequestSize.requestLineOverhead + 8)
        #expect(RequestSize.fitsInGET(SOQLBuilder.select(TableCopyTests.columns.map(\.sourceName), from: "Lead")))
    }

    @Test func aWideWindowGoesThroughBulkWithoutACountHoweverSmall() {
        // Given Account with 400 package fields: its query is far past what a GET may carry
        let soql = SOQLBuilder.select(Self.widePlan().fields, from: "Account", where: SOQLBuilder.window("SystemModstamp", from: 100, to: 200))
        #expect(RequestSize.queryRequestLineBytes(soql) > RequestSize.limit)
        var copy = TableCopy(plan: Self.widePlan(), settings: Self.settings)
        // Then the window's read creates a Bulk job at once (a count could only choose REST)
        #expect(copy.start(saved: .init(highWaterMark: UTCSeconds.literal(100), cursor: SyncCursor(windowFrom: 100, to: 200)), cycleStartMillis: Self.start)
            == .read(.createBulkJob(soql, includeDeleted: false)))
        #expect(copy.path == .bulk)
        // And the deletes phase, a narrow read, stays on REST
        _ = copy.jobCreated("750W")
        _ = copy.saved()
        _ = copy.jobPolled(BulkJob(id: "750W", state: .jobComplete))
        _ = copy.chunkArrived(rows: 1)
        _ = copy.committed()
        _ = copy.pageEnded(nextLocator: nil)
        guard case .save = copy.jobDeleted() else { Issue.record("the rows phase ends"); return }
        let deletes = SOQLBuilder.select(["Id"], from: "Account", where: ["IsDeleted = true"] + SOQLBuilder.window("SystemModstamp", from: 100, to: 200))
        #expect(copy.saved() == .read(.query(deletes, includeDeleted: true)))
    }

    @Test func aWidePieceTooSmallToSplitWhoseJobFailsFailsRatherThanSendAGetThatCannotPass() {
        var copy = TableCopy(plan: Self.widePlan(), settings: Self.settings)
        _ = copy.start(saved: .init(highWaterMark: UTCSeconds.literal(100), cursor: SyncCursor(windowFrom: 100, to: 101)), cycleStartMillis: Self.start)
        _ = copy.jobCreated("750F")
        _ = copy.saved()
        guard case .fail = copy.jobPolled(BulkJob(id: "750F", state: .failed, errorMessage: TableCopyTests.failedJob.message)) else {
            Issue.record("fails")
            return
        }
    }

    @Test func aWideQueryWhoseJobCannotBeCreatedDoesNotFallBackToREST() {
        var read = QueryRead(QueryRead.Query(soql: SOQLBuilder.select(Self.widePlan().fields, from: "Account"), fields: Self.widePlan().fields),
                             bulkThreshold: 1_000, pollInterval: .milliseconds(10))
        guard case .createBulkJob = read.start() else { Issue.record("bulk"); return }
        let refused = SalesforceError.api(status: 400, errorCode: "INVALIDENTITY", message: "not supported by the Bulk API")
        guard case .escalate = read.failed(refused, decision: .fallBackToREST) else { Issue.record("escalates"); return }
    }

    @Test func aWideFullTableGoesThroughBulk() {
        var copy = TableCopy(plan: Self.widePlan(.fullTable), settings: Self.settings)
        #expect(copy.start(saved: nil, cycleStartMillis: Self.start) == .read(.createBulkJob(SOQLBuilder.select(Self.widePlan().fields, from: "Account"), includeDeleted: false)))
    }
}
