import Analytics
import Foundation
import Testing
import Warehouse
import WarehouseTestSupport

@testable import WebApp

/// `tributary move` carries the web app's state from the SQLite store to PostgreSQL: everyone
/// keeps their password, session and API key, every link (report, dashboard ids) still works,
/// and new rows get ids after the copied ones.
@Suite(.enabled(if: Backend.postgresURL != nil, "TRIBUTARY_TEST_POSTGRES_URL is unset")) struct AppStateMoveTests {
    @Test func everythingMovesWithItsIdsAndASecondMoveKeepsTheTarget() async throws {
        try await AppStoreConformanceTests.withStore(.sqlite) { source in
            let ada = try await source.accounts.addUser(email: "ada@example.com", password: "correct horse battery", role: .admin)
            let gone = try await source.accounts.addUser(email: "gone@example.com", password: "a long password", role: .standard)
            let bob = try await source.accounts.addUser(email: "bob@example.com", password: "a long password", role: .readOnly)
            try await source.accounts.removeUser(id: gone.id)  // ids with a gap
            let (token, _) = try await source.accounts.startSession(for: bob)
            let (_, secret) = try await source.apiKeys.create(name: "dbt", for: ada)
            _ = try await source.apiKeys.user(forKey: secret)  // sets last_used_at
            let report = try await source.reports.createReport(try ReportDraft(title: "Won", sql: "SELECT 1", chart: .bar, shared: true), owner: ada)
            let built = try await source.reports.createReport(
                try ReportDraft(title: "Built", query: QuerySpec(object: "sf_lead", measure: MeasureSpec(aggregate: "count")), chart: .number, shared: false), owner: ada)
            let goal = try await source.goals.saveGoal(Goal(title: "Q1", metric: .convertedLeads, period: .quarter, start: "2026-01-01", target: 40, ownerIDs: ["005A"]),
                                                       by: ada.email)
            let dashboard = try await source.dashboards.saveDashboard(Dashboard(key: "", title: "Mine", widgets: [.report(report.id), .goal(goal.id ?? 0)],
                                                                                ownerID: ada.id, ownerEmail: nil, shared: true))
            let email = try await source.dashboards.addDashboardEmail(dashboardID: try #require(Int64(dashboard.key)),
                                                                      schedule: try EmailSchedule(frequency: .weekly, hour: 7, weekday: 2, timeZone: "America/New_York"),
                                                                      recipientIDs: [ada.id, bob.id], createdBy: ada)

            try await AppStoreConformanceTests.withStore(.postgres) { target in
                #expect(try await source.move(to: target) == .copied([
                    "tributary_users": 2, "tributary_sessions": 1, "tributary_api_keys": 1, "tributary_goals": 1, "tributary_reports": 2,
                    "tributary_dashboards": 1, "tributary_dashboard_emails": 1,
                ]))
                let movedUsers = try await target.accounts.users()
                let sourceUsers = try await source.accounts.users()
                #expect(movedUsers.count == sourceUsers.count && zip(movedUsers, sourceUsers).allSatisfy { AppStoreConformanceTests.same($0, $1) })
                #expect(AppStoreConformanceTests.same(try await target.accounts.verify(email: "ada@example.com", password: "correct horse battery"), ada))
                #expect(AppStoreConformanceTests.same(try await target.accounts.session(token: token)?.user, bob), "a signed-in user stays signed in")
                #expect(AppStoreConformanceTests.same(try await target.apiKeys.user(forKey: secret), ada))
                let movedKey = try #require(try await target.apiKeys.all().first)
                #expect(movedKey.lastUsedAt != nil)
                #expect(try await target.reports.report(id: report.id)?.definition == .sql("SELECT 1"))
                #expect(try await target.reports.report(id: built.id)?.definition == source.reports.report(id: built.id)?.definition)
                #expect(try await target.reports.report(id: built.id)?.shared == false)
                #expect(try await target.goals.goals() == [goal])
                #expect(try await target.dashboards.dashboards() == source.dashboards.dashboards())
                let movedEmail = try #require(try await target.dashboards.dashboardEmails().first)
                #expect(movedEmail.id == email.id && movedEmail.schedule == email.schedule && movedEmail.recipientIDs == [ada.id, bob.id])
                #expect(abs(movedEmail.createdAt.timeIntervalSince(email.createdAt)) < 0.001)

                // New rows continue after the copied ids.
                let carol = try await target.accounts.addUser(email: "carol@example.com", password: "a long password", role: .standard)
                #expect(carol.id == bob.id + 1)
                let next = try await target.reports.createReport(try ReportDraft(title: "Next", sql: "SELECT 2", chart: .none, shared: false), owner: carol)
                #expect(next.id == built.id + 1)

                // A second move keeps what the target has.
                _ = try await source.accounts.addUser(email: "dave@example.com", password: "a long password", role: .standard)
                #expect(try await source.move(to: target) == .targetHadUsers)
                #expect(try await target.accounts.users().map(\.email).contains("dave@example.com") == false)
            }
        }
    }

    /// Rows go in several per INSERT; every row arrives whatever the batch boundaries (here 3
    /// users and 2 sessions per statement, so batches end mid-table and a last one is short).
    @Test func rowsSpanningSeveralInsertsAllArrive() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var tables = AppStateTable.schema
        tables[0] = tables[0].with(rows: (1...7).map { [.integer(Int64($0)), .text("u\($0)@example.com"), .text("$2b$10$x"), .text("standard"), .time(now)] })
        tables[1] = tables[1].with(rows: (1...5).map { [.text("t\($0)"), .integer(Int64($0)), .text("c\($0)"), .time(now.addingTimeInterval(86_400))] })
        try await AppStoreConformanceTests.withStore(.postgres) { target in
            let destination = try #require(target.backend as? PostgresAppStore)
            let result = try await destination.importState(tables, parametersPerInsert: 15)
            #expect(result == .copied(["tributary_users": 7, "tributary_sessions": 5, "tributary_api_keys": 0, "tributary_goals": 0, "tributary_reports": 0,
                                       "tributary_dashboards": 0, "tributary_dashboard_emails": 0]))
            #expect(try await target.accounts.users().map(\.email) == (1...7).map { "u\($0)@example.com" }.sorted())
            #expect(try await target.accounts.user(email: "U7@example.com")?.id == 7)
        }
    }
}
