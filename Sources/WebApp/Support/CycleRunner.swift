import Foundation
import Logging
import Sync
import Synchronization
import Warehouse

/// Runs update cycles in the background, never two of one connection at once.
final class CycleRunner: Sendable {
    let service: ConnectionService
    let logger: Logger
    private let running = Mutex<Set<Int64>>([])

    init(service: ConnectionService, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    func isRunning(_ connectionID: Int64) -> Bool { running.withLock { $0.contains(connectionID) } }

    /// Starts a cycle unless one is running; false when one was.
    @discardableResult
    func start(_ record: ConnectionRecord, options: SyncOptions = SyncOptions()) -> Bool {
        guard let id = record.id, running.withLock({ $0.insert(id).inserted }) else { return false }
        Task {
            defer { running.withLock { _ = $0.remove(id) } }
            do {
                let result = try await service.sync(record, options: options)
                logger.info("cycle \(result.cycleID) of \(record.name): \(result.status.rawValue)")
            } catch {
                logger.error("cycle of \(record.name) failed: \(error)")
                try? await service.warehouse.metadata.updateConnectionStatus(id: id, status: .error, lastError: String(describing: error))
            }
        }
        return true
    }
}
