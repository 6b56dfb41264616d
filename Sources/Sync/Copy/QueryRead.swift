import SalesforceKit

/// Reading one SOQL query to its end, through REST or Bulk API 2.0, as a pure value (the shape
/// of AsyncHTTPClient's connection state machines): it takes events (a count, a page, a chunk,
/// a job's state, a committed batch, a classified failure) and answers with the next
/// `QueryRead.Action`. It does no I/O and reads no clock; `TableSync` carries out its actions.
///
/// Its position (a REST cursor, or a Bulk job, page and rows of it committed) is kept in the
/// table's `SyncCursor`, so a stopped read resumes where its last committed batch ended.
struct QueryRead: Sendable, Equatable {
    struct Query: Sendable, Equatable {
        var soql: String
        var fields: [String]
        /// `queryAll`: deleted (and archived) rows too.
        var includeDeleted = false
        /// Large reads go through Bulk API 2.0 (the deletes read stays on REST: it is small).
        var allowBulk = true

        /// Whether the query can be sent as a REST GET; one that cannot goes through Bulk
        /// whatever its size (`RequestSize`).
        var fitsInGET: Bool { RequestSize.fitsInGET(soql) }
    }

    enum Action: Sendable, Equatable {
        case query(String, includeDeleted: Bool)
        case queryMore(String)
        case createBulkJob(String, includeDeleted: Bool)
        /// Ask the job's state after waiting `after` (zero: at once).
        case pollBulkJob(String, after: Duration)
        /// Stream one result page; the first `skip` rows were committed by an earlier run.
        case readBulkPage(job: String, locator: String?)
        /// Write the rows (from row `skipping` of the batch) with the position after them.
        case load(skipping: Int, position: Position)
        /// Nothing to write: rows an earlier run committed.
        case skipChunk
        /// Keep the position (a new job, the next page) before reading on.
        case savePosition(Position, then: Next)
        /// Results are kept by Salesforce for days: remove them once read.
        case deleteBulkJob(String)
        case done
        /// The failure is not the read's to handle: the table copy decides (split, skip, stop).
        case escalate(SalesforceError, SalesforceDecision)
    }

    /// What follows a saved position.
    enum Next: Sendable, Equatable {
        case pollBulkJob(String)
        case readBulkPage(job: String, locator: String?)
    }

    /// Where the read stands inside its query.
    struct Position: Sendable, Equatable, Codable {
        var bulkJobID: String?
        /// The Bulk page being read (nil: the first) and its rows already committed.
        var locator: String?
        var rowsDone = 0
        /// REST: the next page of the running query.
        var nextRecordsURL: String?

        static let start = Position()
        var isStart: Bool { self == .start }
    }

    enum Path: String, Sendable { case rest, bulk }

    let query: Query
    let bulkThreshold: Int
    let pollInterval: Duration
    static let maxPollInterval: Duration = .seconds(10)
    /// Failures in a row without a committed batch before the read gives up.
    static let maxRetries = 3

    private(set) var position: Position
    private(set) var path: Path?
    private var state: State = .idle
    private var failuresInRow = 0
    private var nextPoll: Duration

    private enum State: Sendable, Equatable {
        case idle
        /// The first REST page is asked for; its `totalSize` decides REST or Bulk.
        case sizing
        case creatingJob
        case polling(String)
        /// A Bulk page streams: rows seen of it so far.
        case streaming(job: String, seen: Int)
        /// A REST page was handed to be loaded; `next` follows once it is committed.
        case loadingPage
        case querying
        case deletingJob
        case finished
    }

    init(_ query: Query, resumingAt position: Position = .start, bulkThreshold: Int, pollInterval: Duration) {
        self.query = query
        self.position = position
        self.bulkThreshold = bulkThreshold
        self.pollInterval = pollInterval
        nextPoll = pollInterval
    }

    /// The first action: resume the saved position, or decide the path.
    mutating func start() -> Action {
        if let job = position.bulkJobID {
            path = .bulk
            return poll(job, after: .zero)
        }
        if let next = position.nextRecordsURL {
            path = .rest
            state = .querying
            return .queryMore(next)
        }
        guard query.allowBulk else { return firstRESTPage() }
        // Too long for a GET: Bulk is the only way, so nothing needs to tell the size.
        guard query.fitsInGET else { return createJob() }
        // The first REST page says how many rows the query has (`totalSize`): no `COUNT()` call.
        position = .start
        state = .sizing
        return .query(query.soql, includeDeleted: query.includeDeleted)
    }

    // MARK: - REST

    /// A page arrived: its rows are written with the position after them. The first page of a
    /// read whose path is not chosen yet tells its size: a large read drops the page and goes
    /// through Bulk (one call, as the count was; a small one saves that call).
    mutating func pageArrived(nextRecordsURL: String?, totalSize: Int = 0) -> Action {
        if state == .sizing {
            if nextRecordsURL != nil, totalSize >= bulkThreshold { return createJob() }
            path = .rest
            state = .querying
        }
        guard state == .querying else { return unexpected("a query page") }
        position.nextRecordsURL = nextRecordsURL
        state = .loadingPage
        return .load(skipping: 0, position: position)
    }

    // MARK: - Bulk API 2.0

    mutating func jobCreated(_ id: String) -> Action {
        guard state == .creatingJob else { return unexpected("a created job") }
        position = Position(bulkJobID: id)
        nextPoll = pollInterval
        state = .polling(id)
        return .savePosition(position, then: .pollBulkJob(id))
    }

