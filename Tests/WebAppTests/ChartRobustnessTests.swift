import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import WebApp

/// Finding 1 of issue 15: a report's values are user input, and a chart that traps stops the
/// whole server. Every series here once trapped (or drew NaN coordinates); each must render a
/// well-formed chart with a handful of ticks.
@Suite struct ChartRobustnessTests {
    static let series: [(String, [Double])] = [
        ("the largest Double", [1.7e308]),
        ("both ends of Double", [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude]),
        ("+infinity", [1, .infinity]),
        ("-infinity", [-.infinity, 3]),
        ("NaN", [.nan, 2]),
        ("only NaN and infinities", [.nan, .infinity, -.infinity]),
        ("the smallest subnormal", [Double.leastNonzeroMagnitude]),
        ("subnormals", [Double.leastNormalMagnitude / 1_000, Double.leastNormalMagnitude / 500]),
        ("a huge value beside a tiny one", [1e300, 1e-300]),
    ]

    @Test(arguments: series.map(\.0), [SVGChart.Kind.bar, .line])
    func extremeValuesDrawAChartWithoutTrapping(_ name: String, _ kind: SVGChart.Kind) throws {
        let values = try #require(Self.series.first { $0.0 == name }?.1)
        // When: the scale and the chart are built (on the old code this trapped for most series).
        let scale = ChartScale(values: values)
        let svg = SVGChart(kind: kind, points: values.enumerated().map { .init(label: "p\($0.offset)", value: $0.element) }, title: name).render()
        // Then: a finite axis with a few ticks, and no coordinate that is not a number.
        #expect(scale.lower.isFinite && scale.upper.isFinite && scale.step > 0)
        #expect((2...12).contains(scale.ticks.count))
        #expect(scale.ticks.allSatisfy { !scale.label($0).isEmpty })
        let parsed = try SVGChartTests.Elements.parse(svg)
        let coordinates = parsed.elements.flatMap { element in ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "height"].compactMap { element.attributes[$0] } }
        #expect(coordinates.allSatisfy { Double($0)?.isFinite == true }, "\(coordinates.filter { Double($0)?.isFinite != true })")
        // Only finite values get a mark.
        let marks = parsed.all(kind == .bar ? "rect" : "circle", class: kind == .bar ? "bar" : "point")
        #expect(marks.count == values.filter(\.isFinite).count)
    }

    @Test func manyCategoriesDrawOneMarkEachAndFewLabels() throws {
        let points = (0..<10_000).map { SVGChart.Point(label: "category \($0)", value: Double($0 % 7) - 3) }
        let svg = try SVGChartTests.Elements.parse(SVGChart(kind: .bar, points: points, title: "many").render())
        #expect(svg.all("rect", class: "bar").count == points.count)
        #expect(svg.all("text", class: "label").count <= SVGChart.maxXLabels)
    }
}
