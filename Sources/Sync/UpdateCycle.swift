import Foundation
import Synchronization
import SalesforceKit
import Warehouse

/// One update cycle of one connection: structure sync, then one job per planned table in the
/// warehouse's work queue (run here a few at a time and/or by `tributary worker`s, each table in
/// its own transactions), then the cycle's record and the connection's status.
public struct UpdateCycle: Sendable {
    let connectionID: Int64
    let client: any SalesforceAPI
    let warehouse: any Warehouse
    let options: SyncOptions
    let apiShare: Double
    let events: @Sendable (SyncEvent) -> Void

    public init(connectionID: Int64, client: any SalesforceAPI, warehouse: any Warehouse, options: SyncOptions = SyncOptions(),
                apiShare: Double = 1, events: @escaping @Sendable (SyncEvent) -> Void = { _ in }) {
        self.connectionID = connectionID
        self.client = client
        self.warehouse = warehouse
        self.options = options
        self.apiShare = apiShare
        self.events = events
    }

    public func run() async throws -> CycleResult {
        let metadata = warehouse.metadata
        let startedAt = options.clock()
        let callsAtStart = client.callCount
        let owner = CycleOwner.current
        let isAlive = { @Sendable (cycle: CycleRecord) in CycleOwner.isAlive(cycle, now: startedAt, countingStarts: false) }
        // Known as starting before its row exists, so this process's scheduler never takes it for dead.
        CycleOwner.starting(connectionID)
        let started: StartedCycle?
        do {
            started = try await metadata.startCycle(
                connectionID: connectionID, at: startedAt, objects: options.objects, owner: owner, interruptedReason: UpdateSchedule.interruptedReason,
                isAlive: isAlive)
        } catch {
            CycleOwner.started(connectionID, cycle: nil)
            throw error
        }
        CycleOwner.started(connectionID, cycle: started?.cycle.id)
        guard let started else {
            let running = try await metadata.runningWholeCycles(connectionID: connectionID).first
            throw CycleAlreadyRunning(connectionID: connectionID, began: running?.startedAt ?? startedAt, owner: running?.owner)
        }
        let cycleID = started.cycle.id
        defer { CycleOwner.ended(cycleID) }
        // The dead whole cycles this start marked interrupted: their jobs go with them.
        for cycle in started.interrupted { try? await warehouse.workQueue.cancelQueued(cycleID: cycle, reason: UpdateSchedule.interruptedReason) }

        let work = Task { try await runRecorded(cycleID: cycleID, startedAt: startedAt, callsAtStart: callsAtStart) }
        // Beats while the cycle runs, so a scheduler (on any machine) can tell it from one whose
        // process stopped. A beat refused means another process took the cycle for dead and
        // started another: this one stops at its last committed batch.
        let takenOver = Mutex(false)
        let heartbeat = Task { [clock = options.clock, every = options.heartbeatSeconds] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(every))
                guard !Task.isCancelled else { return }
                if (try? await metadata.beatCycle(id: cycleID, at: clock())) == false {
                    takenOver.withLock { $0 = true }
                    work.cancel()
                }
            }
        }
        defer { heartbeat.cancel() }
        let outcome: Outcome
        do {
            outcome = try await withTaskCancellationHandler { try await work.value } onCancel: { work.cancel() }
        } catch {
            if takenOver.withLock({ $0 }) { throw CycleTakenOver(cycleID: cycleID) }
            // A cycle that cannot be recorded to its end must not stay "running" for its live
            // process. In a task of its own: when the caller was cancelled, these still run.
            let (metadata, connectionID, apiCalls, clock) = (metadata, connectionID, client.callCount - callsAtStart, options.clock)
            // Cancelled (a shutdown) with an error from outside the recorded work (reading the
            // day's API calls, writing the end): still a shutdown, recorded interrupted so the
            // schedule resumes it at once, and not the connection's fault.
            let shutDown = Task.isCancelled
            let message = shutDown ? Self.shutdownReason : String(describing: error)
            await Task {
                if (try? await metadata.finishCycle(id: cycleID, status: .failed, error: message, apiCalls: apiCalls, at: clock())) == true, !shutDown {
                    try? await metadata.updateConnectionStatus(id: connectionID, status: .error, lastError: message)
                }
            }.value
            if shutDown { throw CancellationError() }
            throw error
        }
        // Recorded over by another process meanwhile: its newer cycle owns the connection's status.
        guard outcome.recorded else { throw CycleTakenOver(cycleID: cycleID) }
        let (tables, skipped, stop, status, error, apiCalls, endedAt) =
            (outcome.tables, outcome.skipped, outcome.stop, outcome.status, outcome.error, outcome.apiCalls, outcome.endedAt)

        let connectionStatus: ConnectionRecord.Status
        switch (stop, status) {
        case (.reauthentication?, _): connectionStatus = .reauthenticationRequired
        case (_, .succeeded), (_, .stoppedQuota): connectionStatus = .connected
        // A shutdown is not the connection's fault: it stays connected, and says why the cycle ended.
        case _ where outcome.interrupted: connectionStatus = .connected
        default: connectionStatus = .error
        }
        let lastDataPoint = tables.compactMap(\.lastDataPoint).max().flatMap(UTCSeconds.parse).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        let began = status == .succeeded && options.countsAsUpdate && !options.structureOnly ? startedAt : nil
        // In a task of its own, so a cancelled (shut down) cycle still records these.
        try await Task { [connectionID] in
            try await metadata.updateConnectionStatus(id: connectionID, status: connectionStatus, lastError: error)
            try await metadata.recordCycleOutcome(connectionID: connectionID, successfulUpdateBegan: began, lastDataPoint: lastDataPoint)
        }.value
        return CycleResult(
            cycleID: cycleID, status: status, startedAt: startedAt, endedAt: endedAt, tables: tables, apiCalls: apiCalls,
            error: error, skippedObjects: skipped)
    }

    /// What a recorded cycle did, for the connection's status and the result.
    private struct Outcome {
        var tables: [TableResult]
        var skipped: [(object: String, reason: String)]
        var stop: SyncStop?
        var status: CycleStatus
        var error: String?
        var apiCalls: Int
        var endedAt: Date
        /// False when the finish was not recorded (another process had taken the cycle for dead).
        var recorded: Bool
        /// Stopped by a shutdown at its last committed batch.
        var interrupted = false
    }

    /// What a cycle stopped by a graceful shutdown is marked with; the schedule resumes it at once.
    static let shutdownReason = UpdateSchedule.interruptedReason + " (shut down at its last committed batch; the next cycle resumes from there)"

    /// The cycle's work from its start record to its finish record.
    private func runRecorded(cycleID: Int64, startedAt: Date, callsAtStart: Int) async throws -> Outcome {
        let metadata = warehouse.metadata
        let usedBefore = try await metadata.apiCalls(connectionID: connectionID, since: startedAt.addingTimeInterval(-86_400))
        let budget = APIBudget(share: apiShare, usedBefore: usedBefore, client: client)

        var tables: [TableResult] = []
        var skipped: [(object: String, reason: String)] = []
        var stop: SyncStop?
        var failure: String?
        var remoteCalls = 0
        do {
            try budget.check(client)
            let connection = try await metadata.connection(id: connectionID)
            let viewAllData = try await AccessCheck.viewAllData(client)
            var structureSync = StructureSync(connectionID: connectionID, client: client, warehouse: warehouse, options: options, budget: budget)
            structureSync.reconcileAllowed = viewAllData != false || connection?.reconcileWithoutViewAllData == true
            let structure = try await structureSync.run()
            try await recordAccess(structure, viewAllData: viewAllData, previous: connection?.access)
            skipped = structure.skipped
            events(.structureSynced(tables: structure.plans.count, skipped: skipped.count))
            let usage = budget.usage(client)
            events(.apiCalls(used: usage.used, allowed: usage.allowed))
            let plans = try await probed(structure.plans, budget: budget)
            (tables, stop, remoteCalls) = try await syncTables(plans, cycleID: cycleID, budget: budget)
            if stop == nil {
                var again: Int
                (tables, stop, again) = try await redescribed(tables, structureSync, cycleID: cycleID, budget: budget)
                remoteCalls += again
            }
            for (object, reason) in structure.unreadable {
                var table = TableResult(table: SchemaMapping.tableName(for: object), object: object, method: "-", startedAt: startedAt)
                table.status = .failed
                table.error = reason
                tables.append(table)
            }
        } catch let error as SyncStop {
            stop = error
        } catch let error as SalesforceError {
            // Structure sync's failures: the classifier says whether the cycle stops or fails.
            switch SalesforceErrorClassifier.decide(error, during: .describeGlobal) {
            case .stopCycle(.quota): stop = .quota(error.message)
            case .stopCycle(.reauthentication): stop = .reauthentication(error.message)
            default: failure = String(describing: error)
            }
        } catch {
            failure = String(describing: error)
        }

        let endedAt = options.clock()
        let apiCalls = client.callCount - callsAtStart + remoteCalls
        let failed = tables.filter { $0.status == .failed }
        // Cancelled (a graceful shutdown): its tables stopped at their last committed batch, and
        // nothing failed, but the cycle did not finish. It must not read as succeeded: it is
        // marked interrupted, which the schedule resumes at once (from the checkpoints).
        let interrupted = Task.isCancelled
        var status: CycleStatus
        switch (stop, failure) {
        case (.quota?, _): status = .stoppedQuota
        case (.reauthentication?, _), (nil, _?): status = .failed
        case (nil, nil): status = failed.isEmpty ? .succeeded : .partial
        }
        var error = stop?.message ?? failure ?? (failed.isEmpty ? nil : failed.map { "\($0.table): \($0.error ?? "failed")" }.joined(separator: "; "))
        if interrupted, stop == nil {
            status = .failed
            error = Self.shutdownReason
        }
        // Recorded in a task of its own: a cancelled cycle still writes its end.
        let (recordedTables, finalStatus, finalError) = (tables, status, error)
        let recorded = try await Task {
            for table in recordedTables { try await metadata.recordTableResult(table.record(cycleID: cycleID)) }
            if interrupted { try? await self.warehouse.workQueue.cancelQueued(cycleID: cycleID, reason: Self.shutdownReason) }
            return try await metadata.finishCycle(id: cycleID, status: finalStatus, error: finalError, apiCalls: apiCalls, at: endedAt)
        }.value

        return Outcome(tables: tables, skipped: skipped, stop: stop, status: status, error: error, apiCalls: apiCalls, endedAt: endedAt, recorded: recorded,
                       interrupted: interrupted && stop == nil)
    }
}

extension UpdateCycle {
    /// Records what a structure sync found the user can see, over what the last check found
    /// (`AccessCheck.findings`).
    func recordAccess(_ structure: StructureSync.Outcome, viewAllData: Bool?, previous: AccessFindings?) async throws {
        try await warehouse.metadata.updateConnectionAccess(id: connectionID, AccessCheck.findings(
            previous: previous, viewAllData: viewAllData, hidden: structure.hiddenColumns, planned: structure.described, at: options.clock()))
    }
}

extension TableResult {
    func record(cycleID: Int64) -> CycleTableRecord {
        let stored: CycleStatus = switch status {
        case .succeeded, .skipped: .succeeded
        case .failed: .failed
        case .stopped: .partial
        }
        // A note (why the table was copied whole) rides in the record's message when nothing failed.
        return CycleTableRecord(
            cycleID: cycleID, table: table, inserted: inserted, updated: updated, deleted: deleted, apiCalls: apiCalls,
            startedAt: startedAt, endedAt: endedAt, status: stored, error: error ?? note)
    }
}
