import Foundation
import SalesforceKit
import Testing
import Warehouse
@testable import Sync

/// `TableSync` carries out `TableCopy`'s actions against a scripted org: each path, restart and
/// fallback, and a copy stopped at every step between reading a batch and committing it.
@Suite struct TableSyncExecutorTests {
    static let columns = TableCopyTests.columns
    static let endSecond: Int64 = 1_704_067_201
    static let window = SOQLBuilder.window("SystemModstamp", from: nil, to: endSecond)
    static let soql = SOQLBuilder.select(["Id", "SystemModstamp"], from: "Lead", where: window)

    static func lead(_ i: Int) -> [String: String?] { ["Id": id(i), "SystemModstamp": "2023-12-31T10:00:00.000+0000"] }
    static func id(_ i: Int) -> String { "00Q" + String(repeating: "0", count: 12 - String(i).count) + String(i) + "AAA" }
    static func csv(_ range: Range<Int>) -> String {
        "\"Id\",\"SystemModstamp\"\n" + range.map { "\"\(id($0))\",\"2023-12-31T10:00:00.000Z\"\n" }.joined()
    }

    func warehouse() async throws -> any Warehouse {
        let warehouse = try SQLiteWarehouse.inMemory()
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_lead", columns: Self.columns))
        return warehouse
    }

    func options(threshold: Int = 1_000, faults: FaultPoints? = nil) -> SyncOptions {
        var options = SyncOptions()
        options.clock = { Date(timeIntervalSince1970: 1_704_067_200.5) }
        options.bulkThreshold = threshold
        options.bulkPollInterval = .milliseconds(1)
        options.chunkRows = 30
        options.faultPoints = faults
        return options
    }

    func run(_ org: ScriptedSalesforce, _ warehouse: any Warehouse, threshold: Int = 1_000, faults: FaultPoints? = nil) async throws -> TableResult {
        let plan = TableCopyTests.plan(deletes: false)
        let budget = APIBudget(share: 1, usedBefore: 0, client: org)
        return try await TableSync(plan: plan, client: org, warehouse: warehouse, options: options(threshold: threshold, faults: faults), budget: budget,
                                   events: { _ in }).run()
    }

    func expectExact(_ warehouse: any Warehouse, _ count: Int) async throws {
        #expect(try await warehouse.ids(in: "sf_lead") == (0..<count).map(Self.id).sorted())
        let checkpoint = try await warehouse.checkpoint(connectionID: 1, table: "sf_lead")
        #expect(checkpoint?.highWaterMark == UTCSeconds.literal(Self.endSecond - 1))
        #expect(checkpoint?.cursor == nil)
    }

    @Test func restPagesAreCopiedAndTheMarkMoves() async throws {
        let org = ScriptedSalesforce([
            (.query(Self.soql, includeDeleted: false), .page([Self.lead(0), Self.lead(1)], next: "/services/data/v62.0/query/01g-2")),
            (.queryMore("/services/data/v62.0/query/01g-2"), .page([Self.lead(2)], next: nil)),
        ])
        let warehouse = try await warehouse()
        let result = try await run(org, warehouse)
        #expect(result.status == .succeeded && result.path == "rest" && result.inserted == 3 && result.apiCalls == 2)
        #expect(org.unanswered.isEmpty)
        try await expectExact(warehouse, 3)
    }

    @Test func bulkPagesArePolledStreamedAndTheJobDeleted() async throws {
        let org = ScriptedSalesforce([
            // The first REST page tells the size (no COUNT()); a large read drops it for Bulk.
            (.query(Self.soql, includeDeleted: false), .sizedPage([Self.lead(0)], next: "/q/first", total: 5)),
            (.createBulkQuery(Self.soql, includeDeleted: false), .job(id: "750A", state: .uploadComplete)),
            (.bulkJob("750A"), .job(id: "750A", state: .inProgress)),
            (.bulkJob("750A"), .job(id: "750A", state: .jobComplete)),
            (.bulkResults("750A", locator: nil), .csv(Self.csv(0..<3), locator: "L2")),
            (.bulkResults("750A", locator: "L2"), .csv(Self.csv(3..<5), locator: nil)),
            (.deleteBulkJob("750A"), .done),
        ])
        let warehouse = try await warehouse()
        let result = try await run(org, warehouse, threshold: 2)
        #expect(result.status == .succeeded && result.path == "bulk" && result.inserted == 5)
        #expect(org.unanswered.isEmpty)
        try await expectExact(warehouse, 5)
    }

