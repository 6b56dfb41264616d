import Testing
import Warehouse
import WarehouseTestSupport

@Suite struct SchemaTests {
    @Test(arguments: Backend.available) func createsTableWithBookkeepingColumn(_ backend: Backend) async throws {
        let warehouse = try await makeWarehouse(backend)
        let change = try await warehouse.ensureTable(accountSpec)
        #expect(change == SchemaChange(created: true))
        #expect(try await warehouse.tableNames() == ["sf_account"])
        #expect(try await warehouse.tableSpec("sf_account") == accountSpec)
        switch backend {
        case .sqlite:
            let columns = try await warehouse.query("SELECT name, type, pk FROM pragma_table_info('sf_account') ORDER BY cid")
            #expect(columns == [["id", "TEXT", "1"], ["name", "TEXT", "0"], ["numberofemployees", "INTEGER", "0"], ["_synced_at", "TEXT", "0"]])
        case .postgres:
            let columns = try await warehouse.query("""
                SELECT column_name, data_type, is_nullable FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'sf_account' ORDER BY ordinal_position
                """)
            #expect(columns == [
                ["id", "text", "NO"], ["name", "text", "YES"], ["numberofemployees", "bigint", "YES"],
                ["_synced_at", "timestamp with time zone", "YES"],
            ])
        }
    }

    @Test(arguments: Backend.available) func ensureTableTwiceChangesNothing(_ backend: Backend) async throws {
        let warehouse = try await makeWarehouse(backend)
        _ = try await warehouse.ensureTable(accountSpec)
        #expect(try await warehouse.ensureTable(accountSpec).isEmpty)
    }

    @Test(arguments: Backend.available) func addsNewColumnsAndKeepsMissingOnes(_ backend: Backend) async throws {
        // Given a table with a row
        let warehouse = try await makeWarehouse(backend)
        _ = try await warehouse.ensureTable(accountSpec)
        _ = try await warehouse.upsert(makeBatch([["001A", "Acme", "10"]]), columns: accountColumns, into: "sf_account", checkpoint: nil)
        // When the spec drops NumberOfEmployees and adds Industry
        let spec = TableSpec(name: "sf_account", columns: [column("Id", "id"), column("Name", "string"), column("Industry", "picklist")])
        let change = try await warehouse.ensureTable(spec)
        // Then Industry is added, NumberOfEmployees kept with its value
        #expect(change == SchemaChange(addedColumns: ["industry"]))
        #expect(try await warehouse.tableSpec("sf_account")?.columns.map(\.name) == ["id", "name", "numberofemployees", "industry"])
        #expect(try await warehouse.query("SELECT numberofemployees, industry FROM sf_account") == [["10", nil]])
    }

    @Test func retypeMigrationKeepsValues() async throws {
        // Given text columns holding numbers, booleans and junk
        let warehouse = try SQLiteWarehouse.inMemory()
        let before = [column("Id", "id"), column("Amount", "string"), column("Flag", "string"), column("Count", "double")]
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_thing", columns: before))
        let batch = makeBatch([["1", "12.5", "true", "3.0"], ["2", "n/a", "maybe", "2.5"], ["3", nil, "false", nil]])
        _ = try await warehouse.upsert(batch, columns: before, into: "sf_thing", checkpoint: nil)
        // When they become real, boolean and integer
        let after = [column("Id", "id"), column("Amount", "currency"), column("Flag", "boolean"), column("Count", "int")]
        let change = try await warehouse.ensureTable(TableSpec(name: "sf_thing", columns: after))
        // Then values are converted where possible and kept otherwise
        #expect(change == SchemaChange(retypedColumns: ["amount", "flag", "count"]))
        let rows = try await warehouse.query(
            "SELECT id, amount, typeof(amount), flag, typeof(flag), count, typeof(count) FROM sf_thing ORDER BY id")
        #expect(rows == [
            ["1", "12.5", "real", "1", "integer", "3", "integer"],
            ["2", "n/a", "text", "maybe", "text", "2.5", "real"],
            ["3", nil, "null", "0", "integer", nil, "null"],
        ])
        #expect(try await warehouse.tableSpec("sf_thing")?.columns == after)
        // And loads keep working on the rebuilt table
        let counts = try await warehouse.upsert(makeBatch([["1", "1", "false", "7"]]), columns: after, into: "sf_thing", checkpoint: nil)
        #expect(counts == LoadCounts(inserted: 0, updated: 1, deleted: 0))
    }

    @Test(arguments: Backend.available) func booleanToTextSpellsWords(_ backend: Backend) async throws {
        let warehouse = try await makeWarehouse(backend)
        let before = [column("Id", "id"), column("Flag", "boolean")]
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_flag", columns: before))
        _ = try await warehouse.upsert(makeBatch([["1", "true"], ["2", "false"]]), columns: before, into: "sf_flag", checkpoint: nil)
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_flag", columns: [column("Id", "id"), column("Flag", "string")]))
        #expect(try await warehouse.query("SELECT flag FROM sf_flag ORDER BY id") == [["true"], ["false"]])
    }

    @Test(arguments: Backend.available) func refusesUnsafeNamesAndSpecsWithoutID(_ backend: Backend) async throws {
        let warehouse = try await makeWarehouse(backend)
        await #expect(throws: WarehouseError.invalidIdentifier("")) {
            try await warehouse.ensureTable(TableSpec(name: "sf_x\"; DROP TABLE y", columns: [column("Id", "id")]))
        }
        await #expect(throws: WarehouseError.missingIDColumn("")) {
            try await warehouse.ensureTable(TableSpec(name: "sf_x", columns: [column("Name", "string")]))
        }
    }
}
