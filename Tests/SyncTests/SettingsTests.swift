import Foundation
import SalesforceKit
import Sync
import Testing
import Warehouse

/// Every Data Warehouse Manager setting changes what the next cycle does.
@Suite struct SettingsTests {
    func manager(_ h: SyncHarness, dependents: [String] = []) -> WarehouseManager {
        WarehouseManager(service: h.service) { _, _ in dependents }
    }

    func connectionID(_ h: SyncHarness) async throws -> Int64 {
        try #require(try await h.service.connection(named: "sandbox").id)
    }

    @Test func checkForNewTablesRecordsColumnsAndMakesNoTable() async throws {
        try await withHarness { h in
            try await h.connect()
            let result = try await h.sync { $0.objects = ["Account", "Lead"]; $0.structureOnly = true }
            #expect(result.status == .succeeded)
            #expect(result.tables.isEmpty)
            #expect(try await h.warehouse.tableNames().isEmpty)
            let id = try await connectionID(h)
            let detail = try await manager(h).table(connectionID: id, table: "sf_lead")
            #expect(detail.columns.count > 40)
            #expect(detail.columns.allSatisfy { $0.status == .pending })
            #expect(detail.columns.first { $0.source.column == "id" }?.required == true)
            // A structure check is not an update: the connection's dates stay unset.
            #expect(try await h.service.connection(named: "sandbox").lastSuccessfulUpdateBegan == nil)
        }
    }

    @Test func pausedTablesAreUntouched() async throws {
        try await withHarness { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Account", "Contact"] }
            let id = try await connectionID(h)
            let saved = try await manager(h).save(connectionID: id, table: "sf_contact", change: TableChange(method: .paused), confirmed: false)
            #expect(saved.saved)
            let before = try await h.warehouse.rowCount("sf_contact")
            let org = try await h.orgClient()
            h.clock.advance(seconds: 10)
            _ = try await org.create("Contact", fields: ["LastName": .string("Paused"), "FirstName": .string("Pat")])
            _ = try await org.create("Account", fields: ["Name": .string("Still Synced Ltd")])
            h.clock.advance(seconds: 60)
            let result = try await h.sync { $0.objects = ["Account", "Contact"] }
            #expect(result.tables.map(\.table) == ["sf_account"])
            #expect(try await h.warehouse.rowCount("sf_contact") == before)
            #expect(try await h.warehouse.query("SELECT count(*) FROM sf_account WHERE name = 'Still Synced Ltd'") == [["1"]])
            // Unpaused, it catches up from where it stopped.
            _ = try await manager(h).save(connectionID: id, table: "sf_contact", change: TableChange(method: .modifiedAt, replicationKey: "SystemModstamp"), confirmed: false)
            h.clock.advance(seconds: 10)
            _ = try await h.sync { $0.objects = ["Contact"] }
            #expect(try await h.warehouse.rowCount("sf_contact") == before + 1)
            try await h.expectWarehouseEqualsOrg(["Contact"])
        }
    }

    @Test func unsyncedColumnsLeaveAndComeBackBackfilled() async throws {
        try await withHarness { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Lead"] }
            let id = try await connectionID(h)
            let m = manager(h, dependents: ["Lead conversion by source"])
            // Without a confirmation nothing changes, and the answer says what reads the column.
            let asked = try await m.save(connectionID: id, table: "sf_lead", change: TableChange(columns: ["leadsource": false, "phone": false]), confirmed: false)
            #expect(!asked.saved)
            #expect(Set(asked.removedColumns) == ["leadsource", "phone"])
            #expect(asked.dependents == ["Lead conversion by source"])
            #expect(try await h.warehouse.tableSpec("sf_lead")?.column(named: "phone") != nil)

            let done = try await m.save(connectionID: id, table: "sf_lead", change: TableChange(columns: ["leadsource": false, "phone": false]), confirmed: true)
            #expect(done.saved)
            #expect(try await h.warehouse.tableSpec("sf_lead")?.column(named: "phone") == nil)
            h.clock.advance(seconds: 60)
            _ = try await h.sync { $0.objects = ["Lead"] }
            let spec = try #require(try await h.warehouse.tableSpec("sf_lead"))
            #expect(spec.column(named: "phone") == nil && spec.column(named: "leadsource") == nil)
            #expect(try await m.table(connectionID: id, table: "sf_lead").columns.first { $0.source.column == "phone" }?.status == .unsynced)
            try await h.expectWarehouseEqualsOrg(["Lead"])

            // The key columns cannot be unsynced.
            _ = try await m.save(connectionID: id, table: "sf_lead", change: TableChange(columns: ["id": false, "systemmodstamp": false]), confirmed: true)
            #expect(try await h.warehouse.tableSpec("sf_lead")?.column(named: "systemmodstamp") != nil)

            // Chosen again: pending, then added and filled for every existing row.
            _ = try await m.save(connectionID: id, table: "sf_lead", change: TableChange(columns: ["phone": true]), confirmed: false)
            #expect(try await m.table(connectionID: id, table: "sf_lead").columns.first { $0.source.column == "phone" }?.status == .pending)
            h.clock.advance(seconds: 60)
            _ = try await h.sync { $0.objects = ["Lead"] }
            #expect(try await m.table(connectionID: id, table: "sf_lead").columns.first { $0.source.column == "phone" }?.status == .synced)
            #expect(try await h.warehouse.query("SELECT count(*) FROM sf_lead WHERE phone IS NOT NULL") != [["0"]])
            try await h.expectWarehouseEqualsOrg(["Lead"])
        }
    }

