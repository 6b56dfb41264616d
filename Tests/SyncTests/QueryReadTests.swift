import SalesforceKit
import Testing
@testable import Sync

/// The rules of reading one query, REST or Bulk, with no I/O: each test feeds events and checks
/// the actions.
@Suite struct QueryReadTests {
    static let query = QueryRead.Query(soql: "SELECT Id FROM Lead", fields: ["Id"])

    func read(at position: QueryRead.Position = .start, allowBulk: Bool = true) -> QueryRead {
        var query = Self.query
        query.allowBulk = allowBulk
        return QueryRead(query, resumingAt: position, bulkThreshold: 1_000, pollInterval: .milliseconds(250))
    }

    static let timeout = SalesforceError.queryTimeout("slow")
    static let expired = SalesforceError.invalidQueryLocator("expired")
    static let cut = SalesforceError.malformedResponse("cut")
    static let gone = SalesforceError.api(status: 404, errorCode: "NOT_FOUND", message: "gone")

    @Test func aSmallReadIsSizedByItsFirstPageAndPagesThroughREST() {
        var read = read()
        // No COUNT(): the first REST page's totalSize tells the size.
        #expect(read.start() == .query("SELECT Id FROM Lead", includeDeleted: false))
        #expect(read.pageArrived(nextRecordsURL: "/next/1", totalSize: 999) == .load(skipping: 0, position: .init(nextRecordsURL: "/next/1")))
        #expect(read.path == .rest)
        #expect(read.committed() == .queryMore("/next/1"))
        #expect(read.pageArrived(nextRecordsURL: nil) == .load(skipping: 0, position: .start))
        #expect(read.committed() == .done)
        #expect(read.isFinished)
    }

    @Test func aReadAtTheThresholdGoesThroughBulk() {
        var read = read()
        _ = read.start()
        // The first page is dropped: Bulk reads every row.
        #expect(read.pageArrived(nextRecordsURL: "/next/1", totalSize: 1_000) == .createBulkJob("SELECT Id FROM Lead", includeDeleted: false))
        #expect(read.path == .bulk)
    }

    @Test func aLargeReadWhoseFirstPageHoldsEveryRowStaysOnREST() {
        var read = read()
        _ = read.start()
        #expect(read.pageArrived(nextRecordsURL: nil, totalSize: 5_000) == .load(skipping: 0, position: .start))
        #expect(read.path == .rest)
        #expect(read.committed() == .done)
    }

    @Test func aFirstPageThatTimesOutIsALargeRead() {
        var read = read()
        _ = read.start()
        #expect(read.failed(Self.timeout, decision: .splitWindow) == .createBulkJob("SELECT Id FROM Lead", includeDeleted: false))
    }

    @Test func readsWithoutBulkSkipTheCount() {
        var read = read(allowBulk: false)
        #expect(read.start() == .query("SELECT Id FROM Lead", includeDeleted: false))
    }

    @Test func anExpiredCursorReadsThePieceAgainFromItsFirstPage() {
        var read = read()
        _ = read.start()
        _ = read.pageArrived(nextRecordsURL: "/next/1", totalSize: 5)
        _ = read.committed()
        #expect(read.failed(Self.expired, decision: .restartPiece) == .query("SELECT Id FROM Lead", includeDeleted: false))
        #expect(read.position == .start)
    }

    @Test func aSavedCursorResumesWithItsNextPage() {
        var read = read(at: .init(nextRecordsURL: "/next/7"))
        #expect(read.start() == .queryMore("/next/7"))
    }

    @Test func aNewJobIsSavedBeforeItIsPolled() {
        var read = read()
        _ = read.start()
        _ = read.pageArrived(nextRecordsURL: "/next/1", totalSize: 5_000)
        #expect(read.jobCreated("750A") == .savePosition(.init(bulkJobID: "750A"), then: .pollBulkJob("750A")))
    }

    @Test func pollingBacksOffUpToTenSeconds() {
        var read = read(at: .init(bulkJobID: "750A"))
        #expect(read.start() == .pollBulkJob("750A", after: .zero))
        var waits: [Duration] = []
        for _ in 0..<8 {
            guard case .pollBulkJob(_, let wait) = read.jobPolled(BulkJob(id: "750A", state: .inProgress)) else { Issue.record("polls"); return }
            waits.append(wait)
        }
        #expect(waits.prefix(3) == [.milliseconds(250), .milliseconds(500), .seconds(1)])
        #expect(waits.last == .seconds(10))
    }

    @Test func aFailedJobIsEscalatedToSplitItsWindow() {
        var read = read(at: .init(bulkJobID: "750A"))
        _ = read.start()
        let action = read.jobPolled(BulkJob(id: "750A", state: .failed, errorMessage: "Retried more than 15 times"))
        guard case .escalate(let error, .splitWindow) = action else { Issue.record("\(action)"); return }
        #expect(error.kind == .bulkJobEnded && error.errorCode == "Failed")
    }