    @Test func anExpiredCursorReadsThePieceAgain() async throws {
        let org = ScriptedSalesforce([
            (.query(Self.soql, includeDeleted: false), .page([Self.lead(0), Self.lead(1)], next: "/q/2")),
            (.queryMore("/q/2"), .error(.invalidQueryLocator("invalid query locator"))),
            (.query(Self.soql, includeDeleted: false), .page([Self.lead(0), Self.lead(1), Self.lead(2)], next: nil)),
        ])
        let warehouse = try await warehouse()
        let result = try await run(org, warehouse)
        #expect(result.status == .succeeded && result.inserted == 3 && result.updated == 2)
        try await expectExact(warehouse, 3)
    }

    @Test func aBulkJobThatIsGoneRunsAgain() async throws {
        let warehouse = try await warehouse()
        var stopped = SyncCursor(windowFrom: nil, to: Self.endSecond, nextStart: Self.endSecond - 1)
        stopped.position = .init(bulkJobID: "750OLD", locator: "L9", rowsDone: 7)
        let fresh = SOQLBuilder.window("SystemModstamp", from: Self.endSecond - 1 - 300, to: Self.endSecond)
        try await warehouse.saveCheckpoint(TableCopy.CopyCheckpoint(highWaterMark: nil, cursor: stopped).stored(TableCopyTests.plan()))
        let org = ScriptedSalesforce([
            (.bulkJob("750OLD"), .error(.api(status: 404, errorCode: "NOT_FOUND", message: "The requested resource does not exist"))),
            (.createBulkQuery(Self.soql, includeDeleted: false), .job(id: "750NEW", state: .uploadComplete)),
            (.bulkJob("750NEW"), .job(id: "750NEW", state: .jobComplete)),
            (.bulkResults("750NEW", locator: nil), .csv(Self.csv(0..<4), locator: nil)),
            (.deleteBulkJob("750NEW"), .done),
            // Then this cycle's own window, from the stopped one's end less the lookback.
            (.query(SOQLBuilder.select(["Id", "SystemModstamp"], from: "Lead", where: fresh), includeDeleted: false), .page([], next: nil)),
        ])
        let result = try await run(org, warehouse, threshold: 2)
        #expect(result.status == .succeeded && result.inserted == 4)
        #expect(org.unanswered.isEmpty)
        try await expectExact(warehouse, 4)
    }

    @Test func aPageCutInTransitIsReadOnFromItsCommittedRows() async throws {
        let full = Self.csv(0..<4)
        let cut = full.count - 20  // inside the last row
        let org = ScriptedSalesforce([
            (.query(Self.soql, includeDeleted: false), .sizedPage([Self.lead(0)], next: "/q/first", total: 4)),
            (.createBulkQuery(Self.soql, includeDeleted: false), .job(id: "750C", state: .jobComplete)),
            (.bulkJob("750C"), .job(id: "750C", state: .jobComplete)),
            (.bulkResults("750C", locator: nil), .cutCSV(full, prefix: cut)),
            (.bulkResults("750C", locator: nil), .csv(full, locator: nil)),
            (.deleteBulkJob("750C"), .done),
        ])
        let warehouse = try await warehouse()
        let result = try await run(org, warehouse, threshold: 2)
        // The three rows before the cut are written once; the second reading adds the fourth.
        #expect(result.status == .succeeded && result.inserted == 4 && result.updated == 0)
        try await expectExact(warehouse, 4)
    }

    @Test func anObjectBulkRefusesIsReadThroughREST() async throws {
        let org = ScriptedSalesforce([
            (.query(Self.soql, includeDeleted: false), .sizedPage([Self.lead(0)], next: "/q/first", total: 5)),
            (.createBulkQuery(Self.soql, includeDeleted: false), .error(.api(status: 400, errorCode: "INVALIDENTITY", message: "not supported"))),
            (.query(Self.soql, includeDeleted: false), .page((0..<5).map(Self.lead), next: nil)),
        ])
        let warehouse = try await warehouse()
        let result = try await run(org, warehouse, threshold: 2)
        #expect(result.status == .succeeded && result.path == "rest")
        try await expectExact(warehouse, 5)
    }

