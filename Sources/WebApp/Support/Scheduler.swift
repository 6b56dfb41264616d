import Foundation
import Logging
import Sync
import Warehouse

/// Starts every connection's update cycles on its schedule (`tributary serve`). It decides from
/// the metadata alone, so a restart neither repeats nor skips a cycle; cycles a stopped process
/// left running are marked interrupted first, and resume from their checkpoints.
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

    /// Marks cycles left running by a stopped process; call once before the first `tick`.
    func recover() async throws {
        let interrupted = try await metadata.interruptRunningCycles(reason: UpdateSchedule.interruptedReason, at: clock())
        if interrupted > 0 { logger.notice("\(interrupted) update cycle(s) were interrupted by a stop; they resume now") }
    }

    /// Starts the cycles that are due; returns the connections started.
    @discardableResult
    func tick() async throws -> [String] {
        var started: [String] = []
        let now = clock()
        for record in try await metadata.connections() {
            guard let id = record.id, !runner.isRunning(id) else { continue }
            let last = try await metadata.lastWholeCycle(connectionID: id)
            if UpdateSchedule.isDue(record, lastCycle: last, now: now), runner.start(record) {
                started.append(record.name)
            }
        }
        return started
    }

    /// Ticks until cancelled.
    func run(every interval: Duration = .seconds(30)) async {
        do { try await recover() } catch { logger.error("could not mark interrupted cycles: \(error)") }
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
