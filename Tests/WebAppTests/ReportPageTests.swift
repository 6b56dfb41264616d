import Analytics
import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Rows
import Testing
import Warehouse

@testable import WebApp

/// Analyze > Reports: ad-hoc SQL, saved and shared reports, roles, charts and CSV.
@Suite struct ReportPageTests {
    static let password = "correct horse 1"

    /// Accounts in the warehouse: one with a comma and quotes in its name, one without staff.
    private func loadAccounts(_ h: WebAppHarness) async throws {
        let columns = [ColumnSpec(sourceName: "Id", salesforceType: "id"), ColumnSpec(sourceName: "Name", salesforceType: "string"),
                       ColumnSpec(sourceName: "NumberOfEmployees", salesforceType: "int")]
        _ = try await h.warehouse.ensureTable(TableSpec(name: "sf_account", columns: columns))
        var batch = RowBatch(columnCount: 3)
        for row: [String?] in [["001A", "Acme", "10"], ["001B", #"Beta, "the" Inc."#, nil], ["001C", "Gamma", "30"]] {
            for field in row { batch.append(field) }
        }
        _ = try await h.warehouse.upsert(batch, columns: columns, into: "sf_account", checkpoint: nil)
    }

    private func signIn(_ h: WebAppHarness, _ client: some TestClientProtocol, _ email: String, _ role: Role) async throws -> (User, Browser) {
        let user = try await h.store.accounts.addUser(email: email, password: Self.password, role: role)
        var browser = Browser()
        try await browser.signIn(client, email: email, password: Self.password)
        return (user, browser)
    }

    private func draft(_ title: String, _ sql: String, chart: SavedReport.Chart = .none, shared: Bool) throws -> ReportDraft {
        try ReportDraft(title: title, sql: sql, chart: chart, shared: shared)
    }

    @Test func aStandardUserRunsSavesEditsExportsAndDeletesAReport() async throws {
        try await WebAppHarness.withApp { h, client in
            try await loadAccounts(h)
            var (_, browser) = try await signIn(h, client, "sam@example.com", .standard)
            var (status, page, _) = try await browser.get(client, "/reports/new")
            #expect(status == .ok)
            #expect(page.contains(#"href="/reports""#))  // the nav link
            #expect(page.contains("<li>sf_account</li>"))

            // Run without saving: rows come back, nothing is stored.
            let sql = "SELECT name, numberofemployees AS staff FROM sf_account ORDER BY id"
            (status, page, _) = try await browser.post(client, "/reports/run", [("title", "Staff"), ("sql", sql), ("chart", "bar")])
            #expect(status == .ok)
            #expect(page.contains(#"<th tabindex="0" title="Sort">staff</th>"#))
            #expect(page.contains("<td>Beta, &quot;the&quot; Inc.</td>"))
            #expect(page.contains(#"<td class="null">NULL</td>"#))
            #expect(page.contains(#"<rect class="bar""#))
            #expect(page.contains(Scripts.sortableTables.tag))  // the sorting script
            #expect(try await h.store.reports.reports(visibleTo: h.store.accounts.users()[0]).isEmpty)

            // Save: a redirect to the report, which runs again on its page.
            let location = try await browser.post(client, "/reports", [("title", "Staff"), ("sql", sql), ("chart", "line"), ("shared", "on")]).2
            let report = try #require(try await h.store.reports.reports(visibleTo: h.store.accounts.users()[0]).first)
            #expect(location == "/reports/\(report.id)")
            #expect(report.shared && report.chart == .line && report.sql == sql)
            (status, page, _) = try await browser.get(client, "/reports/\(report.id)")
            #expect(status == .ok)
            #expect(page.contains(#"<polyline class="series""#))
            #expect(page.contains("<td>Gamma</td>"))
            #expect(page.contains(#"id="delete-report""#))

            // CSV: RFC 4180 quoting, CRLF, a download name from the title.
            let csv = try await client.execute(uri: "/reports/\(report.id).csv", method: .get, headers: browser.headers)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == #"attachment; filename="Staff.csv""#)
            #expect(String(buffer: csv.body) == "name,staff\r\nAcme,10\r\n\"Beta, \"\"the\"\" Inc.\",\r\nGamma,30\r\n")

            // Edit, then delete.
            #expect(try await browser.post(client, "/reports/\(report.id)", [("title", "Staff by account"), ("sql", sql), ("chart", "none")]).2 == "/reports/\(report.id)")
            let edited = try #require(try await h.store.reports.report(id: report.id))
            #expect(edited.title == "Staff by account" && edited.chart == .none && !edited.shared)
            #expect(try await browser.post(client, "/reports/\(report.id)", [("title", ""), ("sql", sql)]).0 == .unprocessableContent)
            #expect(try await browser.post(client, "/reports/\(report.id)/delete", []).2 == "/reports")
            #expect(try await h.store.reports.report(id: report.id) == nil)
            #expect(try await browser.get(client, "/reports/\(report.id)").0 == .notFound)
        }
    }

    @Test func readOnlyUsersSeeOnlySharedReportsAndRunNoSQL() async throws {
        try await WebAppHarness.withApp { h, client in
            try await loadAccounts(h)
            let sam = try await h.store.accounts.addUser(email: "sam@example.com", password: Self.password, role: .standard)
            let shared = try await h.store.reports.createReport(draft("Shared accounts", "SELECT name FROM sf_account", shared: true), owner: sam)
            let secret = try await h.store.reports.createReport(draft("Sam's draft", "SELECT id FROM sf_account", shared: false), owner: sam)
            var (_, viewer) = try await signIn(h, client, "viewer@example.com", .readOnly)

            var (status, page, _) = try await viewer.get(client, "/reports")
            #expect(status == .ok)
            #expect(page.contains("Shared accounts") && !page.contains("Sam&#39;s draft"))
            #expect(!page.contains("New report"))
            (status, page, _) = try await viewer.get(client, "/reports/\(shared.id)")
            #expect(status == .ok)
            #expect(page.contains("<td>Acme</td>"))
            #expect(!page.contains(#"id="report-editor""#) && !page.contains(#"id="delete-report""#))
            #expect(try await viewer.get(client, "/reports/\(shared.id).csv").0 == .ok)

            for path in ["/reports/new", "/reports/\(secret.id)", "/reports/\(secret.id).csv"] {
                let (status, page, _) = try await viewer.get(client, path)
                #expect(status == .forbidden, "\(path)")
                #expect(!page.contains("SELECT id FROM sf_account"), "\(path)")
            }
            let form = [("title", "Mine"), ("sql", "SELECT * FROM sf_account")]
            for path in ["/reports/run", "/reports", "/reports/\(shared.id)", "/reports/\(shared.id)/delete", "/reports/\(secret.id)"] {
                #expect(try await viewer.post(client, path, form).0 == .forbidden, "\(path)")
            }
            #expect(try await h.store.reports.report(id: shared.id)?.title == "Shared accounts")
            #expect(try await h.store.reports.reports(visibleTo: sam).count == 2)
        }
    }

    @Test func standardUsersSeeOthersSharedReportsButCannotChangeThem() async throws {
        try await WebAppHarness.withApp { h, client in
            try await loadAccounts(h)
            let sam = try await h.store.accounts.addUser(email: "sam@example.com", password: Self.password, role: .standard)
            let shared = try await h.store.reports.createReport(draft("Shared", "SELECT name FROM sf_account", shared: true), owner: sam)
            let secret = try await h.store.reports.createReport(draft("Private", "SELECT id FROM sf_account", shared: false), owner: sam)
            var (_, kim) = try await signIn(h, client, "kim@example.com", .standard)

            let (_, list, _) = try await kim.get(client, "/reports")
            #expect(list.contains("Shared") && !list.contains(">Private<"))
            let (status, page, _) = try await kim.get(client, "/reports/\(shared.id)")
            #expect(status == .ok)
            #expect(!page.contains(#"id="delete-report""#))
            #expect(try await kim.get(client, "/reports/\(secret.id)").0 == .forbidden)
            #expect(try await kim.post(client, "/reports/\(shared.id)", [("title", "Kim's now"), ("sql", "SELECT 1")]).0 == .forbidden)
            #expect(try await kim.post(client, "/reports/\(shared.id)/delete", []).0 == .forbidden)
            #expect(try await kim.post(client, "/reports/\(secret.id)/delete", []).0 == .forbidden)
            // Running an edit of someone else's report does not make its Save target theirs.
            let (_, run, _) = try await kim.post(client, "/reports/run", [("id", "\(shared.id)"), ("title", "x"), ("sql", "SELECT 1")])
            #expect(run.contains(#"action="/reports""#) && !run.contains(#"action="/reports/\#(shared.id)""#))
            #expect(try await h.store.reports.report(id: shared.id)?.title == "Shared")
            #expect(try await h.store.reports.report(id: secret.id) != nil)

            // Sam's user is removed: the shared report stays, and an admin looks after it.
            var (_, ada) = try await signIn(h, client, "ada@example.com", .admin)
            try await h.store.accounts.removeUser(id: sam.id)
            let orphan = try #require(try await h.store.reports.report(id: shared.id))
            #expect(orphan.ownerID == nil)
            #expect(try await ada.get(client, "/reports/\(shared.id)").1.contains("a removed user"))
            #expect(try await ada.post(client, "/reports/\(shared.id)/delete", []).2 == "/reports")
        }
    }

    static let refusedRuns: [(String, String)] = [
        ("DELETE FROM sf_account", "only read"),
        ("UPDATE sf_account SET name = 'x'", "only read"),
        ("DROP TABLE sf_account", "only read"),
        ("ATTACH DATABASE 'stolen.sqlite' AS stolen", "ATTACH"),
        ("PRAGMA journal_mode = DELETE", "PRAGMA"),
        ("SELECT 1; DELETE FROM sf_account", "one statement"),
        ("SELECT email, password_hash FROM tributary_users", "tributary_users"),
        ("SELECT * FROM tributary_sessions", "tributary_sessions"),
        ("SELECT * FROM tributary_api_keys", "tributary_api_keys"),
        ("SELECT * FROM tributary_connections", "tributary_connections"),
        ("SELECT * FROM tributary_reports", "tributary_reports"),
        ("SELEC name FROM sf_account", "syntax error"),
    ]

    @Test(arguments: refusedRuns)
    func adHocRunsRefuseWritesSettingsAndSecretsWithAClearMessage(_ sql: String, _ message: String) async throws {
        try await WebAppHarness.withApp { h, client in
            try await loadAccounts(h)
            let (sam, browser) = try await signIn(h, client, "sam@example.com", .standard)
            _ = try await h.store.apiKeys.create(name: "monitoring", for: sam)
            let (status, page, _) = try await browser.post(client, "/reports/run", [("title", "x"), ("sql", sql)])
            #expect(status == .unprocessableContent)
            #expect(page.contains(#"id="report-error""#) && page.contains(message), "\(page)")
            #expect(!page.contains("$2b$") && !page.contains("<td>"))  // no hash, no rows
            #expect(try await h.warehouse.rowCount("sf_account") == 3)
            #expect(try await h.warehouse.tableNames() == ["sf_account"])
        }
    }

    @Test func aLongQueryTimesOutAndALargeResultIsCut() async throws {
        try await WebAppHarness.withApp(configure: { $0.reportTimeout = .milliseconds(300); $0.reportRowLimit = 5 }) { h, client in
            let (_, browser) = try await signIn(h, client, "sam@example.com", .standard)
            let clock = ContinuousClock()
            let start = clock.now
            let (status, page, _) = try await browser.post(client, "/reports/run", [("title", "x"), ("sql",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT count(*) FROM n")])
            #expect(clock.now - start < .seconds(10))
            #expect(status == .unprocessableContent)
            #expect(page.contains("timed out after 0.3 s"))

            let (_, cut, _) = try await browser.post(client, "/reports/run", [("title", "x"), ("sql",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) SELECT i FROM n")])
            #expect(cut.contains(#"id="truncated""#) && cut.contains("first 5 rows"))
            #expect(cut.components(separatedBy: "<tr><td>").count - 1 == 5)
        }
    }

    @Test func aResultThatDoesNotFitAChartSaysWhy() async throws {
        try await WebAppHarness.withApp { h, client in
            try await loadAccounts(h)
            let (_, browser) = try await signIn(h, client, "sam@example.com", .standard)
            for (sql, reason) in [("SELECT name FROM sf_account", "two columns"), ("SELECT id, name FROM sf_account", "not a number"),
                                  ("SELECT name, numberofemployees FROM sf_account WHERE 0", "no rows")] {
                let (status, page, _) = try await browser.post(client, "/reports/run", [("title", "x"), ("sql", sql), ("chart", "bar")])
                #expect(status == .ok)
                #expect(page.contains(#"id="chart-unfit""#) && page.contains(reason), "\(sql)")
                #expect(!page.contains("<svg"), "\(sql)")
            }
            // Without a chart asked for, there is no notice either.
            #expect(!(try await browser.post(client, "/reports/run", [("title", "x"), ("sql", "SELECT name FROM sf_account")]).1.contains("chart-unfit")))
        }
    }

    /// A builder query saved by a later version (or damaged) is kept exactly as stored: its page
    /// says why it cannot run, the SQL editor's form does not overwrite it, CSV and dashboards say
    /// so too, and a removal in the warehouse still lists it when its text names the column.
    @Test func aQueryThisVersionCannotReadIsKeptShownAndNeverOverwritten() async throws {
        try await WebAppHarness.withApp { h, client in
            try await loadAccounts(h)
            var (ada, browser) = try await signIn(h, client, "ada@example.com", .admin)
            let report = try await h.store.reports.createReport(
                try ReportDraft(title: "Future", query: QuerySpec(object: "Account", measure: MeasureSpec(aggregate: "count")), chart: .number, shared: true), owner: ada)
            let stored = #"{"objects":["Account"],"measures":{"n":{"aggregate":"count"}},"filters":[{"field":"NumberOfEmployees","op":"gt","value":"5"}],"version":2}"#
            let backend = try #require(h.store.backend as? SQLiteAppStore)
            try await backend.writer.write { db in
                try db.execute(sql: "UPDATE tributary_reports SET query = ? WHERE id = ?", arguments: [stored, report.id])
            }
            let read = try #require(try await h.store.reports.report(id: report.id))
            guard case .unreadable(stored, let problem) = read.definition else { Issue.record("read as \(read.definition)"); return }
            #expect(problem.contains("unknown key") && problem.contains("in the query"), "\(problem)")
            #expect(read.chart == .number)

            // Its page says why, with the query as stored; no run, no editor.
            var (status, page, _) = try await browser.get(client, "/reports/\(report.id)")
            #expect(status == .unprocessableContent)
            #expect(page.contains(#"id="report-error""#) && page.contains("cannot be read by this version") && page.contains("unknown key"))
            #expect(page.contains(HTML.escape(stored)))
            #expect(page.contains(#"id="delete-report""#) && !page.contains("Edit in the builder"))
            #expect(try await browser.get(client, "/reports").1.contains("Built (cannot be read)"))
            #expect(try await client.execute(uri: "/reports/\(report.id).csv", method: .get, headers: browser.headers).status == .unprocessableContent)

            // The SQL editor's form and the builder send it back to its page; the stored query stays.
            (status, _, _) = try await browser.post(client, "/reports/\(report.id)", [("title", "Overwritten"), ("sql", "SELECT 1"), ("chart", "none")])
            #expect(status == .seeOther || status == .found)
            #expect(try await browser.get(client, "/reports/build?report=\(report.id)").2 == "/reports/\(report.id)")
            // A builder form opened before the query became unreadable does not save over it either.
            let builderSave = try await browser.post(client, "/reports/build", [("id", "\(report.id)"), ("object", "Account"), ("title", "Overwritten"),
                                                                               ("measure-a-aggregate", "count"), ("chart", "number")])
            #expect(builderSave.2 == "/reports/\(report.id)")
            #expect(try await h.store.reports.report(id: report.id) == read)
            let raw = try await backend.writer.read { db in try String.fetchOne(db, sql: "SELECT query FROM tributary_reports WHERE id = ?", arguments: [report.id]) }
            #expect(raw == stored)

            // On a dashboard: the same notice in its widget.
            let dashboard = try await h.store.dashboards.saveDashboard(Dashboard(key: "", title: "Board", widgets: [.report(report.id)], ownerID: ada.id, ownerEmail: nil, shared: true))
            page = try await browser.get(client, "/dashboards/\(dashboard.key)").1
            #expect(page.contains("cannot be read by this version"))

            // Removing the column it names lists it.
            #expect(try await Dependents.find(table: "sf_account", columns: ["numberofemployees"], reports: h.store.reports, goals: h.store.goals).contains("Report: Future"))
            #expect(try await !Dependents.find(table: "sf_account", columns: ["name"], reports: h.store.reports, goals: h.store.goals).contains("Report: Future"))

            // Deleting it works.
            #expect(try await browser.post(client, "/reports/\(report.id)/delete", []).2 == "/reports")
            #expect(try await h.store.reports.report(id: report.id) == nil)
        }
    }

    @Test func reportFormsNeedTheCSRFToken() async throws {
        try await WebAppHarness.withApp { h, client in
            let (sam, browser) = try await signIn(h, client, "sam@example.com", .standard)
            let report = try await h.store.reports.createReport(draft("Mine", "SELECT 1", shared: false), owner: sam)
            for path in ["/reports/run", "/reports", "/reports/\(report.id)", "/reports/\(report.id)/delete"] {
                #expect(try await browser.post(client, path, [("title", "x"), ("sql", "SELECT 1")], csrf: false).0 == .forbidden, "\(path)")
            }
            #expect(try await h.store.reports.report(id: report.id)?.title == "Mine")
            var anonymous = Browser()
            #expect(try await anonymous.get(client, "/reports").2 == "/sign-in")
            #expect(try await anonymous.get(client, "/reports/\(report.id).csv").2 == "/sign-in")
        }
    }
}

@Suite struct CSVTests {
    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == #""a,b""#)
        #expect(CSV.field(#"say "hi""#) == #""say ""hi""""#)
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.field("cr\r\nlf") == "\"cr\r\nlf\"")
        #expect(CSV.field(" padded ") == " padded ")
        // NULL and the empty string stay apart.
        #expect(CSV.field(nil) == "")
        #expect(CSV.field("") == #""""#)
        #expect(CSV.document(columns: ["a", "b,c"], rows: [["1", nil], ["", "x"]]) == "a,\"b,c\"\r\n1,\r\n\"\",x\r\n")
    }

    @Test func downloadNamesAreSafe() {
        #expect(CSV.filename("Pipeline by stage") == "Pipeline-by-stage.csv")
        #expect(CSV.filename(#"a"b;c\d/e"#) == "a-b-c-d-e.csv")
        #expect(CSV.filename("Überblick 2024") == "berblick-2024.csv")
        #expect(CSV.filename("???") == "report.csv")
    }
}
