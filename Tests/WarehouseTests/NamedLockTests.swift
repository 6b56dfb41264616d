import Foundation
import Synchronization
import Testing
import Warehouse
import WarehouseTestSupport

/// `MetadataStore.exclusively`: one holder of a name at a time among every store opened on one
/// database (as separate processes open it), the others wait; other names do not wait.
@Suite struct NamedLockTests {
    /// Two stores on one database, as two processes have them.
    private func twoStores(_ backend: Backend) async throws -> (any Warehouse, any Warehouse, cleanup: () -> Void) {
        switch backend {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("locks-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("warehouse.sqlite").path
            return (try SQLiteWarehouse(path: path), try SQLiteWarehouse(path: path), { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            let url = try testPostgresURL()
            return (try await PostgresWarehouse.connect(url, metadata: nil), try await PostgresWarehouse.connect(url, metadata: nil), {})
        }
    }

    /// Counts the bodies inside at once, and the most ever seen.
    final class Overlap: Sendable {
        private let state = Mutex((inside: 0, most: 0))
        func enter() { state.withLock { $0.inside += 1; $0.most = max($0.most, $0.inside) } }
        func leave() { state.withLock { $0.inside -= 1 } }
        var most: Int { state.withLock { $0.most } }
    }

    /// Runs one body per store (each under `name(i)`, holding it for `hold`) at once; returns the
    /// most bodies seen inside at the same time. With `untilAllInside`, a body holds until every
    /// body is inside (at most `hold`): a fixed hold let a loaded machine take longer than it to
    /// reach the second lock, so names that never waited for each other looked as if they had.
    private func mostAtOnce(_ stores: [any MetadataStore], name: @escaping @Sendable (Int) -> String, hold: Duration,
                            untilAllInside: Bool = false) async throws -> Int {
        let overlap = Overlap()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (i, store) in stores.enumerated() {
                group.addTask {
                    try await store.exclusively(name(i)) {
                        overlap.enter()
                        if untilAllInside {
                            let deadline = ContinuousClock.now + hold
                            while overlap.most < stores.count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
                        } else {
                            try await Task.sleep(for: hold)
                        }
                        overlap.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        return overlap.most
    }

    @Test(arguments: Backend.available) func oneHolderAtATimeAcrossStoresOfOneDatabase(_ backend: Backend) async throws {
        let (a, b, cleanup) = try await twoStores(backend)
        defer { cleanup() }
        let stores = (0..<8).map { ($0 % 2 == 0 ? a : b).metadata }
        #expect(try await mostAtOnce(stores, name: { _ in "token-renewal-1" }, hold: .milliseconds(15)) == 1)
        withExtendedLifetime((a, b)) {}
    }

    @Test(arguments: Backend.available) func otherNamesDoNotWaitAndAFailingBodyLetsGo(_ backend: Backend) async throws {
        let (a, b, cleanup) = try await twoStores(backend)
        defer { cleanup() }
        let most = try await mostAtOnce([a.metadata, b.metadata], name: { "token-renewal-\($0)" }, hold: .seconds(20), untilAllInside: true)
        #expect(most == 2, "two names must not wait for each other")
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await a.metadata.exclusively("token-renewal-9") { throw Refused() } }
        // Let go despite the error: the other store takes it at once.
        let taken = try await b.metadata.exclusively("token-renewal-9") { true }
        #expect(taken)
        withExtendedLifetime((a, b)) {}
    }

    @Test func aPrivateInMemoryDatabaseLocksWithinTheProcess() async throws {
        let store = try SQLiteWarehouse.inMemory().metadata
        #expect(try await mostAtOnce([store, store, store, store], name: { _ in "x" }, hold: .milliseconds(10)) == 1)
    }
}
