import Analytics
import Foundation
import Hummingbird
import Logging
import Synchronization
import Sync
import Warehouse

/// Dashboards: the built-in ones and those users build and share, with date-range and owner
/// filters, charts, sortable tables and CSV export of every table.
extension WebApp {
    func addDashboardRoutes(to groups: RouteGroups) {
        groups.signedIn.get("/dashboards") { _, context -> Response in
            let session = context.session
            let visible = try await self.allDashboards().filter { $0.isVisible(to: session.user) }
            return WebApp.html(HTML.page("Dashboards", session: session, body: DashboardPages.list(visible, session: session)))
        }

        groups.authors.get("/dashboards/new") { _, context -> Response in
            let session = context.session
            let goals = try await self.store.goals.goals()
            let reports = try await self.store.reports.reports(visibleTo: session.user)
            let empty = Dashboard(key: "", title: "", widgets: [], ownerID: session.user.id, ownerEmail: nil, shared: false)
            return WebApp.html(HTML.page("New dashboard", session: session, body: DashboardPages.form(empty, goals: goals, reports: reports, session: session)))
        }

        groups.authors.post("/dashboards") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            var dashboard = Dashboard(key: "", title: "", widgets: [], ownerID: session.user.id, ownerEmail: session.user.email, shared: false)
            try DashboardPages.apply(fields, to: &dashboard)
            dashboard = try await self.store.dashboards.saveDashboard(dashboard)
            return WebApp.redirect("/dashboards/\(dashboard.key)")
        }

        groups.signedIn.get("/dashboards/:key") { request, context -> Response in
            let session = context.session
            let dashboard = try await self.dashboard(context, for: session.user)
            let filter = try Self.metricFilter(WebApp.query(request))
            // Owners and goals are read once for the page, not once per widget.
            let owners = try await self.cachedOwnerNames()
            let names = try await self.cachedRecordNames()
            let goals = try await self.store.goals.goals()
            var widgets: [DashboardPages.Widget] = []
            for (index, widget) in dashboard.widgets.enumerated() {
                widgets.append(try await self.render(widget, index: index, filter: filter, names: names, goals: goals, user: session.user))
            }
            var body = DashboardPages.view(dashboard, widgets: widgets, filter: filter, owners: owners,
                                           query: request.uri.query ?? "", session: session)
            if let id = Int64(dashboard.key), dashboard.isEditable(by: session.user) {
                body += DashboardPages.emails(dashboard, emails: try await self.store.dashboards.dashboardEmails(dashboardID: id), users: try await self.store.accounts.users(),
                                              session: session)
            }
            return WebApp.html(HTML.page(dashboard.title, session: session, body: body))
        }

        // A widget's table as CSV, with the same filters as the page.
        groups.signedIn.get("/dashboards/:key/widgets/:file") { request, context -> Response in
            let session = context.session
            let dashboard = try await self.dashboard(context, for: session.user)
            let file = context.parameters.get("file") ?? ""
            // `3.csv` is the table as CSV, `3` the whole table as a page.
            let csv = file.hasSuffix(".csv")
            guard let index = Int(csv ? String(file.dropLast(4)) : file), dashboard.widgets.indices.contains(index),
                  case .analysis(let analysis) = dashboard.widgets[index] else { throw HTTPError(.notFound, message: "No such table on this dashboard.") }
            let filter = try Self.metricFilter(WebApp.query(request))
            let names = try await self.cachedRecordNames()
            let table: AnalysisTable
            do {
                table = try await self.analysisTable(analysis, filter: filter, names: names)
            } catch let error as AnalyticsError {
                throw HTTPError(.unprocessableContent, message: error.description)
            }
            if csv { return CSV.response(title: table.title, columns: table.columns, rows: table.rows) }
            let body = DashboardPages.fullTable(table, dashboard: dashboard, index: index, query: request.uri.query ?? "")
            return WebApp.html(HTML.page(table.title, session: session, body: body))
        }

        groups.authors.get("/dashboards/:key/edit") { _, context -> Response in
            let session = context.session
            let (dashboard, _) = try await self.editableDashboard(context, for: session.user)
            let reports = try await self.store.reports.reports(visibleTo: session.user)
            return WebApp.html(HTML.page("Edit \(dashboard.title)", session: session,
                                         body: DashboardPages.form(dashboard, goals: try await self.store.goals.goals(), reports: reports, session: session)))
        }

        groups.authors.post("/dashboards/:key") { request, context -> Response in
            let session = context.session
            var (dashboard, _) = try await self.editableDashboard(context, for: session.user)
            try DashboardPages.apply(try await WebApp.form(request, session), to: &dashboard)
            _ = try await self.store.dashboards.saveDashboard(dashboard)
            return WebApp.redirect("/dashboards/\(dashboard.key)")
        }