    @Test func theDailyQuotaStopsTheCycle() async throws {
        let org = ScriptedSalesforce([(.query(Self.soql, includeDeleted: false), .error(.requestLimitExceeded("TotalRequests Limit exceeded.")))])
        await #expect(throws: SyncStop.self) { _ = try await run(org, try await warehouse()) }
    }

    @Test func aCallTheOrgWasNotToldToExpectFailsTheTest() async throws {
        let org = ScriptedSalesforce([(.queryMore("/q/2"), .page([], next: nil))])
        let warehouse = try await warehouse()
        var result: TableResult?
        await withKnownIssue("the fake records the unscripted query") {
            result = try await run(org, warehouse)
        }
        #expect(result?.status == .failed)
        #expect(org.calls.last == .query(Self.soql, includeDeleted: false))
    }

    // MARK: - A copy stopped at every step resumes exact

    /// 250 Leads over REST (pages of 40) or Bulk (pages of 100, chunks of 30).
    static func responder(bulk: Bool) -> @Sendable (ScriptedSalesforce.Call) -> ScriptedSalesforce.Answer? {
        { call in
            switch call {
            case .query: return .sizedPage((0..<40).map(lead), next: "/q/40", total: 250)
            case .queryMore(let next):
                guard let start = Int(next.dropFirst(3)) else { return nil }
                let end = min(250, start + 40)
                return .page((start..<end).map(lead), next: end < 250 ? "/q/\(end)" : nil)
            case .createBulkQuery: return .job(id: "750R", state: .uploadComplete)
            case .bulkJob: return .job(id: "750R", state: .jobComplete)
            case .bulkResults(_, let locator):
                let start = locator.flatMap(Int.init) ?? 0
                let end = min(250, start + 100)
                return .csv(csv(start..<end), locator: end < 250 ? "\(end)" : nil)
            case .deleteBulkJob: return .done
            default: return nil
            }
        }
    }

    @Test(arguments: [false, true]) func aCopyStoppedAtAnyStepInTheExecutorResumesExact(bulk: Bool) async throws {
        var stopAt = 1
        while true {
            let warehouse = try await warehouse()
            let faults = FaultPoints(stopAt: stopAt)
            let first = try await run(ScriptedSalesforce(responder: Self.responder(bulk: bulk)), warehouse, threshold: bulk ? 100 : 1_000, faults: faults)
            guard faults.reached >= stopAt else {
                #expect(first.status == .succeeded)
                break
            }
            #expect(first.status == .failed, "stop \(stopAt)")
            let second = try await run(ScriptedSalesforce(responder: Self.responder(bulk: bulk)), warehouse, threshold: bulk ? 100 : 1_000)
            #expect(second.status == .succeeded, "stop \(stopAt)")
            try await expectExact(warehouse, 250)
            stopAt += 1
        }
        #expect(stopAt > (bulk ? 9 : 8), "every batch and save was a stop point")
    }

    @Test(arguments: [FaultyWarehouse.Moment.beforeCommit, .afterCommit])
    func aCopyStoppedInsideAnyWarehouseTransactionResumesExact(moment: FaultyWarehouse.Moment) async throws {
        for bulk in [false, true] {
            var stopAt = 1
            while true {
                let real = try await warehouse()
                let faulty = FaultyWarehouse(real, stopAt: stopAt, moment: moment)
                let first = try await run(ScriptedSalesforce(responder: Self.responder(bulk: bulk)), faulty, threshold: bulk ? 100 : 1_000)
                guard faulty.died else {
                    #expect(first.status == .succeeded)
                    break
                }
                let second = try await run(ScriptedSalesforce(responder: Self.responder(bulk: bulk)), real, threshold: bulk ? 100 : 1_000)
                #expect(second.status == .succeeded, "write \(stopAt), bulk \(bulk)")
                try await expectExact(real, 250)
                stopAt += 1
            }
            #expect(stopAt > 8)
        }
    }
}
