import Foundation
import Warehouse

extension UpdateCycle {
    /// Queues one job per plan and works on them `options.concurrency` at a time (unless the
    /// cycle leaves them to workers), until every job of the cycle is done or failed. A stop
    /// (budget, reauthentication) cancels the jobs not started; the running ones end at their
    /// last committed batch. Returns the results, the stop, and the API calls other workers made.
    func syncTables(_ plans: [TablePlan], cycleID: Int64, budget: APIBudget) async throws -> ([TableResult], SyncStop?, Int) {
        let queue = warehouse.workQueue
        var enqueued = Set<Int64>()
        for plan in plans {
            enqueued.insert(try await queue.enqueue(connectionID: connectionID, cycleID: cycleID, table: plan.table,
                                                    plan: try TableJobPayload(plan: plan, options: options).encoded()))
        }
        let me = "coordinator@\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(cycleID)"
        // A process-local queue has no other workers: the cycle must run its jobs itself.
        let works = options.runsJobs || queue is MemoryWorkQueue
        let stop = try await withThrowingTaskGroup(of: SyncStop?.self) { group in
            for _ in 0..<(works ? max(1, options.concurrency) : 1) {
                group.addTask {
                    do {
                        return try await self.workOnCycle(cycleID, as: me, works: works, budget: budget)
                    } catch is CancellationError {
                        return nil  // another loop stopped the cycle
                    }
                }
            }
            var stop: SyncStop?
            while let next = try await group.next() {
                if let next, stop == nil {
                    stop = next
                    try await queue.cancelQueued(cycleID: cycleID, reason: "not started: the cycle stopped (\(next.message))")
                    group.cancelAll()
                }
            }
            return stop
        }
        // Jobs cancelled before anyone leased them, or still held elsewhere after a stop, are
        // left out, as tables a stopped cycle never started always were.
        // These plans' jobs only: a table synced again in the same cycle (`redescribed`) has two.
        let jobs = try await queue.jobs(cycleID: cycleID).filter { enqueued.contains($0.id) && $0.isFinished && $0.attempts > 0 }
        let results = jobs.map(TableResult.init(job:))
        let remoteCalls = zip(jobs, results).filter { $0.0.leasedBy != me }.reduce(0) { $0 + $1.1.apiCalls }
        return (results.sorted { $0.table < $1.table }, stop ?? results.lazy.compactMap(\.stop).first, remoteCalls)
    }

    /// One of the cycle's worker loops: leases the cycle's jobs and runs them (when `works`),
    /// until every job is finished; waits while other workers hold the last ones.
    private func workOnCycle(_ cycleID: Int64, as me: String, works: Bool, budget: APIBudget) async throws -> SyncStop? {
        let queue = warehouse.workQueue
        while true {
            try Task.checkCancellation()
            if works, let job = try await queue.lease(worker: me, for: options.leaseSeconds, cycleID: cycleID) {
                if let stop = try await run(job, as: me, budget: budget) { return stop }
                continue
            }
            let jobs = try await queue.jobs(cycleID: cycleID)
            if jobs.allSatisfy(\.isFinished) { return nil }
            // A stop that a worker elsewhere hit stops the cycle as if this process had hit it.
            if let stop = jobs.lazy.filter(\.isFinished).compactMap({ TableResult(job: $0).stop }).first { return stop }
            // Another of this process's loops, or a worker elsewhere, holds the last jobs.
            try await Task.sleep(for: queue is MemoryWorkQueue ? .milliseconds(20) : .milliseconds(200))
        }
    }

    private func run(_ job: TableJob, as me: String, budget: APIBudget) async throws -> SyncStop? {
        let plan = try TableJobPayload.decode(job.plan).plan
        let queue = warehouse.workQueue
        let sync = TableSync(plan: plan, client: client, warehouse: warehouse, options: options, budget: budget, events: events)
        guard let (result, stop) = try await TableJobRunner(queue: queue, worker: me, leaseSeconds: options.leaseSeconds).run(job, sync) else {
            return nil
        }
        events(.tableFinished(result))
        let usage = budget.usage(client)
        events(.apiCalls(used: usage.used, allowed: usage.allowed))
        return stop
    }
}
