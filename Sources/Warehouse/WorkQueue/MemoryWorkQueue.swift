import Foundation

/// The work queue of one process (the SQLite warehouse: one machine, no other workers), so the
/// update cycle has one code path whichever warehouse it loads.
public actor MemoryWorkQueue: WorkQueue {
    private var jobs: [Int64: TableJob] = [:]
    private var nextID: Int64 = 1
    private let clock: @Sendable () -> Date

    public init(clock: @escaping @Sendable () -> Date = { Date() }) { self.clock = clock }

    public func enqueue(connectionID: Int64, cycleID: Int64, table: String, plan: String) -> Int64 {
        let id = nextID
        nextID += 1
        jobs[id] = TableJob(id: id, connectionID: connectionID, cycleID: cycleID, table: table, plan: plan)
        return id
    }

    public func lease(worker: String, for duration: TimeInterval, cycleID: Int64?) -> TableJob? {
        let now = clock()
        let isLive = { (job: TableJob) in job.state == .leased && (job.leaseExpiresAt ?? now) >= now }
        // A table held by a live lease (another cycle's job) waits: one table is never loaded twice at once.
        let held = Set(jobs.values.filter(isLive).map { "\($0.connectionID)/\($0.table)" })
        let free = jobs.values.filter {
            (cycleID == nil || $0.cycleID == cycleID) && ($0.state == .queued || ($0.state == .leased && ($0.leaseExpiresAt ?? now) < now))
                && !held.contains("\($0.connectionID)/\($0.table)")
        }
        guard var job = free.min(by: { $0.id < $1.id }) else { return nil }
        job.state = .leased
        job.leasedBy = worker
        job.leaseExpiresAt = now.addingTimeInterval(duration)
        job.attempts += 1
        jobs[job.id] = job
        return job
    }

    public func renew(jobID: Int64, worker: String, for duration: TimeInterval) -> Bool {
        guard var job = held(jobID, by: worker) else { return false }
        job.leaseExpiresAt = clock().addingTimeInterval(duration)
        jobs[jobID] = job
        return true
    }

    public func complete(jobID: Int64, worker: String, result: String) -> Bool {
        guard var job = held(jobID, by: worker) else { return false }
        job.state = .done
        job.result = result
        jobs[jobID] = job
        return true
    }

    public func fail(jobID: Int64, worker: String, error: String, result: String?) -> Bool {
        guard var job = held(jobID, by: worker) else { return false }
        job.state = .failed
        job.result = result
        job.error = error
        jobs[jobID] = job
        return true
    }

    public func cancelQueued(cycleID: Int64, reason: String) {
        let now = clock()
        for (id, job) in jobs where job.cycleID == cycleID && (job.state == .queued || (job.state == .leased && (job.leaseExpiresAt ?? now) < now)) {
            jobs[id]?.state = .failed
            jobs[id]?.error = reason
        }
    }

    public func jobs(cycleID: Int64) -> [TableJob] {
        jobs.values.filter { $0.cycleID == cycleID }.sorted { $0.id < $1.id }
    }

    public func heldTables(connectionID: Int64) -> Set<String> {
        let now = clock()
        return Set(jobs.values.filter { $0.connectionID == connectionID && $0.state == .leased && ($0.leaseExpiresAt ?? now) >= now }.map(\.table))
    }

    private func held(_ id: Int64, by worker: String) -> TableJob? {
        guard let job = jobs[id], job.state == .leased, job.leasedBy == worker else { return nil }
        return job
    }
}
