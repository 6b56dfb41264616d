import Analytics
import Foundation

/// A builder report's answer on a page, a dashboard or in an email: its chart (or single
/// number), then its table with people's labels. A long table shows its top rows and links to
/// the rest.
enum QueryResultView {
    static func render(_ result: QueryResult, spec: QuerySpec, chart: SavedReport.Chart, title: String, labels: [String: String],
                       rowLimit: Int? = nil, moreLink: String? = nil) -> String {
        var out = ""
        let measures = spec.isSingleMeasure ? [] : spec.measures.keys.sorted()
        switch chart {
        case .none: break
        default:
            let additive = spec.formula == nil && spec.measures.values.allSatisfy { ["count", "sum"].contains($0.aggregate) }
            switch QueryChart.make(result, chart: chart, measures: measures, formula: spec.formula != nil, additive: additive, labels: labels) {
            case .chart(let made):
                let svg = SVGChart(kind: chart.kind ?? .bar, labels: made.labels, series: made.series, title: title, xTitle: made.xTitle, yTitle: made.yTitle)
                out += #"<figure class="report-chart">\#(svg.render())</figure>"#
                if let note = made.note { out += #"<p class="meta">\#(HTML.escape(note))</p>"# }
            case .number(let label, let value):
                out += #"<p class="single-number"><span class="value">\#(HTML.escape(display(value)))</span> <span class="meta">\#(HTML.escape(label))</span></p>"#
            case .unfit(let reason):
                out += #"<p class="notice" id="chart-unfit">No chart: \#(HTML.escape(reason))</p>"#
            }
        }
        if let currency = result.currency { out += #"<p class="meta">Amounts in \#(HTML.escape(currency)).</p>"# }
        let shown = rowLimit.map { Array(result.rows.prefix($0)) } ?? result.rows
        let columns = result.columns.map { labels[$0] ?? $0 }
        out += #"<div class="report-table">\#(Tables.sortable(columns: columns, rows: shown.map { $0.map(cell) }, id: "report-result"))</div>"#
        let count = "\(result.rows.count) row\(result.rows.count == 1 ? "" : "s")"
        if shown.count < result.rows.count {
            let more = moreLink.map { #" <a href="\#(HTML.escape($0))">See all \#(count)</a>"# } ?? ""
            out += #"<p class="meta">The top \#(shown.count) of \#(count).\#(more)</p>"#
        } else {
            out += #"<p class="meta">\#(count)</p>"#
        }
        return out
    }

    /// A cell as the table shows it: whole numbers plainly, others to two decimals (four below one).
    static func cell(_ cell: QueryCell) -> String? {
        switch cell {
        case .null: nil
        case .int(let n): String(n)
        case .double(let d): number(d)
        case .text(let s): s
        }
    }

    static func number(_ d: Double) -> String {
        guard d.isFinite else { return String(d) }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(format: abs(d) >= 1 ? "%.2f" : "%.4f", d)
    }

    private static func display(_ value: String) -> String {
        Double(value).map(number) ?? value
    }
}
