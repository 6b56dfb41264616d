import Analytics
import Foundation
import Logging
import Sync
import Synchronization
import Warehouse

/// Runs update cycles in the background, never two whole cycles of one connection at once;
/// keeps each running cycle's progress for the pages, counts what cycles do for `/metrics`,
/// and sends *Email me when complete* notifications.
final class CycleRunner: Sendable {
    let service: ConnectionService
    let logger: Logger
    let metrics: SyncMetrics
    let notifier: Notifier
    /// Lead scores are retrained after a cycle that brought leads, at most this often (0: every time).
    let scoreLeadsEvery: TimeInterval
    private let lastScoring = Mutex<Date?>(nil)
    /// The progress of the cycles this process runs: a cache for the pages. Whether a cycle
    /// runs is the metadata's answer (`isRunning`).
    private let running = Mutex<[Int64: CycleProgress]>([:])
    /// Table runs (*Save and Sync Data Immediately*) in flight, so tests and pages can wait on them.
    private let tableRuns = Mutex<[Task<Void, Never>]>([])
    /// The whole cycles this process runs, so a shutdown can stop them (`stopAll`).
    /// By a token of each start, not by connection: a cycle's task outlives its row (the
    /// notification and lead scoring after it), so a connection's next cycle may start meanwhile.
    private let cycleTasks = Mutex<[UUID: Task<Void, Never>]>([:])
    /// Failed cycles whose failure could not be written to the metadata (its database refused
    /// the write too), by connection: the pages and the API show them over the stored status,
    /// so a cycle that fails never looks like one that succeeded. Cleared by the next cycle
    /// that records its own end.
    private let unrecordedFailures = Mutex<[Int64: String]>([:])

    /// Set on every cycle's options (`WebAppConfiguration.probeWaitsForMinute`).
    let probeWaitsForMinute: Bool

    init(service: ConnectionService, metrics: SyncMetrics, notifier: Notifier, scoreLeadsEvery: TimeInterval = 6 * 3600, probeWaitsForMinute: Bool = true,
         logger: Logger) {
        self.probeWaitsForMinute = probeWaitsForMinute
        self.scoreLeadsEvery = scoreLeadsEvery
        self.service = service
        self.metrics = metrics
        self.notifier = notifier
        self.logger = logger
    }

    /// Whether a whole cycle of the connection runs, in this process or any other sharing the
    /// metadata (a `sync`, another `serve`): the cycles' rows say. This process's own start is
    /// counted from the moment it is asked for, before its row exists.
    func isRunning(_ connectionID: Int64) async throws -> Bool {
        if running.withLock({ $0[connectionID] != nil }) { return true }
        return try await service.warehouse.liveWholeCycle(connectionID: connectionID) != nil
    }

    /// The connection as the pages and the API show it: with the failure of its last cycle
    /// when that failure could not be recorded.
    func shown(_ record: ConnectionRecord) -> ConnectionRecord {
        guard let id = record.id, let failure = unrecordedFailures.withLock({ $0[id] }) else { return record }
        var shown = record
        shown.status = .error
        shown.lastError = failure
        return shown
    }

    func progress(_ connectionID: Int64) -> CycleProgress? { running.withLock { $0[connectionID] } }

    /// Starts a whole cycle unless one is running; false when one was. Returns at once; `wait`
    /// gives the task to tests.
    @discardableResult
    func start(_ record: ConnectionRecord, options: SyncOptions = SyncOptions()) -> Bool {
        startTask(record, options: options) != nil
    }

    /// `start`, unless a live whole cycle of the connection runs in another process (another
    /// `serve` or a `sync` sharing the metadata): then false, as for one of this process.
    func startUnlessRunningElsewhere(_ record: ConnectionRecord, options: SyncOptions = SyncOptions()) async throws -> Bool {
        guard let id = record.id else { return false }
        return try await service.warehouse.liveWholeCycle(connectionID: id) == nil && start(record, options: options)
    }

    func startTask(_ record: ConnectionRecord, options: SyncOptions = SyncOptions()) -> Task<Void, Never>? {
        guard let id = record.id else { return nil }
        let began = running.withLock { cycles -> Bool in
            guard cycles[id] == nil else { return false }
            cycles[id] = CycleProgress(connectionID: id, startedAt: Date())
            return true
        }
        guard began else { return nil }
        let token = UUID()
        // The cycle stops counting as running when its row ends, not after the notification and
        // lead scoring that follow it: a *Force update* then is a new cycle, not a 409. Once
        // only, so this task never removes the progress of the next cycle of the connection.
        let ended = Mutex(false)
        let end: @Sendable () -> Void = {
            guard ended.withLock({ done in defer { done = true }; return !done }) else { return }
            self.running.withLock { _ = $0.removeValue(forKey: id) }
        }
        // The task starts its work once it is registered, so its cleanup never runs first and
        // leaves a finished task behind.
        let (registered, register) = AsyncStream<Void>.makeStream()
        let task = Task {
            for await _ in registered {}
            defer {
                end()
                cycleTasks.withLock { _ = $0.removeValue(forKey: token) }
            }
            await run(record, options: options, ended: end) { event in
                self.running.withLock { $0[id]?.apply(event) }
            }
        }
        cycleTasks.withLock { $0[token] = task }
        register.finish()
        return task
    }

