import Foundation
import Testing
import Warehouse
import WarehouseTestSupport

@Suite struct MetadataStoreTests {
    private let moment = Date(timeIntervalSince1970: 1_700_000_000)

    private func connection(_ name: String = "prod") -> ConnectionRecord {
        ConnectionRecord(
            name: name, loginURL: "https://login.salesforce.com", instanceURL: "https://x.my.salesforce.com",
            organizationID: "00D000000000001", username: "a@b.c", authKind: .oauth, clientID: "client",
            secretsCiphertext: Data([1, 2, 3]), apiShare: 0.25, createdAt: moment, lastSuccessfulUpdateBegan: moment)
    }

    @Test(arguments: Backend.available) func connectionsRoundTrip(_ backend: Backend) async throws {
        let warehouse = try await makeMetadataWarehouse(backend)
        defer { withExtendedLifetime(warehouse) {} }  // the pool closes with the warehouse
        let store = warehouse.metadata
        let saved = try await store.saveConnection(connection())
        let id = try #require(saved.id)
        #expect(try await store.connection(id: id) == saved)
        #expect(try await store.connection(named: "prod") == saved)
        #expect(try await store.connection(named: "other") == nil)
        // Updating keeps the id
        var changed = saved
        changed.instanceURL = "https://y.my.salesforce.com"
        _ = try await store.saveConnection(changed)
        #expect(try await store.connections() == [changed])
        try await store.updateConnectionStatus(id: id, status: .reauthenticationRequired, lastError: "INVALID_SESSION_ID")
        let reloaded = try await store.connection(id: id)
        #expect(reloaded?.status == .reauthenticationRequired)
        #expect(reloaded?.lastError == "INVALID_SESSION_ID")
        let other = try await makeMetadataWarehouse(backend)
        let raw = try await other.metadata.saveConnection(connection("x"))
        withExtendedLifetime(other) {}
        #expect(raw.apiShare == 0.25)
    }

    @Test(arguments: Backend.available) func connectionNamesAreUnique(_ backend: Backend) async throws {
        let warehouse = try await makeMetadataWarehouse(backend)
        defer { withExtendedLifetime(warehouse) {} }  // the pool closes with the warehouse
        let store = warehouse.metadata
        _ = try await store.saveConnection(connection())
        await #expect(throws: (any Error).self) { try await store.saveConnection(connection()) }
    }

    @Test(arguments: Backend.available) func tableAndColumnSettingsRoundTrip(_ backend: Backend) async throws {
        let warehouse = try await makeMetadataWarehouse(backend)
        defer { withExtendedLifetime(warehouse) {} }
        let store = warehouse.metadata
        let id = try #require(try await store.saveConnection(connection()).id)
        var account = TableSettings(
            connectionID: id, object: "Account", table: "sf_account", method: .modifiedAt, replicationKey: "systemmodstamp",
            recheckFrequency: .weekly, lastFormulaRecheck: moment)
        let task = TableSettings(connectionID: id, object: "Task", table: "sf_task", selected: false, method: .paused, skipReason: "not queryable")
        try await store.saveTableSettings(account)
        try await store.saveTableSettings(task)
        account.method = .fullTable
        try await store.saveTableSettings(account)
        #expect(try await store.tableSettings(connectionID: id) == [account, task])
        #expect(try await store.tableSettings(connectionID: id, table: "sf_task") == task)
        #expect(try await store.tableSettings(connectionID: id + 1) == [])

        let name = ColumnSettings(connectionID: id, table: "sf_account", column: "name")
        var rating = ColumnSettings(connectionID: id, table: "sf_account", column: "rating", selected: false, recheckFrequency: .always)
        try await store.saveColumnSettings(rating)
        try await store.saveColumnSettings(name)
        rating.selected = true
        try await store.saveColumnSettings(rating)
        #expect(try await store.columnSettings(connectionID: id, table: "sf_account") == [name, rating])

        // Deleting the connection takes its settings and checkpoints with it
        try await warehouse.saveCheckpoint(Checkpoint(connectionID: id, table: "sf_account", highWaterMark: "h"))
        try await store.deleteConnection(id: id)
        #expect(try await store.tableSettings(connectionID: id) == [])
        #expect(try await store.columnSettings(connectionID: id, table: "sf_account") == [])
        #expect(try await warehouse.checkpoint(connectionID: id, table: "sf_account") == nil)
    }

