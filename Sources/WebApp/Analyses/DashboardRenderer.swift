import Analytics
import Foundation
import Warehouse

/// A dashboard's widgets as HTML, for its page and its emails: analysis tables and saved
/// builder queries from the shared results, goals with their progress, SQL reports run with
/// the report timeout.
struct DashboardRenderer: Sendable {
    let results: AnalysisResults
    let reports: any ReportStore
    let goals: any GoalStore
    let configuration: WebAppConfiguration
    var warehouse: any Warehouse { results.warehouse }

    /// Rows of a report shown on a dashboard; the report's page has them all.
    static let dashboardReportRows = 20

    func render(_ widget: Dashboard.Widget, index: Int, filter: MetricFilter, names: [String: String], goals: [Goal], user: User) async throws -> DashboardPages.Widget {
        let analytics = AnalyticsService(warehouse: warehouse)
        switch widget {
        case .analysis(let analysis):
            do {
                return .table(index: index, try await results.analysisTable(analysis, filter: filter, names: names))
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
            guard let report = try await reports.report(id: id) else { return .problem(title: "Report", message: "This report was deleted.") }
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
            let run = try await results.cachedQuery(spec)
            switch run.outcome {
            case .failed(let message): return #"<p class="notice">The report could not run: \#(HTML.escape(message))</p>"#
            case .result(let result):
                return QueryResultView.render(result, spec: spec, chart: report.chart, title: report.title,
                                              labels: BuilderPages.columnLabels(spec, fields: run.fields), rowLimit: Self.dashboardReportRows, moreLink: more)
            }
        case .sql(let sql):
            do {
                let result = try await warehouse.report(sql, limit: Self.dashboardReportRows, timeout: configuration.reportTimeout)
                return ReportPages.run(.result(result), chart: report.chart, title: report.title, limit: Self.dashboardReportRows)
                    + #"<p class="meta"><a href="\#(more)">Open the report</a></p>"#
            } catch let error as WarehouseError where error.isReportProblem {
                return #"<p class="notice">The report could not run: \#(HTML.escape(error.detail))</p>"#
            }
        case .unreadable:
            return #"<p class="notice">\#(HTML.escape(report.unreadableProblem ?? ""))</p>"#
        }
    }

    /// The dashboard as `user` sees it, as an email: each widget's table, its chart as an
    /// image, and a link to the dashboard.
    func mail(_ dashboard: Dashboard, for user: User, at now: Date) async throws -> MailMessage {
        let names = try await results.recordNames()
        let goals = try await self.goals.goals()
        var widgets: [DashboardPages.Widget] = []
        for (index, widget) in dashboard.widgets.enumerated() {
            widgets.append(try await render(widget, index: index, filter: .all, names: names, goals: goals, user: user))
        }
        let link = configuration.baseURL + "/dashboards/" + dashboard.key
        let day = ISO8601DateFormatter.string(from: now, timeZone: TimeZone(identifier: "UTC") ?? .current, formatOptions: [.withFullDate])
        let html = DashboardPages.email(dashboard, widgets: widgets, link: link, day: day)
        let text = DashboardPages.emailText(dashboard, widgets: widgets, link: link, day: day)
        return MailMessage.withChartsAsImages(subject: "\(dashboard.title): Tributary dashboard for \(day)", text: text, html: html)
    }
}