    /// A graceful shutdown: every cycle and table run of this process stops at its last
    /// committed batch and records itself interrupted (the next process, or another replica,
    /// resumes it at once); returns when they have.
    func stopAll() async {
        let tasks = Array(cycleTasks.withLock { $0.values }) + tableRuns.withLock { $0 }
        guard !tasks.isEmpty else { return }
        logger.notice("stopping \(tasks.count) running update cycle(s) at their last committed batch")
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Runs only these objects (a table's *Save and Sync Data Immediately*), beside a running
    /// cycle if there is one: table leases keep the two off the same table.
    @discardableResult
    func startTables(_ record: ConnectionRecord, objects: [String]) -> Task<Void, Never> {
        var options = SyncOptions()
        options.objects = objects
        options.countsAsUpdate = false
        let task = Task { await run(record, options: options) { _ in } }
        tableRuns.withLock { runs in
            runs.removeAll { $0.isCancelled }
            runs.append(task)
        }
        return task
    }

    /// Waits for the table runs started so far.
    func waitForTableRuns() async {
        for task in tableRuns.withLock({ $0 }) { await task.value }
    }

    /// Retrains the lead-scoring model and rewrites `tributary_lead_scores`, when due.
    func scoreLeadsIfDue(now: Date = Date()) async {
        let due = lastScoring.withLock { last -> Bool in
            guard last.map({ now.timeIntervalSince($0) >= scoreLeadsEvery }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        do {
            let report = try await AnalyticsService(warehouse: service.warehouse).scoreLeads()
            logger.info("lead scores retrained", metadata: ["open_leads": "\(report.scored)", "auc": "\(report.holdout?.auc.map { String(format: "%.3f", $0) } ?? "-")"])
        } catch {
            logger.warning("lead scoring skipped: \(error)")
        }
    }

    private func run(_ record: ConnectionRecord, options: SyncOptions, ended: @Sendable () -> Void = {}, events: @escaping @Sendable (SyncEvent) -> Void) async {
        var options = options
        options.probeWaitsForMinute = probeWaitsForMinute
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let result = try await service.sync(record, options: options) { event in
                events(event)
                self.metrics.observe(event)
            }
            ended()
            if let id = record.id { unrecordedFailures.withLock { _ = $0.removeValue(forKey: id) } }
            metrics.finished(result, duration: clock.now - started)
            let scope = options.objects.map { " (\($0.joined(separator: ", ")))" } ?? ""
            logger.info("cycle \(result.cycleID) of \(record.name)\(scope): \(result.status.rawValue)",
                        metadata: ["connection": "\(record.name)", "cycle": "\(result.cycleID)", "api_calls": "\(result.apiCalls)"])
            // A shutdown is not news for the connection's owner: the next process resumes the cycle.
            guard !Task.isCancelled else { return }
            if options.objects == nil && !options.structureOnly { await notifier.notify(record, result) }
            if result.tables.contains(where: { $0.table == "sf_lead" && $0.status == .succeeded }) { await scoreLeadsIfDue() }
        } catch let running as CycleAlreadyRunning {
            // Another process (another `serve` sharing the PostgreSQL metadata, a `sync`) runs it: not an error of the connection.
            logger.notice("cycle of \(record.name) not started: \(running)", metadata: ["connection": "\(record.name)"])
        } catch is CancellationError {
            // A shutdown: the cycle is recorded interrupted and the next process resumes it.
            logger.notice("cycle of \(record.name) stopped by a shutdown", metadata: ["connection": "\(record.name)"])
        } catch let takenOver as CycleTakenOver {
            logger.warning("cycle of \(record.name): \(takenOver)", metadata: ["connection": "\(record.name)"])
        } catch {
            metrics.failedToStart()
            logger.error("cycle of \(record.name) failed: \(error)", metadata: ["connection": "\(record.name)"])
            if let id = record.id {
                let message = String(describing: error)
                do {
                    try await service.warehouse.metadata.updateConnectionStatus(id: id, status: .error, lastError: message)
                    unrecordedFailures.withLock { _ = $0.removeValue(forKey: id) }
                } catch let recording {
                    logger.error("the failure of \(record.name)'s cycle could not be recorded: \(recording)", metadata: ["connection": "\(record.name)"])
                    unrecordedFailures.withLock { $0[id] = message }
                }
            }
        }
    }
}