    @Test(arguments: Backend.available) func cyclesRoundTrip(_ backend: Backend) async throws {
        let warehouse = try await makeMetadataWarehouse(backend)
        defer { withExtendedLifetime(warehouse) {} }  // the pool closes with the warehouse
        let store = warehouse.metadata
        let id = try #require(try await store.saveConnection(connection()).id)
        let first = try await store.startCycle(connectionID: id, at: moment)
        try await store.finishCycle(id: first.id, status: .succeeded, error: nil, apiCalls: 12, at: moment.addingTimeInterval(60))
        let second = try await store.startCycle(connectionID: id, at: moment.addingTimeInterval(3600))
        let result = CycleTableRecord(
            cycleID: second.id, table: "sf_account", inserted: 5, updated: 2, deleted: 1, apiCalls: 3, startedAt: moment,
            endedAt: moment.addingTimeInterval(5), status: .partial, error: "REQUEST_LIMIT_EXCEEDED")
        try await store.recordTableResult(result)
        var updated = result
        updated.status = .stoppedQuota
        try await store.recordTableResult(updated)

        let cycles = try await store.latestCycles(connectionID: id, limit: 10)
        #expect(cycles.map(\.id) == [second.id, first.id])
        #expect(cycles.last == CycleRecord(
            id: first.id, connectionID: id, startedAt: moment, endedAt: moment.addingTimeInterval(60), status: .succeeded, apiCalls: 12,
            heartbeatAt: moment))
        #expect(cycles.first?.status == .running)
        #expect(try await store.latestCycles(connectionID: id, limit: 1).map(\.id) == [second.id])
        #expect(try await store.tableResults(cycleID: second.id) == [updated])
        #expect(try await store.tableResults(cycleID: first.id) == [])
    }

    @Test(arguments: Backend.available) func scheduleSourceColumnsAndInterruptedCyclesRoundTrip(_ backend: Backend) async throws {
        // Given a connection with a schedule, a blackout and notifications
        let warehouse = try await makeMetadataWarehouse(backend)
        defer { withExtendedLifetime(warehouse) {} }  // the pool closes with the warehouse
        let store = warehouse.metadata
        var record = connection()
        record.updateEveryMinutes = 15
        record.blackout = BlackoutHours(start: 22, end: 6)
        record.notifyEmail = "ops@example.com"
        record.notifyWebhook = "https://hooks.example.com/x"
        record.secretsCiphertext = nil
        let saved = try await store.saveConnection(record)
        let id = try #require(saved.id)
        #expect(try await store.connection(id: id) == saved)

        // Source columns are replaced as a whole, in describe order
        let name = SourceColumn(column: "name", sourceName: "Name", salesforceType: "string", warehouseType: .text, isFormula: false)
        let score = SourceColumn(column: "score__c", sourceName: "Score__c", salesforceType: "double", warehouseType: .real, isFormula: true)
        try await store.saveSourceColumns(connectionID: id, table: "sf_account", [score, name])
        #expect(try await store.sourceColumns(connectionID: id, table: "sf_account") == [score, name])
        try await store.saveSourceColumns(connectionID: id, table: "sf_account", [name])
        #expect(try await store.sourceColumns(connectionID: id, table: "sf_account") == [name])

        // A column's last recheck is kept
        let recheck = ColumnSettings(connectionID: id, table: "sf_account", column: "score__c", recheckFrequency: .weekly, lastRecheck: moment)
        try await store.saveColumnSettings(recheck)
        #expect(try await store.columnSettings(connectionID: id, table: "sf_account") == [recheck])

        // When a process stops mid-cycle, its running cycles fail and the connection stops syncing
        let partial = try await store.startCycle(connectionID: id, at: moment, objects: ["Account", "Lead"])
        try await store.updateConnectionStatus(id: id, status: .syncing, lastError: nil)
        try await store.beatCycle(id: partial.id, at: moment.addingTimeInterval(5))
        #expect(try await store.runningCycles().map(\.id) == [partial.id])
        #expect(try await store.runningCycles().first?.heartbeatAt == moment.addingTimeInterval(5))
        #expect(try await store.interruptCycles(ids: [partial.id], reason: "stopped", at: moment.addingTimeInterval(9)) == [partial.id])
        #expect(try await store.interruptCycles(ids: [partial.id], reason: "stopped", at: moment.addingTimeInterval(9)) == [])
        let cycle = try #require(try await store.latestCycles(connectionID: id, limit: 1).first)
        #expect(cycle == CycleRecord(id: partial.id, connectionID: id, startedAt: moment, endedAt: moment.addingTimeInterval(9), status: .failed,
                                     error: "stopped", objects: ["Account", "Lead"], heartbeatAt: moment.addingTimeInterval(5)))
        #expect(try await store.connection(id: id)?.status == .connected)

        // One whole cycle per connection: a live one refuses another, a partial run goes beside
        // it, and a dead one is marked interrupted by the next
        let whole = try #require(try await store.startCycle(
            connectionID: id, at: moment.addingTimeInterval(20), objects: nil, owner: "a:1", interruptedReason: "gone", isAlive: { _ in true })).cycle
        #expect(whole.owner == "a:1")
        #expect(try await store.startCycle(
            connectionID: id, at: moment.addingTimeInterval(21), objects: nil, owner: "b:2", interruptedReason: "gone", isAlive: { $0.owner == "a:1" }) == nil)
        #expect(try await store.startCycle(
            connectionID: id, at: moment.addingTimeInterval(21), objects: ["Lead"], owner: "b:2", interruptedReason: "gone", isAlive: { _ in true }) != nil)
        let started = try #require(try await store.startCycle(
            connectionID: id, at: moment.addingTimeInterval(22), objects: nil, owner: "b:2", interruptedReason: "gone", isAlive: { _ in false }))
        #expect(started.interrupted == [whole.id])
        let next = started.cycle
        let cycles = try await store.latestCycles(connectionID: id, limit: 10)
        #expect(cycles.first { $0.id == whole.id }?.status == .failed)
        #expect(cycles.first { $0.id == whole.id }?.error == "gone")
        #expect(cycles.first { $0.id == next.id }?.owner == "b:2")
        #expect(try await store.connection(id: id)?.status == .connected)
    }
}
