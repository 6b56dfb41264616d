import Foundation
import SalesforceKit
import Testing
import Warehouse
@testable import Sync

/// The rules of a table's copy (windows, lookback, resumes, splits, deletes, the high-water
/// mark), fed events with no I/O.
@Suite struct TableCopyTests {
    static let columns = [
        ColumnSpec(name: "id", sourceName: "Id", type: .text, salesforceType: "id"),
        ColumnSpec(name: "systemmodstamp", sourceName: "SystemModstamp", type: .datetime, salesforceType: "datetime"),
    ]
    static let settings = TableCopy.Settings(lookbackSeconds: 300, bulkThreshold: 1_000, pollInterval: .milliseconds(250))
    /// 2024-01-01T00:00:00Z plus 0.5 s.
    static let start: Int64 = 1_704_067_200_500
    static let startSecond: Int64 = 1_704_067_200

    static func plan(_ method: ReplicationMethod = .modifiedAt, deletes: Bool = true) -> TablePlan {
        TablePlan(connectionID: 1, object: "Lead", table: "sf_lead", method: method, replicationKey: method == .fullTable ? nil : "SystemModstamp",
                  columns: columns, hasIsDeleted: deletes, deletionStamp: deletes ? "SystemModstamp" : nil, recheckColumns: [], backfillColumns: [],
                  reconcile: false)
    }

    static func literal(_ seconds: Int64) -> String { UTCSeconds.literal(seconds) }
    static let hwm = literal(startSecond - 3_600)

    func copy(_ plan: TablePlan = plan(), full: Bool = false) -> TableCopy {
        var settings = Self.settings
        settings.full = full
        return TableCopy(plan: plan, settings: settings)
    }

    func windowSOQL(from: Int64?, to: Int64) -> String {
        SOQLBuilder.select(["Id", "SystemModstamp"], from: "Lead", where: SOQLBuilder.window("SystemModstamp", from: from, to: to))
    }

    // MARK: - Windows

    @Test func aFreshWindowStartsAtTheMarkLessTheLookbackAndIsSavedFirst() {
        var copy = copy()
        let action = copy.start(saved: .init(highWaterMark: Self.hwm), cycleStartMillis: Self.start)
        guard case .save(let checkpoint) = action, let cursor = checkpoint.cursor else { Issue.record("\(action)"); return }
        #expect(cursor.windowFrom == Self.startSecond - 3_600 - 300)
        #expect(checkpoint.highWaterMark == Self.hwm)
        #expect(copy.saved() == .read(.query(windowSOQL(from: Self.startSecond - 3_900, to: Self.startSecond + 1), includeDeleted: false)))
    }

    @Test func theWindowEndsAfterTheCycleStartsSecondAndTheMarkAtIt() {
        // A change made at 00:00:00.300, before the cycle started at 00:00:00.500, is inside
        // `SystemModstamp <= 00:00:01`; the next window starts at 00:00:00 less the lookback.
        var copy = copy(Self.plan(deletes: false))
        _ = copy.start(saved: .init(highWaterMark: Self.hwm), cycleStartMillis: Self.start)
        #expect(copy.cursor.finalTo == Self.startSecond + 1)
        _ = copy.saved()
        _ = copy.pageArrived(nextRecordsURL: nil)
        #expect(copy.committed() == .save(.init(highWaterMark: Self.hwm, cursor: copy.cursor)))
        #expect(copy.cursor.phase == .deletes)
        #expect(copy.saved() == .save(.init(highWaterMark: Self.literal(Self.startSecond), cursor: nil)))
        #expect(copy.saved() == .finished)
    }

    @Test func aCycleStartingOnAWholeSecondEndsThere() {
        var copy = copy()
        _ = copy.start(saved: nil, cycleStartMillis: Self.startSecond * 1000)
        #expect(copy.cursor.finalTo == Self.startSecond)
        #expect(copy.cursor.nextStart == Self.startSecond)
    }

    @Test func withoutAMarkTheWindowHasNoStart() {
        var copy = copy()
        _ = copy.start(saved: nil, cycleStartMillis: Self.start)
        #expect(copy.cursor.windowFrom == nil)
        #expect(copy.saved() == .read(.query(windowSOQL(from: nil, to: Self.startSecond + 1), includeDeleted: false)))
    }

    @Test func aFullRefreshForgetsTheCheckpoint() {
        var copy = copy(full: true)
        var stopped = SyncCursor(windowFrom: 10, to: 20)
        stopped.nextRecordsURL = "/next/1"
        _ = copy.start(saved: .init(highWaterMark: Self.hwm, cursor: stopped), cycleStartMillis: Self.start)
        #expect(copy.cursor.windowFrom == nil)
        #expect(copy.highWaterMark == nil)
    }

