import Analytics
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Sync
import Testing
import Warehouse

@testable import WebApp

/// Dashboards on a synced sandbox org: built-ins with filters, charts and CSV; building and
/// sharing; who sees what; what a removal in the warehouse would break.
@Suite(.serialized) struct DashboardTests {
    static let password = "correct horse 1"

    func signIn(_ client: some TestClientProtocol, _ email: String) async throws -> Browser {
        var browser = Browser()
        try await browser.signIn(client, email: email, password: Self.password)
        return browser
    }

    @Test func builtInDashboardsChartTablesAndExportCSV() async throws {
        try await WebAppHarness.withApp(sandbox: true, configure: { $0.scoreLeadsEvery = 0 }) { h, client in
            try await h.store.accounts.addUser(email: "sam@example.com", password: Self.password, role: .readOnly)
            let record = try await h.connect()
            await (try #require(h.app.runner.startTask(record))).value
            var reader = try await signIn(client, "sam@example.com")
            var (status, page, _) = try await reader.get(client, "/dashboards")
            #expect(status == .ok && page.contains("Lead optimisation") && page.contains("Opportunities") && !page.contains("new-dashboard"))

            (status, page, _) = try await reader.get(client, "/dashboards/leads")
            #expect(status == .ok)
            let bySource = try await AnalyticsService(warehouse: h.warehouse).conversionBy(.leadSource, filter: .all)
            let first = try #require(page.range(of: #"data-widget="0""#))
            let widget = String(page[first.upperBound...].prefix { _ in true }.split(separator: "</section>", maxSplits: 1)[0])
            #expect(widget.components(separatedBy: "<rect class=\"bar").count - 1 == bySource.count)
            #expect(widget.components(separatedBy: "<tr>").count - 2 == bySource.count)  // the heading row is one <tr>
            #expect(page.contains("Top scored open leads"))

            // The CSV is the table, for the same filter.
            let owner = try #require(try await h.warehouse.query("SELECT ownerid FROM sf_lead LIMIT 1").first?.first ?? nil)
            let filter = MetricFilter(from: "2020-01-01", to: "2100-01-01", ownerID: owner)
            let response = try await client.execute(uri: "/dashboards/leads/widgets/0.csv?from=2020-01-01&to=2100-01-01&owner=\(owner)", method: .get, headers: reader.headers)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = String(buffer: response.body).split(separator: "\r\n")
            let expected = try await AnalyticsService(warehouse: h.warehouse).conversionBy(.leadSource, filter: filter)
            #expect(lines.count == expected.count + 1)
            #expect(lines.first == "Lead source,Leads,Converted,Rate,95% interval")
            #expect(lines.dropFirst().map { Int($0.split(separator: ",")[1]) ?? -1 } == expected.map(\.total))

            (status, page, _) = try await reader.get(client, "/dashboards/opportunities?from=2025-13-01")
            #expect(status == .badRequest)
            #expect(try await reader.get(client, "/dashboards/leads/widgets/99.csv").0 == .notFound)
            (status, page, _) = try await reader.get(client, "/dashboards/opportunities")
            #expect(status == .ok && page.contains("Win rate by owner") && page.contains("Stage to stage conversion") && page.contains("<svg"))
        }
    }

    @Test func standardUsersBuildAndShareAndReadOnlyUsersSeeOnlyShared() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: Self.password, role: .admin)
            try await h.store.accounts.addUser(email: "sam@example.com", password: Self.password, role: .standard)
            try await h.store.accounts.addUser(email: "bob@example.com", password: Self.password, role: .standard)
            try await h.store.accounts.addUser(email: "ro@example.com", password: Self.password, role: .readOnly)
            let record = try await h.connect()
            await (try #require(h.app.runner.startTask(record))).value

            var sam = try await signIn(client, "sam@example.com")
            _ = try await sam.get(client, "/dashboards/new")
            #expect(try await sam.post(client, "/dashboards", [("title", "Mine"), ("widgets", "analysis:nothing")]).0 == .badRequest)
            #expect(try await sam.post(client, "/dashboards", [("title", ""), ("widgets", "analysis:winRate")]).0 == .badRequest)
            let (status, _, location) = try await sam.post(client, "/dashboards", [("title", "Sam's deals"), ("widgets", "analysis:winRate"), ("widgets", "analysis:pipeline")])
            #expect(status == .seeOther)
            let path = try #require(location)
            let key = String(path.dropFirst("/dashboards/".count))
            #expect(try await sam.get(client, path).1.contains("Pipeline by stage"))

            var readOnly = try await signIn(client, "ro@example.com")
            #expect(try await readOnly.get(client, path).0 == .notFound)
            #expect(!(try await readOnly.get(client, "/dashboards").1.contains("Sam&#39;s deals")))
            #expect(try await readOnly.get(client, "/dashboards/new").0 == .forbidden)
            var bob = try await signIn(client, "bob@example.com")
            #expect(try await bob.get(client, path).0 == .notFound)

            // Shared: everyone sees it; only Sam (and admins) change it.
            _ = try await sam.get(client, path + "/edit")
            #expect(try await sam.post(client, path, [("title", "Sam's deals"), ("widgets", "analysis:winRate"), ("shared", "on")]).0 == .seeOther)
            #expect(try await readOnly.get(client, path).0 == .ok)
            #expect(try await bob.get(client, path).0 == .ok)
            #expect(try await bob.get(client, path + "/edit").0 == .forbidden)
            _ = try await bob.get(client, "/dashboards")
            #expect(try await bob.post(client, path + "/delete", []).0 == .forbidden)
            #expect(try await readOnly.post(client, path, [("title", "x"), ("widgets", "analysis:winRate")]).0 == .forbidden)
            var ada = try await signIn(client, "ada@example.com")
            _ = try await ada.get(client, "/dashboards")
            #expect(try await ada.post(client, path + "/delete", []).0 == .seeOther)
            #expect(try await sam.get(client, path).0 == .notFound)
            #expect(try await h.store.dashboards.dashboards().allSatisfy { $0.key != key })
            #expect(try await sam.get(client, "/dashboards/leads/edit").0 == .forbidden)
        }
    }

    @Test func removalsListTheReportsGoalsAndAnalysesThatReadThem() async throws {
        let store = try AppStore.inMemory()
        let owner = try await store.accounts.addUser(email: "ada@example.com", password: Self.password, role: .admin)
        _ = try await store.reports.createReport(try ReportDraft(title: "Sources", sql: "SELECT LeadSource, count(*) FROM sf_lead GROUP BY 1", chart: .bar, shared: false), owner: owner)
        _ = try await store.reports.createReport(try ReportDraft(title: "Deals", sql: "select amount from sf_opportunity", chart: .none, shared: true), owner: owner)
        _ = try await store.goals.saveGoal(Goal(title: "Bookings", metric: .closedWonAmount, period: .quarter, start: "2026-01-01", target: 1), by: owner.email)
        let leadSource = try await Dependents.find(table: "sf_lead", columns: ["leadsource"], reports: store.reports, goals: store.goals)
        #expect(leadSource.contains("Report: Sources") && leadSource.contains("Analysis: Lead conversion by source") && !leadSource.contains("Report: Deals"))
        let probability = try await Dependents.find(table: "sf_opportunity", columns: ["probability"], reports: store.reports, goals: store.goals)
        #expect(probability == ["Goal: Bookings"])
        let opportunity = try await Dependents.find(table: "sf_opportunity", columns: nil, reports: store.reports, goals: store.goals)
        #expect(opportunity.contains("Report: Deals") && opportunity.contains("Goal: Bookings") && opportunity.contains("Analysis: Win rate"))
        #expect(try await Dependents.find(table: "sf_case", columns: nil, reports: store.reports, goals: store.goals).isEmpty)
    }
}
