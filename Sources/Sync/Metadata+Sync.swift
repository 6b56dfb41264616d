import Foundation
import Warehouse

/// The few book-keeping steps the cycle takes that combine the metadata store's primitives.
extension MetadataStore {
    /// API calls this connection's cycles made since `date` (for the daily budget).
    func apiCalls(connectionID: Int64, since date: Date) async throws -> Int {
        try await latestCycles(connectionID: connectionID, limit: 1_000)
            .filter { $0.startedAt >= date }
            .reduce(0) { $0 + $1.apiCalls }
    }

    /// *Last successful update began* moves only when every table succeeded; *Last data point
    /// received* only forwards.
    func recordCycleOutcome(connectionID: Int64, successfulUpdateBegan: Date?, lastDataPoint: Date?) async throws {
        guard var record = try await connection(id: connectionID) else { return }
        if let successfulUpdateBegan { record.lastSuccessfulUpdateBegan = successfulUpdateBegan }
        if let lastDataPoint, record.lastDataPointReceived.map({ lastDataPoint > $0 }) ?? true {
            record.lastDataPointReceived = lastDataPoint
        }
        _ = try await saveConnection(record)
    }
}

/// What runs, as the metadata store and the work queue say it: the one truth. Memory in a
/// process (the web app's progress, `CycleOwner`'s registry) only caches it or tells whether
/// this process is the one running a recorded cycle.
extension Warehouse {
    /// The whole update cycle of the connection that a live process runs now, if any.
    public func liveWholeCycle(connectionID: Int64, now: Date = Date()) async throws -> CycleRecord? {
        try await metadata.runningWholeCycles(connectionID: connectionID).first { CycleOwner.isAlive($0, now: now) }
    }

    /// The connection's tables some run (a cycle, a table's *Sync Data Immediately*, a worker)
    /// is loading now. The queue leases a table to one job at a time, so a run that wants a
    /// table another holds waits for it.
    public func loadingTables(connectionID: Int64) async throws -> Set<String> {
        try await workQueue.heldTables(connectionID: connectionID)
    }
}
