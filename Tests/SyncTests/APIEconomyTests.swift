import Foundation
import Rows
import SalesforceKit
import SandboxOrg
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// What a cycle costs in API calls (issue 16), counted by the cycle as the org counts them.
@Suite(.serialized) struct APIEconomyTests {
    /// The calls a cycle made outside its tables' reads: structure sync's, less the one query
    /// that asks whether the user has View All Data (`AccessCheck`). (The clock moves less than a
    /// session's life between cycles: a renewal's refused call would count here too.)
    private func structureCalls(_ result: CycleResult) -> Int {
        result.apiCalls - result.tables.reduce(0) { $0 + $1.apiCalls } - 1
    }

    @Test(arguments: Backend.available) func describesAreAskedOnlyWhenTheOrgsSchemaChanged(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            // (no change probe here: its composites would count among these calls)
            let sync = { try await h.sync { $0.probeChanges = false } }
            try await h.connect()
            // The first cycle: describeGlobal, then one composite of the 18 objects' describes
            let first = try await sync()
            #expect(first.status == .succeeded, "\(first.error ?? "")")
            #expect(structureCalls(first) == 2)

            // Nothing changed in the schema: describeGlobal answers 304, every table is planned from the cache
            h.clock.advance(seconds: 900)
            let second = try await sync()
            #expect(second.status == .succeeded)
            #expect(structureCalls(second) == 1)
            #expect(second.tables.count == first.tables.count)

            // A field added to Account: describeGlobal answers, one composite of conditional
            // describes (Account's whole, the others 304), and the column arrives
            try await h.control("/_sandbox/fields", #"{"object": "Account", "name": "Region__c", "type": "string"}"#)
            // (more than `SchemaCache.clockMargin` later: a change within the margin before a
            // read is asked about once more, in the next cycle)
            h.clock.advance(seconds: 600)
            let third = try await sync()
            #expect(third.status == .succeeded, "\(third.error ?? "")")
            #expect(structureCalls(third) == 2)
            #expect(try await h.warehouse.tableSpec("sf_account")?.columns.contains { $0.name == "region__c" } == true)

            // And the cycle after is back to one call
            h.clock.advance(seconds: 900)
            #expect(structureCalls(try await sync()) == 1)
            try await h.expectWarehouseEqualsOrg(["Account", "Contact", "Lead"])
        }
    }

