import Analytics
import Foundation
import HTTPTypes
import Hummingbird
import Sync
import Warehouse

/// Analyses > Reports > Build a report: the report builder for people who do not write SQL.
/// Its queries run through the same query layer as `POST /api/v1/query` (no SQL of the user's);
/// a query is run before it is saved, so a saved report always ran once.
struct BuilderController: RouteController {
    let items: SavedItems
    let results: AnalysisResults
    let configuration: WebAppConfiguration

    func addRoutes(to groups: RouteGroups) {
        // The builder: `?object=` chooses the object, `?report=` edits a saved builder report.
        groups.authors.get("/reports/build") { request, context -> Response in
            let session = context.session
            let query = WebApp.query(request)
            var form = BuilderForm()
            if let id = query["report"].flatMap(Int64.init) {
                let report = try await self.items.editableReport(id: id, session: session)
                guard let spec = report.query else { return WebApp.redirect("/reports/\(id)") }
                form = BuilderForm(spec, id: id, title: report.title, chart: report.chart, shared: report.shared)
            }
            if let object = query["object"], !object.isEmpty, object.lowercased() != form.object.lowercased() {
                // A new object keeps the title and chart but not the fields, which were the old object's.
                var fresh = BuilderForm()
                fresh.id = form.id
                fresh.title = form.title
                fresh.shared = form.shared
                fresh.object = object
                form = fresh
            }
            return try await self.builderPage(form, preview: nil, session: session)
        }

        groups.authors.post("/reports/build/preview") { request, context -> Response in
            let session = context.session
            let form = BuilderForm(fields: try await WebApp.form(request, session))
            return try await self.builderPage(form, preview: try await self.runBuilder(form), session: session)
        }

        groups.authors.post("/reports/build") { request, context -> Response in
            let session = context.session
            let form = BuilderForm(fields: try await WebApp.form(request, session))
            let run = try await self.runBuilder(form)
            guard case .result = run.outcome, let spec = run.spec else { return try await self.builderPage(form, preview: run, session: session) }
            do {
                let draft = try ReportDraft(title: form.title, query: spec, chart: form.chart, shared: form.shared)
                if let id = form.id {
                    let report = try await self.items.editableReport(id: id, session: session)
                    // Only a builder report is saved from the builder: a SQL report, or a query
                    // this version cannot read (a form opened before a later replica saved it),
                    // is never replaced by it.
                    guard report.query != nil else { return WebApp.redirect("/reports/\(report.id)") }
                    try await self.items.reports.updateReport(id: report.id, draft)
                    return WebApp.redirect("/reports/\(report.id)")
                }
                return WebApp.redirect("/reports/\(try await self.items.reports.createReport(draft, owner: session.user).id)")
            } catch let error as ReportDraftError {
                var failed = run
                failed.outcome = .failed(error.description)
                return try await self.builderPage(form, preview: failed, session: session)
            }
        }
    }

    func runBuilder(_ form: BuilderForm) async throws -> BuilderRun {
        let spec: QuerySpec
        do { spec = try form.spec() } catch let error as QueryError { return BuilderRun(spec: nil, outcome: .failed(error.description)) }
        return try await results.runQuery(spec)
    }

    private func builderPage(_ form: BuilderForm, preview: BuilderRun?, session: Session) async throws -> Response {
        let analytics = AnalyticsService(warehouse: results.warehouse)
        let objects = try await analytics.reportObjects()
        var fields: [ReportField] = []
        var problem: String?
        // A preview read the object's fields already; the form shows the same ones.
        if let preview, !preview.fields.isEmpty, preview.spec?.object.lowercased() == form.object.lowercased() {
            fields = preview.fields
        } else if !form.object.isEmpty {
            do { fields = try await analytics.reportFields(of: form.object) } catch let error as QueryError { problem = error.description }
        }
        var body = problem.map { #"<p class="error" id="report-error">\#(HTML.escape($0))</p>"# } ?? ""
        body += BuilderPages.page(form, objects: objects, fields: fields, session: session)
        var status = HTTPResponse.Status.ok
        if let preview {
            switch preview.outcome {
            case .failed(let message):
                body += #"<p class="error" id="report-error">\#(HTML.escape(message))</p>"#
                status = .unprocessableContent
            case .result(let result):
                if let spec = preview.spec {
                    let labels = BuilderPages.columnLabels(spec, fields: preview.fields)
                    body += #"<section id="report-preview"><h2>Preview</h2>"#
                        + QueryResultView.render(result, spec: spec, chart: form.chart, title: form.title.isEmpty ? "Preview" : form.title, labels: labels,
                                                 rowLimit: configuration.reportRowLimit)
                        + "</section>" + Scripts.sortableTables.tag
                }
            }
        }
        let title = form.id == nil ? "Build a report" : "Edit report"
        return WebApp.html(HTML.page(title, session: session, body: body), status: status)
    }
}
