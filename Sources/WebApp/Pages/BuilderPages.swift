import Analytics
import Foundation

/// The report builder: choose an object, then measures, a date range and interval, filters
/// and groupings from lists built from the catalog (labels are describe's), a chart, then
/// *Preview* or *Save*. Works without JavaScript; with it, choosing an object reloads the lists
/// and a filter on a picklist offers the picklist's values.
enum BuilderPages {
    static let aggregates: [(value: String, label: String)] = [
        ("", "—"), ("count", "Count of records"), ("sum", "Sum of"), ("avg", "Average of"), ("min", "Minimum of"), ("max", "Maximum of"),
        ("countDistinct", "Distinct count of"),
    ]
    static let operators: [(value: String, label: String)] = [
        ("=", "equals"), ("!=", "does not equal"), ("<", "less than"), ("<=", "at most"), (">", "greater than"), (">=", "at least"),
        ("in", "is one of (comma-separated)"), ("notIn", "is none of (comma-separated)"), ("contains", "contains"),
        ("isNull", "is empty"), ("notNull", "is not empty"),
    ]
    static let intervals: [(value: String, label: String)] = [
        ("none", "None (one total)"), ("day", "Day"), ("week", "Week"), ("month", "Month"), ("quarter", "Quarter"), ("year", "Year"),
    ]

