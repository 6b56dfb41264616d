import Analytics
import Foundation
import Warehouse

/// The SQL report pages: the list, the editor, and a result as a chart and a sortable table.
enum ReportPages {
    /// The editor's fields, as typed (a failed run or save shows them again).
    struct Editor {
        var id: Int64?
        var title = ""
        var sql = ""
        var chart = SavedReport.Chart.none
        var shared = false

        init() {}

        init(_ report: SavedReport) {
            id = report.id
            title = report.title
            sql = report.sql ?? ""
            chart = report.chart
            shared = report.shared
        }

        init(fields: [String: String], id: Int64?) {
            self.id = id
            title = fields["title"] ?? ""
            sql = fields["sql"] ?? ""
            chart = SavedReport.Chart(rawValue: fields["chart"] ?? "") ?? .none
            shared = fields["shared"] == "on"
        }
    }

    /// A run's outcome: rows, or the message of a refusal, timeout or SQL error.
    enum Run {
        case result(ReportResult)
        case failed(String)
    }

    static func kind(_ report: SavedReport) -> String {
        switch report.definition {
        case .sql: "SQL"
        case .query(let spec): "Built on " + HTML.escape(spec.object)
        case .unreadable: "Built (cannot be read)"
        }
    }

    static func list(_ reports: [SavedReport], session: Session) -> String {
        let user = session.user
        var body = ReportAccess.canAuthor(user)
            ? #"<div class="actions"><a class="button" id="build-report" href="/reports/build">Build a report</a> <a class="button" id="new-report" href="/reports/new">Write SQL</a></div>"#
            : ""
        guard !reports.isEmpty else {
            return body + #"<p class="notice">No reports yet.\#(ReportAccess.canAuthor(user) ? " Build one from the synced objects, or write SQL over the warehouse." : " Reports appear here when someone shares one.")</p>"#
        }
        body += #"<table id="reports"><tr><th>Title</th><th>Kind</th><th>Owner</th><th>Shared</th><th>Chart</th><th>Updated</th><th></th></tr>"#
        for report in reports {
            body += """
                <tr class="report" data-id="\(report.id)"><td><a href="/reports/\(report.id)">\(HTML.escape(report.title))</a></td>
                <td>\(Self.kind(report))</td>
                <td>\(HTML.escape(owner(report, session: session)))</td><td>\(report.shared ? "Shared" : "Private")</td>
                <td>\(report.chart.label)</td><td>\(Pages.format(report.updatedAt))</td><td><a href="/reports/\(report.id).csv">CSV</a></td></tr>
                """
        }
        return body + "</table>"
    }

