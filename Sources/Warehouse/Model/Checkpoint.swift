/// Where a table's sync stands; saved in the same transaction as the rows it covers, so a crash
/// never leaves a checkpoint ahead of the data.
public struct Checkpoint: Sendable, Codable, Equatable {
    public var connectionID: Int64
    public var table: String
    /// The highest replication-key value loaded, as Salesforce text.
    public var highWaterMark: String?
    /// Opaque JSON owned by Sync (a Bulk locator, a REST `nextRecordsUrl`, …).
    public var cursor: String?

    public init(connectionID: Int64, table: String, highWaterMark: String? = nil, cursor: String? = nil) {
        self.connectionID = connectionID
        self.table = table
        self.highWaterMark = highWaterMark
        self.cursor = cursor
    }
}