        // Emails the dashboard on a schedule to users who may see it.
        groups.authors.post("/dashboards/:key/emails") { request, context -> Response in
            let session = context.session
            let (dashboard, id) = try await self.editableDashboard(context, for: session.user)
            let fields = try await WebApp.form(request, session)
            guard let frequency = EmailSchedule.Frequency(rawValue: fields["frequency"] ?? "") else { throw BadForm("Choose how often: daily, weekly or monthly.") }
            let schedule = try EmailSchedule(frequency: frequency, hour: Int(fields["hour"] ?? "") ?? -1, weekday: Int(fields["weekday"] ?? "1") ?? 0,
                                             dayOfMonth: Int(fields["day"] ?? "1") ?? 0, timeZone: (fields["time-zone"] ?? "UTC").trimmingCharacters(in: .whitespaces))
            let wanted = (fields["recipients"] ?? "").split(separator: ",").map { Int64($0) }
            let users = try await self.store.accounts.users()
            var recipients: [Int64] = []
            for id in wanted {
                guard let id, let user = users.first(where: { $0.id == id }) else { throw BadForm("A recipient is not a user any more; reload the page and try again.") }
                guard dashboard.isVisible(to: user) else {
                    throw BadForm("\(user.email) may not see this dashboard: share it with everyone first, or choose its owner or admins.")
                }
                if !recipients.contains(id) { recipients.append(id) }
            }
            guard !recipients.isEmpty else { throw BadForm("Choose at least one person to email the dashboard to.") }
            _ = try await self.store.dashboards.addDashboardEmail(dashboardID: id, schedule: schedule, recipientIDs: recipients, createdBy: session.user)
            return WebApp.redirect("/dashboards/\(dashboard.key)")
        }

        groups.authors.post("/dashboards/:key/emails/:email/delete") { request, context -> Response in
            let session = context.session
            let (dashboard, id) = try await self.editableDashboard(context, for: session.user)
            _ = try await WebApp.form(request, session)
            guard let email = context.parameters.get("email").flatMap(Int64.init) else { throw HTTPError(.notFound) }
            try await self.store.dashboards.deleteDashboardEmail(id: email, dashboardID: id)
            return WebApp.redirect("/dashboards/\(dashboard.key)")
        }

