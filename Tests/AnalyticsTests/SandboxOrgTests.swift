import Analytics
import AsyncHTTPClient
import Foundation
import SalesforceKit
import SandboxOrg
import SandboxTestSupport
import Sync
import Synchronization
import Testing
import Warehouse
import WarehouseTestSupport

/// The minimal part of SyncTests' harness: a sandbox org on a loopback port, synced once into a
/// fresh warehouse of `backend` (metadata in the directory's SQLite file either way; the
/// sandbox's clock stands at `sandboxNow`).
func withSyncedSandbox(
    _ backend: Backend = .sqlite, scale: Int = 1, objects: [String], configure: @escaping (inout SandboxConfiguration) -> Void = { _ in },
    _ body: (any Warehouse) async throws -> Void
) async throws {
    let now = sandboxNow
    let running = try await RunningSandbox.start { config in
        config.scale = scale
        config.clock = { now }
        configure(&config)
    }
    let server = running.server
    let baseURL = running.url
    let http = HTTPClient(eventLoopGroupProvider: .singleton)
    func stop() async {
        try? await http.shutdown()
        await running.stop()
    }
    do {
        let directory = server.configuration.directory + "-warehouse"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let local = try SQLiteWarehouse(path: directory + "/tributary.sqlite")
        let warehouse: any Warehouse = backend == .postgres ? try await makePostgresWarehouse(metadata: local.metadata) : local
        let service = ConnectionService(warehouse: warehouse, secrets: try SecretBox.load(dataDirectory: directory, encodedKey: nil), http: http)
        let user = server.configuration.users[0]
        let record = try await service.connect(
            name: "sandbox", loginHost: .localSandbox(baseURL), clientID: server.configuration.clientID,
            clientSecret: server.configuration.clientSecret, credentials: .password(username: user.email, password: user.password))
        var options = SyncOptions()
        options.clock = { Date(timeIntervalSince1970: TimeInterval(now) / 1000) }
        options.objects = objects
        options.bulkPollInterval = .milliseconds(5)
        _ = try await service.sync(record, options: options)
        try await body(warehouse)
        await stop()
    } catch {
        await stop()
        throw error
    }
}

/// The sandbox org's fixed "now" (2026-01-02T00:00:00Z), in milliseconds.
let sandboxNow: Int64 = 1_767_312_000_000

@Suite struct SandboxOrgMetricTests {
    @Test(arguments: Backend.available) func everyMetricRunsOnSyncedTablesAndAgreesWithSwift(_ backend: Backend) async throws {
        try await withSyncedSandbox(backend, objects: ["Lead", "Opportunity", "OpportunityHistory", "CampaignMember"]) { warehouse in
            let data = try await DataSet.fetch(from: warehouse)
            #expect(data.leads.count > 50 && data.opportunities.count > 20 && data.history.count > data.opportunities.count)
            #expect(data.leads.contains { $0.converted } && data.opportunities.contains { $0.isWon } && !data.members.isEmpty)
            let service = AnalyticsService(warehouse: warehouse, dialect: dialect(backend))
            let owner = try #require(data.leads.compactMap(\.owner).first)
            let filters = [MetricFilter.all, MetricFilter(from: "2025-01-01", to: "2026-01-01"), MetricFilter(from: "2025-04-01", to: "2025-10-01", ownerID: owner)]
            for filter in filters {
                // A synced org's picklist groupings follow its picklists' order (stages, statuses, sources)
                try await compareEveryMetric(service, data, filter, asOf: "2026-01-01", orders: .sandbox)
            }
            // The data must make the metrics mean something, not agree on empty answers.
            let win = try await service.winRate(filter: .all)
            #expect(win.total > 0 && win.successes > 0 && win.successes < win.total)
            #expect(try await service.stageConversion(filter: .all).contains { $0.reachedToLater > 0 })
            #expect(!(try await service.slippedDeals(filter: .all)).isEmpty)
            #expect(try await service.conversionBy(.campaign, filter: .all).contains { $0.key != nil })
            #expect(try await service.timeToConvert(filter: .all).count > 0)
        }
    }
}