    @Test func replicationMethodChangesAreHonoured() async throws {
        try await withHarness { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Account"] }
            let id = try await connectionID(h)
            let m = manager(h)
            await #expect(throws: ManagerError.self) {
                try await m.save(connectionID: id, table: "sf_account", change: TableChange(method: .modifiedAt, replicationKey: "Name"), confirmed: false)
            }
            _ = try await m.save(connectionID: id, table: "sf_account", change: TableChange(method: .fullTable), confirmed: false)
            h.clock.advance(seconds: 60)
            var result = try await h.sync { $0.objects = ["Account"] }
            #expect(result.tables.first?.method == ReplicationMethod.fullTable.rawValue)
            let rows = try await h.warehouse.rowCount("sf_account")
            #expect(result.tables.first.map { $0.inserted + $0.updated } == rows)

            _ = try await m.save(connectionID: id, table: "sf_account", change: TableChange(method: .modifiedAt, replicationKey: "LastModifiedDate"), confirmed: false)
            #expect(try await h.warehouse.metadata.tableSettings(connectionID: id, table: "sf_account")?.replicationKey == "LastModifiedDate")
            // The first cycle on a new key has no position for it and reads the table once; after
            // that only changes move.
            h.clock.advance(seconds: 60)
            _ = try await h.sync { $0.objects = ["Account"] }
            h.clock.advance(seconds: 10)
            _ = try await h.orgClient().create("Account", fields: ["Name": .string("Incremental Again Ltd")])
            h.clock.advance(seconds: 60)
            result = try await h.sync { $0.objects = ["Account"] }
            #expect(result.tables.first?.method == ReplicationMethod.modifiedAt.rawValue)
            #expect(result.tables.first.map { $0.inserted + $0.updated } == 1)
            try await h.expectWarehouseEqualsOrg(["Account"])
        }
    }

    @Test func unselectedTablesAreDroppedAndCopiedAfreshWhenChosenAgain() async throws {
        try await withHarness { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Account", "Campaign"] }
            let id = try await connectionID(h)
            let m = manager(h)
            let asked = try await m.save(connectionID: id, table: "sf_campaign", change: TableChange(selected: false), confirmed: false)
            #expect(!asked.saved && asked.removedTable)
            _ = try await m.save(connectionID: id, table: "sf_campaign", change: TableChange(selected: false), confirmed: true)
            #expect(try await h.warehouse.tableSpec("sf_campaign") == nil)
            h.clock.advance(seconds: 60)
            _ = try await h.sync { $0.objects = ["Account", "Campaign"] }
            #expect(try await h.warehouse.tableSpec("sf_campaign") == nil)
            _ = try await m.save(connectionID: id, table: "sf_campaign", change: TableChange(selected: true), confirmed: false)
            h.clock.advance(seconds: 60)
            _ = try await h.sync { $0.objects = ["Campaign"] }
            try await h.expectWarehouseEqualsOrg(["Campaign"])
        }
    }

    @Test func formulaRechecksRunAtEachColumnsFrequency() async throws {
        try await withHarness { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Opportunity"] }
            let id = try await connectionID(h)
            let m = manager(h)
            let sum = "SELECT sum(days_open__c) FROM sf_opportunity WHERE isclosed = 0"
            // Once: read with the first copy, never again.
            _ = try await m.save(connectionID: id, table: "sf_opportunity", change: TableChange(recheck: ["days_open__c": .once]), confirmed: false)
            let first = try await h.warehouse.query(sum)
            h.clock.advance(seconds: 2 * 86_400)
            _ = try await h.sync { $0.objects = ["Opportunity"] }
            #expect(try await h.warehouse.query(sum) == first)
            // Weekly: two days on, not yet due.
            _ = try await m.save(connectionID: id, table: "sf_opportunity", change: TableChange(recheck: ["days_open__c": .weekly]), confirmed: false)
            h.clock.advance(seconds: 2 * 86_400)
            _ = try await h.sync { $0.objects = ["Opportunity"] }
            #expect(try await h.warehouse.query(sum) == first)
            // Always: every cycle re-reads it, and the warehouse matches the org again.
            _ = try await m.save(connectionID: id, table: "sf_opportunity", change: TableChange(recheck: ["days_open__c": .always]), confirmed: false)
            h.clock.advance(seconds: 60)
            _ = try await h.sync { $0.objects = ["Opportunity"] }
            #expect(try await h.warehouse.query(sum) != first)
            try await h.expectWarehouseEqualsOrg(["Opportunity"])
        }
    }
}
