import Analytics
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import Warehouse

@testable import WebApp

/// Issue 17: the built-in dashboards show names where a person expects them (*Lead conversion
/// by campaign* listed `7015e0000000000AAA`).
@Suite(.serialized) struct DashboardNamesTests {
    @Test func campaignsAndOwnersShowByName() async throws {
        try await WebAppHarness.withApp(sandbox: true, configure: { $0.scoreLeadsEvery = 0 }) { h, client in
            try await h.store.accounts.addUser(email: "rita@example.com", password: "correct horse 1", role: .readOnly)
            let record = try await h.connect()
            await (try #require(h.app.runner.startTask(record))).value
            var rita = Browser()
            try await rita.signIn(client, email: "rita@example.com", password: "correct horse 1")
            let page = try await rita.get(client, "/dashboards/leads").1
            let index = try #require(Dashboard.builtIn[0].widgets.firstIndex(of: .analysis(.conversionByCampaign)))
            let widget = try #require(page.components(separatedBy: #"data-widget="\#(index)""#).dropFirst().first?.components(separatedBy: "</section>").first)
            let campaigns = try await h.warehouse.query("SELECT id, name FROM sf_campaign")
            #expect(!campaigns.isEmpty)
            // Every campaign shows by its name, none by its id.
            #expect(campaigns.contains { widget.contains(HTML.escape($0[1] ?? "-")) })
            #expect(!campaigns.contains { widget.contains($0[0] ?? "-") }, "a campaign id shows on the dashboard")
            let owners = try await h.warehouse.query("SELECT id FROM sf_user")
            #expect(!owners.contains { page.contains(">" + ($0[0] ?? "-") + "<") }, "an owner id shows on the dashboard")
        }
    }
}
