import Testing
import Warehouse
import WarehouseTestSupport

/// Loads behave the same on every backend.
@Suite struct LoadTests {
    private func warehouseWithAccounts(_ backend: Backend) async throws -> any Warehouse {
        let warehouse = try await makeWarehouse(backend)
        _ = try await warehouse.ensureTable(accountSpec)
        return warehouse
    }

    @Test(arguments: Backend.available) func countsInsertsAndUpdatesExactly(_ backend: Backend) async throws {
        // Given two rows
        let warehouse = try await warehouseWithAccounts(backend)
        let first = try await warehouse.upsert(
            makeBatch([["001A", "Acme", "10"], ["001B", "Beta", "20"]]), columns: accountColumns, into: "sf_account", checkpoint: nil)
        #expect(first == LoadCounts(inserted: 2, updated: 0, deleted: 0))
        // When a batch updates one, inserts two, and repeats an id within itself
        let second = try await warehouse.upsert(
            makeBatch([["001B", "Beta 2", "21"], ["001C", "Gamma", nil], ["001D", "Delta", "4"], ["001D", "Delta 2", "5"]]),
            columns: accountColumns, into: "sf_account", checkpoint: nil)
        // Then
        #expect(second == LoadCounts(inserted: 2, updated: 2, deleted: 0))
        #expect(try await warehouse.rowCount("sf_account") == 4)
        #expect(try await warehouse.query(backend.sql("SELECT name, numberofemployees FROM sf_account WHERE id = ?"), arguments: ["001D"]) == [["Delta 2", "5"]])
    }

    @Test(arguments: Backend.available) func insertCountIsRightAfterAnotherTableInserted(_ backend: Backend) async throws {
        // last_insert_rowid is per connection: a previous insert elsewhere must not be mistaken.
        let warehouse = try await warehouseWithAccounts(backend)
        let other = TableSpec(name: "sf_contact", columns: [column("Id", "id")])
        _ = try await warehouse.ensureTable(other)
        _ = try await warehouse.upsert(makeBatch([["003A"]]), columns: other.columns, into: "sf_contact", checkpoint: nil)
        let counts = try await warehouse.upsert(makeBatch([["001A", "Acme", "1"]]), columns: accountColumns, into: "sf_account", checkpoint: nil)
        #expect(counts.inserted == 1)
        #expect(counts.updated == 0)
    }