    @Test func loadsCarryTheCursorThatFollowsTheirRows() {
        var copy = copy()
        _ = copy.start(saved: nil, cycleStartMillis: Self.start)
        _ = copy.saved()
        let action = copy.pageArrived(nextRecordsURL: "/next/2")
        guard case .load(0, .upsert, let checkpoint?) = action else { Issue.record("\(action)"); return }
        #expect(checkpoint.cursor?.nextRecordsURL == "/next/2")
        #expect(checkpoint.cursor?.phase == .rows)
    }

    @Test func aTableWithoutAKeyFails() {
        var plan = Self.plan()
        plan.replicationKey = nil
        var copy = copy(plan)
        guard case .fail(let message) = copy.start(saved: nil, cycleStartMillis: Self.start) else { Issue.record("fails"); return }
        #expect(message.contains("replication key"))
    }

    @Test func aPausedTableDoesNothing() {
        var copy = copy(Self.plan(.paused))
        #expect(copy.start(saved: nil, cycleStartMillis: Self.start) == .finished)
    }

    // MARK: - Resuming

    @Test func aStoppedWindowIsFinishedBeforeThisCyclesOwn() {
        var stopped = SyncCursor(windowFrom: 100, to: 200, nextStart: 199)
        stopped.nextRecordsURL = "/next/9"
        var copy = copy(Self.plan(deletes: false))
        #expect(copy.start(saved: .init(highWaterMark: Self.literal(100), cursor: stopped), cycleStartMillis: Self.start) == .read(.queryMore("/next/9")))
        _ = copy.pageArrived(nextRecordsURL: nil)
        _ = copy.committed()  // save: the deletes phase
        #expect(copy.saved() == .save(.init(highWaterMark: Self.literal(199), cursor: nil)))
        // This cycle's own window starts from the stopped one's end less the lookback.
        guard case .save(let fresh) = copy.saved() else { Issue.record("a fresh window"); return }
        #expect(fresh.cursor?.windowFrom == 199 - 300)
        #expect(fresh.cursor?.finalTo == Self.startSecond + 1)
    }

