import Analytics
import Foundation
import Warehouse

/// Dashboard pages: the list, a dashboard with its filters and widgets, the builder form.
enum DashboardPages {
    enum Widget {
        case table(index: Int, AnalysisTable)
        case goal(String)
        case report(id: Int64, title: String, html: String)
        case problem(title: String, message: String)
    }

    static func list(_ dashboards: [Dashboard], session: Session) -> String {
        var out = session.user.role == .readOnly ? "" : #"<div class="actions"><a class="button" id="new-dashboard" href="/dashboards/new">New dashboard</a></div>"#
        out += "<table><tr><th>Dashboard</th><th>Owner</th><th>Shared</th></tr>"
        for d in dashboards {
            out += """
                <tr class="dashboard" data-dashboard="\(HTML.escape(d.key))"><td><a href="/dashboards/\(HTML.escape(d.key))">\(HTML.escape(d.title))</a></td>
                <td>\(d.isBuiltIn ? "Tributary" : HTML.escape(d.ownerEmail ?? ""))</td><td>\(d.shared ? "Everyone" : "Only the owner")</td></tr>
                """
        }
        return out + "</table>"
    }

    static func view(_ dashboard: Dashboard, widgets: [Widget], filter: MetricFilter, owners: [(id: String, name: String)], query: String,
                     session: Session) -> String {
        let ownerOptions = owners.map { #"<option value="\#(HTML.escape($0.id))"\#($0.id == filter.ownerID ? " selected" : "")>\#(HTML.escape($0.name))</option>"# }.joined()
        var out = """
            <form method="get" class="filters" id="dashboard-filters">
            <label>From <input type="date" name="from" value="\(HTML.escape(filter.from ?? ""))"></label>
            <label>To (excluded) <input type="date" name="to" value="\(HTML.escape(filter.to ?? ""))"></label>
            <label>Owner <select name="owner"><option value="">All</option>\(ownerOptions)</select></label>
            <button type="submit">Apply</button></form>
            """
        if dashboard.isEditable(by: session.user) {
            out += #"<p><a href="/dashboards/\#(HTML.escape(dashboard.key))/edit">Edit dashboard</a></p>"#
        }
        let suffix = query.isEmpty ? "" : "?" + HTML.escape(query)
        for widget in widgets {
            switch widget {
            case .table(let index, let table):
                out += #"<section class="widget" data-widget="\#(index)"><h2>\#(HTML.escape(table.title))</h2>"#
                if let chart = table.chart, !chart.points.isEmpty {
                    out += #"<figure class="chart">\#(SVGChart(kind: chart.kind, points: Self.charted(chart), title: table.title).render())</figure>"#
                    if chart.points.count > Self.chartPoints {
                        out += #"<p class="meta">The chart shows the \#(chart.kind == .line ? "latest" : "first") \#(Self.chartPoints) of \#(chart.points.count).</p>"#
                    }
                }
                if let note = table.note { out += "<p>\(HTML.escape(note))</p>" }
                // A long table shows its top rows; the rest are a click (or the CSV) away.
                out += Tables.sortable(columns: table.columns, rows: Array(table.rows.prefix(Self.topRows)))
                let widgetPath = "/dashboards/\(HTML.escape(dashboard.key))/widgets/\(index)"
                if table.rows.count > Self.topRows {
                    out += #"<p class="meta">The top \#(Self.topRows) of \#(table.rows.count) rows. <a class="all-rows" href="\#(widgetPath)\#(suffix)">Show all \#(table.rows.count)</a></p>"#
                }
                out += #"<p><a class="csv" href="\#(widgetPath).csv\#(suffix)">Download CSV</a></p></section>"#
            case .goal(let html):
                out += html
            case .report(let id, let title, let html):
                out += #"<section class="widget report-widget" data-report="\#(id)"><h2><a href="/reports/\#(id)">\#(HTML.escape(title))</a></h2>\#(html)</section>"#
            case .problem(let title, let message):
                out += #"<section class="widget"><h2>\#(HTML.escape(title))</h2><p class="notice">\#(HTML.escape(message))</p></section>"#
            }
        }
        return out + Scripts.sortableTables.tag
    }

    /// Rows a dashboard table shows; the rest are on its own page.
    static let topRows = 25
    /// Points a dashboard chart draws; the table has the rest.
    static let chartPoints = 40

    /// The points a chart draws: a line's latest (it runs in time order), the first bars.
    static func charted(_ chart: (kind: SVGChart.Kind, points: [SVGChart.Point])) -> [SVGChart.Point] {
        chart.kind == .line ? Array(chart.points.suffix(chartPoints)) : Array(chart.points.prefix(chartPoints))
    }

    /// One widget's whole table, with the dashboard's filters.
    static func fullTable(_ table: AnalysisTable, dashboard: Dashboard, index: Int, query: String) -> String {
        let suffix = query.isEmpty ? "" : "?" + HTML.escape(query)
        return """
            <p class="meta">\(table.rows.count) rows · from <a href="/dashboards/\(HTML.escape(dashboard.key))\(suffix)">\(HTML.escape(dashboard.title))</a>
            · <a class="csv" href="/dashboards/\(HTML.escape(dashboard.key))/widgets/\(index).csv\(suffix)">Download CSV</a></p>
            \(table.note.map { "<p>\(HTML.escape($0))</p>" } ?? "")
            <div class="report-table">\(Tables.sortable(columns: table.columns, rows: table.rows))</div>\(Scripts.sortableTables.tag)
            """
    }

    static func form(_ dashboard: Dashboard, goals: [Goal], reports: [SavedReport], session: Session) -> String {
        let chosen = Set(dashboard.widgets.map(\.key))
        let box = { (key: String, label: String) in
            #"<label><input type="checkbox" name="widgets" value="\#(HTML.escape(key))"\#(chosen.contains(key) ? " checked" : "")> \#(HTML.escape(label))</label>"#
        }
        let analyses = Analysis.allCases.map { box(Dashboard.Widget.analysis($0).key, $0.title) }.joined()
        let goalBoxes = goals.compactMap { g in g.id.map { box(Dashboard.Widget.goal($0).key, "Goal: " + g.title) } }.joined()
            + reports.map { box(Dashboard.Widget.report($0.id).key, "Report: " + $0.title) }.joined()
        let action = dashboard.key.isEmpty ? "/dashboards" : "/dashboards/\(HTML.escape(dashboard.key))"
        var out = """
            <form method="post" action="\(action)" id="dashboard-form">\(HTML.csrfField(session))
            <label for="dashboard-title">Title</label><input id="dashboard-title" name="title" required maxlength="100" value="\(HTML.escape(dashboard.title))">
            <fieldset class="widgets"><legend>Widgets</legend>\(analyses)\(goalBoxes)</fieldset>
            <label><input type="checkbox" name="shared" id="dashboard-shared" value="on"\(dashboard.shared ? " checked" : "")> Share with everyone (Read-Only users see only shared dashboards)</label>
            <p><button type="submit" id="save-dashboard">Save dashboard</button></p></form>
            """
        if !dashboard.key.isEmpty {
            out += #"<form method="post" action="/dashboards/\#(HTML.escape(dashboard.key))/delete">\#(HTML.csrfField(session))<button type="submit">Delete dashboard</button></form>"#
        }
        return out
    }

    static func apply(_ fields: [String: String], to dashboard: inout Dashboard) throws {
        guard let title = DisplayName.checked(fields["title"] ?? "") else {
            throw BadForm("Give the dashboard a title of up to 100 characters, without line breaks or other control characters.")
        }
        let keys = (fields["widgets"] ?? "").split(separator: ",").map(String.init)
        let widgets = keys.compactMap(Dashboard.Widget.init(key:))
        guard widgets.count == keys.count else { throw BadForm("Unknown widget in the form; reload the page and try again.") }
        guard !widgets.isEmpty else { throw BadForm("Choose at least one widget.") }
        dashboard.title = title
        dashboard.widgets = widgets
        dashboard.shared = fields["shared"] == "on"
    }
}
