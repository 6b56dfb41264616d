/// Where a table's sync is inside a cycle, saved as the checkpoint's cursor in the same
/// transaction as the rows it covers, so a killed process resumes exactly there. Its JSON is
/// kept in warehouses: fields are only added, with defaults, never renamed.
struct SyncCursor: Codable, Sendable, Equatable {
    enum Phase: String, Codable, Sendable {
        /// Copying the rows changed in the window.
        case rows
        /// Removing the rows deleted in the window.
        case deletes
    }

    var phase: Phase
    /// The window the cycle covers, `(windowFrom, finalTo]`; nil `windowFrom`: from the beginning.
    var windowFrom: Int64?
    var finalTo: Int64
    /// The part being copied now: the whole window, or a piece of it after `QUERY_TIMEOUT`.
    var from: Int64?
    var to: Int64
    /// Bulk API 2.0: the job, the page being read (nil: the first) and the rows of it already loaded.
    var bulkJobID: String?
    var locator: String?
    var rowsDone = 0
    /// REST: the next page of the running query.
    var nextRecordsURL: String?
    /// Where the next window starts (before the lookback) once this one is done: the cycle's
    /// start, whole seconds down, while the window itself ends at the second above it, so a
    /// change made in the second the cycle started is both in this window and in the next.
    /// Nil in cursors saved before it existed: `finalTo`.
    var nextStart: Int64?

    init(windowFrom: Int64?, to: Int64, nextStart: Int64? = nil) {
        phase = .rows
        self.windowFrom = windowFrom
        finalTo = to
        from = windowFrom
        self.to = to
        self.nextStart = nextStart
    }

    /// The position inside the piece's query.
    var position: QueryRead.Position {
        get { QueryRead.Position(bulkJobID: bulkJobID, locator: locator, rowsDone: rowsDone, nextRecordsURL: nextRecordsURL) }
        set {
            bulkJobID = newValue.bulkJobID
            locator = newValue.locator
            rowsDone = newValue.rowsDone
            nextRecordsURL = newValue.nextRecordsURL
        }
    }

    /// Forgets the position inside a query: the next piece starts at its beginning.
    mutating func restartPiece() { position = .start }
}
