import SalesforceKit
import Warehouse

/// The rules of copying one table in one cycle, as a pure value: windows and their lookback,
/// resuming a stopped window, halving a window that times out, the deletes phase, the
/// high-water mark, the full-table copy. It owns the cursor; each piece of a window is a
/// `QueryRead`. No I/O, no `await`, no clock: the cycle's start comes in as an input, and
/// `TableSync` carries out the actions and reports what happened.
///
/// The rule that makes a copy exact: every batch of rows is written together with the cursor
/// that follows it (`Action.load`), and every change of position is saved before the read
/// goes on (`Action.save`), so whatever the moment a process stops, the saved cursor describes
/// committed rows.
struct TableCopy: Sendable {
    struct Settings: Sendable, Equatable {
        var lookbackSeconds: Int64
        var bulkThreshold: Int
        var pollInterval: Duration
        /// Forget the checkpoint and copy from the beginning.
        var full = false
    }

    /// Where loaded rows go.
    enum Sink: Sendable, Equatable {
        /// Rows of the window: inserted or updated.
        case upsert
        /// Ids of rows deleted in Salesforce: removed.
        case delete
        /// Columns read again (formulas, new columns) written over the rows' values.
        case updateColumns
        /// Ids gathered to compare with the warehouse's (hard deletes).
        case collectIDs
    }

    enum Action: Sendable, Equatable {
        /// A request to Salesforce; its outcome comes back as the matching event.
        case read(QueryRead.Action)
        /// Write the batch (from row `skipping`) to `sink` in one transaction with `checkpoint`
        /// (nil: a read that starts over rather than resumes).
        case load(skipping: Int, sink: Sink, checkpoint: CopyCheckpoint?)
        /// Save the checkpoint, then report `saved()`.
        case save(CopyCheckpoint)
        /// Remove these ids (the change probe's deletes) in one transaction with the
        /// checkpoint, then report `saved()`.
        case deleteKnown([String], CopyCheckpoint)
        /// Full table: delete the rows that were not seen, then report `saved()`.
        case removeUnseenRows
        case finished
        /// The table fails this cycle; the message is for the person who reads it.
        case fail(String)
        /// The org refused the read's fields or object (`INVALID_FIELD`, `INVALID_TYPE`): the
        /// describe the plan came from no longer holds (a field hidden by field-level security
        /// or deleted). The table fails; the cycle describes the object again and retries it.
        case describeStale(SalesforceError)
        /// The whole cycle stops (quota, reauthentication).
        case stopCycle(SalesforceError, SalesforceDecision.CycleStop)
        /// The object cannot be read; the reason is shown.
        case skip(String)
    }

    /// A checkpoint as the copy leaves it: the high-water mark and the cursor (nil between windows).
    struct CopyCheckpoint: Sendable, Equatable {
        var highWaterMark: String?
        var cursor: SyncCursor?
    }

    /// The answers that mean a read named what its describe no longer has.
    static let staleDescribeCodes: Set<String> = ["INVALID_FIELD", "INVALID_TYPE"]

    let plan: TablePlan
    let settings: Settings
    private(set) var cursor: SyncCursor
    private(set) var highWaterMark: String?
    private var read: QueryRead?
    /// What follows a save.
    private var afterSave: AfterSave = .finish
    /// The cycle's start, whole seconds: the window's end is the second above when it has a fraction.
    private var cycleStart: (floor: Int64, ceiling: Int64) = (0, 0)
    /// A single read of the table (column refreshes, id reconciliation) instead of its copy:
    /// no window, no checkpoint; a stopped one runs again.
    let single: (query: QueryRead.Query, sink: Sink)?

    private enum AfterSave: Sendable {
        case continueWindow
        case readOn(QueryRead.Next)
        case freshWindow
        case finish
    }

    init(plan: TablePlan, settings: Settings) {
        self.plan = plan
        self.settings = settings
        cursor = SyncCursor(windowFrom: nil, to: 0)
        single = nil
    }

    /// One read of `query` into `sink`, with the same rules for paths and failures.
    init(plan: TablePlan, reading query: QueryRead.Query, into sink: Sink, settings: Settings) {
        self.plan = plan
        self.settings = settings
        cursor = SyncCursor(windowFrom: nil, to: 0)
        single = (query, sink)
    }

