import Warehouse

/// Turns a report's result into chart points: the first column labels, the second column
/// values. When the result does not fit, `points` says why in words for the page.
enum ReportChart {
    /// More marks than this are unreadable; the page asks for GROUP BY or LIMIT instead.
    static let maxPoints = 500

    enum Outcome: Equatable {
        case points([SVGChart.Point])
        case unfit(String)
    }

    static func points(_ result: ReportResult) -> Outcome {
        guard result.columns.count >= 2 else {
            return .unfit("A chart needs two columns, labels first and numbers second; this result has \(result.columns.count).")
        }
        guard !result.rows.isEmpty else { return .unfit("The query returned no rows, so there is nothing to chart.") }
        guard result.rows.count <= maxPoints, !result.truncated else {
            return .unfit("A chart shows up to \(maxPoints) rows and this result has \(result.truncated ? "more than " : "")\(result.rows.count). Group or limit the rows to chart them.")
        }
        var points: [SVGChart.Point] = []
        for (index, row) in result.rows.enumerated() {
            // A NULL value has no height: the row is left out of the chart (the table shows it).
            guard row.count >= 2, let text = row[1] else { continue }
            guard let value = Double(text), value.isFinite else {
                return .unfit("The second column, \(result.columns[1]), holds text that is not a number (row \(index + 1): \"\(text.prefix(40))\"), so it cannot be charted.")
            }
            points.append(.init(label: row[0] ?? "(null)", value: value))
        }
        guard !points.isEmpty else { return .unfit("The second column, \(result.columns[1]), holds only NULL, so there is nothing to chart.") }
        return .points(points)
    }
}
