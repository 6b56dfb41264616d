import Foundation
import SandboxOrg
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// What a cycle costs in API calls (issue 16), counted by the cycle as the org counts them.
@Suite(.serialized) struct APIEconomyTests {
    /// The calls a cycle made outside its tables' reads: structure sync's. (The clock moves less
    /// than a session's life between cycles: a renewal's refused call would count here too.)
    private func structureCalls(_ result: CycleResult) -> Int {
        result.apiCalls - result.tables.reduce(0) { $0 + $1.apiCalls }
    }

    @Test(arguments: Backend.available) func describesAreAskedOnlyWhenTheOrgsSchemaChanged(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            // The first cycle: describeGlobal, then one composite of the 18 objects' describes
            let first = try await h.sync()
            #expect(first.status == .succeeded, "\(first.error ?? "")")
            #expect(structureCalls(first) == 2)

            // Nothing changed in the schema: describeGlobal answers 304, every table is planned from the cache
            h.clock.advance(seconds: 900)
            let second = try await h.sync()
            #expect(second.status == .succeeded)
            #expect(structureCalls(second) == 1)
            #expect(second.tables.count == first.tables.count)

            // A field added to Account: describeGlobal answers, one composite of conditional
            // describes (Account's whole, the others 304), and the column arrives
            try await h.control("/_sandbox/fields", #"{"object": "Account", "name": "Region__c", "type": "string"}"#)
            // (more than `SchemaCache.clockMargin` later: a change within the margin before a
            // read is asked about once more, in the next cycle)
            h.clock.advance(seconds: 600)
            let third = try await h.sync()
            #expect(third.status == .succeeded, "\(third.error ?? "")")
            #expect(structureCalls(third) == 2)
            #expect(try await h.warehouse.tableSpec("sf_account")?.columns.contains { $0.name == "region__c" } == true)

            // And the cycle after is back to one call
            h.clock.advance(seconds: 900)
            #expect(structureCalls(try await h.sync()) == 1)
            try await h.expectWarehouseEqualsOrg(["Account", "Contact", "Lead"])
        }
    }

    @Test func aFullSyncAndAnotherOrgIgnoreTheCache() async throws {
        try await withHarness { h in
            let connection = try await h.connect()
            _ = try await h.sync()
            h.clock.advance(seconds: 900)
            // A full sync reads every describe again
            #expect(structureCalls(try await h.sync { $0.full = true }) == 2)
            // A connection reauthenticated into another org (its id changed) cannot use the old org's describes
            let id = try #require(connection.id)
            var moved = try #require(try await h.warehouse.metadata.connection(id: id))
            moved.organizationID = "00D000000000OTHER"
            _ = try await h.warehouse.metadata.saveConnection(moved)
            h.clock.advance(seconds: 900)
            let other = try await h.sync()
            #expect(structureCalls(other) == 2, "\(other.apiCalls) \(other.tables.map(\.apiCalls))")
            h.clock.advance(seconds: 900)
            #expect(structureCalls(try await h.sync()) == 1)
        }
    }
}