    @Test func aStoppedBulkReadPollsItsJobAtOnce() {
        var stopped = SyncCursor(windowFrom: 100, to: 200)
        stopped.position = .init(bulkJobID: "750X", locator: "L4", rowsDone: 20)
        var copy = copy()
        #expect(copy.start(saved: .init(highWaterMark: Self.literal(100), cursor: stopped), cycleStartMillis: Self.start)
            == .read(.pollBulkJob("750X", after: .zero)))
        #expect(copy.jobPolled(BulkJob(id: "750X", state: .jobComplete)) == .read(.readBulkPage(job: "750X", locator: "L4")))
    }

    @Test func aWindowStoppedInTheDeletesPhaseResumesThere() {
        var stopped = SyncCursor(windowFrom: 100, to: 200)
        stopped.phase = .deletes
        var copy = copy()
        let action = copy.start(saved: .init(highWaterMark: Self.literal(100), cursor: stopped), cycleStartMillis: Self.start)
        let soql = SOQLBuilder.select(["Id"], from: "Lead", where: ["IsDeleted = true"] + SOQLBuilder.window("SystemModstamp", from: 100, to: 200))
        #expect(action == .read(.query(soql, includeDeleted: true)))
    }

    @Test func aStoppedSecondHalfResumesAtItsPiece() {
        var stopped = SyncCursor(windowFrom: 100, to: 200)
        stopped.from = 150
        var copy = copy()
        #expect(copy.start(saved: .init(highWaterMark: Self.literal(100), cursor: stopped), cycleStartMillis: Self.start)
            == .read(.query(windowSOQL(from: 150, to: 200), includeDeleted: false)))
    }

    @Test func anOldCursorWithoutNextStartEndsAtItsWindow() throws {
        let old = #"{"phase":"deletes","windowFrom":100,"finalTo":200,"from":100,"to":200,"rowsDone":0}"#
        let cursor = try JSONDecoder().decode(SyncCursor.self, from: Data(old.utf8))
        var copy = copy(Self.plan(deletes: false))
        #expect(copy.start(saved: .init(highWaterMark: Self.literal(100), cursor: cursor), cycleStartMillis: Self.start)
            == .save(.init(highWaterMark: Self.literal(200), cursor: nil)))
    }

    // MARK: - Splitting

    @Test func aTimedOutPieceIsHalvedAndReadInTwo() {
        var copy = copy(Self.plan(deletes: false))
        var stopped = SyncCursor(windowFrom: 100, to: 200)
        stopped.nextStart = 200
        _ = copy.start(saved: .init(highWaterMark: Self.literal(100), cursor: stopped), cycleStartMillis: Self.start)
        // A REST page after the first times out (a first page that does is a large read: Bulk).
        _ = copy.pageArrived(nextRecordsURL: "/q/2", totalSize: 5)
        #expect(copy.committed() == .read(.queryMore("/q/2")))
        guard case .save(let halved) = copy.failed(QueryReadTests.timeout, decision: .splitWindow) else { Issue.record("splits"); return }
        #expect(halved.cursor?.from == 100 && halved.cursor?.to == 150)
        #expect(copy.saved() == .read(.query(windowSOQL(from: 100, to: 150), includeDeleted: false)))
        _ = copy.pageArrived(nextRecordsURL: nil)
        guard case .save(let second) = copy.committed() else { Issue.record("the second half"); return }
        #expect(second.cursor?.from == 150 && second.cursor?.to == 200 && second.cursor?.phase == .rows)
        #expect(copy.saved() == .read(.query(windowSOQL(from: 150, to: 200), includeDeleted: false)))
    }

    @Test func aOneSecondPieceThatTimesOutCannotBeSplit() {
        var copy = copy()
        _ = copy.start(saved: .init(highWaterMark: Self.literal(100), cursor: SyncCursor(windowFrom: 100, to: 101)), cycleStartMillis: Self.start)
        _ = copy.pageArrived(nextRecordsURL: "/q/2", totalSize: 5)
        _ = copy.committed()
        guard case .fail(let message) = copy.failed(QueryReadTests.timeout, decision: .splitWindow) else { Issue.record("fails"); return }
        #expect(message.contains("one-second window"))
    }

    static let failedJob = SalesforceError.bulkJobEnded(state: "Failed", message: "Retried more than 15 times. Apply a filter criteria and try again.")

    @Test func aFailedBulkJobSplitsItsWindowLikeATimeout() {
        var copy = copy()
        _ = copy.start(saved: .init(highWaterMark: Self.literal(100), cursor: SyncCursor(windowFrom: 100, to: 200)), cycleStartMillis: Self.start)
        _ = copy.pageArrived(nextRecordsURL: "/first", totalSize: 5_000)
        _ = copy.jobCreated("750F")
        _ = copy.saved()
        guard case .save(let halved) = copy.jobPolled(BulkJob(id: "750F", state: .failed, errorMessage: Self.failedJob.message)) else {
            Issue.record("splits")
            return
        }
        #expect(halved.cursor?.to == 150 && halved.cursor?.bulkJobID == nil)
    }

    @Test func aPieceTooSmallToSplitWhoseJobFailsGoesThroughREST() {
        var copy = copy()
        _ = copy.start(saved: .init(highWaterMark: Self.literal(100), cursor: SyncCursor(windowFrom: 100, to: 101)), cycleStartMillis: Self.start)
        _ = copy.pageArrived(nextRecordsURL: "/first", totalSize: 5_000)
        _ = copy.jobCreated("750F")
        _ = copy.saved()
        let soql = SOQLBuilder.select(["Id", "SystemModstamp"], from: "Lead", where: SOQLBuilder.window("SystemModstamp", from: 100, to: 101))
        #expect(copy.jobPolled(BulkJob(id: "750F", state: .failed, errorMessage: Self.failedJob.message)) == .read(.query(soql, includeDeleted: false)))
        guard case .load(0, .upsert, let checkpoint?) = copy.pageArrived(nextRecordsURL: nil) else { Issue.record("loads"); return }
        #expect(checkpoint.cursor?.bulkJobID == nil)
    }

    @Test func aWholeTableReadWhoseJobFailsGoesThroughREST() {
        var copy = copy(Self.plan(.fullTable, deletes: false))
        _ = copy.start(saved: nil, cycleStartMillis: Self.start)
        _ = copy.pageArrived(nextRecordsURL: "/first", totalSize: 50_000)
        _ = copy.jobCreated("750G")
        _ = copy.saved()
        #expect(copy.failed(Self.failedJob, decision: .splitWindow) == .read(.query("SELECT Id, SystemModstamp FROM Lead", includeDeleted: false)))
    }

    // MARK: - Deletes

    @Test func deletesAreReadWithQueryAllOverRESTAndRemoved() {
        var stopped = SyncCursor(windowFrom: 100, to: 200)
        stopped.phase = .deletes
        var copy = copy()
        _ = copy.start(saved: .init(highWaterMark: Self.literal(100), cursor: stopped), cycleStartMillis: Self.start)
        guard case .load(0, .delete, let checkpoint?) = copy.pageArrived(nextRecordsURL: nil) else { Issue.record("deletes"); return }
        #expect(checkpoint.cursor?.phase == .deletes)
        #expect(copy.committed() == .save(.init(highWaterMark: Self.literal(200), cursor: nil)))
    }

    @Test func aFirstWindowHasNoDeletesToRead() {
        var copy = copy()
        _ = copy.start(saved: nil, cycleStartMillis: Self.start)
        _ = copy.saved()
        _ = copy.pageArrived(nextRecordsURL: nil)
        _ = copy.committed()
        #expect(copy.saved() == .save(.init(highWaterMark: Self.literal(Self.startSecond), cursor: nil)))
    }

    // MARK: - Full table and single reads

    @Test func aFullTableIsReadWholeAndUnseenRowsRemoved() {
        var copy = copy(Self.plan(.fullTable, deletes: false))
        #expect(copy.start(saved: nil, cycleStartMillis: Self.start) == .read(.query("SELECT Id, SystemModstamp FROM Lead", includeDeleted: false)))
        #expect(copy.resumes == false)
        guard case .load(0, .upsert, let checkpoint?) = copy.pageArrived(nextRecordsURL: nil) else { Issue.record("loads"); return }
        #expect(checkpoint.cursor == nil)
        #expect(copy.committed() == .removeUnseenRows)
        #expect(copy.saved() == .finished)
    }

    @Test func aSingleReadWritesWithoutCheckpoints() {
        let query = QueryRead.Query(soql: "SELECT Id FROM Lead", fields: ["Id"])
        var copy = TableCopy(plan: Self.plan(), reading: query, into: .collectIDs, settings: Self.settings)
        #expect(copy.resumes == false)
        #expect(copy.start(saved: nil, cycleStartMillis: Self.start) == .read(.query("SELECT Id FROM Lead", includeDeleted: false)))
        _ = copy.pageArrived(nextRecordsURL: "/first", totalSize: 2_000)
        _ = copy.jobCreated("750B")
        #expect(copy.saved() == .read(.pollBulkJob("750B", after: .zero)))
        _ = copy.jobPolled(BulkJob(id: "750B", state: .jobComplete))
        #expect(copy.chunkArrived(rows: 10) == .load(skipping: 0, sink: .collectIDs, checkpoint: nil))
        #expect(copy.pageEnded(nextLocator: nil) == .read(.deleteBulkJob("750B")))
        #expect(copy.jobDeleted() == .finished)
        #expect(copy.fields == ["Id"])
    }

    @Test func aSingleReadThatTimesOutFails() {
        let query = QueryRead.Query(soql: "SELECT Id FROM Lead", fields: ["Id"], allowBulk: false)
        var copy = TableCopy(plan: Self.plan(), reading: query, into: .updateColumns, settings: Self.settings)
        _ = copy.start(saved: nil, cycleStartMillis: Self.start)
        guard case .fail = copy.failed(QueryReadTests.timeout, decision: .splitWindow) else { Issue.record("fails"); return }
    }

    // MARK: - What the table cannot handle

    @Test func theQuotaAndReauthenticationStopTheCycle() {
        for stop in [SalesforceDecision.CycleStop.quota, .reauthentication] {
            var copy = copy()
            _ = copy.start(saved: nil, cycleStartMillis: Self.start)
            _ = copy.saved()
            let error = SalesforceError.requestLimitExceeded("TotalRequests Limit exceeded.")
            #expect(copy.failed(error, decision: .stopCycle(stop)) == .stopCycle(error, stop))
        }
    }

    @Test func anUnreadableObjectIsSkippedWithItsReason() {
        var copy = copy()
        _ = copy.start(saved: nil, cycleStartMillis: Self.start)
        _ = copy.saved()
        #expect(copy.failed(QueryReadTests.gone, decision: .skipObject("gone")) == .skip("gone"))
    }

    @Test func otherFailuresFailTheTableWithTheirMessage() {
        var copy = copy()
        _ = copy.start(saved: nil, cycleStartMillis: Self.start)
        _ = copy.saved()
        let malformed = SalesforceError.api(status: 400, errorCode: "MALFORMED_QUERY", message: "unexpected token: 'Foo__c'")
        guard case .fail(let message) = copy.failed(malformed, decision: .fail) else { Issue.record("fails"); return }
        #expect(message.contains("Foo__c"))
    }

    @Test func aFieldTheOrgNoLongerKnowsMarksTheDescribeStale() {
        // Field-level security hid it, or it was deleted: the cycle describes the object again
        for code in ["INVALID_FIELD", "INVALID_TYPE"] {
            var copy = copy()
            _ = copy.start(saved: nil, cycleStartMillis: Self.start)
            _ = copy.saved()
            let invalid = SalesforceError.api(status: 400, errorCode: code, message: "No such column 'Foo__c'")
            guard case .describeStale(let error) = copy.failed(invalid, decision: .fail) else { Issue.record("\(code) is a stale describe"); continue }
            #expect(error.errorCode == code)
        }
    }

    @Test func anEventWithNoReadRunningFails() {
        var copy = copy()
        guard case .fail = copy.pageArrived(nextRecordsURL: nil, totalSize: 3) else { Issue.record("fails"); return }
    }
}
