import Analytics
import Foundation
import Warehouse

/// The goals page: progress bars with run rate, forecast and outlook, and the admin's form.
enum GoalPages {
    struct Row {
        var goal: Goal
        var progress: GoalProgress?
        var problem: String?
    }

    static func list(_ rows: [Row], owners: [(id: String, name: String)], asOf: String, session: Session) -> String {
        let admin = session.user.role == .admin
        let names = Dictionary(owners.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var out = #"<form method="get" action="/goals" class="filters"><label>As of <input type="date" name="asOf" value="\#(HTML.escape(asOf))"></label> <button type="submit">Show</button></form>"#
        if rows.isEmpty { out += #"<p class="notice">No goals yet.\#(admin ? " Set one below." : " An admin sets them.")</p>"# }
        for row in rows {
            out += section(row, names: names, deletable: admin ? session : nil)
        }
        if admin { out += form(owners: owners, session: session) }
        return out
    }

    /// One goal's progress (also a dashboard widget); with a session, its Delete button.
    static func section(_ row: Row, names: [String: String], deletable session: Session?) -> String {
            let g = row.goal
            let who = g.ownerIDs.isEmpty ? "Whole org" : g.ownerIDs.map { HTML.escape(names[$0] ?? $0) }.joined(separator: ", ")
            var out = #"<section class="goal" data-goal="\#(g.id ?? 0)"><h2>\#(HTML.escape(g.title))</h2><p>\#(g.metric.label), \#(periodLabel(g)) · \#(who)</p>"#
            if let p = row.progress {
                let percent = min(100, max(0, p.fractionOfTarget * 100))
                let forecastPercent = g.target > 0 ? min(100, max(0, p.forecast / g.target * 100)) : 0
                out += """
                    <div class="goal-bar" title="actual \(format(p.actual, g)) of \(format(g.target, g))"><div class="forecast" style="width:\(String(format: "%.1f", forecastPercent))%"></div><div class="actual" style="width:\(String(format: "%.1f", percent))%"></div></div>
                    <p><strong class="outlook outlook-\(p.outlook.rawValue)">\(outlookLabel(p.outlook))</strong> · \(format(p.actual, g)) of \(format(g.target, g)) (\(String(format: "%.0f", p.fractionOfTarget * 100))%)
                    · run rate \(format(p.runRate, g)) · forecast \(format(p.forecast, g)) · day \(p.elapsedDays) of \(p.totalDays)</p>
                    """
            } else if let problem = row.problem {
                out += #"<p class="error">\#(HTML.escape(problem))</p>"#
            }
            if let session, let id = g.id {
                out += #"<form method="post" action="/goals/\#(id)/delete">\#(HTML.csrfField(session))<button type="submit">Delete goal</button></form>"#
            }
            return out + "</section>"
    }

    static func form(owners: [(id: String, name: String)], session: Session) -> String {
        let metrics = Goal.Metric.allCases.map { #"<option value="\#($0.rawValue)">\#($0.label)</option>"# }.joined()
        let ownerOptions = owners.map { #"<option value="\#(HTML.escape($0.id))">\#(HTML.escape($0.name))</option>"# }.joined()
        return """
            <h2>Set a goal</h2><form method="post" action="/goals" id="goal-form">\(HTML.csrfField(session))
            <label for="goal-title">Title</label><input id="goal-title" name="title" required maxlength="100">
            <label for="goal-metric">Metric</label><select id="goal-metric" name="metric">\(metrics)</select>
            <label for="goal-period">Period</label><select id="goal-period" name="period"><option value="month">Month</option><option value="quarter" selected>Quarter</option><option value="year">Year</option></select>
            <label for="goal-start">First day of the period</label><input id="goal-start" name="start" type="date" required>
            <label for="goal-target">Target</label><input id="goal-target" name="target" type="number" min="0" step="any" required>
            <label for="goal-owners">Owners (none: the whole org; several: a team)</label><select id="goal-owners" name="owners" multiple size="5">\(ownerOptions)</select>
            <p><button type="submit" id="save-goal">Save goal</button></p></form>
            """
    }

    /// The form's goal; several owners come as repeated fields, joined by the form parser.
    static func goal(from fields: [String: String]) throws -> Goal {
        guard let title = DisplayName.checked(fields["title"] ?? "") else {
            throw BadForm("Give the goal a title of up to 100 characters, without line breaks or other control characters.")
        }
        guard let metric = Goal.Metric(rawValue: fields["metric"] ?? "") else { throw BadForm("Choose what the goal counts.") }
        guard let period = Goal.Period(rawValue: fields["period"] ?? "") else { throw BadForm("Choose a month, quarter or year.") }
        guard let target = Double(fields["target"] ?? ""), target > 0, target.isFinite else { throw BadForm("The target is a number above zero.") }
        let start = fields["start"] ?? ""
        guard MetricFilter.isDay(start) else { throw BadForm("The period starts on a YYYY-MM-DD date.") }
        let owners = (fields["owners"] ?? "").split(separator: ",").map { String($0) }.filter { !$0.isEmpty }
        return Goal(title: title, metric: metric, period: period, start: start, target: target, ownerIDs: owners)
    }

    static func periodLabel(_ goal: Goal) -> String {
        let parts = goal.start.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]) else { return goal.start }
        switch goal.period {
        case .month: return "\(Calendar(identifier: .gregorian).monthSymbols[month - 1]) \(parts[0])"
        case .quarter: return "Q\((month - 1) / 3 + 1) \(parts[0])"
        case .year: return String(parts[0])
        }
    }

    static func format(_ value: Double, _ goal: Goal) -> String {
        goal.metric == .closedWonAmount ? Format.money(value) : String(format: value == value.rounded() ? "%.0f" : "%.1f", value)
    }

    static func outlookLabel(_ outlook: GoalProgress.Outlook) -> String {
        switch outlook {
        case .achieved: "Achieved"
        case .onTrack: "On track"
        case .atRisk: "At risk"
        case .missed: "Missed"
        case .notStarted: "Not started"
        }
    }
}
