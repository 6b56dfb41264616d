import Foundation
import NIOHTTP1
import Rows
import SalesforceKit
import SandboxOrg
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// Update cycles against the sandbox org with production orgs' edges switched on: archived
/// activities and objects too wide for a REST GET.
@Suite(.serialized) struct ProductionOrgSyncTests {
    static let liveArchived = "SELECT COUNT() FROM Task WHERE IsArchived = true AND IsDeleted = false"

    @Test(arguments: Backend.available) func archivedActivitiesArriveStayAndAreNeverReconciledAway(_ backend: Backend) async throws {
        try await withHarness(backend, configure: { $0.archiveActivities = true }) { h in
            try await h.connect()
            let objects = ["Task", "Event"]
            // Given an org whose closed activities older than 365 days are archived
            let org = try await h.orgClient()
            let archived = try await org.count(Self.liveArchived, includeDeleted: true)
            #expect(archived > 0)

            // When the first cycle copies Task and Event
            let first = try await h.sync { $0.objects = objects }
            #expect(first.status == .succeeded, "\(first.error ?? "")")
            // Then the warehouse holds queryAll's truth: archived rows included, flagged
            try await h.expectWarehouseEqualsOrg(objects, queryAll: true)
            #expect(try await archivedInWarehouse(h) == archived)

            // When the archiving job runs two months later (SystemModstamp does not move) and a
            // task is changed and another deleted
            h.clock.advance(seconds: 60 * 86_400)
            let org2 = try await h.orgClient()
            try await h.control("/_sandbox/archive")
            let archivedLater = try await org2.count(Self.liveArchived, includeDeleted: true)
            #expect(archivedLater > archived)
            let open = try await org2.query("SELECT Id FROM Task WHERE IsClosed = false LIMIT 2", fields: ["Id"]).records
            let changed = try #require(open.string(row: 0, column: 0))
            let deleted = try #require(open.string(row: 1, column: 0))
            try await org2.update("Task", id: changed, fields: ["Subject": .string("Changed after archiving")])
            try await org2.delete("Task", id: deleted)
            h.clock.advance(seconds: 60)
            let second = try await h.sync { $0.objects = objects }
            #expect(second.status == .succeeded, "\(second.error ?? "")")
            // Then the newly archived rows stay, now flagged, and the delete arrived
            try await h.expectWarehouseEqualsOrg(objects, queryAll: true)
            #expect(try await archivedInWarehouse(h) == archivedLater)
            #expect(try await h.query("SELECT count(*) FROM sf_task WHERE id = ?", [deleted]) == [["0"]])

            // When id reconciliation runs
            h.clock.advance(seconds: 60)
            let third = try await h.sync {
                $0.objects = objects
                $0.reconcileEverySeconds = 0
            }
            #expect(third.status == .succeeded, "\(third.error ?? "")")
            // Then no archived row is taken for a deleted one
            for table in third.tables { #expect(table.deleted == 0, "\(table.table) lost \(table.deleted) rows") }
            try await h.expectWarehouseEqualsOrg(objects, queryAll: true)
            #expect(try await archivedInWarehouse(h) == archivedLater)
        }
    }

    /// Archived tasks in the warehouse, whatever the backend spells booleans as.
    private func archivedInWarehouse(_ h: SyncHarness) async throws -> Int {
        let groups = try await h.query("SELECT isarchived, count(*) FROM sf_task GROUP BY isarchived")
        return groups.reduce(0) { sum, row in ["1", "true", "t"].contains(row[0] ?? "") ? sum + (Int(row[1] ?? "") ?? 0) : sum }
    }

    @Test func aWideObjectFillsThroughBulkAndNoRequestPassesTheURILimit() async throws {
        try await withHarness(configure: { $0.wideObjectFields = 400 }) { h in
            try await h.connect()
            let objects = ["Account", "Contact"]
            let org = try await h.orgClient()
            // Given Account whose full field list is past what a REST GET may carry
            let columns = SchemaMapping.columns(of: try await org.describe("Account"))
            let soql = "SELECT " + columns.map(\.sourceName).joined(separator: ", ") + " FROM Account WHERE SystemModstamp > 2026-01-01T00:00:00Z"
                + " AND SystemModstamp <= 2026-01-02T00:00:00Z"
            let bytes = "GET /services/data/v62.0/query/?q= HTTP/1.1\r\n".utf8.count + FormEncoding.escape(soql).utf8.count
            #expect(bytes > 16_384, "Account's window query is \(bytes) bytes")

            // When every window would go through REST by its count
            let first = try await h.sync {
                $0.objects = objects
                $0.bulkThreshold = 1_000_000
            }
            // Then the wide tables are read through Bulk and fill exactly
            #expect(first.status == .succeeded, "\(first.error ?? "")")
            for table in first.tables {
                #expect(table.status == .succeeded && table.path == "bulk", "\(table.table): \(table.status) \(table.path) \(table.error ?? "")")
            }
            try await h.expectWarehouseEqualsOrg(objects)

            // When one account changes: a window of one row
            h.clock.advance(seconds: 60)
            let account = try #require(try await org.query("SELECT Id FROM Account LIMIT 1", fields: ["Id"]).records.string(row: 0, column: 0))
            try await org.update("Account", id: account, fields: ["Name": .string("Wide Renamed Ltd")])
            h.clock.advance(seconds: 60)
            let second = try await h.sync { $0.objects = objects }
            // Then it arrives too
            #expect(second.status == .succeeded, "\(second.error ?? "")")
            #expect(try await h.query("SELECT name FROM sf_account WHERE id = ?", [account]) == [["Wide Renamed Ltd"]])
            try await h.expectWarehouseEqualsOrg(objects)
        }
    }

    @Test func aDescribeThatKeepsFailingSkipsItsObjectNotTheCycle() async throws {
        try await withHarness { h in
            try await h.connect()
            let objects = ["Account", "Lead", "Opportunity"]
            // Given Lead's describe answering 500 however often it is asked
            try await h.control("/_sandbox/faults", #"{"kind": "http500", "count": 0, "pathContains": "/sobjects/Lead/describe"}"#)
            let broken = try await h.sync { $0.objects = objects }
            // Then the other tables are copied, and the cycle is partial with the reason on Lead
            #expect(broken.status == .partial, "\(broken.status) \(broken.error ?? "")")
            let lead = try #require(broken.tables.first { $0.object == "Lead" })
            #expect(lead.status == .failed && lead.error?.contains("describe failed") == true, "\(lead.error ?? "")")
            #expect(broken.tables.filter { $0.object != "Lead" }.allSatisfy { $0.status == .succeeded })
            try await h.expectWarehouseEqualsOrg(["Account", "Opportunity"])
            // And once describe answers again, Lead is copied
            try await h.control("/_sandbox/faults", method: .DELETE)
            h.clock.advance(seconds: 60)
            let repaired = try await h.sync { $0.objects = objects }
            #expect(repaired.status == .succeeded, "\(repaired.error ?? "")")
            try await h.expectWarehouseEqualsOrg(objects)
        }
    }

    @Test func anObjectWhoseDatesCannotBeFilteredOnIsCopiedWholeWithTheReason() async throws {
        try await withHarness(configure: { $0.unfilterableDates = ["Campaign"] }) { h in
            try await h.connect()
            // Given Campaign whose SystemModstamp, LastModifiedDate and CreatedDate describe as not filterable
            let first = try await h.sync { $0.objects = ["Campaign"] }
            // Then it is copied whole, with the reason, and exactly
            #expect(first.status == .succeeded, "\(first.error ?? "")")
            let campaign = try #require(first.tables.first { $0.object == "Campaign" })
            #expect(campaign.method == "fullTable" && campaign.note?.contains("cannot be used in a filter") == true, "\(campaign.method) \(campaign.note ?? "")")
            try await h.expectWarehouseEqualsOrg(["Campaign"])
            // The Data Warehouse Manager says why, on the table's page; a table that reads
            // changes says nothing, and one switched to Full Table by hand says it was chosen
            #expect(try await h.sync { $0.objects = ["Product2"] }.status == .succeeded)
            let manager = WarehouseManager(service: h.service)
            let id = try #require(try await h.service.connection(named: "sandbox").id)
            #expect(try await manager.table(connectionID: id, table: "sf_campaign").fullTableReason?.contains("cannot be used in a filter") == true)
            #expect(try await manager.table(connectionID: id, table: "sf_product2").fullTableReason == nil)
            _ = try await manager.save(connectionID: id, table: "sf_product2", change: TableChange(method: .fullTable), confirmed: true)
            #expect(try await manager.table(connectionID: id, table: "sf_product2").fullTableReason?.contains("was chosen here") == true)
            // And the next cycle too, with a new and a deleted campaign
            let org = try await h.orgClient()
            h.clock.advance(seconds: 60)
            _ = try await org.create("Campaign", fields: ["Name": .string("Whole Table Launch")])
            let gone = try #require(try await org.query("SELECT Id FROM Campaign LIMIT 1", fields: ["Id"]).records.string(row: 0, column: 0))
            try await org.delete("Campaign", id: gone)
            h.clock.advance(seconds: 60)
            let second = try await h.sync { $0.objects = ["Campaign"] }
            #expect(second.status == .succeeded, "\(second.error ?? "")")
            try await h.expectWarehouseEqualsOrg(["Campaign"])
        }
    }
}
