import Analytics
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Sync
import Warehouse

/// Analyze > Reports: SQL over the warehouse, run read-only with a timeout and a row cap,
/// saved, shared, charted and exported as CSV. Who may do what is `ReportAccess`.
struct ReportController: RouteController {
    let items: SavedItems
    let results: AnalysisResults
    let configuration: WebAppConfiguration
    var warehouse: any Warehouse { results.warehouse }

    func addRoutes(to groups: RouteGroups) {
        groups.signedIn.get("/reports") { _, context -> Response in
            let session = context.session
            let reports = try await self.items.reports.reports(visibleTo: session.user)
            return WebApp.html(HTML.page("Reports", session: session, body: ReportPages.list(reports, session: session)))
        }

        groups.authors.get("/reports/new") { _, context -> Response in
            let session = context.session
            return try await self.editorPage(ReportPages.Editor(), run: nil, session: session)
        }

        // Runs what is in the editor without saving it.
        groups.authors.post("/reports/run") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            var editor = ReportPages.Editor(fields: fields, id: nil)
            // Running an edit of a saved report keeps the form's Save on that report.
            if let id = fields["id"].flatMap(Int64.init), let report = try await self.items.reports.report(id: id), ReportAccess.canEdit(report, session.user) {
                editor.id = id
            }
            let run = try await self.runReport(editor.sql, limit: self.configuration.reportRowLimit)
            return try await self.editorPage(editor, run: run, session: session)
        }