    @Test func aJobThatIsGoneRunsThePieceAgainWithANewJob() {
        var read = read(at: .init(bulkJobID: "750A", locator: "L2", rowsDone: 300))
        _ = read.start()
        #expect(read.failed(Self.gone, decision: .restartPiece) == .createBulkJob("SELECT Id FROM Lead", includeDeleted: false))
        #expect(read.position == .start)
    }

    @Test func chunksAnEarlierRunCommittedAreSkipped() {
        var read = read(at: .init(bulkJobID: "750A", locator: "L2", rowsDone: 250))
        _ = read.start()
        #expect(read.jobPolled(BulkJob(id: "750A", state: .jobComplete)) == .readBulkPage(job: "750A", locator: "L2"))
        #expect(read.chunkArrived(rows: 100) == .skipChunk)
        #expect(read.chunkArrived(rows: 100) == .skipChunk)
        #expect(read.chunkArrived(rows: 100) == .load(skipping: 50, position: .init(bulkJobID: "750A", locator: "L2", rowsDone: 300)))
        #expect(read.chunkArrived(rows: 10) == .load(skipping: 0, position: .init(bulkJobID: "750A", locator: "L2", rowsDone: 310)))
    }

    @Test func theNextPageIsSavedBeforeItIsRead() {
        var read = read(at: .init(bulkJobID: "750A"))
        _ = read.start()
        _ = read.jobPolled(BulkJob(id: "750A", state: .jobComplete))
        _ = read.chunkArrived(rows: 100)
        #expect(read.pageEnded(nextLocator: "L2") == .savePosition(.init(bulkJobID: "750A", locator: "L2"), then: .readBulkPage(job: "750A", locator: "L2")))
        #expect(read.chunkArrived(rows: 5) == .load(skipping: 0, position: .init(bulkJobID: "750A", locator: "L2", rowsDone: 5)))
    }

    @Test func theLastPageDeletesTheJobEvenWhenTheDeleteFails() {
        var read = read(at: .init(bulkJobID: "750A"))
        _ = read.start()
        _ = read.jobPolled(BulkJob(id: "750A", state: .jobComplete))
        #expect(read.pageEnded(nextLocator: nil) == .deleteBulkJob("750A"))
        #expect(read.failed(Self.gone, decision: .restartPiece) == .done)
    }

    @Test func aPageCutInTransitIsReadOnFromItsCommittedRows() {
        var read = read(at: .init(bulkJobID: "750A", locator: "L3"))
        _ = read.start()
        _ = read.jobPolled(BulkJob(id: "750A", state: .jobComplete))
        _ = read.chunkArrived(rows: 100)
        _ = read.committed()
        #expect(read.failed(Self.cut, decision: .retry) == .readBulkPage(job: "750A", locator: "L3"))
        // The rows before the cut are skipped on the second reading.
        #expect(read.chunkArrived(rows: 100) == .skipChunk)
        #expect(read.chunkArrived(rows: 100) == .load(skipping: 0, position: .init(bulkJobID: "750A", locator: "L3", rowsDone: 200)))
    }

    @Test func threeFailuresWithoutProgressEscalate() {
        var read = read(at: .init(nextRecordsURL: "/next/2"))
        _ = read.start()
        for _ in 0..<QueryRead.maxRetries { #expect(read.failed(Self.cut, decision: .retry) == .queryMore("/next/2")) }
        #expect(read.failed(Self.cut, decision: .retry) == .escalate(Self.cut, .retry))
    }

    @Test func aCommittedBatchResetsTheFailures() {
        var read = read(at: .init(nextRecordsURL: "/next/2"))
        _ = read.start()
        for _ in 0..<QueryRead.maxRetries { _ = read.failed(Self.cut, decision: .retry) }
        _ = read.pageArrived(nextRecordsURL: "/next/3")
        _ = read.committed()
        #expect(read.failed(Self.cut, decision: .retry) == .queryMore("/next/3"))
    }

    @Test func anObjectBulkRefusesFallsBackToREST() {
        var read = read()
        _ = read.start()
        _ = read.pageArrived(nextRecordsURL: "/next/1", totalSize: 50_000)
        let refused = SalesforceError.api(status: 400, errorCode: "INVALIDENTITY", message: "not supported")
        #expect(read.failed(refused, decision: .fallBackToREST) == .query("SELECT Id FROM Lead", includeDeleted: false))
    }

    @Test func anEventTheReadDoesNotExpectStopsIt() {
        var read = read()
        _ = read.start()
        guard case .escalate(let error, .fail) = read.chunkArrived(rows: 5) else { Issue.record("escalates"); return }
        #expect(error.message.contains("internal"))
    }

    @Test func whatTheReadCannotHandleGoesUp() {
        var read = read()
        _ = read.start()
        let quota = SalesforceError.requestLimitExceeded("TotalRequests Limit exceeded.")
        #expect(read.failed(quota, decision: .stopCycle(.quota)) == .escalate(quota, .stopCycle(.quota)))
    }
}
