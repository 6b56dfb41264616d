import Analytics
import Foundation
import Hummingbird
import Logging
import Synchronization
import Sync
import Warehouse

/// Dashboards: the built-in ones and those users build and share, with date-range and owner
/// filters, charts, sortable tables and CSV export of every table.
struct DashboardController: RouteController {
    let items: SavedItems
    let results: AnalysisResults
    let renderer: DashboardRenderer
    let goals: any GoalStore
    let accounts: Accounts

    func addRoutes(to groups: RouteGroups) {
        groups.signedIn.get("/dashboards") { _, context -> Response in
            let session = context.session
            let visible = try await self.items.allDashboards().filter { $0.isVisible(to: session.user) }
            return WebApp.html(HTML.page("Dashboards", session: session, body: DashboardPages.list(visible, session: session)))
        }

        groups.authors.get("/dashboards/new") { _, context -> Response in
            let session = context.session
            let goals = try await self.goals.goals()
            let reports = try await self.items.reports.reports(visibleTo: session.user)
            let empty = Dashboard(key: "", title: "", widgets: [], ownerID: session.user.id, ownerEmail: nil, shared: false)
            return WebApp.html(HTML.page("New dashboard", session: session, body: DashboardPages.form(empty, goals: goals, reports: reports, session: session)))
        }

        groups.authors.post("/dashboards") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            var dashboard = Dashboard(key: "", title: "", widgets: [], ownerID: session.user.id, ownerEmail: session.user.email, shared: false)
            try DashboardPages.apply(fields, to: &dashboard)
            dashboard = try await self.items.dashboards.saveDashboard(dashboard)
            return WebApp.redirect("/dashboards/\(dashboard.key)")
        }

        groups.signedIn.get("/dashboards/:key") { request, context -> Response in
            let session = context.session
            let dashboard = try await self.items.dashboard(context, for: session.user)
            let filter = try Self.metricFilter(WebApp.query(request))
            // Owners and goals are read once for the page, not once per widget.
            let owners = try await self.results.ownerNames()
            let names = try await self.results.recordNames()
            let goals = try await self.goals.goals()
            var widgets: [DashboardPages.Widget] = []
            for (index, widget) in dashboard.widgets.enumerated() {
                widgets.append(try await self.renderer.render(widget, index: index, filter: filter, names: names, goals: goals, user: session.user))
            }
            var body = DashboardPages.view(dashboard, widgets: widgets, filter: filter, owners: owners,
                                           query: request.uri.query ?? "", session: session)
            if let id = Int64(dashboard.key), dashboard.isEditable(by: session.user) {
                body += DashboardPages.emails(dashboard, emails: try await self.items.dashboards.dashboardEmails(dashboardID: id), users: try await self.accounts.users(),
                                              session: session)
            }
            return WebApp.html(HTML.page(dashboard.title, session: session, body: body))
        }

        // A widget's table as CSV, with the same filters as the page.
        groups.signedIn.get("/dashboards/:key/widgets/:file") { request, context -> Response in
            let session = context.session
            let dashboard = try await self.items.dashboard(context, for: session.user)
            let file = context.parameters.get("file") ?? ""
            // `3.csv` is the table as CSV, `3` the whole table as a page.
            let csv = file.hasSuffix(".csv")
            guard let index = Int(csv ? String(file.dropLast(4)) : file), dashboard.widgets.indices.contains(index),
                  case .analysis(let analysis) = dashboard.widgets[index] else { throw HTTPError(.notFound, message: "No such table on this dashboard.") }
            let filter = try Self.metricFilter(WebApp.query(request))
            let names = try await self.results.recordNames()
            let table: AnalysisTable
            do {
                table = try await self.results.analysisTable(analysis, filter: filter, names: names)
            } catch let error as AnalyticsError {
                throw HTTPError(.unprocessableContent, message: error.description)
            }
            if csv { return CSV.response(title: table.title, columns: table.columns, rows: table.rows) }
            let body = DashboardPages.fullTable(table, dashboard: dashboard, index: index, query: request.uri.query ?? "")
            return WebApp.html(HTML.page(table.title, session: session, body: body))
        }

