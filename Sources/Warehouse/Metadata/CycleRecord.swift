import Foundation

/// How an update cycle, or one table within it, ended.
public enum CycleStatus: String, Codable, Sendable, CaseIterable {
    case running, succeeded, partial, failed
    case stoppedQuota = "stopped_quota"
}

/// One update cycle of a connection.
public struct CycleRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var connectionID: Int64
    public var startedAt: Date
    public var endedAt: Date?
    public var status: CycleStatus
    public var error: String?
    public var apiCalls: Int
    /// The objects a partial run was limited to (a table's *Sync Data Immediately*); nil for a
    /// whole update cycle, the only kind the schedule and *Last successful update* count.
    public var objects: [String]?
    /// The process running the cycle, `host:pid` (nil for cycles recorded before owners were).
    public var owner: String?
    /// When the running cycle's process last said it is alive.
    public var heartbeatAt: Date?

    public init(
        id: Int64, connectionID: Int64, startedAt: Date, endedAt: Date? = nil, status: CycleStatus = .running,
        error: String? = nil, apiCalls: Int = 0, objects: [String]? = nil, owner: String? = nil, heartbeatAt: Date? = nil
    ) {
        self.owner = owner
        self.heartbeatAt = heartbeatAt
        self.objects = objects
        self.id = id
        self.connectionID = connectionID
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.error = error
        self.apiCalls = apiCalls
    }
}

/// One table's result within a cycle.
public struct CycleTableRecord: Sendable, Codable, Equatable {
    public var cycleID: Int64
    public var table: String
    public var inserted: Int
    public var updated: Int
    public var deleted: Int
    public var apiCalls: Int
    public var startedAt: Date
    public var endedAt: Date?
    public var status: CycleStatus
    public var error: String?

    public init(
        cycleID: Int64, table: String, inserted: Int = 0, updated: Int = 0, deleted: Int = 0, apiCalls: Int = 0,
        startedAt: Date, endedAt: Date? = nil, status: CycleStatus = .running, error: String? = nil
    ) {
        self.cycleID = cycleID
        self.table = table
        self.inserted = inserted
        self.updated = updated
        self.deleted = deleted
        self.apiCalls = apiCalls
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.error = error
    }
}
