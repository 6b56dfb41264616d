import Foundation
import Rows
import SalesforceKit
import SandboxOrg
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// A restricted integration user (issue 14, item 5): no *View All Data*, fields hidden by
/// field-level security. The connection says so, copies exactly what the user sees, keeps rows
/// it cannot see instead of reconciling them away, and survives a field hidden mid-life.
@Suite(.serialized) struct RestrictedUserSyncTests {
    static let objects = ["Account", "Contact", "Lead", "Opportunity", "Task"]
    static let login = (email: RestrictedUser.defaultEmail, password: RestrictedUser.defaultPassword)

    @Test(arguments: Backend.available) func theWarehouseHoldsWhatTheUserSeesAndSaysWhatItCannot(_ backend: Backend) async throws {
        try await withHarness(backend, configure: { $0.restrictedUser = Self.login }) { h in
            let connected = try await h.connectRestricted()
            // Known at connect, before any cycle
            #expect(connected.access?.viewAllData == false)
            let first = try await h.sync { $0.objects = Self.objects }
            #expect(first.status == .succeeded, "\(first.error ?? "")")
            try await h.expectWarehouseEqualsOrg(Self.objects, as: Self.login)
            // Fewer rows than the org has: the admin sees more
            let admin = try await h.orgClient()
            let all = try await admin.count("SELECT COUNT() FROM Account")
            let copied = try await h.warehouse.rowCount("sf_account")
            #expect(copied > 0 && copied < all, "\(copied) of \(all)")
            // Hidden fields never became columns
            let columns = Set(try #require(try await h.warehouse.tableSpec("sf_account")).columns.map(\.name))
            #expect(!columns.contains("annualrevenue") && columns.contains("industry"))

            let record = try await h.service.connection(named: "sandbox")
            let warnings = record.access?.warnings(reconcilesAnyway: record.reconcileWithoutViewAllData) ?? []
            #expect(warnings.contains { $0.contains("lacks View All Data") }, "\(warnings)")
        }
    }

    @Test(arguments: Backend.available) func reconciliationKeepsRowsTheUserCannotSeeUnlessTheAdminAllowsIt(_ backend: Backend) async throws {
        try await withHarness(backend, configure: { $0.restrictedUser = Self.login }) { h in
            try await h.connectRestricted()
            #expect(try await h.sync { $0.objects = ["Account"] }.status == .succeeded)
            // The admin gives an account the user sees to an owner it does not see
            let admin = try await h.orgClient()
            let restricted = try await h.orgClient(as: Self.login)
            let seen = try await Self.owners(restricted)
            let other = try #require(try await Self.owners(admin).subtracting(seen).sorted().first)
            let moved = try #require(try await h.query("SELECT id FROM sf_account ORDER BY id LIMIT 1").first?[0] ?? nil)
            try await admin.update("Account", id: moved, fields: ["OwnerId": .string(other)])
            h.clock.advance(seconds: 120)

            let kept = try await h.sync {
                $0.objects = ["Account"]
                $0.reconcileEverySeconds = 0
            }
            #expect(kept.status == .succeeded, "\(kept.error ?? "")")
            #expect(try await h.query("SELECT count(*) FROM sf_account WHERE id = ?", [moved]) == [["1"]])

            var record = try await h.service.connection(named: "sandbox")
            record.reconcileWithoutViewAllData = true
            _ = try await h.warehouse.metadata.saveConnection(record)
            h.clock.advance(seconds: 120)
            let reconciled = try await h.sync {
                $0.objects = ["Account"]
                $0.reconcileEverySeconds = 0
            }
            #expect(reconciled.status == .succeeded, "\(reconciled.error ?? "")")
            #expect(try await h.query("SELECT count(*) FROM sf_account WHERE id = ?", [moved]) == [["0"]])
            // The save of the record kept the findings it does not write
            #expect(try await h.service.connection(named: "sandbox").access?.viewAllData == false)
        }
    }

    @Test(arguments: Backend.available) func aFieldHiddenAfterItWasCopiedKeepsItsColumnAndValues(_ backend: Backend) async throws {
        try await withHarness(backend, configure: { $0.restrictedUser = Self.login }) { h in
            try await h.connectRestricted()
            #expect(try await h.sync { $0.objects = ["Account"] }.status == .succeeded)
            let before = try await h.query("SELECT count(*) FROM sf_account WHERE industry IS NOT NULL")

            // An admin takes Industry away from the integration user's profile. Describe's
            // Last-Modified does not move, so the cycle's cached describe still names it.
            try await h.control("/_sandbox/field-security", #"{"username": "\#(Self.login.email)", "hide": ["Account.Industry"]}"#)
            let admin = try await h.orgClient()
            let changed = try #require(try await h.query("SELECT id FROM sf_account ORDER BY id LIMIT 1").first?[0] ?? nil)
            try await admin.update("Account", id: changed, fields: ["Name": .string("Renamed After FLS"), "Industry": .string("Shipping")])
            h.clock.advance(seconds: 120)

            let cycle = try await h.sync { $0.objects = ["Account"] }
            #expect(cycle.status == .succeeded, "\(cycle.error ?? "")")
            // The column stays with the values it had; the rest of the row moves on
            #expect(try await h.query("SELECT count(*) FROM sf_account WHERE industry IS NOT NULL") == before)
            #expect(try await h.query("SELECT name FROM sf_account WHERE id = ?", [changed]) == [["Renamed After FLS"]])
            #expect(try await h.query("SELECT industry FROM sf_account WHERE id = ?", [changed]).first?[0] != "Shipping")
            let record = try await h.service.connection(named: "sandbox")
            #expect(record.access?.hiddenColumns["sf_account"] == ["industry"])
            let detail = try await WarehouseManager(service: h.service).table(connectionID: try #require(record.id), table: "sf_account")
            #expect(detail.columns.first { $0.source.column == "industry" }?.status == .hidden)
            try await h.expectWarehouseEqualsOrg(["Account"], as: Self.login, skipping: ["sf_account.industry"])

            // The next cycle plans from the new describe at once
            h.clock.advance(seconds: 120)
            #expect(try await h.sync { $0.objects = ["Account"] }.status == .succeeded)
        }
    }

    static func owners(_ client: SalesforceClient) async throws -> Set<String> {
        var owners = Set<String>()
        var page = try await client.query("SELECT OwnerId FROM Account", fields: ["OwnerId"], includeDeleted: false, batchSize: 2_000)
        while true {
            for row in 0..<page.records.rowCount { if let id = page.records.string(row: row, column: 0) { owners.insert(id) } }
            guard !page.done, let next = page.nextRecordsURL else { return owners }
            page = try await client.queryMore(next, fields: ["OwnerId"], batchSize: 2_000)
        }
    }
}