        groups.authors.post("/reports") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            let editor = ReportPages.Editor(fields: fields, id: nil)
            do {
                let report = try await self.items.reports.createReport(try Self.draft(editor), owner: session.user)
                return WebApp.redirect("/reports/\(report.id)")
            } catch let error as ReportDraftError {
                return try await self.editorPage(editor, run: .failed(error.description), session: session)
            }
        }

        // The report's page, or its CSV export as `/reports/:id.csv`.
        groups.signedIn.get("/reports/:id") { _, context -> Response in
            let session = context.session
            let raw = context.parameters.get("id") ?? ""
            let csv = raw.hasSuffix(".csv")
            let report = try await self.items.visibleReport(csv ? String(raw.dropLast(4)) : raw, session: session)
            if let problem = report.unreadableProblem {
                if csv { throw HTTPError(.unprocessableContent, message: problem) }
                let body = ReportPages.unreadableReport(report, canEdit: ReportAccess.canEdit(report, session.user), session: session)
                return WebApp.html(HTML.page(report.title, session: session, body: body), status: .unprocessableContent)
            }
            if csv { return try await self.csvExport(report) }
            guard let sql = report.sql else { return try await self.builderReportPage(report, session: session) }
            let limit = self.configuration.reportRowLimit
            let run = try await self.runReport(sql, limit: limit)
            let tables = try await self.warehouse.tableNames()
            let body = ReportPages.report(report, run: run, limit: limit, canEdit: ReportAccess.canEdit(report, session.user), tables: tables, session: session)
            return WebApp.html(HTML.page(report.title, session: session, body: body), status: Self.status(run))
        }

        groups.authors.post("/reports/:id") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            let report = try await self.items.editableReport(context, session: session)
            // A builder report is edited in the builder; this form is the SQL editor's.
            guard report.sql != nil else { return WebApp.redirect("/reports/build?report=\(report.id)") }
            let editor = ReportPages.Editor(fields: fields, id: report.id)
            do {
                try await self.items.reports.updateReport(id: report.id, try Self.draft(editor))
                return WebApp.redirect("/reports/\(report.id)")
            } catch let error as ReportDraftError {
                return try await self.editorPage(editor, run: .failed(error.description), session: session)
            }
        }

        groups.authors.post("/reports/:id/delete") { request, context -> Response in
            let session = context.session
            _ = try await WebApp.form(request, session)
            let report = try await self.items.editableReport(context, session: session)
            try await self.items.reports.deleteReport(id: report.id)
            return WebApp.redirect("/reports")
        }

        // Adds the report to a dashboard the user may edit, or to a new one named after it.
        groups.authors.post("/reports/:id/dashboard") { request, context -> Response in
            let session = context.session
            let fields = try await WebApp.form(request, session)
            let report = try await self.items.visibleReport(context.parameters.get("id") ?? "", session: session)
            let widget = Dashboard.Widget.report(report.id)
            var dashboard: Dashboard
            if fields["dashboard"] == "new" {
                dashboard = Dashboard(key: "", title: report.title, widgets: [], ownerID: session.user.id, ownerEmail: session.user.email, shared: report.shared)
            } else {
                guard let found = try await self.items.allDashboards().first(where: { $0.key == fields["dashboard"] }), found.isEditable(by: session.user) else {
                    throw BadForm("Choose one of your dashboards, or a new one.")
                }
                dashboard = found
            }
            if !dashboard.widgets.contains(widget) { dashboard.widgets.append(widget) }
            dashboard = try await self.items.dashboards.saveDashboard(dashboard)
            return WebApp.redirect("/dashboards/\(dashboard.key)")
        }
    }

    /// A builder report's page: its chart and table, how it was built, and for those who may the
    /// builder, *Add to dashboard* and *Delete*.
    private func builderReportPage(_ report: SavedReport, session: Session) async throws -> Response {
        guard let spec = report.query else { return WebApp.redirect("/reports") }
        let run = try await results.cachedQuery(spec)
        // Authors may add the report to their dashboards; others see no such form.
        var dashboards: [Dashboard]?
        if ReportAccess.canAuthor(session.user) { dashboards = try await items.allDashboards().filter { $0.isEditable(by: session.user) } }
        let body = ReportPages.builderReport(report, spec: spec, run: run, canEdit: ReportAccess.canEdit(report, session.user),
                                             dashboards: dashboards, limit: configuration.reportRowLimit, session: session)
        if case .failed = run.outcome { return WebApp.html(HTML.page(report.title, session: session, body: body), status: .unprocessableContent) }
        return WebApp.html(HTML.page(report.title, session: session, body: body))
    }

    /// Runs report SQL; refusals, timeouts and SQL errors become a message on the page.
    private func runReport(_ sql: String, limit: Int) async throws -> ReportPages.Run {
        do {
            return .result(try await warehouse.report(sql, limit: limit, timeout: configuration.reportTimeout))
        } catch let error as WarehouseError where error.isReportProblem {
            return .failed(error.detail)
        }
    }

    private func editorPage(_ editor: ReportPages.Editor, run: ReportPages.Run?, session: Session) async throws -> Response {
        let tables = try await warehouse.tableNames()
        var body = ReportPages.editor(editor, tables: tables, session: session)
        if let run { body += ReportPages.run(run, chart: editor.chart, title: editor.title, limit: configuration.reportRowLimit) }
        let title = editor.id == nil ? "New report" : "Edit report"
        return WebApp.html(HTML.page(title, session: session, body: body), status: run.map(Self.status) ?? .ok)
    }

    private func csvExport(_ report: SavedReport) async throws -> Response {
        if let spec = report.query {
            let run = try await results.runQuery(spec)
            switch run.outcome {
            case .failed(let message): throw HTTPError(.unprocessableContent, message: "The report could not run: \(message)")
            case .result(let result):
                let labels = BuilderPages.columnLabels(spec, fields: run.fields)
                return CSV.response(title: report.title, columns: result.columns.map { labels[$0] ?? $0 }, rows: result.rows.map { $0.map(QueryChart.text) },
                                    truncated: false)
            }
        }
        let result: ReportResult
        do {
            result = try await warehouse.report(report.sql ?? "", limit: configuration.reportExportRowLimit, timeout: configuration.reportTimeout)
        } catch let error as WarehouseError where error.isReportProblem {
            throw HTTPError(.unprocessableContent, message: "The report could not run: \(error.detail)")
        }
        return CSV.response(title: report.title, columns: result.columns, rows: result.rows, truncated: result.truncated)
    }

    private static func draft(_ editor: ReportPages.Editor) throws -> ReportDraft {
        try ReportDraft(title: editor.title, sql: editor.sql, chart: editor.chart, shared: editor.shared)
    }

    /// A query that could not run is the request's content being unusable, not a server fault.
    private static func status(_ run: ReportPages.Run) -> HTTPResponse.Status {
        if case .failed = run { return .unprocessableContent }
        return .ok
    }
}