    mutating func jobPolled(_ job: BulkJob) -> Action {
        guard case .polling(let id) = state, id == job.id else { return unexpected("a job state") }
        switch job.state {
        case .jobComplete:
            state = .streaming(job: id, seen: 0)
            return .readBulkPage(job: id, locator: position.locator)
        case .failed, .aborted:
            let error = SalesforceError.bulkJobEnded(state: job.state.rawValue, message: job.errorMessage ?? "no message")
            return failed(error, decision: SalesforceErrorClassifier.decide(error, during: .pollBulkJob))
        default:
            let wait = nextPoll
            nextPoll = min(nextPoll * 2, Self.maxPollInterval)
            return .pollBulkJob(id, after: wait)
        }
    }

    /// A chunk of the streaming page: rows an earlier run committed are skipped.
    mutating func chunkArrived(rows: Int) -> Action {
        guard case .streaming(let job, let seen) = state else { return unexpected("a Bulk chunk") }
        let start = seen
        state = .streaming(job: job, seen: seen + rows)
        let skip = max(0, min(rows, position.rowsDone - start))
        guard skip < rows else { return .skipChunk }
        var after = position
        after.rowsDone = seen + rows
        position = after
        return .load(skipping: skip, position: after)
    }

    /// The page was read to its end (and its chunks committed).
    mutating func pageEnded(nextLocator: String?) -> Action {
        guard case .streaming(let job, _) = state else { return unexpected("the end of a Bulk page") }
        failuresInRow = 0
        guard let next = nextLocator else {
            state = .deletingJob
            return .deleteBulkJob(job)
        }
        position.locator = next
        position.rowsDone = 0
        state = .streaming(job: job, seen: 0)
        return .savePosition(position, then: .readBulkPage(job: job, locator: next))
    }

    /// The job's results are removed (or could not be: they expire by themselves).
    mutating func jobDeleted() -> Action {
        guard state == .deletingJob else { return unexpected("a deleted job") }
        return finish()
    }

    // MARK: - Both paths

    /// A batch handed to `load` is committed with its position.
    mutating func committed() -> Action {
        failuresInRow = 0
        switch state {
        case .loadingPage:
            guard let next = position.nextRecordsURL else { return finish() }
            state = .querying
            return .queryMore(next)
        case .streaming:
            // Bulk chunks commit while the page streams on; the stream says what follows.
            return .skipChunk
        default:
            return unexpected("a commit")
        }
    }

    /// A failure of the last action, with the classifier's decision for it.
    mutating func failed(_ error: SalesforceError, decision: SalesforceDecision) -> Action {
        // The rows are read; their results expire by themselves.
        if state == .deletingJob { return finish() }
        switch decision {
        case .retry where failuresInRow < Self.maxRetries && state != .idle && state != .finished:
            // Broken in transit after the transport's own retries (a stream cut mid-page):
            // read on from the last committed position, which loses and repeats nothing.
            failuresInRow += 1
            return resume()
        case .restartPiece where failuresInRow < Self.maxRetries:
            // The cursor expired or the job is gone: read the query again from its start
            // (upserts make the repeat harmless).
            failuresInRow += 1
            let wasBulk = path == .bulk
            position = .start
            return wasBulk ? createJob() : firstRESTPage()
        case .fallBackToREST where state == .creatingJob && query.fitsInGET:
            return firstRESTPage()
        case .splitWindow where state == .sizing:
            // A first page that times out is a large read.
            return createJob()
        default:
            state = .finished
            return .escalate(error, decision)
        }
    }

    var isFinished: Bool { state == .finished }

    /// The piece's Bulk job fails however small the piece: read it through REST instead, from
    /// its start; a query too long for a GET cannot, and the failure stands.
    mutating func fallBackToREST(after error: SalesforceError) -> Action {
        guard query.fitsInGET else {
            state = .finished
            return .escalate(error, .fail)
        }
        return firstRESTPage()
    }

    // MARK: - Steps

    private mutating func firstRESTPage() -> Action {
        path = .rest
        state = .querying
        position = .start
        return .query(query.soql, includeDeleted: query.includeDeleted)
    }

    private mutating func createJob() -> Action {
        path = .bulk
        state = .creatingJob
        return .createBulkJob(query.soql, includeDeleted: query.includeDeleted)
    }

    private mutating func poll(_ job: String, after wait: Duration) -> Action {
        state = .polling(job)
        return .pollBulkJob(job, after: wait)
    }

    /// The last request again, from the committed position.
    private mutating func resume() -> Action {
        switch state {
        case .sizing: return .query(query.soql, includeDeleted: query.includeDeleted)
        case .creatingJob: return createJob()
        case .polling(let job): return .pollBulkJob(job, after: nextPoll)
        case .streaming(let job, _):
            state = .streaming(job: job, seen: 0)
            return .readBulkPage(job: job, locator: position.locator)
        case .querying, .loadingPage:
            state = .querying
            if let next = position.nextRecordsURL { return .queryMore(next) }
            return firstRESTPage()
        case .deletingJob, .idle, .finished:
            return finish()
        }
    }

    private mutating func finish() -> Action {
        state = .finished
        position = .start
        return .done
    }

    /// An event the state does not expect is a bug of the executor: the read stops rather than
    /// guess, and says so.
    private mutating func unexpected(_ event: String) -> Action {
        let was = state
        state = .finished
        return .escalate(.malformedResponse("internal: \(event) while the read was \(was)"), .fail)
    }
}
