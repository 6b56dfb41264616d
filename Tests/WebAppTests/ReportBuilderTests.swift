import Analytics
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import Warehouse

@testable import WebApp

/// The report builder over a synced sandbox org: the lists come from describe, a preview equals
/// the same query through the query layer, a saved report runs again, goes on a dashboard, and
/// shows to a Read-Only user once shared.
@Suite(.serialized) struct ReportBuilderTests {
    static let password = "correct horse 1"

    func signIn(_ client: some TestClientProtocol, _ email: String) async throws -> Browser {
        var browser = Browser()
        try await browser.signIn(client, email: email, password: Self.password)
        return browser
    }

    /// Won amount by account industry and close month, for prospects only: a lookup grouping and a filter.
    static let form: [(String, String)] = [
        ("object", "Opportunity"), ("measure-a-aggregate", "sum"), ("measure-a-field", "Amount"),
        ("time-field", "CloseDate"), ("time-from", "2020-01-01"), ("time-to", "2030-01-01"), ("interval", "quarter"),
        ("filter-1-field", "StageName"), ("filter-1-op", "="), ("filter-1-value", "Closed Won"),
        ("group-1", "Account.Industry"), ("chart", "stackedBar"), ("title", "Won by industry"),
    ]

    @Test func aReportBuiltSavedAndPutOnADashboardShowsToEveryoneOnceShared() async throws {
        try await WebAppHarness.withApp(sandbox: true, configure: { $0.scoreLeadsEvery = 0 }) { h, client in
            let samUser = try await h.store.accounts.addUser(email: "sam@example.com", password: Self.password, role: .standard)
            try await h.store.accounts.addUser(email: "rita@example.com", password: Self.password, role: .readOnly)
            let record = try await h.connect()
            await (try #require(h.app.runner.startTask(record))).value
            var sam = try await signIn(client, "sam@example.com")
            var rita = try await signIn(client, "rita@example.com")

            // The lists come from the catalog, with describe's labels and lookups' parents.
            var (status, page, _) = try await sam.get(client, "/reports/build?object=Opportunity")
            #expect(status == .ok)
            #expect(page.contains(#"<option value="Account.Industry""#) && page.contains("Account › Industry"))
            #expect(page.contains(#"<option value="CloseDate""#) && page.contains("<datalist"))
            #expect(try await rita.get(client, "/reports/build").0 == .forbidden)

            // Preview: the table equals the same spec through the query layer.
            (status, page, _) = try await sam.post(client, "/reports/build/preview", Self.form)
            #expect(status == .ok, "\(page.prefix(3000))")
            let spec = try BuilderForm(fields: Dictionary(Self.form, uniquingKeysWith: { a, _ in a })).spec()
            let expected = try await AnalyticsService(warehouse: h.warehouse).query(spec)
            #expect(!expected.rows.isEmpty)
            #expect(page.contains("report-preview") && page.contains("chart-stackedBar"))
            let table = try #require(page.components(separatedBy: #"id="report-result""#).last)
            #expect(table.components(separatedBy: "<tr>").count - 2 == expected.rows.count)
            #expect(table.contains("Quarter (Close Date)") && table.contains("Account › Industry"))

            // A bad field is a message on the page, not a saved report.
            var bad = Self.form
            bad[1] = ("measure-a-aggregate", "sum")
            bad.append(("group-2", "Account.NoSuchField"))
            (status, page, _) = try await sam.post(client, "/reports/build", bad)
            #expect(status == .unprocessableContent && page.contains("report-error") && page.contains("Account.NoSuchField"))
            #expect(try await h.store.reports.reports(visibleTo: samUser).isEmpty)

            // Save (private), then the report runs again from what was stored.
            var location: String?
            (status, _, location) = try await sam.post(client, "/reports/build", Self.form)
            #expect(status == .seeOther || status == .found)
            let path = try #require(location)
            (status, page, _) = try await sam.get(client, path)
            #expect(status == .ok && page.contains("Built on Opportunity") && page.contains("add-to-dashboard"))
            let saved = try #require(page.components(separatedBy: #"id="report-result""#).last)
            #expect(saved.components(separatedBy: "<tr>").count - 2 == expected.rows.count)
            #expect(try await rita.get(client, path).0 == .forbidden)

            // Onto a new dashboard, shared; Rita sees the dashboard but not the private report.
            (status, _, location) = try await sam.post(client, path + "/dashboard", [("dashboard", "new")])
            let dashboardPath = try #require(location)
            let key = String(dashboardPath.dropFirst("/dashboards/".count))
            var dashboard = try #require(try await h.app.items.allDashboards().first { $0.key == key })
            dashboard.shared = true
            _ = try await h.store.dashboards.saveDashboard(dashboard)
            (status, page, _) = try await rita.get(client, dashboardPath)
            #expect(status == .ok && page.contains("private to its owner") && !page.contains("report-result"))

            // Shared: now it shows, chart and rows.
            let id = try #require(Int64(path.split(separator: "/").last ?? ""))
            (status, _, _) = try await sam.post(client, "/reports/build", Self.form + [("id", String(id)), ("shared", "on")])
            (status, page, _) = try await rita.get(client, dashboardPath)
            #expect(status == .ok && page.contains("report-result") && page.contains("chart-stackedBar") && page.contains("Won by industry"))
            #expect(try await rita.get(client, path).0 == .ok)
            // Read-Only users do not edit it or add it to dashboards.
            #expect(try await rita.post(client, path + "/dashboard", [("dashboard", "new")]).0 == .forbidden)

            // The CSV has every row, with people's headings.
            let response = try await client.execute(uri: path + ".csv", method: .get, headers: rita.headers)
            let lines = String(buffer: response.body).split(separator: "\r\n")
            #expect(lines.first == "Quarter (Close Date),Account › Industry,Sum of Amount")
            #expect(lines.count == expected.rows.count + 1)
        }
    }

    @Test func theFormMeansTheQueryAndBack() throws {
        let fields = Dictionary(Self.form + [("measure-b-aggregate", "count"), ("measure-b-only-field", "IsWon"), ("measure-b-only-op", "="),
                                             ("measure-b-only-value", "true"), ("formula", "A / B"), ("filter-2-field", "LeadSource"),
                                             ("filter-2-op", "in"), ("filter-2-value", "Web, Partner Referral,")], uniquingKeysWith: { a, _ in a })
        let form = BuilderForm(fields: fields)
        let spec = try form.spec()
        #expect(!spec.isSingleMeasure && spec.formula == "A / B")
        #expect(spec.measures["A"] == MeasureSpec(aggregate: "sum", field: "Amount"))
        #expect(spec.measures["B"] == MeasureSpec(aggregate: "count", filters: [FilterSpec(field: "IsWon", op: "=", value: .string("true"))]))
        #expect(spec.filters[1] == FilterSpec(field: "LeadSource", op: "in", value: .list([.string("Web"), .string("Partner Referral")])))
        #expect(spec.time == TimeSpec(field: "CloseDate", from: "2020-01-01", to: "2030-01-01", interval: "quarter"))
        #expect(spec.groupBy == ["Account.Industry"])
        // Back into the form (to edit), and out again: the same query.
        let again = BuilderForm(spec, id: 7, title: form.title, chart: form.chart, shared: false)
        #expect(try again.spec() == spec)
        // One measure without a formula is the API's single `measure` form; none is refused.
        #expect(try BuilderForm(fields: Dictionary(Self.form, uniquingKeysWith: { a, _ in a })).spec().isSingleMeasure)
        var none = BuilderForm(fields: ["object": "Opportunity"])
        none.measures[0].aggregate = ""
        #expect(throws: QueryError.self) { try none.spec() }
    }

    @Test func aSavedQueryIsTheAPIsJSON() throws {
        let spec = try BuilderForm(fields: Dictionary(Self.form, uniquingKeysWith: { a, _ in a })).spec()
        let json = try JSONEncoder.sorted().encode(spec)
        #expect(try JSONDecoder().decode(QuerySpec.self, from: json) == spec)
        #expect(String(decoding: json, as: UTF8.self).contains(#""measure":{"aggregate":"sum","field":"Amount"}"#))
    }
}
