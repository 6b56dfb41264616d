/// Where a table's sync is inside a cycle, saved as the checkpoint's cursor in the same
/// transaction as the rows it covers, so a killed process resumes exactly there.
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

    init(windowFrom: Int64?, to: Int64) {
        phase = .rows
        self.windowFrom = windowFrom
        finalTo = to
        from = windowFrom
        self.to = to
    }

    /// Forgets the position inside a query (the job or cursor expired): the piece is read again,
    /// which upserts make harmless.
    mutating func restartPiece() {
        bulkJobID = nil
        locator = nil
        rowsDone = 0
        nextRecordsURL = nil
    }
}
