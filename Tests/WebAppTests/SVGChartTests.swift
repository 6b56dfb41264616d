import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import WebApp

/// The SVG chart renderer: well-formed XML, marks proportional to values, zero on the axis.
@Suite struct SVGChartTests {
    /// The elements of an SVG document, parsed by Foundation's XML parser (which fails on
    /// anything not well-formed, such as an unescaped `<` or `&` in a label).
    final class Elements: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append((name, attributes))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        static func parse(_ svg: String) throws -> Elements {
            let parser = XMLParser(data: Data(svg.utf8))
            let delegate = Elements()
            parser.delegate = delegate
            guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
            return delegate
        }

        func all(_ name: String, class className: String? = nil) -> [[String: String]] {
            elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }.map(\.attributes)
        }
    }

    private func number(_ attributes: [String: String], _ key: String) throws -> Double {
        try #require(attributes[key].flatMap(Double.init))
    }

    @Test func barHeightsAreProportionalToValues() throws {
        let chart = SVGChart(kind: .bar, points: [.init(label: "a", value: 10), .init(label: "b", value: 20), .init(label: "c", value: 35)], title: "t")
        let svg = try Elements.parse(chart.render())
        let bars = svg.all("rect", class: "bar")
        #expect(bars.count == 3)
        let heights = try bars.map { try number($0, "height") }
        #expect(abs(heights[1] / heights[0] - 2) < 0.01)
        #expect(abs(heights[2] / heights[0] - 3.5) < 0.01)
        // All stand on the same zero line.
        let bottoms = try bars.map { try number($0, "y") + number($0, "height") }
        #expect(Set(bottoms.map { ($0 * 100).rounded() }).count == 1)
        #expect(svg.elements.first?.name == "svg")
        #expect(svg.elements.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
    }

    @Test func negativeBarsHangBelowTheZeroLine() throws {
        let chart = SVGChart(kind: .bar, points: [.init(label: "gain", value: 30), .init(label: "loss", value: -15)], title: "t")
        let svg = try Elements.parse(chart.render())
        let bars = svg.all("rect", class: "bar")
        let gain = bars[0], loss = bars[1]
        let zero = try number(gain, "y") + number(gain, "height")
        #expect(abs(try number(loss, "y") - zero) < 0.01)
        #expect(abs(try number(gain, "height") / number(loss, "height") - 2) < 0.01)
        // The scale runs below zero, with a tick for it.
        #expect(svg.all("text", class: "tick").count >= 3)
        #expect(svg.text.contains("-"))
    }

    @Test func labelsAndTitlesAreEscaped() throws {
        let evil = #"<script>alert("x")</script> & 'co'"#
        let chart = SVGChart(kind: .line, points: [.init(label: evil, value: 1), .init(label: "b", value: 2)], title: evil)
        let rendered = chart.render()
        #expect(!rendered.contains("<script>"))
        let svg = try Elements.parse(rendered)
        #expect(svg.all("circle", class: "point").count == 2)
        #expect(svg.all("polyline", class: "series").count == 1)
        #expect(svg.elements.first?.attributes["aria-label"] == evil)
        #expect(svg.text.contains(#"<script>alert("x")</script> & 'co': 1"#))
    }

    @Test func linePointsRiseWithValues() throws {
        let chart = SVGChart(kind: .line, points: [1, 5, 3].enumerated().map { .init(label: "d\($0.offset)", value: $0.element) }, title: "t")
        let points = try Elements.parse(chart.render()).all("circle", class: "point")
        let ys = try points.map { try number($0, "cy") }
        // SVG's y grows downwards: the highest value has the smallest y.
        #expect(ys[1] < ys[2] && ys[2] < ys[0])
        let xs = try points.map { try number($0, "cx") }
        #expect(xs == xs.sorted())
    }

    @Test func emptyDataIsAValidChartThatSaysSo() throws {
        let svg = try Elements.parse(SVGChart(kind: .bar, points: [], title: "t").render())
        #expect(svg.all("rect", class: "bar").isEmpty)
        #expect(svg.text.contains("No data"))
    }

    @Test func manyLabelsAreThinnedAndLongOnesShortened() throws {
        let points = (0..<100).map { SVGChart.Point(label: "a very long label number \($0)", value: Double($0)) }
        let svg = try Elements.parse(SVGChart(kind: .bar, points: points, title: "t").render())
        #expect(svg.all("rect", class: "bar").count == 100)
        #expect(svg.all("text", class: "label").count <= SVGChart.maxXLabels)
        #expect(SVGChart.shorten("a very long label number 1").count == SVGChart.maxLabelLength)
    }

    @Test func scalesUseRoundTicksThatIncludeZero() {
        let scale = ChartScale(values: [3, 17, 42])
        #expect(scale.lower == 0)
        #expect(scale.upper == 50)
        #expect(scale.ticks == [0, 10, 20, 30, 40, 50])
        #expect(ChartScale(values: [-12, 4]).ticks.first == -15)
        #expect(ChartScale(values: [0, 0]).upper > 0)
        #expect(ChartScale(values: [0.1, 0.35]).label(0.2) == "0.2")
        // Every tick has as many decimals as the step needs, so they line up: 2.0M beside 2.5M;
        // zero is plainly 0 (not "0.0M", or "0M" on a whole-million axis).
        #expect(ChartScale(values: [1_500_000, 2_500_000]).ticks.map(ChartScale(values: [1_500_000, 2_500_000]).label)
            == ["0", "0.5M", "1.0M", "1.5M", "2.0M", "2.5M"])
        #expect(ChartScale(values: [0, 75_000]).label(20_000) == "20k")
    }
}
