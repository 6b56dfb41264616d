import Analytics
import Foundation

/// A dashboard as an email (HTML with a plain-text twin), and the form that schedules it.
extension DashboardPages {
    /// Mail clients ignore most CSS: the few rules that matter, in the message's head.
    static let emailStyle = """
        body{font-family:Arial,Helvetica,sans-serif;color:#1d2733} table{border-collapse:collapse;margin:.5em 0}
        th,td{border:1px solid #dde3ea;padding:4px 8px;text-align:left;font-size:13px} th{background:#f0f3f6} .meta,.notice{color:#4a5563}
        """

    static func email(_ dashboard: Dashboard, widgets: [Widget], link: String, day: String) -> String {
        var out = """
            <!doctype html><html><head><meta charset="utf-8"><style>\(emailStyle)</style></head><body>
            <h1>\(HTML.escape(dashboard.title))</h1>
            <p class="meta">As of \(HTML.escape(day)) · <a href="\(HTML.escape(link))">Open the dashboard in Tributary</a></p>
            """
        for widget in widgets {
            switch widget {
            case .table(_, let table):
                out += "<h2>\(HTML.escape(table.title))</h2>"
                if let chart = table.chart, !chart.points.isEmpty {
                    out += SVGChart(kind: chart.kind, points: charted(chart), title: table.title).render()
                }
                if let note = table.note { out += #"<p class="meta">\#(HTML.escape(note))</p>"# }
                out += Tables.sortable(columns: table.columns, rows: Array(table.rows.prefix(topRows)))
                if table.rows.count > topRows { out += #"<p class="meta">The top \#(topRows) of \#(table.rows.count) rows: the dashboard has them all.</p>"# }
            case .goal(let html):
                out += html
            case .report(_, let title, let html):
                out += "<h2>\(HTML.escape(title))</h2>" + html
            case .problem(let title, let message):
                out += #"<h2>\#(HTML.escape(title))</h2><p class="notice">\#(HTML.escape(message))</p>"#
            }
        }
        return out + "</body></html>"
    }

    /// The plain-text part: each table's rows, tab-separated, for clients that show no HTML.
    static func emailText(_ dashboard: Dashboard, widgets: [Widget], link: String, day: String) -> String {
        var out = "\(dashboard.title), as of \(day)\nOpen the dashboard: \(link)\n"
        for widget in widgets {
            switch widget {
            case .table(_, let table):
                out += "\n\(table.title)\n" + ([table.columns] + table.rows.prefix(topRows)).map { $0.joined(separator: "\t") }.joined(separator: "\n") + "\n"
                if let note = table.note { out += note + "\n" }
            case .goal: out += "\n(A goal: see the dashboard.)\n"
            case .report(_, let title, _): out += "\n\(title): see the HTML version or the dashboard.\n"
            case .problem(let title, let message): out += "\n\(title): \(message)\n"
            }
        }
        return out
    }

    /// The dashboard's emails and, for its editors, the form to add one.
    static func emails(_ dashboard: Dashboard, emails: [DashboardEmail], users: [User], session: Session) -> String {
        guard dashboard.isEditable(by: session.user), !dashboard.isBuiltIn else { return "" }
        let name = { (id: Int64) in users.first { $0.id == id }?.email ?? "a removed user" }
        var out = #"<section class="widget" id="dashboard-emails"><h2>Email this dashboard</h2>"#
        if !emails.isEmpty {
            out += "<ul>"
            for email in emails {
                out += """
                    <li class="dashboard-email">\(HTML.escape(email.schedule.summary)) to \(HTML.escape(email.recipientIDs.map(name).joined(separator: ", ")))
                    \(email.lastSentAt.map { " · last sent " + Pages.format($0) } ?? "")
                    <form method="post" action="/dashboards/\(HTML.escape(dashboard.key))/emails/\(email.id)/delete" class="inline">\(HTML.csrfField(session))
                    <button type="submit">Stop</button></form></li>
                    """
            }
            out += "</ul>"
        }
        let frequencies = EmailSchedule.Frequency.allCases.map { #"<option value="\#($0.rawValue)">\#($0.label)</option>"# }.joined()
        let hours = (0...23).map { #"<option value="\#($0)"\#($0 == 8 ? " selected" : "")>\#($0 < 10 ? "0" : "")\#($0):00</option>"# }.joined()
        let weekdays = EmailSchedule.weekdays.enumerated().map { #"<option value="\#($0.offset + 1)">\#($0.element)</option>"# }.joined()
        let days = (1...28).map { #"<option value="\#($0)">\#($0)</option>"# }.joined()
        let recipients = users.map { user in
            #"<label><input type="checkbox" name="recipients" value="\#(user.id)"> \#(HTML.escape(user.email)) (\#(user.role.label))</label>"#
        }.joined(separator: " ")
        out += """
            <form method="post" action="/dashboards/\(HTML.escape(dashboard.key))/emails" id="dashboard-email-form">\(HTML.csrfField(session))
            <label>How often <select name="frequency" id="email-frequency">\(frequencies)</select></label>
            <label>At <select name="hour" id="email-hour">\(hours)</select></label>
            <label>Weekly on <select name="weekday" id="email-weekday">\(weekdays)</select></label>
            <label>Monthly on day <select name="day" id="email-day">\(days)</select></label>
            <label>Time zone <input name="time-zone" id="email-time-zone" value="UTC" maxlength="64"></label>
            <fieldset><legend>To</legend>\(recipients)</fieldset>
            <p class="meta">Each person gets the dashboard as they see it; a private dashboard goes only to its owner and admins.</p>
            <button type="submit" id="add-dashboard-email">Email on this schedule</button></form></section>
            """
        return out
    }
}