    /// The copy's first action, from the saved checkpoint and the cycle's start (milliseconds).
    mutating func start(saved: CopyCheckpoint?, cycleStartMillis: Int64) -> Action {
        let floor = cycleStartMillis >= 0 ? cycleStartMillis / 1000 : (cycleStartMillis - 999) / 1000
        cycleStart = (floor, floor * 1000 == cycleStartMillis ? floor : floor + 1)
        if let single {
            var piece = QueryRead(single.query, bulkThreshold: settings.bulkThreshold, pollInterval: settings.pollInterval)
            let first = piece.start()
            read = piece
            return translate(first)
        }
        switch plan.method {
        case .paused:
            return .finished
        case .fullTable:
            // Tables without a modified-at column are small: a stopped copy starts over.
            cursor = SyncCursor(windowFrom: nil, to: cycleStart.ceiling, nextStart: cycleStart.floor)
            return startPiece(conditions: [])
        case .modifiedAt, .addDate:
            guard plan.replicationKey != nil else { return .fail("\(plan.object) has no replication key column selected") }
            let saved = settings.full ? nil : saved
            highWaterMark = saved?.highWaterMark
            if let resumed = saved?.cursor {
                // A stopped cycle's window is finished first; then this cycle's own window
                // follows, so a resumed cycle ends as fresh as an uninterrupted one.
                cursor = resumed
                return continueWindow(then: .freshWindow)
            }
            return freshWindow()
        }
    }

    // MARK: - Events

    mutating func pageArrived(nextRecordsURL: String?, totalSize: Int = 0) -> Action {
        forward { $0.pageArrived(nextRecordsURL: nextRecordsURL, totalSize: totalSize) }
    }
    mutating func jobCreated(_ id: String) -> Action { forward { $0.jobCreated(id) } }
    mutating func jobPolled(_ job: BulkJob) -> Action { forward { $0.jobPolled(job) } }
    mutating func chunkArrived(rows: Int) -> Action { forward { $0.chunkArrived(rows: rows) } }
    mutating func pageEnded(nextLocator: String?) -> Action { forward { $0.pageEnded(nextLocator: nextLocator) } }
    mutating func jobDeleted() -> Action { forward { $0.jobDeleted() } }
    mutating func committed() -> Action { forward { $0.committed() } }

    /// A request failed; `decision` is the classifier's for it.
    mutating func failed(_ error: SalesforceError, decision: SalesforceDecision) -> Action {
        forward { $0.failed(error, decision: decision) }
    }

    /// The last `save` (or `removeUnseenRows`) is done.
    mutating func saved() -> Action {
        switch afterSave {
        case .continueWindow: return continueWindow(then: pendingAfterWindow)
        case .readOn(let next):
            afterSave = .finish
            switch next {
            case .pollBulkJob(let job): return .read(.pollBulkJob(job, after: .zero))
            case .readBulkPage(let job, let locator): return .read(.readBulkPage(job: job, locator: locator))
            }
        case .freshWindow: return freshWindow()
        case .finish: return .finished
        }
    }

    var checkpoint: CopyCheckpoint { CopyCheckpoint(highWaterMark: highWaterMark, cursor: plan.method == .fullTable ? nil : cursor) }
    /// The fields the running read asks for, in its order.
    var fields: [String] { read?.query.fields ?? plan.fields }
    /// Whether the copy starts from the saved checkpoint (windows do; full tables and single
    /// reads start over).
    var resumes: Bool { single == nil && (plan.method == .modifiedAt || plan.method == .addDate) }
    /// REST or Bulk, for the cycle's report.
    var path: QueryRead.Path? { read?.path }

    // MARK: - Windows

    /// What follows the window being finished: this cycle's own, or the end.
    private var pendingAfterWindow: AfterSave = .finish

    private mutating func freshWindow() -> Action {
        let mark = highWaterMark.flatMap(UTCSeconds.parse)
        let from = mark.map { $0 - settings.lookbackSeconds }
        if let mark, let from, let known = plan.probe?.known(from: from) {
            // The cycle's probe (`ChangeProbe`) knows this window to `until`.
            guard known.updated else {
                // Nothing updated: nothing to read; its deletes are removed, and the mark moves
                // to what was proven.
                highWaterMark = UTCSeconds.literal(max(mark, known.until))
                afterSave = .finish
                let done = CopyCheckpoint(highWaterMark: highWaterMark, cursor: nil)
                return known.deletedIDs.isEmpty ? .save(done) : .deleteKnown(known.deletedIDs, done)
            }
            // Rows were updated: the window is read to where the probe knows its deletes.
            cursor = SyncCursor(windowFrom: from, to: known.until, nextStart: known.until)
            pendingAfterWindow = .finish
            afterSave = .continueWindow
            return .save(checkpoint)
        }
        cursor = SyncCursor(windowFrom: from, to: cycleStart.ceiling, nextStart: cycleStart.floor)
        pendingAfterWindow = .finish
        afterSave = .continueWindow
        return .save(checkpoint)
    }