        groups.authors.post("/dashboards/:key/delete") { request, context -> Response in
            let session = context.session
            let (dashboard, id) = try await self.editableDashboard(context, for: session.user)
            _ = try await WebApp.form(request, session)
            try await self.store.dashboards.deleteDashboard(id: id)
            return WebApp.redirect("/dashboards")
        }
    }

    func allDashboards() async throws -> [Dashboard] { Dashboard.builtIn + (try await store.dashboards.dashboards()) }

    /// The dashboard named in the path, if `user` may see it (404 otherwise, so ids do not leak).
    func dashboard(_ context: some RequestContext, for user: User) async throws -> Dashboard {
        let key = context.parameters.get("key") ?? ""
        guard let dashboard = try await allDashboards().first(where: { $0.key == key }), dashboard.isVisible(to: user) else {
            throw HTTPError(.notFound, message: "No such dashboard, or it is not shared with you.")
        }
        return dashboard
    }

    /// The dashboard named in the path if `user` may change it (its owner or an admin; never a
    /// built-in), with its row id.
    func editableDashboard(_ context: some RequestContext, for user: User) async throws -> (Dashboard, Int64) {
        let dashboard = try await dashboard(context, for: user)
        guard dashboard.isEditable(by: user), let id = Int64(dashboard.key) else { throw Forbidden() }
        return (dashboard, id)
    }

    static func metricFilter(_ query: [String: String]) throws -> MetricFilter {
        let pick = { (name: String) in query[name].flatMap { $0.isEmpty ? nil : $0 } }
        let filter = MetricFilter(from: pick("from"), to: pick("to"), ownerID: pick("owner"))
        do { try filter.validate() } catch let error as AnalyticsError { throw BadForm(error.description) }
        return filter
    }

    /// An analysis's table, computed once per version of the data and filter.
    func analysisTable(_ analysis: Analysis, filter: MetricFilter, names: [String: String]) async throws -> AnalysisTable {
        let service = AnalyticsService(warehouse: self.service.warehouse)
        var key = "analysis:\(analysis.rawValue)|\(filter.from ?? "")|\(filter.to ?? "")|\(filter.ownerID ?? "")"
        // The trainer replaces the scores after a cycle has ended: their model's time keys them too.
        if analysis == .leadScoring { key += "|" + ((try? await service.modelQuality())??.trainedAt ?? "untrained") }
        return try await results.value(key, version: try await dataVersion()) {
            try await AnalysisTable.make(analysis, service: service, filter: filter, names: names)
        }
    }

    /// The owners' names, once per version of the data.
    func cachedOwnerNames() async throws -> [(id: String, name: String)] {
        let owners: [OwnerName] = try await results.value("owners", version: try await dataVersion()) {
            try await RecordNames(warehouse: self.service.warehouse).owners().map { OwnerName(id: $0.id, name: $0.name) }
        }
        return owners.map { (id: $0.id, name: $0.name) }
    }

    /// The names the analyses' ids are shown by: owners (users) and campaigns, by id (their key
    /// prefixes keep them apart), once per version of the data.
    func cachedRecordNames() async throws -> [String: String] {
        let owners = try await cachedOwnerNames()
        let campaigns: [OwnerName] = try await results.value("campaign-names", version: try await dataVersion()) {
            try await RecordNames(warehouse: self.service.warehouse).idsAndNames("sf_campaign").map { OwnerName(id: $0.id, name: $0.name) }
        }
        return Dictionary(owners + campaigns.map { (id: $0.id, name: $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    struct OwnerName: Sendable {
        var id: String
        var name: String
    }

    /// The data's version (`ResultCache.version`), read at most once a second: a page's widgets
    /// and twenty people at once share one read; a cycle's end shows within a second.
    func dataVersion() async throws -> String {
        let now = ContinuousClock.now
        if let known = versionRead.withLock({ $0 }), now - known.at < .seconds(1) { return known.version }
        let version = try await ResultCache.version(of: service.warehouse.metadata)
        versionRead.withLock { $0 = (now, version) }
        return version
    }

    /// Computes the built-in dashboards' tables (unfiltered, as most people open them) once per
    /// version of the data, so the first person after a cycle does not wait for them.
    /// - Returns: whether there was a new version to warm.
    @discardableResult
    func warmDashboards(after warmed: String?) async throws -> String? {
        let version = try await dataVersion()
        guard version != warmed, !version.isEmpty else { return nil }
        let names = try await cachedRecordNames()
        for dashboard in Dashboard.builtIn {
            for case .analysis(let analysis) in dashboard.widgets {
                do { _ = try await analysisTable(analysis, filter: .all, names: names) } catch is AnalyticsError { continue }
            }
        }
        return version
    }

    /// Warms the built-in dashboards after every cycle (any replica's) until cancelled.
    public func runDashboardWarmer(every interval: Duration = .seconds(15)) async {
        var warmed: String?
        while !Task.isCancelled {
            do {
                if let version = try await warmDashboards(after: warmed) { warmed = version }
            } catch {
                logger.warning("warming the dashboards: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Rows of a report shown on a dashboard; the report's page has them all.
    static let dashboardReportRows = 20

    func render(_ widget: Dashboard.Widget, index: Int, filter: MetricFilter, names: [String: String], goals: [Goal], user: User) async throws -> DashboardPages.Widget {
        let analytics = AnalyticsService(warehouse: service.warehouse)
        switch widget {
        case .analysis(let analysis):
            do {
                return .table(index: index, try await analysisTable(analysis, filter: filter, names: names))
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
        case .report(let id):
            guard let report = try await store.reports.report(id: id) else { return .problem(title: "Report", message: "This report was deleted.") }
            guard ReportAccess.canView(report, user) else {
                return .problem(title: "A private report", message: "This report is private to its owner; it shows here once they share it.")
            }
            return .report(id: report.id, title: report.title, html: try await reportWidget(report))
        }
    }

    /// A saved report's chart and top rows (the dashboard's date and owner filters do not apply:
    /// a report carries its own).
    private func reportWidget(_ report: SavedReport) async throws -> String {
        let more = "/reports/\(report.id)"
        switch report.definition {
        case .query(let spec):
            let run = try await cachedQuery(spec)
            switch run.outcome {
            case .failed(let message): return #"<p class="notice">The report could not run: \#(HTML.escape(message))</p>"#
            case .result(let result):
                return QueryResultView.render(result, spec: spec, chart: report.chart, title: report.title,
                                              labels: BuilderPages.columnLabels(spec, fields: run.fields), rowLimit: Self.dashboardReportRows, moreLink: more)
            }
        case .sql(let sql):
            do {
                let result = try await service.warehouse.report(sql, limit: Self.dashboardReportRows, timeout: configuration.reportTimeout)
                return ReportPages.run(.result(result), chart: report.chart, title: report.title, limit: Self.dashboardReportRows)
                    + #"<p class="meta"><a href="\#(more)">Open the report</a></p>"#
            } catch let error as WarehouseError where error.isReportProblem {
                return #"<p class="notice">The report could not run: \#(HTML.escape(error.detail))</p>"#
            }
        }
    }
}

extension WebApp {
    /// `tributary bench dashboards`: the warmer's pass with the cache emptied first.
    public func warmDashboardsForBench() async throws -> Bool {
        await results.clear()
        return try await warmDashboards(after: nil) != nil
    }
}
