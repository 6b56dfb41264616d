import Analytics
import Testing

@testable import WebApp

/// How a builder answer becomes a chart: which column runs along the axis, what makes the
/// series, and what happens with many groups.
@Suite struct QueryChartTests {
    static let byMonthAndOwner = QueryResult(columns: ["period", "OwnerId", "value"], rows: [
        [.text("2025-01"), .text("Ann"), .int(3)], [.text("2025-01"), .text("Bob"), .int(1)],
        [.text("2025-02"), .text("Ann"), .int(0)], [.text("2025-02"), .null, .int(2)],
    ])

    @Test func periodsRunAlongTheAxisAndGroupsMakeTheSeries() throws {
        guard case .chart(let chart) = QueryChart.make(Self.byMonthAndOwner, chart: .line, measures: [], formula: false,
                                                       labels: ["period": "Month (Close Date)", "value": "Count of records"]) else {
            Issue.record("no chart"); return
        }
        #expect(chart.labels == ["2025-01", "2025-02"])
        #expect(chart.series.map(\.name) == ["Ann", "Bob", "(none)"])
        #expect(chart.series.map(\.values) == [[3, 0], [1, nil], [nil, 2]])
        #expect(chart.xTitle == "Month (Close Date)" && chart.yTitle == "Count of records")
    }

    @Test func severalMeasuresWithoutGroupsAreTheSeriesAndAFormulaIsChartedAlone() throws {
        let result = QueryResult(columns: ["period", "A", "B", "value"], rows: [
            [.text("2025"), .int(10), .int(4), .double(0.4)], [.text("2026"), .int(20), .int(5), .double(0.25)],
        ])
        guard case .chart(let formula) = QueryChart.make(result, chart: .bar, measures: ["A", "B"], formula: true, labels: [:]) else {
            Issue.record("no chart"); return
        }
        #expect(formula.series.map(\.values) == [[0.4, 0.25]])
        let plain = QueryResult(columns: ["period", "A", "B"], rows: result.rows.map { Array($0.prefix(3)) })
        guard case .chart(let measures) = QueryChart.make(plain, chart: .bar, measures: ["A", "B"], formula: false, labels: ["A": "A: Count"]) else {
            Issue.record("no chart"); return
        }
        #expect(measures.series.map(\.name) == ["A: Count", "B"])
        #expect(measures.series.map(\.values) == [[10, 20], [4, 5]])
    }

    @Test func manyGroupsKeepTheLargestAndAStackKeepsItsTotal() throws {
        let rows: [[QueryCell]] = (0..<15).map { [.text("2025"), .text("g\($0)"), .int($0 + 1)] }
        let result = QueryResult(columns: ["period", "Industry", "value"], rows: rows)
        guard case .chart(let lines) = QueryChart.make(result, chart: .line, measures: [], formula: false, labels: [:]),
              case .chart(let stacks) = QueryChart.make(result, chart: .stackedBar, measures: [], formula: false, additive: true, labels: [:]) else {
            Issue.record("no chart"); return
        }
        #expect(lines.series.count == QueryChart.maxSeries)
        #expect(!lines.series.map(\.name).contains("g0"))
        #expect(lines.note?.contains("10 largest of 15") == true)
        // The five smallest (1 + 2 + 3 + 4 + 5) are one series, so the stack is the whole total.
        #expect(stacks.series.count == QueryChart.maxSeries + 1)
        #expect(stacks.series.last?.values == [15])
        #expect(stacks.series.compactMap { $0.values[0] }.reduce(0, +) == Double((1...15).reduce(0, +)))
    }

    @Test func aSingleNumberNeedsOneRow() {
        let one = QueryResult(columns: ["value"], rows: [[.double(1234.5)]])
        #expect(QueryChart.make(one, chart: .number, measures: [], formula: false, labels: ["value": "Sum of Amount"])
            == .number(label: "Sum of Amount", value: "1234.5"))
        if case .unfit = QueryChart.make(Self.byMonthAndOwner, chart: .number, measures: [], formula: false, labels: [:]) {} else {
            Issue.record("four rows made a single number")
        }
        if case .unfit = QueryChart.make(QueryResult(columns: ["period", "value"], rows: []), chart: .bar, measures: [], formula: false, labels: [:]) {} else {
            Issue.record("no rows made a chart")
        }
    }

    @Test func severalSeriesStackAndHaveALegend() throws {
        let chart = SVGChart(kind: .stackedBar, labels: ["a", "b"], series: [.init(name: "x", values: [2, 3]), .init(name: "y", values: [1, -1])], title: "t",
                             xTitle: "Month", yTitle: "Count")
        let svg = try SVGChartTests.Elements.parse(chart.render())
        let bars = svg.all("rect", class: "bar")
        #expect(bars.count == 4)
        // In label a, y's bar sits on top of x's: its bottom is x's top.
        let xTop = try #require(Double(bars[0]["y"] ?? ""))
        let yBottom = try #require(Double(bars[1]["y"] ?? "")) + (Double(bars[1]["height"] ?? "") ?? 0)
        #expect(abs(xTop - yBottom) < 0.01)
        #expect(svg.all("g", class: "legend-entry").count == 2)
        #expect(svg.all("text", class: "axis-title").count == 2)
    }
}
