import Foundation
import Warehouse

/// A `tributary worker`: takes table jobs of any connection's cycle from the shared queue and
/// runs them. The job's lease is renewed while it runs; a worker that dies loses it when it
/// expires, and the next worker to lease the job resumes from the table's checkpoint.
public struct Worker: Sendable {
    let service: ConnectionService
    /// Names this process in the queue's `leased_by` (host and pid, so an operator finds it).
    public let id: String
    let concurrency: Int
    let leaseSeconds: Double
    let idle: Duration
    let log: @Sendable (String) -> Void

    public init(service: ConnectionService, concurrency: Int = 2, leaseSeconds: Double = 30, idle: Duration = .milliseconds(500),
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.service = service
        self.id = "worker@\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        self.concurrency = concurrency
        self.leaseSeconds = leaseSeconds
        self.idle = idle
        self.log = log
    }

    /// Leases and runs jobs, `concurrency` at a time, until cancelled.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    while true {
                        try Task.checkCancellation()
                        if let job = try await service.warehouse.workQueue.lease(worker: id, for: leaseSeconds) {
                            await work(on: job)
                        } else {
                            try await Task.sleep(for: idle)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Runs one job; whatever goes wrong is recorded on the job (a failed table), never thrown,
    /// so the worker goes on with the next.
    func work(on job: TableJob) async {
        let queue = service.warehouse.workQueue
        log("job \(job.id): \(job.table) of cycle \(job.cycleID), attempt \(job.attempts)")
        do {
            let payload = try TableJobPayload.decode(job.plan)
            guard let record = try await service.warehouse.metadata.connection(id: job.connectionID) else {
                throw ConnectionError.unknownConnection("#\(job.connectionID)")
            }
            let client = try service.client(for: record)
            let usedBefore = try await service.warehouse.metadata.apiCalls(connectionID: job.connectionID, since: Date().addingTimeInterval(-86_400))
            let budget = APIBudget(share: record.apiShare, usedBefore: usedBefore, client: client)
            let sync = TableSync(plan: payload.plan, client: client, warehouse: service.warehouse, options: payload.options, budget: budget, events: { _ in })
            let outcome = try await TableJobRunner(queue: queue, worker: id, leaseSeconds: leaseSeconds).run(job, sync)
            log("job \(job.id): " + (outcome.map { "\($0.0.status.rawValue), +\($0.0.inserted) ~\($0.0.updated) -\($0.0.deleted)" } ?? "lease lost"))
        } catch {
            log("job \(job.id): failed: \(error)")
            _ = try? await queue.fail(jobID: job.id, worker: id, error: String(describing: error))
        }
    }
}
