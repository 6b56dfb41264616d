import Foundation
import Testing
import Warehouse

@Suite struct MetadataStoreTests {
    private let moment = Date(timeIntervalSince1970: 1_700_000_000)

    private func connection(_ name: String = "prod") -> ConnectionRecord {
        ConnectionRecord(
            name: name, loginURL: "https://login.salesforce.com", instanceURL: "https://x.my.salesforce.com",
            organizationID: "00D000000000001", username: "a@b.c", authKind: .oauth, clientID: "client",
            secretsCiphertext: Data([1, 2, 3]), apiShare: 0.25, createdAt: moment, lastSuccessfulUpdateBegan: moment)
    }

    @Test func connectionsRoundTrip() async throws {
        let store = try SQLiteWarehouse.inMemory().metadata
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
        let raw = try await SQLiteWarehouse.inMemory().metadata.saveConnection(connection("x"))
        #expect(raw.apiShare == 0.25)
    }

    @Test func connectionNamesAreUnique() async throws {
        let store = try SQLiteWarehouse.inMemory().metadata
        _ = try await store.saveConnection(connection())
        await #expect(throws: (any Error).self) { try await store.saveConnection(connection()) }
    }

    @Test func tableAndColumnSettingsRoundTrip() async throws {
        let warehouse = try SQLiteWarehouse.inMemory()
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

    @Test func cyclesRoundTrip() async throws {
        let store = try SQLiteWarehouse.inMemory().metadata
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
            id: first.id, connectionID: id, startedAt: moment, endedAt: moment.addingTimeInterval(60), status: .succeeded, apiCalls: 12))
        #expect(cycles.first?.status == .running)
        #expect(try await store.latestCycles(connectionID: id, limit: 1).map(\.id) == [second.id])
        #expect(try await store.tableResults(cycleID: second.id) == [updated])
        #expect(try await store.tableResults(cycleID: first.id) == [])
    }
}
