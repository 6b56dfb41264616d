import Analytics
import Foundation
import Hummingbird
import SOQL
import Sync
import Warehouse

/// Goals for converted opportunities: everyone sees where each goal stands; admins set them.
struct GoalController: RouteController {
    let goals: any GoalStore
    let warehouse: any Warehouse

    func addRoutes(to groups: RouteGroups) {
        groups.signedIn.get("/goals") { request, context -> Response in
            let session = context.session
            let asOf = WebApp.query(request)["asOf"] ?? WebApp.today()
            guard MetricFilter.isDay(asOf) else { throw BadForm("asOf is a YYYY-MM-DD date.") }
            let analytics = AnalyticsService(warehouse: self.warehouse)
            var rows: [GoalPages.Row] = []
            for goal in try await self.goals.goals() {
                do {
                    rows.append(.init(goal: goal, progress: try await analytics.progress(of: goal, asOf: asOf), problem: nil))
                } catch let error as AnalyticsError {
                    rows.append(.init(goal: goal, progress: nil, problem: error.description))
                }
            }
            let owners = try await RecordNames(warehouse: self.warehouse).owners()
            return WebApp.html(HTML.page("Goals", session: session, body: GoalPages.list(rows, owners: owners, asOf: asOf, session: session)))
        }

        groups.admins.post("/goals") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            let goal = try GoalPages.goal(from: fields)
            do { _ = try goal.days() } catch let error as AnalyticsError { throw BadForm(error.description) }
            _ = try await self.goals.saveGoal(goal, by: session.user.email)
            return WebApp.redirect("/goals")
        }

        groups.admins.post("/goals/:id/delete") { request, context -> Response in
            let session = context.session
            _ = try await WebApp.form(request, session)
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            try await self.goals.deleteGoal(id: id)
            return WebApp.redirect("/goals")
        }
    }
}
