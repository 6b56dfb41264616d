import Analytics
import Foundation

/// The Leads page: filters, then the ranked table.
enum LeadPages {
    struct Choices {
        var owners: [(id: String, name: String)]
        var sources: [String]
        var campaigns: [(id: String, name: String)]
    }

    /// How well the model ranked the most recent leads it did not learn from, how they were
    /// chosen, and how often each side converted.
    static func quality(_ q: LeadModelQuality) -> String {
        guard let auc = q.auc else { return #"<p class="meta">The model has no holdout figures: too few recent leads with an outcome.</p>"# }
        let percent = { (rate: Double?) in rate.map { String(format: "%.1f%%", $0 * 100) } ?? "?" }
        var out = #"<div class="meta" id="model-quality"><p>Model trained \#(HTML.escape(String((q.trainedAt ?? "").prefix(10)))): on the latest \#(q.testRows ?? 0) leads with an outcome, which it did not learn from, AUC \#(String(format: "%.2f", auc)) (0.5 is chance)\#(q.lift.map { String(format: ", the top tenth of scores converted %.1f× as often as all", $0) } ?? "").</p>"#
        if let split = q.split {
            out += #"<p id="model-split">\#(HTML.escape(split)) Trained on \#(q.trainRows ?? 0) leads (\#(percent(q.trainConversionRate)) converted), tested on \#(q.testRows ?? 0) (\#(percent(q.testConversionRate)) converted)\#(q.tooRecent.map { $0 > 0 ? "; \($0) more recent leads with an outcome were left out" : "" } ?? "").</p>"#
        }
        return out + "</div>"
    }

    static func list(_ leads: [ScoredLead], filter: ScoredLeadFilter, choices: Choices, problem: String?) -> String {
        func select(_ name: String, _ label: String, _ options: [(String, String)], _ chosen: String?) -> String {
            let items = options.map { #"<option value="\#(HTML.escape($0.0))"\#($0.0 == chosen ? " selected" : "")>\#(HTML.escape($0.1))</option>"# }.joined()
            return #"<label>\#(label) <select name="\#(name)" id="filter-\#(name)"><option value="">All</option>\#(items)</select></label>"#
        }
        var out = """
            <form method="get" action="/leads" class="filters">
            \(select("owner", "Owner", choices.owners.map { ($0.id, $0.name) }, filter.ownerID))
            \(select("source", "Lead source", choices.sources.map { ($0, $0) }, filter.leadSource))
            \(select("campaign", "Campaign", choices.campaigns.map { ($0.id, $0.name) }, filter.campaignID))
            <button type="submit">Filter</button></form>
            """
        if let problem { return out + #"<p class="notice">\#(HTML.escape(problem))</p>"# }
        if leads.isEmpty { return out + #"<p class="notice">No open leads match.</p>"# }
        out += #"<table id="leads" class="sortable"><thead><tr><th>Score</th><th>Lead</th><th>Company</th><th>Source</th><th>Status</th><th>Owner</th><th>Why</th></tr></thead><tbody>"#
        for lead in leads {
            out += """
                <tr class="lead" data-lead="\(HTML.escape(lead.id))"><td class="score">\(lead.score)</td><td>\(HTML.escape(lead.name ?? lead.id))</td>
                <td>\(HTML.escape(lead.company ?? ""))</td><td>\(HTML.escape(lead.leadSource ?? ""))</td><td>\(HTML.escape(lead.status ?? ""))</td>
                <td>\(HTML.escape(lead.ownerName ?? lead.ownerID ?? ""))</td><td><small>\(lead.reasons.map(HTML.escape).joined(separator: "<br>"))</small></td></tr>
                """
        }
        return out + "</tbody></table>"
    }
}