    /// The page: the object chooser, then (once an object is chosen) the form.
    static func page(_ form: BuilderForm, objects: [ReportObject], fields: [ReportField], session: Session) -> String {
        let objectOptions = objects.map { option($0.name, label: $0.name, selected: $0.name.lowercased() == form.object.lowercased()) }.joined()
        var out = """
            <form method="get" action="/reports/build" id="builder-object" class="filters">
            \(form.id.map { #"<input type="hidden" name="report" value="\#($0)">"# } ?? "")
            <label>Object <select name="object" id="object" data-autosubmit><option value="">Choose…</option>\(objectOptions)</select></label>
            <button type="submit" id="choose-object">Choose</button></form>
            """
        guard !fields.isEmpty else {
            return out + #"<p class="notice">Choose the object to report on: any synced Salesforce object.</p>"# + Scripts.reportBuilder.tag
        }
        let own = fields.filter { !$0.name.contains(".") }
        let dates = fields.filter(\.isDate)
        let lists = picklists(fields)
        out += #"<form method="post" action="/reports/build" id="report-builder">\#(HTML.csrfField(session))"#
        out += #"<input type="hidden" name="object" value="\#(HTML.escape(form.object))">"#
        if let id = form.id { out += #"<input type="hidden" name="id" value="\#(id)">"# }
        out += "<fieldset><legend>Measures</legend>"
        for (i, name) in BuilderForm.measureNames.enumerated() {
            let key = "measure-\(name.lowercased())"
            let slot = form.measures[i]
            out += """
                <div class="row" id="\(key)"><strong>\(name)</strong>
                <select name="\(key)-aggregate" aria-label="Measure \(name)">\(aggregates.map { option($0.value, label: $0.label, selected: $0.value == slot.aggregate) }.joined())</select>
                <select name="\(key)-field" aria-label="Field of measure \(name)">\(fieldOptions(own, selected: slot.field, empty: "(records)"))</select>
                <span class="only">only where \(condition(slot.only, prefix: "\(key)-only", fields: own, lists: lists))</span></div>
                """
        }
        out += """
            <label for="formula">Formula over the measures (optional; the result column)</label>
            <input id="formula" name="formula" placeholder="A / B" maxlength="200" value="\(HTML.escape(form.formula))">
            </fieldset><fieldset><legend>Time</legend>
            <label>Date field <select name="time-field" id="time-field">\(fieldOptions(dates, selected: form.timeField, empty: "(none: all records)"))</select></label>
            <label>From <input type="date" name="time-from" id="time-from" value="\(HTML.escape(form.from))"></label>
            <label>To (excluded) <input type="date" name="time-to" id="time-to" value="\(HTML.escape(form.to))"></label>
            <label>Interval <select name="interval" id="interval">\(intervals.map { option($0.value, label: $0.label, selected: $0.value == form.interval) }.joined())</select></label>
            </fieldset><fieldset><legend>Filters</legend>
            """
        for (i, filter) in form.filters.enumerated() {
            let prefix = "filter-\(i + 1)"
            out += #"<div class="row filter">\#(condition(filter, prefix: prefix, fields: fields, lists: lists))</div>"#
        }
        out += "</fieldset><fieldset><legend>Group by</legend>"
        for (i, group) in form.groups.enumerated() {
            out += #"<select name="group-\#(i + 1)" id="group-\#(i + 1)" aria-label="Grouping \#(i + 1)">\#(fieldOptions(fields, selected: group, empty: "(no grouping)"))</select> "#
        }
        out += """
            </fieldset><fieldset><legend>Show</legend>
            <label>Chart <select name="chart" id="chart">\(SavedReport.Chart.forBuilder.map { option($0.rawValue, label: $0.label, selected: $0 == form.chart) }.joined())</select></label>
            <label for="title">Title</label><input id="title" name="title" maxlength="\(ReportDraft.maxTitleLength)" value="\(HTML.escape(form.title))">
            <label><input type="checkbox" name="shared" id="shared"\(form.shared ? " checked" : "")> Share with everyone (Read-Only users included)</label>
            </fieldset>
            <p><button type="submit" id="preview-report" formaction="/reports/build/preview">Preview</button> <button type="submit" id="save-report">Save</button></p>
            \(lists.values.sorted { $0.id < $1.id }.map(\.html).joined())
            </form>
            """
        return out + Scripts.reportBuilder.tag
    }

    /// One condition's field, operator and value; a picklist field names its values' list.
    private static func condition(_ c: BuilderForm.Condition, prefix: String, fields: [ReportField], lists: [String: Datalist]) -> String {
        let fieldOptions = [option("", label: "—", selected: c.field.isEmpty)] + fields.map { field in
            let list = lists[field.name].map { #" data-list="\#($0.id)""# } ?? ""
            return #"<option value="\#(HTML.escape(field.name))"\#(list)\#(same(field.name, c.field) ? " selected" : "")>\#(HTML.escape(field.label))</option>"#
        }
        let list = fields.first { same($0.name, c.field) }.flatMap { lists[$0.name] }.map { #" list="\#($0.id)""# } ?? ""
        return """
            <select name="\(prefix)-field" class="condition-field" aria-label="Filter field">\(fieldOptions.joined())</select>
            <select name="\(prefix)-op" aria-label="Filter operator">\(operators.map { option($0.value, label: $0.label, selected: $0.value == c.op) }.joined())</select>
            <input name="\(prefix)-value" class="condition-value" aria-label="Filter value"\(list) value="\(HTML.escape(c.value))">
            """
    }

    struct Datalist {
        var id: String
        var html: String
    }

    /// One `<datalist>` per picklist field, in describe's order.
    private static func picklists(_ fields: [ReportField]) -> [String: Datalist] {
        var lists: [String: Datalist] = [:]
        for (i, field) in fields.enumerated() where !field.picklist.isEmpty {
            let id = "values-\(i)"
            lists[field.name] = Datalist(id: id, html: #"<datalist id="\#(id)">\#(field.picklist.map { #"<option value="\#(HTML.escape($0))">"# }.joined())</datalist>"#)
        }
        return lists
    }

    private static func fieldOptions(_ fields: [ReportField], selected: String, empty: String) -> String {
        ([option("", label: empty, selected: selected.isEmpty)] + fields.map { option($0.name, label: $0.label, selected: same($0.name, selected)) }).joined()
    }

    private static func option(_ value: String, label: String, selected: Bool) -> String {
        #"<option value="\#(HTML.escape(value))"\#(selected ? " selected" : "")>\#(HTML.escape(label))</option>"#
    }

    private static func same(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }

    /// How people read each column of the answer: the period by its interval and date field,
    /// groupings by their labels, measures by what they aggregate, the formula as written.
    static func columnLabels(_ spec: QuerySpec, fields: [ReportField]) -> [String: String] {
        let label = { (name: String) in fields.first { same($0.name, name) }?.label ?? name }
        var labels: [String: String] = [:]
        if let time = spec.time, let interval = time.interval, interval != "none" {
            labels["period"] = "\(intervals.first { $0.value == interval }?.label ?? interval) (\(label(time.field)))"
        }
        for group in spec.groupBy {
            // The answer names a grouping as describe spells it; both spellings map.
            labels[group] = label(group)
            if let field = fields.first(where: { same($0.name, group) }) { labels[field.name] = field.label }
        }
        func describe(_ measure: MeasureSpec) -> String {
            let what = aggregates.first { $0.value == measure.aggregate }?.label ?? measure.aggregate
            guard let field = measure.field else { return what }
            return measure.aggregate == "count" ? "Count of \(label(field))" : "\(what) \(label(field))"
        }
        if spec.isSingleMeasure, let measure = spec.measures["value"] {
            labels["value"] = describe(measure)
        } else {
            for (name, measure) in spec.measures { labels[name] = "\(name): \(describe(measure))" }
            if let formula = spec.formula { labels["value"] = formula }
        }
        return labels
    }
}
