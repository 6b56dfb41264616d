import Analytics
import Foundation
import Hummingbird
import Sync
import Warehouse

/// Dashboards: the built-in ones and those users build and share, with date-range and owner
/// filters, charts, sortable tables and CSV export of every table.
extension WebApp {
    func addDashboardRoutes(to router: Router<AppContext>) {
        router.get("/dashboards") { _, context -> Response in
            let session = try self.requireSession(context)
            let visible = try await self.allDashboards().filter { $0.isVisible(to: session.user) }
            return WebApp.html(HTML.page("Dashboards", session: session, body: DashboardPages.list(visible, session: session)))
        }

        router.get("/dashboards/new") { _, context -> Response in
            let session = try self.requireBuilder(context)
            let goals = try await self.users.goals()
            let empty = Dashboard(key: "", title: "", widgets: [], ownerID: session.user.id, ownerEmail: nil, shared: false)
            return WebApp.html(HTML.page("New dashboard", session: session, body: DashboardPages.form(empty, goals: goals, session: session)))
        }

        router.post("/dashboards") { request, context -> Response in
            let session = try self.requireBuilder(context)
            let fields = try await self.form(request, session)
            var dashboard = Dashboard(key: "", title: "", widgets: [], ownerID: session.user.id, ownerEmail: session.user.email, shared: false)
            try DashboardPages.apply(fields, to: &dashboard)
            dashboard = try await self.users.saveDashboard(dashboard)
            return WebApp.redirect("/dashboards/\(dashboard.key)")
        }

        router.get("/dashboards/:key") { request, context -> Response in
            let session = try self.requireSession(context)
            let dashboard = try await self.dashboard(context, for: session.user)
            let filter = try Self.metricFilter(WebApp.query(request))
            // Owners and goals are read once for the page, not once per widget.
            let owners = try await self.ownerNames()
            let names = Dictionary(owners.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            let goals = try await self.users.goals()
            var widgets: [DashboardPages.Widget] = []
            for (index, widget) in dashboard.widgets.enumerated() {
                widgets.append(try await self.render(widget, index: index, filter: filter, names: names, goals: goals))
            }
            let body = DashboardPages.view(dashboard, widgets: widgets, filter: filter, owners: owners,
                                           query: request.uri.query ?? "", session: session)
            return WebApp.html(HTML.page(dashboard.title, session: session, body: body))
        }

        // A widget's table as CSV, with the same filters as the page.
        router.get("/dashboards/:key/widgets/:file") { request, context -> Response in
            let session = try self.requireSession(context)
            let dashboard = try await self.dashboard(context, for: session.user)
            let file = context.parameters.get("file") ?? ""
            guard file.hasSuffix(".csv"), let index = Int(file.dropLast(4)), dashboard.widgets.indices.contains(index),
                  case .analysis(let analysis) = dashboard.widgets[index] else { throw HTTPError(.notFound, message: "No such table on this dashboard.") }
            let filter = try Self.metricFilter(WebApp.query(request))
            let names = Dictionary(try await self.ownerNames().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            let table: AnalysisTable
            do {
                table = try await AnalysisTable.make(analysis, service: AnalyticsService(warehouse: self.service.warehouse), filter: filter, names: names)
            } catch let error as AnalyticsError {
                throw HTTPError(.unprocessableContent, message: error.description)
            }
            return CSV.response(title: table.title, columns: table.columns, rows: table.rows)
        }

        router.get("/dashboards/:key/edit") { _, context -> Response in
            let session = try self.requireSession(context)
            let dashboard = try await self.dashboard(context, for: session.user)
            guard dashboard.isEditable(by: session.user) else { throw Forbidden() }
            return WebApp.html(HTML.page("Edit \(dashboard.title)", session: session,
                                         body: DashboardPages.form(dashboard, goals: try await self.users.goals(), session: session)))
        }

        router.post("/dashboards/:key") { request, context -> Response in
            let session = try self.requireSession(context)
            var dashboard = try await self.dashboard(context, for: session.user)
            guard dashboard.isEditable(by: session.user) else { throw Forbidden() }
            try DashboardPages.apply(try await self.form(request, session), to: &dashboard)
            _ = try await self.users.saveDashboard(dashboard)
            return WebApp.redirect("/dashboards/\(dashboard.key)")
        }

        router.post("/dashboards/:key/delete") { request, context -> Response in
            let session = try self.requireSession(context)
            let dashboard = try await self.dashboard(context, for: session.user)
            guard dashboard.isEditable(by: session.user), let id = Int64(dashboard.key) else { throw Forbidden() }
            _ = try await self.form(request, session)
            try await self.users.deleteDashboard(id: id)
            return WebApp.redirect("/dashboards")
        }
    }

    /// Admins and Standard users build dashboards; Read-Only users only look.
    func requireBuilder(_ context: AppContext) throws -> Session {
        let session = try requireSession(context)
        guard session.user.role != .readOnly else { throw Forbidden() }
        return session
    }

    func allDashboards() async throws -> [Dashboard] { Dashboard.builtIn + (try await users.dashboards()) }

    /// The dashboard named in the path, if `user` may see it (404 otherwise, so ids do not leak).
    func dashboard(_ context: AppContext, for user: User) async throws -> Dashboard {
        let key = context.parameters.get("key") ?? ""
        guard let dashboard = try await allDashboards().first(where: { $0.key == key }), dashboard.isVisible(to: user) else {
            throw HTTPError(.notFound, message: "No such dashboard, or it is not shared with you.")
        }
        return dashboard
    }

    static func metricFilter(_ query: [String: String]) throws -> MetricFilter {
        let pick = { (name: String) in query[name].flatMap { $0.isEmpty ? nil : $0 } }
        let filter = MetricFilter(from: pick("from"), to: pick("to"), ownerID: pick("owner"))
        do { try filter.validate() } catch let error as AnalyticsError { throw BadForm(error.description) }
        return filter
    }

    func render(_ widget: Dashboard.Widget, index: Int, filter: MetricFilter, names: [String: String], goals: [Goal]) async throws -> DashboardPages.Widget {
        let analytics = AnalyticsService(warehouse: service.warehouse)
        switch widget {
        case .analysis(let analysis):
            do {
                return .table(index: index, try await AnalysisTable.make(analysis, service: analytics, filter: filter, names: names))
            } catch let error as AnalyticsError {
                return .problem(title: analysis.title, message: error.description)
            }
        case .goal(let id):
            guard let goal = goals.first(where: { $0.id == id }) else { return .problem(title: "Goal", message: "This goal was deleted.") }
            do {
                let progress = try await analytics.progress(of: goal, asOf: WebApp.today())
                return .goal(GoalPages.section(.init(goal: goal, progress: progress, problem: nil), names: names, deletable: nil))
            } catch let error as AnalyticsError {
                return .problem(title: goal.title, message: error.description)
            }
        }
    }
}