    @Test(arguments: Backend.available) func nullIDFailsTheWholeBatchAndItsCheckpoint(_ backend: Backend) async throws {
        // Given a committed batch and checkpoint
        let warehouse = try await warehouseWithAccounts(backend)
        let committed = Checkpoint(connectionID: 1, table: "sf_account", highWaterMark: "2024-01-01T00:00:00.000Z")
        _ = try await warehouse.upsert(makeBatch([["001A", "Acme", "1"]]), columns: accountColumns, into: "sf_account", checkpoint: committed)
        // When a batch fails on its third row
        let failing = makeBatch([["001A", "Changed", "2"], ["001B", "New", "3"], [nil, "No id", "4"]])
        await #expect(throws: WarehouseError.nullID(table: "", row: 0)) {
            try await warehouse.upsert(
                failing, columns: accountColumns, into: "sf_account",
                checkpoint: Checkpoint(connectionID: 1, table: "sf_account", highWaterMark: "2024-02-01T00:00:00.000Z"))
        }
        // Then neither its rows nor its checkpoint are there
        #expect(try await warehouse.ids(in: "sf_account") == ["001A"])
        #expect(try await warehouse.query("SELECT name FROM sf_account") == [["Acme"]])
        #expect(try await warehouse.checkpoint(connectionID: 1, table: "sf_account") == committed)
    }

    @Test(arguments: Backend.available) func checkpointIsSavedWithTheRows(_ backend: Backend) async throws {
        let warehouse = try await warehouseWithAccounts(backend)
        let checkpoint = Checkpoint(connectionID: 7, table: "sf_account", highWaterMark: "2024-03-01T00:00:00.000Z", cursor: #"{"locator":"abc"}"#)
        _ = try await warehouse.upsert(makeBatch([["001A", "Acme", "1"]]), columns: accountColumns, into: "sf_account", checkpoint: checkpoint)
        #expect(try await warehouse.checkpoint(connectionID: 7, table: "sf_account") == checkpoint)
        #expect(try await warehouse.checkpoint(connectionID: 8, table: "sf_account") == nil)
    }

    @Test(arguments: Backend.available) func deletingAConnectionsCheckpointsLeavesOthers(_ backend: Backend) async throws {
        let warehouse = try await warehouseWithAccounts(backend)
        try await warehouse.saveCheckpoint(Checkpoint(connectionID: 1, table: "sf_account", highWaterMark: "a"))
        try await warehouse.saveCheckpoint(Checkpoint(connectionID: 2, table: "sf_account", highWaterMark: "b"))
        try await warehouse.deleteCheckpoints(connectionID: 1)
        #expect(try await warehouse.checkpoint(connectionID: 1, table: "sf_account") == nil)
        #expect(try await warehouse.checkpoint(connectionID: 2, table: "sf_account")?.highWaterMark == "b")
    }

    @Test(arguments: Backend.available) func unknownColumnFailsWithoutWriting(_ backend: Backend) async throws {
        let warehouse = try await warehouseWithAccounts(backend)
        let columns = accountColumns + [column("Nope", "string")]
        await #expect(throws: (any Error).self) {
            try await warehouse.upsert(makeBatch([["001A", "Acme", "1", "x"]]), columns: columns, into: "sf_account", checkpoint: nil)
        }
        #expect(try await warehouse.rowCount("sf_account") == 0)
    }

    @Test(arguments: Backend.available) func batchMustMatchColumnList(_ backend: Backend) async throws {
        let warehouse = try await warehouseWithAccounts(backend)
        await #expect(throws: WarehouseError.columnMismatch(batch: 0, columns: 0)) {
            try await warehouse.upsert(makeBatch([["001A", "Acme"]]), columns: accountColumns, into: "sf_account", checkpoint: nil)
        }
    }

    @Test(arguments: Backend.available) func deletesByIDWithCheckpoint(_ backend: Backend) async throws {
        let warehouse = try await warehouseWithAccounts(backend)
        _ = try await warehouse.upsert(
            makeBatch([["001A", "A", nil], ["001B", "B", nil], ["001C", "C", nil]]), columns: accountColumns, into: "sf_account", checkpoint: nil)
        let checkpoint = Checkpoint(connectionID: 1, table: "sf_account", highWaterMark: "x")
        let deleted = try await warehouse.delete(ids: ["001A", "001C", "001Z"], from: "sf_account", checkpoint: checkpoint)
        #expect(deleted == 2)
        #expect(try await warehouse.ids(in: "sf_account") == ["001B"])
        #expect(try await warehouse.checkpoint(connectionID: 1, table: "sf_account") == checkpoint)
    }

    @Test(arguments: Backend.available) func updateColumnsTouchesOnlyExistingRows(_ backend: Backend) async throws {
        let warehouse = try await warehouseWithAccounts(backend)
        _ = try await warehouse.upsert(makeBatch([["001A", "A", "1"], ["001B", "B", "2"]]), columns: accountColumns, into: "sf_account", checkpoint: nil)
        let columns = [column("NumberOfEmployees", "int"), column("Id", "id")]
        let updated = try await warehouse.updateColumns(
            makeBatch([["10", "001A"], ["30", "001Z"]]), columns: columns, in: "sf_account", checkpoint: nil)
        #expect(updated == 1)
        #expect(try await warehouse.query("SELECT id, name, numberofemployees FROM sf_account ORDER BY id") == [["001A", "A", "10"], ["001B", "B", "2"]])
    }

    @Test(arguments: Backend.available) func idsAreSortedAscendingAndFilteredAsTheyStream(_ backend: Backend) async throws {
        let warehouse = try await warehouseWithAccounts(backend)
        _ = try await warehouse.upsert(makeBatch([["001c", nil, nil], ["001B", nil, nil], ["001A", nil, nil], ["001D", nil, nil]]), columns: accountColumns,
                                       into: "sf_account", checkpoint: nil)
        #expect(try await warehouse.ids(in: "sf_account") == ["001A", "001B", "001D", "001c"])
        // Reconciliation keeps only the ids the org lacks; every row is offered, not just those before a refusal.
        #expect(try await warehouse.ids(in: "sf_account") { $0 != "001A" && $0 != "001D" } == ["001B", "001c"])
        #expect(try await warehouse.ids(in: "sf_account") { _ in false }.isEmpty)
    }

    @Test(arguments: Backend.available) func writesSyncedAt(_ backend: Backend) async throws {
        let warehouse = try await warehouseWithAccounts(backend)
        _ = try await warehouse.upsert(makeBatch([["001A", "A", "1"]]), columns: accountColumns, into: "sf_account", checkpoint: nil)
        let syncedAt = try await warehouse.query("SELECT _synced_at FROM sf_account").first?.first ?? nil
        #expect(syncedAt?.count == 24)
        #expect(syncedAt?.hasSuffix("Z") == true)
    }

    @Test(arguments: Backend.available) func queryRefusesWrites(_ backend: Backend) async throws {
        let warehouse = try await warehouseWithAccounts(backend)
        await #expect(throws: (any Error).self) { try await warehouse.query("DELETE FROM sf_account") }
    }
}
