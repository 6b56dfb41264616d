import Foundation

/// One table's work in one update cycle, as the queue keeps it. The plan and the result are
/// JSON the sync engine writes and reads; the queue only stores them.
public struct TableJob: Sendable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable { case queued, leased, done, failed }

    public var id: Int64
    public var connectionID: Int64
    public var cycleID: Int64
    public var table: String
    public var plan: String
    public var state: State
    /// The worker holding (or that last held) the lease.
    public var leasedBy: String?
    public var leaseExpiresAt: Date?
    /// How many times the job was leased: more than one means a worker lost it.
    public var attempts: Int
    public var result: String?
    public var error: String?

    public init(id: Int64, connectionID: Int64, cycleID: Int64, table: String, plan: String, state: State = .queued, leasedBy: String? = nil,
                leaseExpiresAt: Date? = nil, attempts: Int = 0, result: String? = nil, error: String? = nil) {
        self.id = id
        self.connectionID = connectionID
        self.cycleID = cycleID
        self.table = table
        self.plan = plan
        self.state = state
        self.leasedBy = leasedBy
        self.leaseExpiresAt = leaseExpiresAt
        self.attempts = attempts
        self.result = result
        self.error = error
    }

    public var isFinished: Bool { state == .done || state == .failed }
}

/// Table jobs that workers lease rather than own: a lease ends at its expiry unless renewed, so a
/// worker that dies (SIGKILL, lost machine) loses its job, and another takes it up where the
/// table's checkpoint stands.
public protocol WorkQueue: Sendable {
    /// Queues a job; returns its id.
    func enqueue(connectionID: Int64, cycleID: Int64, table: String, plan: String) async throws -> Int64
    /// Takes the oldest job (of `cycleID` when given) that is queued, or leased with its lease
    /// expired; nil when none is.
    func lease(worker: String, for duration: TimeInterval, cycleID: Int64?) async throws -> TableJob?
    /// Moves the lease's expiry `duration` from now; false when `worker` no longer holds it.
    func renew(jobID: Int64, worker: String, for duration: TimeInterval) async throws -> Bool
    /// Records the job as done; false (and nothing recorded) when `worker` no longer holds it.
    func complete(jobID: Int64, worker: String, result: String) async throws -> Bool
    /// Records the job as failed (with what it did before, when known); false (and nothing
    /// recorded) when `worker` no longer holds it.
    func fail(jobID: Int64, worker: String, error: String, result: String?) async throws -> Bool
    /// Marks the cycle's jobs still queued, or leased by a worker whose lease expired, as
    /// failed with `reason` (a stopped cycle: no worker should start them); jobs under a live
    /// lease run to their end.
    func cancelQueued(cycleID: Int64, reason: String) async throws
    /// The cycle's jobs, by id.
    func jobs(cycleID: Int64) async throws -> [TableJob]
    /// The tables of the connection some worker is loading now (a job under a live lease), of
    /// any cycle: the one answer to "is this table being loaded?", which `lease` also obeys.
    func heldTables(connectionID: Int64) async throws -> Set<String>
}

extension WorkQueue {
    public func fail(jobID: Int64, worker: String, error: String) async throws -> Bool {
        try await fail(jobID: jobID, worker: worker, error: error, result: nil)
    }

    /// Takes the oldest job of any cycle.
    public func lease(worker: String, for duration: TimeInterval) async throws -> TableJob? {
        try await lease(worker: worker, for: duration, cycleID: nil)
    }
}
