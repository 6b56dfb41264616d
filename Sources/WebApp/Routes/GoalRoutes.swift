import Analytics
import Foundation
import Hummingbird
import SOQL
import Sync
import Warehouse

/// Goals for converted opportunities: everyone sees where each goal stands; admins set them.
extension WebApp {
    func addGoalRoutes(to groups: RouteGroups) {
        groups.signedIn.get("/goals") { request, context -> Response in
            let session = context.session
            let asOf = WebApp.query(request)["asOf"] ?? Self.today()
            guard MetricFilter.isDay(asOf) else { throw BadForm("asOf is a YYYY-MM-DD date.") }
            let analytics = AnalyticsService(warehouse: self.service.warehouse)
            var rows: [GoalPages.Row] = []
            for goal in try await self.store.goals.goals() {
                do {
                    rows.append(.init(goal: goal, progress: try await analytics.progress(of: goal, asOf: asOf), problem: nil))
                } catch let error as AnalyticsError {
                    rows.append(.init(goal: goal, progress: nil, problem: error.description))
                }
            }
            let owners = try await self.ownerNames()
            return WebApp.html(HTML.page("Goals", session: session, body: GoalPages.list(rows, owners: owners, asOf: asOf, session: session)))
        }

        groups.admins.post("/goals") { request, context -> Response in
            let session = context.session
            let fields = try await self.form(request, session)
            let goal = try GoalPages.goal(from: fields)
            do { _ = try goal.days() } catch let error as AnalyticsError { throw BadForm(error.description) }
            _ = try await self.store.goals.saveGoal(goal, by: session.user.email)
            return WebApp.redirect("/goals")
        }

        groups.admins.post("/goals/:id/delete") { request, context -> Response in
            let session = context.session
            _ = try await self.form(request, session)
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            try await self.store.goals.deleteGoal(id: id)
            return WebApp.redirect("/goals")
        }
    }

    static func today() -> String {
        SOQLDate.formatDate(SOQLDate.day(ofMilliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
    }

    /// Salesforce user ids and names, when the User object is synced (for owner pickers and labels).
    func ownerNames() async throws -> [(id: String, name: String)] { try await idsAndNames("sf_user") }

    /// Every record's id and Name in a synced table, by name; empty when Name is not synced.
    func idsAndNames(_ table: String) async throws -> [(id: String, name: String)] {
        guard try await service.warehouse.tableSpec(table)?.column(named: "name") != nil else { return [] }
        return try await service.warehouse.query("SELECT id, name FROM \(table) ORDER BY name").compactMap { row in
            row[0].map { ($0, row[1] ?? $0) }
        }
    }
}