    /// The editor form: *Run* shows the result without saving; *Save* stores the report.
    static func editor(_ editor: Editor, tables: [String], session: Session) -> String {
        let action = editor.id.map { "/reports/\($0)" } ?? "/reports"
        let charts = SavedReport.Chart.forSQL.map { #"<option value="\#($0.rawValue)"\#($0 == editor.chart ? " selected" : "")>\#($0.label)</option>"# }.joined()
        let tableList = tables.map { "<li>\(HTML.escape($0))</li>" }.joined()
        return """
            <div class="manager"><section>
            <form method="post" action="\(action)" id="report-editor">\(HTML.csrfField(session))
            \(editor.id.map { #"<input type="hidden" name="id" value="\#($0)">"# } ?? "")
            <label for="title">Title</label><input id="title" name="title" maxlength="\(ReportDraft.maxTitleLength)" value="\(HTML.escape(editor.title))">
            <label for="sql">SQL (one read-only statement)</label>
            <textarea id="sql" name="sql" rows="10" spellcheck="false">\(HTML.escape(editor.sql))</textarea>
            <label for="chart">Chart</label><select id="chart" name="chart">\(charts)</select>
            <label><input type="checkbox" name="shared" id="shared"\(editor.shared ? " checked" : "")> Share with everyone (Read-Only users included)</label>
            <p><button type="submit" id="run-report" formaction="/reports/run">Run</button> <button type="submit" id="save-report">Save</button></p>
            </form></section>
            <aside><h2>Tables</h2><ul class="tables">\(tableList.isEmpty ? "<li>none synced yet</li>" : tableList)</ul></aside></div>
            """
    }

    /// The result: a chart when one is asked for and the rows fit, then the table.
    static func run(_ run: Run, chart: SavedReport.Chart, title: String, limit: Int) -> String {
        switch run {
        case .failed(let message):
            return #"<p class="error" id="report-error">\#(HTML.escape(message))</p>"#
        case .result(let result):
            return summary(result, limit: limit) + chartSection(result, chart: chart, title: title) + table(result)
        }
    }

    private static func summary(_ result: ReportResult, limit: Int) -> String {
        let count = "\(result.rows.count) row\(result.rows.count == 1 ? "" : "s")"
        switch result.cut {
        case nil:
            return #"<p class="meta">\#(count)</p>"#
        case .rows:
            return #"<p class="notice" id="truncated">Showing the first \#(limit) rows: the query returned more. Add a LIMIT or aggregate to see the rest, or export CSV.</p>"#
        case .bytes:
            let megabytes = ReportPolicy.defaultByteLimit >> 20
            return #"<p class="notice" id="truncated">Showing the first \#(count): the rest would pass \#(megabytes) MB. Select fewer or shorter columns, or aggregate.</p>"#
        }
    }

    private static func chartSection(_ result: ReportResult, chart: SavedReport.Chart, title: String) -> String {
        guard let kind = chart.kind else { return "" }
        switch ReportChart.points(result) {
        case .points(let points):
            return #"<figure class="report-chart">\#(SVGChart(kind: kind, points: points, title: title).render())</figure>"#
        case .unfit(let reason):
            return #"<p class="notice" id="chart-unfit">No chart: \#(HTML.escape(reason))</p>"#
        }
    }

    static func table(_ result: ReportResult) -> String {
        #"<div class="report-table">\#(Tables.sortable(columns: result.columns, rows: result.rows, id: "report-result"))</div>"# + Scripts.sortableTables.tag
    }

    /// A saved report: its result, its SQL, and for those who may edit it the editor.
    static func report(_ report: SavedReport, run: Run, limit: Int, canEdit: Bool, tables: [String], session: Session) -> String {
        let owner = owner(report, session: session)
        var body = """
            <p class="meta">By \(HTML.escape(owner)) · \(report.shared ? "Shared with everyone" : "Private") · updated \(Pages.format(report.updatedAt))
            · <a id="export-csv" href="/reports/\(report.id).csv">Export CSV</a> · <a href="/reports">All reports</a></p>
            """
        body += self.run(run, chart: report.chart, title: report.title, limit: limit)
        if canEdit {
            body += "<details><summary>Edit</summary>" + editor(Editor(report), tables: tables, session: session) + "</details>"
            body += deleteForm(report, session: session, inline: false)
        } else {
            body += "<details><summary>SQL</summary><pre>\(HTML.escape(report.sql ?? ""))</pre></details>"
        }
        return body
    }

    /// *Delete report*, for those who may change the report.
    static func deleteForm(_ report: SavedReport, session: Session, inline: Bool = true) -> String {
        #"<form method="post" action="/reports/\#(report.id)/delete"\#(inline ? #" class="inline""# : "")>\#(HTML.csrfField(session))"#
            + #"<button type="submit" id="delete-report">Delete report</button></form>"#
    }

    /// Whose the report is, as the signed-in user reads it (not escaped).
    static func owner(_ report: SavedReport, session: Session) -> String {
        report.ownerID == session.user.id ? "you" : report.ownerEmail ?? "a removed user"
    }

    /// A report whose builder query this version cannot read: the problem, the query as stored,
    /// and *Delete* for those who may; no run, no editor (saving one would replace the query).
    static func unreadableReport(_ report: SavedReport, canEdit: Bool, session: Session) -> String {
        let owner = owner(report, session: session)
        var body = """
            <p class="meta">By \(HTML.escape(owner)) · \(report.shared ? "Shared with everyone" : "Private") · updated \(Pages.format(report.updatedAt))
            · <a href="/reports">All reports</a></p>
            <p class="error" id="report-error">\(HTML.escape(report.unreadableProblem ?? ""))</p>
            """
        if canEdit {
            body += #"<div class="actions">\#(deleteForm(report, session: session))</div>"#
        }
        if case .unreadable(let stored, _) = report.definition {
            body += #"<details><summary>The query as stored</summary><pre id="report-query">\#(HTML.escape(String(stored.prefix(20_000))))</pre></details>"#
        }
        return body
    }

    /// A builder report: its answer, how it was built, and the builder, *Add to dashboard* and
    /// *Delete* for those who may (`dashboards` nil: the user builds no dashboards).
    static func builderReport(_ report: SavedReport, spec: QuerySpec, run: BuilderRun, canEdit: Bool, dashboards: [Dashboard]?, limit: Int,
                              session: Session) -> String {
        let owner = owner(report, session: session)
        var body = """
            <p class="meta">Built on \(HTML.escape(spec.object)) by \(HTML.escape(owner)) · \(report.shared ? "Shared with everyone" : "Private") · updated \(Pages.format(report.updatedAt))
            · <a id="export-csv" href="/reports/\(report.id).csv">Export CSV</a> · <a href="/reports">All reports</a></p>
            """
        switch run.outcome {
        case .failed(let message):
            body += #"<p class="error" id="report-error">The report could not run: \#(HTML.escape(message))</p>"#
        case .result(let result):
            body += QueryResultView.render(result, spec: spec, chart: report.chart, title: report.title, labels: BuilderPages.columnLabels(spec, fields: run.fields),
                                           rowLimit: limit) + Scripts.sortableTables.tag
        }
        var actions: [String] = []
        if canEdit { actions.append(#"<a class="button" id="edit-report" href="/reports/build?report=\#(report.id)">Edit in the builder</a>"#) }
        if let dashboards {
            let options = dashboards.map { #"<option value="\#(HTML.escape($0.key))">\#(HTML.escape($0.title))</option>"# }.joined()
            actions.append("""
                <form method="post" action="/reports/\(report.id)/dashboard" id="add-to-dashboard" class="inline">\(HTML.csrfField(session))
                <select name="dashboard" id="dashboard-choice" aria-label="Dashboard">\(options)<option value="new">A new dashboard</option></select>
                <button type="submit" id="add-to-dashboard-button">Add to dashboard</button></form>
                """)
        }
        if canEdit {
            actions.append(deleteForm(report, session: session))
        }
        if !actions.isEmpty { body += #"<div class="actions">\#(actions.joined(separator: " "))</div>"# }
        let json = (try? String(decoding: JSONEncoder.sorted(pretty: true).encode(spec), as: UTF8.self)) ?? ""
        body += #"<details><summary>The query as JSON (for <code>POST /api/v1/query</code>)</summary><pre id="report-query">\#(HTML.escape(json))</pre></details>"#
        return body
    }

    static let style = """
        input[type=checkbox]{min-width:0} textarea{width:100%;font-family:ui-monospace,monospace;padding:.5em;box-sizing:border-box} .meta{color:#4a5563}
        .report-table{overflow-x:auto;max-height:70vh} table.sortable th{cursor:pointer;user-select:none;position:sticky;top:0;background:#f0f3f6}
        th[aria-sort=ascending]::after{content:" ▲"} th[aria-sort=descending]::after{content:" ▼"} td.null{color:#8c959f;font-style:italic}
        form.inline{display:inline} .single-number .value{font-size:2.5em;font-weight:600} fieldset .row{margin:.3em 0}
        #report-builder fieldset select,#report-builder fieldset input:not([type=checkbox]){width:auto;min-width:8em;display:inline-block;margin:.15em .3em .15em 0}
        #report-builder fieldset label{display:inline-block;margin-right:1em} #report-builder #formula{min-width:16em}
        figure.report-chart{margin:1em 0;background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:.5em}
        """
}