        groups.authors.get("/dashboards/:key/edit") { _, context -> Response in
            let session = context.session
            let (dashboard, _) = try await self.items.editableDashboard(context, for: session.user)
            let reports = try await self.items.reports.reports(visibleTo: session.user)
            return WebApp.html(HTML.page("Edit \(dashboard.title)", session: session,
                                         body: DashboardPages.form(dashboard, goals: try await self.goals.goals(), reports: reports, session: session)))
        }

        groups.authors.post("/dashboards/:key") { request, context -> Response in
            let session = context.session
            var (dashboard, _) = try await self.items.editableDashboard(context, for: session.user)
            try DashboardPages.apply(try await WebApp.form(request, session), to: &dashboard)
            _ = try await self.items.dashboards.saveDashboard(dashboard)
            return WebApp.redirect("/dashboards/\(dashboard.key)")
        }

        // Emails the dashboard on a schedule to users who may see it.
        groups.authors.post("/dashboards/:key/emails") { request, context -> Response in
            let session = context.session
            let (dashboard, id) = try await self.items.editableDashboard(context, for: session.user)
            let fields = try await WebApp.form(request, session)
            guard let frequency = EmailSchedule.Frequency(rawValue: fields["frequency"] ?? "") else { throw BadForm("Choose how often: daily, weekly or monthly.") }
            let schedule = try EmailSchedule(frequency: frequency, hour: Int(fields["hour"] ?? "") ?? -1, weekday: Int(fields["weekday"] ?? "1") ?? 0,
                                             dayOfMonth: Int(fields["day"] ?? "1") ?? 0, timeZone: (fields["time-zone"] ?? "UTC").trimmingCharacters(in: .whitespaces))
            let wanted = (fields["recipients"] ?? "").split(separator: ",").map { Int64($0) }
            let users = try await self.accounts.users()
            var recipients: [Int64] = []
            for id in wanted {
                guard let id, let user = users.first(where: { $0.id == id }) else { throw BadForm("A recipient is not a user any more; reload the page and try again.") }
                guard dashboard.isVisible(to: user) else {
                    throw BadForm("\(user.email) may not see this dashboard: share it with everyone first, or choose its owner or admins.")
                }
                if !recipients.contains(id) { recipients.append(id) }
            }
            guard !recipients.isEmpty else { throw BadForm("Choose at least one person to email the dashboard to.") }
            _ = try await self.items.dashboards.addDashboardEmail(dashboardID: id, schedule: schedule, recipientIDs: recipients, createdBy: session.user)
            return WebApp.redirect("/dashboards/\(dashboard.key)")
        }

        groups.authors.post("/dashboards/:key/emails/:email/delete") { request, context -> Response in
            let session = context.session
            let (dashboard, id) = try await self.items.editableDashboard(context, for: session.user)
            _ = try await WebApp.form(request, session)
            guard let email = context.parameters.get("email").flatMap(Int64.init) else { throw HTTPError(.notFound) }
            try await self.items.dashboards.deleteDashboardEmail(id: email, dashboardID: id)
            return WebApp.redirect("/dashboards/\(dashboard.key)")
        }

        groups.authors.post("/dashboards/:key/delete") { request, context -> Response in
            let session = context.session
            let (dashboard, id) = try await self.items.editableDashboard(context, for: session.user)
            _ = try await WebApp.form(request, session)
            try await self.items.dashboards.deleteDashboard(id: id)
            return WebApp.redirect("/dashboards")
        }
    }

    static func metricFilter(_ query: [String: String]) throws -> MetricFilter {
        let pick = { (name: String) in query[name].flatMap { $0.isEmpty ? nil : $0 } }
        let filter = MetricFilter(from: pick("from"), to: pick("to"), ownerID: pick("owner"))
        do { try filter.validate() } catch let error as AnalyticsError { throw BadForm(error.description) }
        return filter
    }
}

extension WebApp {
    /// `tributary bench dashboards`: the warmer's pass with the cache emptied first.
    public func warmDashboardsForBench() async throws -> Bool {
        await analysis.cache.clear()
        return try await analysis.warmDashboards(after: nil) != nil
    }

    /// Warms the built-in dashboards after every cycle (any replica's) until cancelled.
    public func runDashboardWarmer(every interval: Duration = .seconds(15)) async {
        var warmed: String?
        while !Task.isCancelled {
            do {
                if let version = try await analysis.warmDashboards(after: warmed) { warmed = version }
            } catch {
                logger.warning("warming the dashboards: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }
}
