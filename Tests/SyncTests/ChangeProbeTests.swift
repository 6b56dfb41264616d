import Foundation
import SalesforceKit
import Testing
import Warehouse
@testable import Sync

/// Which tables the change probe asks about, what it asks, and what the answers prove.
@Suite struct ChangeProbeTests {
    static let now: Int64 = 1_767_312_000  // 2026-01-02T00:00:00Z
    static let mark = UTCSeconds.literal(now - 3_600)

    static func plan(object: String = "Lead", key: String? = "SystemModstamp", method: ReplicationMethod = .modifiedAt, replicateable: Bool? = true,
                     deletes: Bool = true, archived: Bool = false) -> TablePlan {
        var columns = [ColumnSpec(name: "id", sourceName: "Id", type: .text, salesforceType: "id")]
        if let key { columns.append(ColumnSpec(name: key.lowercased(), sourceName: key, type: .datetime, salesforceType: "datetime")) }
        if archived { columns.append(ColumnSpec(name: "isarchived", sourceName: "IsArchived", type: .boolean, salesforceType: "boolean")) }
        return TablePlan(connectionID: 1, object: object, table: "sf_\(object.lowercased())", method: method, replicationKey: key, columns: columns,
                         hasIsDeleted: deletes, deletionStamp: deletes ? "SystemModstamp" : nil, recheckColumns: [], backfillColumns: [],
                         reconcile: false, replicateable: replicateable)
    }

    func target(_ plan: TablePlan, mark: String? = mark, cursor: SyncCursor? = nil) -> ChangeProbe.Target? {
        ChangeProbe.target(for: plan, saved: .init(highWaterMark: mark, cursor: cursor), lookbackSeconds: 300, now: Self.now)
    }

    // MARK: - What is asked

    @Test func aSystemModstampWindowIsProbedFromItsStartLessTheLookback() {
        #expect(target(Self.plan()) == .init(object: "Lead", from: Self.now - 3_900, deletes: true, countsArchived: false))
        #expect(target(Self.plan(deletes: false))?.deletes == false)
    }

    @Test func whatTheProbeCannotProveIsNotAsked() {
        // `updated` follows SystemModstamp: a LastModifiedDate or CreatedDate window can hold a row whose stamp moved on
        #expect(target(Self.plan(key: "LastModifiedDate")) == nil)
        #expect(target(Self.plan(key: "CreatedDate", method: .addDate)) == nil)
        #expect(target(Self.plan(key: nil, method: .fullTable)) == nil)
        // Not replicateable (or a plan from before the flag was kept), never copied, or a window being resumed
        #expect(target(Self.plan(replicateable: false)) == nil)
        #expect(target(Self.plan(replicateable: nil)) == nil)
        #expect(target(Self.plan(), mark: nil) == nil)
        #expect(target(Self.plan(), cursor: SyncCursor(windowFrom: Self.now - 3_900, to: Self.now)) == nil)
        // Beyond `deleted`'s 15 days (with an hour's margin), or `updated`'s 30 for an object without deletes
        #expect(target(Self.plan(), mark: UTCSeconds.literal(Self.now - 15 * 86_400 + 3_600)) == nil)
        #expect(target(Self.plan(deletes: false), mark: UTCSeconds.literal(Self.now - 15 * 86_400))?.from != nil)
        #expect(target(Self.plan(deletes: false), mark: UTCSeconds.literal(Self.now - 30 * 86_400 + 3_600)) == nil)
    }

    @Test func archivedRowsAreCountedInTheProbeEvenWhenTheWindowIsNotProbed() {
        let t = target(Self.plan(object: "Task", key: "LastModifiedDate", archived: true))
        #expect(t == .init(object: "Task", from: nil, deletes: true, countsArchived: true))
        let probe = ChangeProbe(targets: [t].compactMap { $0 }, end: Date(timeIntervalSince1970: TimeInterval(Self.now)))
        #expect(probe.subrequests.map(\.path) == ["/queryAll/?q=" + FormEncoding.escape(ArchivedRows.countSOQL("Task"))])
    }

    @Test func eachTargetAsksUpdatedThenDeletedThenItsCount() {
        let targets = [target(Self.plan(object: "Lead")), target(Self.plan(object: "User", deletes: false)), target(Self.plan(object: "Event", archived: true))]
        let probe = ChangeProbe(targets: targets.compactMap { $0 }, end: Date(timeIntervalSince1970: TimeInterval(Self.now)))
        let kinds = probe.subrequests.map { sub in sub.isQuery ? "count" : String(sub.path.split(separator: "/")[2].prefix(7)) }
        #expect(kinds == ["updated", "deleted", "updated", "updated", "deleted", "count"])
        #expect(probe.subrequests[0].path.hasPrefix("/sobjects/Lead/updated/?start="))
    }

