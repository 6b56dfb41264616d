import Foundation
import Logging
import Sync
import Warehouse

/// Starts every connection's update cycles on its schedule (`tributary serve`). It decides from
/// the metadata alone, so a restart neither repeats nor skips a cycle. Cycles a stopped process
/// left running (`CycleOwner`: its process exited, or silent for `UpdateSchedule.silentAfter`)
/// are marked interrupted at each tick and resume from their checkpoints; cycles that still
/// run, on this machine or another sharing the PostgreSQL metadata, are left to finish.
final class Scheduler: Sendable {
    let runner: CycleRunner
    let clock: @Sendable () -> Date
    let logger: Logger

    init(runner: CycleRunner, clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.runner = runner
        self.clock = clock
        self.logger = logger
    }

    var metadata: any MetadataStore { runner.service.warehouse.metadata }

    /// Marks cycles left running by a stopped process (`tick` does it first). Their jobs no
    /// worker has taken yet are cancelled: the cycle that resumes queues its tables again, and
    /// jobs workers hold finish on their own.
    func recover() async throws {
        let now = clock()
        let dead = try await metadata.runningCycles().filter { !CycleOwner.isAlive($0, now: now) }
        guard !dead.isEmpty else { return }
        let interrupted = try await metadata.interruptCycles(ids: dead.map(\.id), reason: UpdateSchedule.interruptedReason, at: now)
        guard !interrupted.isEmpty else { return }
        for cycle in interrupted {
            try await runner.service.warehouse.workQueue.cancelQueued(cycleID: cycle, reason: UpdateSchedule.interruptedReason)
        }
        logger.notice("\(interrupted.count) update cycle(s) were interrupted by a stop; they resume now")
    }

    /// Starts the cycles that are due; returns the connections started.
    @discardableResult
    func tick() async throws -> [String] {
        try await recover()
        var started: [String] = []
        let now = clock()
        for record in try await metadata.connections() {
            guard let id = record.id, try await !runner.isRunning(id) else { continue }
            let last = try await metadata.lastWholeCycle(connectionID: id)
            if UpdateSchedule.isDue(record, lastCycle: last, now: now), runner.start(record) {
                started.append(record.name)
            }
        }
        return started
    }

    /// Ticks until cancelled.
    func run(every interval: Duration = .seconds(30)) async {
        while !Task.isCancelled {
            do {
                let started = try await tick()
                if !started.isEmpty { logger.info("scheduled update cycles started: \(started.joined(separator: ", "))") }
            } catch {
                logger.error("scheduler: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }
}