    private mutating func continueWindow(then after: AfterSave) -> Action {
        pendingAfterWindow = after
        guard let key = plan.replicationKey else { return .fail("\(plan.object) has no replication key column selected") }
        switch cursor.phase {
        case .rows: return startPiece(conditions: SOQLBuilder.window(key, from: cursor.from, to: cursor.to))
        case .deletes: return startDeletes()
        }
    }

    private mutating func startPiece(conditions: [String]) -> Action {
        let query = plan.rowsQuery(plan.fields, where: conditions)
        var piece = QueryRead(query, resumingAt: cursor.position, bulkThreshold: settings.bulkThreshold, pollInterval: settings.pollInterval)
        let first = piece.start()
        read = piece
        return translate(first)
    }

    /// Rows deleted in the window, found with `queryAll … IsDeleted = true`.
    private mutating func startDeletes() -> Action {
        guard plan.hasIsDeleted, let stamp = plan.deletionStamp, let from = cursor.windowFrom else { return windowDone() }
        if let known = plan.probe?.known(from: from), known.until == cursor.finalTo {
            // The probe's `deleted` answer names every id deleted in this window: no read.
            return windowDone(deleting: known.deletedIDs)
        }
        let conditions = ["IsDeleted = true"] + SOQLBuilder.window(stamp, from: from, to: cursor.finalTo)
        let query = QueryRead.Query(
            soql: SOQLBuilder.select(["Id"], from: plan.object, where: conditions), fields: ["Id"], includeDeleted: true, allowBulk: false)
        var piece = QueryRead(query, bulkThreshold: settings.bulkThreshold, pollInterval: settings.pollInterval)
        let first = piece.start()
        read = piece
        return translate(first)
    }

    private mutating func pieceDone() -> Action {
        cursor.restartPiece()
        if single != nil { return .finished }
        if plan.method == .fullTable {
            afterSave = .finish
            return .removeUnseenRows
        }
        switch cursor.phase {
        case .rows:
            if cursor.to < cursor.finalTo {
                // The halves of a split window: on to the next.
                cursor.from = cursor.to
                cursor.to = cursor.finalTo
            } else {
                cursor.phase = .deletes
            }
            afterSave = .continueWindow
            return .save(checkpoint)
        case .deletes:
            return windowDone()
        }
    }

    /// The window is copied: the high-water mark moves to its end (with the probe's deletes).
    private mutating func windowDone(deleting ids: [String] = []) -> Action {
        highWaterMark = UTCSeconds.literal(cursor.nextStart ?? cursor.finalTo)
        let done = CopyCheckpoint(highWaterMark: highWaterMark, cursor: nil)
        afterSave = pendingAfterWindow
        return ids.isEmpty ? .save(done) : .deleteKnown(ids, done)
    }

    /// `QUERY_TIMEOUT`: the piece is halved and read in two, never skipped.
    private mutating func split(_ error: SalesforceError) -> Action {
        let from = cursor.from ?? 0
        guard single == nil, cursor.phase == .rows, plan.method != .fullTable, cursor.to - from > 1 else {
            if error.kind == .bulkJobEnded, var piece = read {
                // A piece that cannot be halved (or a read that has no window) whose Bulk job
                // fails goes through REST rather than failing the table.
                cursor.restartPiece()
                let action = piece.fallBackToREST(after: error)
                read = piece
                return translate(action)
            }
            return .fail("\(plan.object): the query times out even for a one-second window (\(error.message))")
        }
        cursor.from = from
        cursor.to = from + (cursor.to - from) / 2
        cursor.restartPiece()
        afterSave = .continueWindow
        return .save(checkpoint)
    }

    // MARK: - The piece's actions

    private mutating func forward(_ event: (inout QueryRead) -> QueryRead.Action) -> Action {
        guard var piece = read else { return .fail("internal: an event for \(plan.object) with no read running") }
        let action = event(&piece)
        read = piece
        return translate(action)
    }

    private mutating func translate(_ action: QueryRead.Action) -> Action {
        switch action {
        case .load(let skipping, let position):
            if let single { return .load(skipping: skipping, sink: single.sink, checkpoint: nil) }
            cursor.position = cursor.phase == .rows ? position : .start
            return .load(skipping: skipping, sink: cursor.phase == .rows ? .upsert : .delete, checkpoint: checkpoint)
        case .savePosition(let position, let next):
            cursor.position = position
            afterSave = .readOn(next)
            return .save(checkpoint)
        case .done:
            return pieceDone()
        case .escalate(let error, let decision):
            switch decision {
            case .splitWindow: return split(error)
            case .stopCycle(let stop): return .stopCycle(error, stop)
            case .skipObject(let reason): return .skip(reason)
            default:
                if let code = error.errorCode, Self.staleDescribeCodes.contains(code) { return .describeStale(error) }
                return .fail(error.description)
            }
        default:
            return .read(action)
        }
    }
}
