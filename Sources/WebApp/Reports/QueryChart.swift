import Analytics

/// Turns a builder query's answer into what a chart draws. The x axis is the period when there
/// is one, else the first grouping; the groupings not on the x axis make the series (one line or
/// bar per owner), else each measure is a series. With a formula, its value is charted. Many
/// groups keep the largest `maxSeries` (by total size) and say so. Pure, so tested on hand-made
/// answers.
struct QueryChart: Equatable {
    static let maxSeries = 10
    static let maxLabels = 500

    var labels: [String]
    var series: [SVGChart.Series]
    var xTitle: String?
    var yTitle: String?
    /// Why some series were left out, for the page.
    var note: String?

    enum Outcome: Equatable {
        case chart(QueryChart)
        case number(label: String, value: String)
        case unfit(String)
    }

    /// The value columns of an answer: the formula's `value`, the single measure's, or each measure.
    static func valueColumns(_ result: QueryResult, measures: [String], formula: Bool) -> [Int] {
        if formula || measures.isEmpty, let value = result.columns.lastIndex(of: "value") { return [value] }
        return measures.compactMap { result.columns.firstIndex(of: $0) }
    }

    /// - Parameters:
    ///   - measures: the names of the several-measures form (empty for the single `measure`).
    ///   - labels: how people read each column (`period` as "Month", `Account.Industry` as its label).
    ///   - additive: whether the charted values add up (counts and sums): then a stacked chart
    ///     keeps the groups it leaves out as one *Other* series, so each stack stays the total.
    static func make(_ result: QueryResult, chart: SavedReport.Chart, measures: [String], formula: Bool, additive: Bool = false,
                     labels names: [String: String]) -> Outcome {
        let values = valueColumns(result, measures: measures, formula: formula)
        let keys = result.columns.indices.filter { !values.contains($0) && !measures.contains(result.columns[$0]) }
        let name = { (column: Int) in names[result.columns[column]] ?? result.columns[column] }
        if chart == .number {
            guard result.rows.count == 1, let column = values.first else {
                return .unfit("A single number needs an answer of one row; this one has \(result.rows.count). Remove the interval and groupings.")
            }
            return .number(label: name(column), value: text(result.rows[0][column]) ?? "–")
        }
        guard !result.rows.isEmpty else { return .unfit("The query found no records, so there is nothing to chart.") }
        guard let x = keys.first else {
            // One row, no period, no grouping: each value is a bar.
            let row = result.rows[0]
            return .chart(QueryChart(labels: values.map(name), series: [.init(name: "value", values: values.map { row[$0].number })],
                                     xTitle: nil, yTitle: nil, note: nil))
        }
        let seriesKeys = Array(keys.dropFirst())
        var xLabels: [String] = []
        var xIndex: [String: Int] = [:]
        for row in result.rows {
            let label = text(row[x]) ?? "(none)"
            if xIndex[label] == nil { xIndex[label] = xLabels.count; xLabels.append(label) }
        }
        guard xLabels.count <= maxLabels else {
            return .unfit("A chart shows up to \(maxLabels) points along its axis and this answer has \(xLabels.count). Choose a longer interval or fewer groups.")
        }
        var series: [SVGChart.Series] = []
        var seriesIndex: [String: Int] = [:]
        let chartedValues = seriesKeys.isEmpty ? values : Array(values.prefix(1))
        for row in result.rows {
            guard let at = xIndex[text(row[x]) ?? "(none)"] else { continue }
            for column in chartedValues {
                var parts = seriesKeys.map { text(row[$0]) ?? "(none)" }
                if chartedValues.count > 1 || parts.isEmpty { parts.append(name(column)) }
                let key = parts.joined(separator: " · ")
                if seriesIndex[key] == nil {
                    seriesIndex[key] = series.count
                    series.append(.init(name: key, values: Array(repeating: nil, count: xLabels.count)))
                }
                if let s = seriesIndex[key] { series[s].values[at] = row[column].number }
            }
        }
        var note: String?
        if series.count > maxSeries {
            let total = { (s: SVGChart.Series) in s.values.reduce(0.0) { $0 + abs(($1 ?? 0).isFinite ? ($1 ?? 0) : 0) } }
            let kept = Set(series.indices.sorted { total(series[$0]) > total(series[$1]) }.prefix(maxSeries))
            let rest = series.indices.filter { !kept.contains($0) }.map { series[$0] }
            let all = series.count
            note = "The chart shows the \(maxSeries) largest of \(all) groups; the table has them all."
            series = series.indices.filter(kept.contains).map { series[$0] }
            if chart == .stackedBar && additive {
                let other = xLabels.indices.map { i in rest.compactMap { $0.values[i] }.filter(\.isFinite).reduce(0, +) }
                series.append(.init(name: "Other (\(rest.count) groups)", values: other))
                note = "The chart shows the \(maxSeries) largest of \(all) groups and the rest as one; the table has them all."
            }
        }
        let yTitle = chartedValues.count == 1 ? name(chartedValues[0]) : nil
        return .chart(QueryChart(labels: xLabels, series: series, xTitle: name(x), yTitle: yTitle, note: note))
    }

    static func text(_ cell: QueryCell) -> String? {
        switch cell {
        case .null: nil
        case .int(let n): String(n)
        case .double(let d): SVGChart.value(d)
        case .text(let s): s
        }
    }
}