    // MARK: - What the answers prove

    static func json(_ text: String, status: Int = 200) -> CompositeSubresponse {
        CompositeSubresponse(referenceId: "r", status: status, body: Array(text.utf8))
    }
    static let covered = "2026-01-02T00:00:00.000+0000"
    static let emptyUpdated = json(#"{"ids": [], "latestDateCovered": "\#(covered)"}"#)
    static let emptyDeleted = json(#"{"deletedRecords": [], "earliestDateAvailable": "2025-12-20T00:00:00.000+0000", "latestDateCovered": "\#(covered)"}"#)

    func findings(_ plan: TablePlan, _ answers: [CompositeSubresponse]) -> ProbeFinding? {
        let probe = ChangeProbe(targets: [target(plan)].compactMap { $0 }, end: Date(timeIntervalSince1970: TimeInterval(Self.now)))
        return probe.findings(answers)[plan.object]
    }

    static let updatedOne = json(#"{"ids": ["00Q000000000001AAA"], "latestDateCovered": "\#(covered)"}"#)
    static let deletedOne = json(#"{"deletedRecords": [{"id": "00Q000000000002AAA", "deletedDate": "2026-01-01T23:30:00.000+0000"}], "latestDateCovered": "\#(covered)"}"#)

    @Test func theAnswersTellWhetherRowsWereUpdatedAndWhichWereDeletedToTheCoveredMinute() {
        let from = Self.now - 3_900
        #expect(findings(Self.plan(), [Self.emptyUpdated, Self.emptyDeleted]) == ProbeFinding(from: from, until: Self.now, updated: false, deletedIDs: []))
        #expect(findings(Self.plan(), [Self.updatedOne, Self.emptyDeleted]) == ProbeFinding(from: from, until: Self.now, updated: true, deletedIDs: []))
        #expect(findings(Self.plan(), [Self.emptyUpdated, Self.deletedOne])
            == ProbeFinding(from: from, until: Self.now, updated: false, deletedIDs: ["00Q000000000002AAA"]))
        // The earlier of the two covered dates bounds what is known
        let earlier = Self.json(#"{"deletedRecords": [], "latestDateCovered": "2026-01-01T23:59:00.000+0000"}"#)
        #expect(findings(Self.plan(), [Self.emptyUpdated, earlier])?.until == Self.now - 60)
    }

    @Test func anyDoubtMeansTheWindowIsReadAsBefore() {
        let noDate = Self.json(#"{"ids": []}"#)
        let logTooShort = Self.json(#"{"deletedRecords": [], "earliestDateAvailable": "2026-01-01T23:30:00.000+0000", "latestDateCovered": "\#(Self.covered)"}"#)
        let error = Self.json(#"[{"errorCode": "INVALID_REPLICATION_DATE", "message": "start date cannot be more than 15 days ago"}]"#, status: 400)
        let coveredBeforeTheStart = Self.json(#"{"ids": [], "latestDateCovered": "2026-01-01T22:00:00.000+0000"}"#)
        for answers in [[noDate, Self.emptyDeleted], [Self.emptyUpdated, logTooShort],
                        [error, Self.emptyDeleted], [Self.emptyUpdated, error], [coveredBeforeTheStart, Self.emptyDeleted],
                        [Self.json("<html>gateway</html>"), Self.emptyDeleted]] {
            #expect(findings(Self.plan(), answers) == nil)
        }
    }

    @Test func theArchivedCountIsTakenFromItsQueryPage() {
        let count = Self.json(#"{"totalSize": 42, "done": true, "records": []}"#)
        #expect(findings(Self.plan(object: "Event", archived: true), [Self.emptyUpdated, Self.emptyDeleted, count])
            == ProbeFinding(from: Self.now - 3_900, until: Self.now, updated: false, deletedIDs: [], archivedCount: 42))
        let failed = Self.json(#"[{"errorCode": "QUERY_TIMEOUT", "message": "timeout"}]"#, status: 400)
        #expect(findings(Self.plan(object: "Event", archived: true), [Self.emptyUpdated, Self.emptyDeleted, failed])?.archivedCount == nil)
    }

    // MARK: - The copy

    @Test func aProvenWindowIsNotReadAndTheMarkMovesToTheProvenEnd() {
        var plan = Self.plan()
        plan.probe = ProbeFinding(from: Self.now - 3_900, until: Self.now - 60, updated: false)
        var copy = TableCopy(plan: plan, settings: TableCopy.Settings(lookbackSeconds: 300, bulkThreshold: 1_000, pollInterval: .zero))
        let action = copy.start(saved: .init(highWaterMark: Self.mark), cycleStartMillis: Self.now * 1000 + 500)
        #expect(action == .save(.init(highWaterMark: UTCSeconds.literal(Self.now - 60), cursor: nil)))
        #expect(copy.saved() == .finished)
    }

    @Test func aMarkAlreadyPastTheProvenEndStays() {
        var plan = Self.plan()
        plan.probe = ProbeFinding(from: Self.now - 3_900, until: Self.now - 3_660, updated: false)
        var copy = TableCopy(plan: plan, settings: TableCopy.Settings(lookbackSeconds: 300, bulkThreshold: 1_000, pollInterval: .zero))
        #expect(copy.start(saved: .init(highWaterMark: Self.mark), cycleStartMillis: Self.now * 1000) == .save(.init(highWaterMark: Self.mark, cursor: nil)))
    }

    @Test func aProbeThatStartedAfterTheWindowDoesNotCoverIt() {
        // The mark moved back since the probe (a reset): the window starts before what was proven
        var plan = Self.plan()
        plan.probe = ProbeFinding(from: Self.now - 3_900, until: Self.now, updated: false)
        var copy = TableCopy(plan: plan, settings: TableCopy.Settings(lookbackSeconds: 300, bulkThreshold: 1_000, pollInterval: .zero))
        let action = copy.start(saved: .init(highWaterMark: UTCSeconds.literal(Self.now - 7_200)), cycleStartMillis: Self.now * 1000)
        guard case .save(let checkpoint) = action else { Issue.record("\(action)"); return }
        #expect(checkpoint.cursor != nil)
        guard case .read = copy.saved() else { Issue.record("the window is read"); return }
    }

    @Test func aWindowWithOnlyDeletesRemovesThemWithoutAnyRead() {
        var plan = Self.plan()
        plan.probe = ProbeFinding(from: Self.now - 3_900, until: Self.now - 60, updated: false, deletedIDs: ["00Q000000000002AAA"])
        var copy = TableCopy(plan: plan, settings: TableCopy.Settings(lookbackSeconds: 300, bulkThreshold: 1_000, pollInterval: .zero))
        #expect(copy.start(saved: .init(highWaterMark: Self.mark), cycleStartMillis: Self.now * 1000)
            == .deleteKnown(["00Q000000000002AAA"], .init(highWaterMark: UTCSeconds.literal(Self.now - 60), cursor: nil)))
        #expect(copy.saved() == .finished)
    }

    @Test func aWindowWithUpdatesIsReadToTheProbesEndAndItsDeletesComeFromTheProbe() {
        var plan = Self.plan()
        plan.probe = ProbeFinding(from: Self.now - 3_900, until: Self.now - 60, updated: true, deletedIDs: ["00Q000000000002AAA"])
        var copy = TableCopy(plan: plan, settings: TableCopy.Settings(lookbackSeconds: 300, bulkThreshold: 1_000, pollInterval: .zero))
        guard case .save(let first) = copy.start(saved: .init(highWaterMark: Self.mark), cycleStartMillis: Self.now * 1000 + 500),
              let cursor = first.cursor else { Issue.record("the window is saved first"); return }
        #expect(cursor.windowFrom == Self.now - 3_900 && cursor.finalTo == Self.now - 60)
        let soql = SOQLBuilder.select(["Id", "SystemModstamp"], from: "Lead", where: SOQLBuilder.window("SystemModstamp", from: Self.now - 3_900, to: Self.now - 60))
        #expect(copy.saved() == .read(.query(soql, includeDeleted: false)))
        _ = copy.pageArrived(nextRecordsURL: nil)
        guard case .save = copy.committed() else { Issue.record("the rows' end is saved"); return }
        // The deletes phase reads nothing: the probe's ids go with the window's end
        #expect(copy.saved() == .deleteKnown(["00Q000000000002AAA"], .init(highWaterMark: UTCSeconds.literal(Self.now - 60), cursor: nil)))
        #expect(copy.saved() == .finished)
    }
}
