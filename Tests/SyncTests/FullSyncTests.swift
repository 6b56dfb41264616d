import Foundation
import SandboxOrg
import SalesforceKit
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// Runs `body` with a started harness and always stops the sandbox org after.
func withHarness(_ backend: Backend = .sqlite, scale: Int = 1, systemClock: Bool = false,
                 configure: @escaping (inout SandboxOrgConfiguration) -> Void = { _ in },
                 _ body: (SyncHarness) async throws -> Void) async throws {
    let harness = try await SyncHarness.start(backend: backend, scale: scale, systemClock: systemClock, configure: configure)
    do {
        try await body(harness)
        await harness.shutdown()
    } catch {
        await harness.shutdown()
        throw error
    }
}

typealias SandboxOrgConfiguration = SandboxConfiguration

/// The objects the sandbox org holds data in, all of which a cycle copies.
let dataObjects = [
    "Account", "Contact", "Lead", "Opportunity", "OpportunityContactRole", "OpportunityHistory", "OpportunityLineItem",
    "Product2", "Pricebook2", "PricebookEntry", "Campaign", "CampaignMember", "Task", "Event", "User", "Case", "CaseStatus", "Invoice__c",
]

@Suite(.serialized) struct FullSyncTests {
    @Test(arguments: Backend.available) func firstCycleCopiesEveryQueryableObjectExactly(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            let result = try await h.sync()
            #expect(result.status == .succeeded, "\(result.error ?? "")")
            let synced = Set(result.tables.map(\.table))
            for object in dataObjects { #expect(synced.contains(SchemaMapping.tableName(for: object)), "\(object) not synced") }
            // Large tables went through Bulk API 2.0 (several pages), small ones through REST.
            #expect(result.tables.first { $0.table == "sf_task" }?.path == "bulk")
            #expect(result.tables.first { $0.table == "sf_pricebook2" }?.path == "rest")
            // CaseStatus has only CreatedDate, and Bulk API 2.0 refuses it: add-date over REST.
            #expect(result.tables.first { $0.table == "sf_casestatus" }?.method == "addDate")
            #expect(result.tables.first { $0.table == "sf_casestatus" }?.path == "rest")
            // Objects the API does not expose are skipped with a reason.
            let skipped = Dictionary(result.skippedObjects.map { ($0.object, $0.reason) }, uniquingKeysWith: { a, _ in a })
            #expect(skipped["UserRecordAccess"] != nil)
            #expect(skipped["Vote"] != nil)
            try await h.expectWarehouseEqualsOrg(dataObjects)

            let connection = try await h.service.connection(named: "sandbox")
            #expect(connection.status == .connected)
            #expect(connection.lastSuccessfulUpdateBegan != nil)
            #expect(connection.lastDataPointReceived != nil)
            let tableResults = try await h.warehouse.metadata.tableResults(cycleID: result.cycleID)
            #expect(tableResults.count == result.tables.count)
            #expect(tableResults.allSatisfy { $0.status == .succeeded })
        }
    }

    @Test(arguments: Backend.available) func objectsOptionLimitsTheCycle(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            let result = try await h.sync { $0.objects = ["Account", "Opportunity", "NoSuchObject"] }
            #expect(result.tables.map(\.table) == ["sf_account", "sf_opportunity"])
            #expect(result.skippedObjects.contains { $0.object.lowercased() == "nosuchobject" })
            #expect(try await h.warehouse.tableSpec("sf_lead") == nil)
            try await h.expectWarehouseEqualsOrg(["Account", "Opportunity"])
        }
    }

    @Test(arguments: Backend.available) func theSameCycleTwiceChangesNothing(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Account", "Lead"] }
            h.clock.advance(seconds: 3_600)
            let second = try await h.sync { $0.objects = ["Account", "Lead"] }
            #expect(second.status == .succeeded)
            #expect(second.tables.allSatisfy { $0.inserted == 0 && $0.deleted == 0 })
            try await h.expectWarehouseEqualsOrg(["Account", "Lead"])
        }
    }
}
