import Foundation
import NIOHTTP1
import Rows
import SandboxOrg
import SalesforceKit
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

@Suite(.serialized) struct IncrementalSyncTests {
    @Test(arguments: Backend.available) func createsUpdatesAndDeletesArriveInTheNextCycle(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            let objects = ["Account", "Contact", "Lead", "Opportunity"]
            _ = try await h.sync { $0.objects = objects }
            let org = try await h.orgClient()
            h.clock.advance(seconds: 60)
            let created = try await org.create("Account", fields: ["Name": .string("Tributary Test Co"), "NumberOfEmployees": .number("42")])
            let lead = try await org.query("SELECT Id FROM Lead LIMIT 2", fields: ["Id"]).records
            let leadA = try #require(lead.string(row: 0, column: 0))
            let leadB = try #require(lead.string(row: 1, column: 0))
            try await org.update("Lead", id: leadA, fields: ["Company": .string("Renamed Ltd"), "Rating": .string("Hot")])
            try await org.delete("Lead", id: leadB)
            h.clock.advance(seconds: 60)

            let result = try await h.sync { $0.objects = objects }
            #expect(result.status == .succeeded, "\(result.error ?? "")")
            let account = try #require(result.tables.first { $0.table == "sf_account" })
            #expect(account.inserted == 1)
            let leads = try #require(result.tables.first { $0.table == "sf_lead" })
            #expect(leads.deleted == 1)
            #expect(leads.updated >= 1)
            #expect(try await h.query("SELECT name FROM sf_account WHERE id = ?", [created]) == [["Tributary Test Co"]])
            #expect(try await h.query("SELECT count(*) FROM sf_lead WHERE id = ?", [leadB]) == [["0"]])
            try await h.expectWarehouseEqualsOrg(objects)
        }
    }

    @Test(arguments: Backend.available) func changesThatBecomeVisibleLateAreNotMissed(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Opportunity"] }
            let org = try await h.orgClient()
            try await h.control("/_sandbox/late-visibility", #"{"delayMs": 20000}"#)
            h.clock.advance(seconds: 30)
            let opportunity = try #require(try await org.query("SELECT Id FROM Opportunity LIMIT 1", fields: ["Id"]).records.string(row: 0, column: 0))
            try await org.update("Opportunity", id: opportunity, fields: ["NextStep": .string("Late but visible")])
            h.clock.advance(seconds: 5)
            // The change is stamped 5 s ago but not visible yet: this cycle cannot see it.
            _ = try await h.sync { $0.objects = ["Opportunity"] }
            #expect(try await h.query("SELECT nextstep FROM sf_opportunity WHERE id = ?", [opportunity]) != [["Late but visible"]])
            h.clock.advance(seconds: 60)
            // Now visible, with a SystemModstamp before the last window's end: the lookback finds it.
            _ = try await h.sync { $0.objects = ["Opportunity"] }
            #expect(try await h.query("SELECT nextstep FROM sf_opportunity WHERE id = ?", [opportunity]) == [["Late but visible"]])
            try await h.expectWarehouseEqualsOrg(["Opportunity"])
        }
    }

    @Test(arguments: Backend.available) func anOrgThatKeepsChangingDuringTheCycleIsExactAfterwards(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            let objects = ["Account", "Contact", "Lead", "Opportunity", "Task", "Event", "OpportunityHistory", "CampaignMember"]
            try await h.control("/_sandbox/activity", #"{"perSecond": 400}"#)
            _ = try await h.sync { $0.objects = objects }
            h.clock.advance(seconds: 30)
            _ = try await h.sync { $0.objects = objects }
            try await h.control("/_sandbox/activity", #"{"perSecond": 0}"#)
            try await Task.sleep(for: .milliseconds(200))
            h.clock.advance(seconds: 30)
            let last = try await h.sync { $0.objects = objects }
            #expect(last.status == .succeeded, "\(last.error ?? "")")
            try await h.expectWarehouseEqualsOrg(objects)
        }
    }

    @Test(arguments: Backend.available) func hardDeletesAreFoundByIdReconciliation(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Contact"] }
            let org = try await h.orgClient()
            let ids = try await org.query("SELECT Id FROM Contact LIMIT 3", fields: ["Id"]).records
            for row in 0..<ids.rowCount { try await org.delete("Contact", id: try #require(ids.string(row: row, column: 0))) }
            try await h.control("/_sandbox/recycle-bin/empty", #"{"object": "Contact"}"#)
            h.clock.advance(seconds: 3_600)
            let result = try await h.sync {
                $0.objects = ["Contact"]
                $0.reconcileEverySeconds = 0
            }
            #expect(result.tables.first?.deleted == 3)
            try await h.expectWarehouseEqualsOrg(["Contact"])
        }
    }

    @Test(arguments: Backend.available) func newFieldsBecomeColumnsAndAreFilledForExistingRows(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Account"] }
            try await h.control("/_sandbox/fields", #"{"object": "Account", "name": "Region__c", "type": "string"}"#)
            let org = try await h.orgClient()
            let id = try #require(try await org.query("SELECT Id FROM Account LIMIT 1", fields: ["Id"]).records.string(row: 0, column: 0))
            h.clock.advance(seconds: 10)
            try await org.update("Account", id: id, fields: ["Region__c": .string("EMEA")])
            h.clock.advance(seconds: 60)
            let result = try await h.sync { $0.objects = ["Account"] }
            #expect(result.status == .succeeded, "\(result.error ?? "")")
            let spec = try #require(try await h.warehouse.tableSpec("sf_account"))
            #expect(spec.columns.contains { $0.name == "region__c" })
            #expect(try await h.query("SELECT region__c FROM sf_account WHERE id = ?", [id]) == [["EMEA"]])
            try await h.expectWarehouseEqualsOrg(["Account"])
        }
    }

    @Test(arguments: Backend.available) func formulaColumnsAreReadAgainThoughSystemModstampDoesNotMove(_ backend: Backend) async throws {
        try await withHarness(backend) { h in
            try await h.connect()
            _ = try await h.sync { $0.objects = ["Opportunity"] }
            let before = try await h.query("SELECT sum(days_open__c) FROM sf_opportunity WHERE isclosed IS FALSE")
            // Two days later Days_Open__c of every open deal is 2 more; no record changed.
            h.clock.advance(seconds: 2 * 86_400)
            let result = try await h.sync { $0.objects = ["Opportunity"] }
            #expect(result.tables.first?.inserted == 0)
            let after = try await h.query("SELECT sum(days_open__c) FROM sf_opportunity WHERE isclosed IS FALSE")
            #expect(before != after)
            try await h.expectWarehouseEqualsOrg(["Opportunity"])
        }
    }
}