    @Test func aFullSyncAndAnotherOrgIgnoreTheCache() async throws {
        try await withHarness { h in
            let sync = { try await h.sync { $0.probeChanges = false } }
            let connection = try await h.connect()
            _ = try await sync()
            h.clock.advance(seconds: 900)
            // A full sync reads every describe again
            #expect(structureCalls(try await h.sync {
                $0.full = true
                $0.probeChanges = false
            }) == 2)
            // A connection reauthenticated into another org (its id changed) cannot use the old org's describes
            let id = try #require(connection.id)
            var moved = try #require(try await h.warehouse.metadata.connection(id: id))
            moved.organizationID = "00D000000000OTHER"
            _ = try await h.warehouse.metadata.saveConnection(moved)
            h.clock.advance(seconds: 900)
            let other = try await sync()
            #expect(structureCalls(other) == 2, "\(other.apiCalls) \(other.tables.map(\.apiCalls))")
            h.clock.advance(seconds: 900)
            #expect(structureCalls(try await sync()) == 1)
        }
    }

    // MARK: - The change probe

    @Test(arguments: Backend.available) func aQuietCycleCostsFiveCallsAndAHundredAndTwentyChangesSeven(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            _ = try await h.sync()
            // No change: the View All Data query, describeGlobal (304), the probe's two composites (17 tables' updated
            // and deleted, and the archived counts of Task, Event, Product2, Pricebook2 and
            // PricebookEntry), and CaseStatus, read whole (it is replicated by CreatedDate)
            h.clock.advance(seconds: 900)
            let quiet = try await h.sync()
            #expect(quiet.status == .succeeded, "\(quiet.error ?? "")")
            #expect(quiet.apiCalls == 5, "\(quiet.tables.map { "\($0.table) \($0.apiCalls)" })")
            #expect(quiet.tables.allSatisfy { $0.apiCalls == 0 || $0.table == "sf_casestatus" })

            // 50 creates, 50 updates and 20 deletes over three objects, a minute before the cycle
            let org = try await h.orgClient()
            for i in 0..<50 { _ = try await org.create("Lead", fields: ["LastName": .string("Probe \(i)"), "Company": .string("Probe Co")]) }
            let contacts = try await org.query("SELECT Id FROM Contact LIMIT 50", fields: ["Id"]).records
            for row in 0..<contacts.rowCount {
                try await org.update("Contact", id: try #require(contacts.string(row: row, column: 0)), fields: ["Title": .string("Probed")])
            }
            let cases = try await org.query("SELECT Id FROM Case LIMIT 20", fields: ["Id"]).records
            for row in 0..<cases.rowCount { try await org.delete("Case", id: try #require(cases.string(row: row, column: 0))) }
            h.clock.advance(seconds: 120)
            let changed = try await h.sync()
            #expect(changed.status == .succeeded, "\(changed.error ?? "")")
            #expect(changed.apiCalls <= 12, "\(changed.apiCalls): \(changed.tables.filter { $0.apiCalls > 0 }.map { "\($0.table) \($0.apiCalls)" })")
            let table = { (name: String) in changed.tables.first { $0.table == name } }
            #expect(table("sf_lead")?.inserted == 50)
            #expect(table("sf_contact")?.updated == 50)
            #expect(table("sf_case")?.deleted == 20)
            // One window read each for Lead and Contact; Case's deletes, like the others', come
            // from the probe's answer; CaseStatus is read whole
            #expect(changed.tables.filter { $0.apiCalls > 0 }.map { "\($0.table) \($0.apiCalls)" }.sorted()
                == ["sf_casestatus 1", "sf_contact 1", "sf_lead 1"])
            #expect(changed.apiCalls == 7)
            try await h.expectWarehouseEqualsOrg(["Lead", "Contact", "Case", "Account", "Task"])
        }
    }

    @Test func aChangeInTheCyclesOwnMinuteIsCopiedByTheNextCycle() async throws {
        try await withHarness { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Contact", "Lead"] }
            // 00:15:10: a Contact changes; the cycle begins at 00:15:30, and Salesforce's answers
            // cover whole minutes, to 00:15:00
            h.clock.advance(seconds: 910)
            let org = try await h.orgClient()
            let id = try #require(try await org.query("SELECT Id FROM Contact LIMIT 1", fields: ["Id"]).records.string(row: 0, column: 0))
            try await org.update("Contact", id: id, fields: ["Title": .string("Late in the minute")])
            h.clock.advance(seconds: 20)
            let first = try await h.sync { $0.objects = ["Contact", "Lead"] }
            #expect(first.tables.first { $0.table == "sf_contact" }?.updated == 0)
            // The probe proved the window only to 00:15:00, so the mark stayed there: the next cycle reads from it
            h.clock.advance(seconds: 60)
            let second = try await h.sync { $0.objects = ["Contact", "Lead"] }
            #expect(second.tables.first { $0.table == "sf_contact" }?.updated == 1)
            try await h.expectWarehouseEqualsOrg(["Contact", "Lead"])
        }
    }

    @Test func waitingForTheMinuteToEndCoversEveryChangeMadeBeforeTheCycle() async throws {
        // The real clock: the cycle waits (up to a minute) for its minute to end before probing
        try await withHarness(systemClock: true) { h in
            try await h.awayFromMidnight(seconds: 120)
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Contact"] }
            let org = try await h.orgClient()
            let id = try #require(try await org.query("SELECT Id FROM Contact LIMIT 1", fields: ["Id"]).records.string(row: 0, column: 0))
            try await Task.sleep(for: .seconds(1))
            try await org.update("Contact", id: id, fields: ["Title": .string("Just before the cycle")])
            let result = try await h.sync {
                $0.objects = ["Contact"]
                $0.probeWaitsForMinute = true
            }
            #expect(result.tables.first?.updated == 1)
            #expect(result.apiCalls <= 5, "\(result.apiCalls): \(result.tables.map { "\($0.table) \($0.apiCalls)" })")
            try await h.expectWarehouseEqualsOrg(["Contact"])
        }
    }
}
