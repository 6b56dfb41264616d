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

    func updateSecrets(connectionID: Int64, ciphertext: Data) async throws {
        guard var record = try await connection(id: connectionID) else { return }
        record.secretsCiphertext = ciphertext
        _ = try await saveConnection(record)
    }
}
