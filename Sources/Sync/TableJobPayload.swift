import Foundation
import Warehouse

/// What a table's job carries to a worker: the plan, and the cycle's options that shape the
/// copy (the worker's own clock stands in for the cycle's).
struct TableJobPayload: Codable, Sendable {
    var plan: TablePlan
    var lookbackSeconds: Int64
    var bulkThreshold: Int
    var restBatchSize: Int
    var bulkPageRecords: Int?
    var chunkRows: Int
    var full: Bool
    var reconcileEverySeconds: Int64
    var bulkPollMilliseconds: Int64

    init(plan: TablePlan, options: SyncOptions) {
        self.plan = plan
        lookbackSeconds = options.lookbackSeconds
        bulkThreshold = options.bulkThreshold
        restBatchSize = options.restBatchSize
        bulkPageRecords = options.bulkPageRecords
        chunkRows = options.chunkRows
        full = options.full
        reconcileEverySeconds = options.reconcileEverySeconds
        let (seconds, attoseconds) = options.bulkPollInterval.components
        bulkPollMilliseconds = seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }

    var options: SyncOptions {
        var options = SyncOptions()
        options.lookbackSeconds = lookbackSeconds
        options.bulkThreshold = bulkThreshold
        options.restBatchSize = restBatchSize
        options.bulkPageRecords = bulkPageRecords
        options.chunkRows = chunkRows
        options.full = full
        options.reconcileEverySeconds = reconcileEverySeconds
        options.bulkPollInterval = .milliseconds(bulkPollMilliseconds)
        return options
    }

    func encoded() throws -> String { String(decoding: try JSONEncoder().encode(self), as: UTF8.self) }

    static func decode(_ text: String) throws -> TableJobPayload { try JSONDecoder().decode(TableJobPayload.self, from: Data(text.utf8)) }
}

extension TableResult {
    func encoded() throws -> String { String(decoding: try JSONEncoder().encode(self), as: UTF8.self) }

    /// The result a job recorded: its own, or one made from the job's error when it failed.
    init(job: TableJob) {
        if let text = job.result, let result = try? JSONDecoder().decode(TableResult.self, from: Data(text.utf8)) {
            self = result
            return
        }
        let plan = try? TableJobPayload.decode(job.plan).plan
        self.init(table: job.table, object: plan?.object ?? job.table, method: plan?.method.rawValue ?? "-", startedAt: Date())
        endedAt = startedAt
        status = .failed
        error = job.error ?? "the job ended without a result"
    }
}

/// Runs one leased job's TableSync while a heartbeat renews the lease, and records the outcome.
struct TableJobRunner: Sendable {
    private enum Beat: Sendable {
        case finished(TableResult, SyncStop?)
        /// Another worker may hold the job now.
        case lost
        /// The heartbeat ended with the task.
        case stopped
    }

    let queue: any WorkQueue
    let worker: String
    let leaseSeconds: Double

    /// The table's result and the stop it hit; nil when the lease was lost (the sync is then
    /// cancelled at its last committed batch, and the job's next holder finishes it).
    func run(_ job: TableJob, _ sync: TableSync) async throws -> (TableResult, SyncStop?)? {
        let outcome = try await withThrowingTaskGroup(of: Beat.self, returning: (TableResult, SyncStop?)?.self) { group in
            group.addTask {
                do {
                    return .finished(try await sync.run(), nil)
                } catch let stop as SyncStop {
                    return .finished(await sync.result, stop)
                }
            }
            group.addTask { [queue, worker, leaseSeconds] in
                while true {
                    do {
                        try await Task.sleep(for: .milliseconds(Int64(leaseSeconds * 1_000 / 3)))
                    } catch {
                        return .stopped  // the sync, cancelled too, still reports where it ended
                    }
                    // A failed renewal (the database away for a moment) is tried again next beat.
                    let held = try? await queue.renew(jobID: job.id, worker: worker, for: leaseSeconds)
                    if held == false { return .lost }
                }
            }
            var outcome: (TableResult, SyncStop?)?
            while let beat = try await group.next() {
                switch beat {
                case .finished(let result, let stop):
                    outcome = (result, stop)
                    group.cancelAll()
                case .lost:
                    group.cancelAll()
                    return nil
                case .stopped:
                    break
                }
            }
            return outcome
        }
        guard let (result, stop) = outcome else { return nil }
        // A lease lost between the last beat and here is refused by the queue: the next holder's result stands.
        if result.status == .failed {
            _ = try await queue.fail(jobID: job.id, worker: worker, error: result.error ?? "failed", result: try result.encoded())
        } else {
            _ = try await queue.complete(jobID: job.id, worker: worker, result: try result.encoded())
        }
        return (result, stop)
    }
}
