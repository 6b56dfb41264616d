import Foundation

/// A bar or line chart as inline SVG, drawn on the server: no script, no CDN, and the page
/// shows it even with JavaScript off. Reports use it; dashboards will too.
///
/// Labels run along the x axis in order, values up the y axis from a scale that includes zero:
/// negative bars hang below the zero line. Every label and value is escaped.
struct SVGChart {
    enum Kind: String, Sendable, CaseIterable {
        case bar, line
    }

    struct Point: Equatable, Sendable {
        var label: String
        var value: Double
    }

    var kind: Kind
    var points: [Point]
    /// What the chart shows, for screen readers (`aria-label`).
    var title: String
    var width: Double = 720
    var height: Double = 320

    /// Room for the tick labels (left) and the slanted x labels (bottom).
    private let left = 64.0, right = 16.0, top = 16.0, bottom = 84.0
    /// More x labels than this overlap; the others are left out (each mark keeps its tooltip).
    static let maxXLabels = 24
    static let maxLabelLength = 18

    func render() -> String {
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-\#(kind.rawValue)" viewBox="0 0 \#(n(width)) \#(n(height))" "#
            + #"width="100%" style="max-width:\#(n(width))px" role="img" aria-label="\#(HTML.escape(title))">"#
        guard !points.isEmpty else {
            return svg + #"<text x="\#(n(width / 2))" y="\#(n(height / 2))" text-anchor="middle" fill="\#(Palette.faint)">No data to chart</text></svg>"#
        }
        let scale = ChartScale(values: points.map(\.value))
        let plotBottom = height - bottom
        let y = { (value: Double) in scale.position(value, top: self.top, bottom: plotBottom) }
        let band = (width - left - right) / Double(points.count)
        svg += valueAxis(scale, y: y)
        switch kind {
        case .bar: svg += bars(band: band, y: y)
        case .line: svg += line(band: band, y: y)
        }
        // The zero line over the marks, so bars visibly start from it.
        svg += #"<line class="axis" x1="\#(n(left))" x2="\#(n(width - right))" y1="\#(n(y(0)))" y2="\#(n(y(0)))" stroke="\#(Palette.ink)"/>"#
        svg += labels(band: band, baseline: plotBottom)
        return svg + "</svg>"
    }

    private func valueAxis(_ scale: ChartScale, y: (Double) -> Double) -> String {
        var out = #"<line class="axis" x1="\#(n(left))" x2="\#(n(left))" y1="\#(n(top))" y2="\#(n(height - bottom))" stroke="\#(Palette.ink)"/>"#
        for tick in scale.ticks {
            let position = n(y(tick))
            out += #"<line class="grid" x1="\#(n(left))" x2="\#(n(width - right))" y1="\#(position)" y2="\#(position)" stroke="\#(Palette.grid)"/>"#
            out += #"<text class="tick" x="\#(n(left - 6))" y="\#(position)" dy="0.32em" text-anchor="end" font-size="11" fill="\#(Palette.muted)">\#(HTML.escape(scale.label(tick)))</text>"#
        }
        return out
    }

    private func bars(band: Double, y: (Double) -> Double) -> String {
        let zero = y(0)
        // NaN and the infinities have no height; their label stays, so the gap shows.
        return points.enumerated().filter { $0.element.value.isFinite }.map { index, point in
            let top = y(point.value)
            return #"<rect class="bar" x="\#(n(left + band * (Double(index) + 0.15)))" y="\#(n(min(top, zero)))" width="\#(n(band * 0.7))" "#
                + #"height="\#(n(abs(top - zero)))" fill="\#(point.value < 0 ? Palette.negative : Palette.positive)" data-value="\#(HTML.escape(Self.value(point.value)))">"#
                + "<title>\(HTML.escape(point.label)): \(HTML.escape(Self.value(point.value)))</title></rect>"
        }.joined()
    }

    private func line(band: Double, y: (Double) -> Double) -> String {
        // NaN and the infinities have no place on the axis: the line joins the points around them.
        let drawn = points.enumerated().filter { $0.element.value.isFinite }
        let coordinates = drawn.map { (left + band * (Double($0.offset) + 0.5), y($0.element.value)) }
        var out = #"<polyline class="series" fill="none" stroke="\#(Palette.positive)" stroke-width="2" points="\#(coordinates.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))"/>"#
        for (point, (x, y)) in zip(drawn.map(\.element), coordinates) {
            out += #"<circle class="point" cx="\#(n(x))" cy="\#(n(y))" r="3" fill="\#(Palette.positive)" data-value="\#(HTML.escape(Self.value(point.value)))">"#
                + "<title>\(HTML.escape(point.label)): \(HTML.escape(Self.value(point.value)))</title></circle>"
        }
        return out
    }

    private func labels(band: Double, baseline: Double) -> String {
        let every = max(1, Int((Double(points.count) / Double(Self.maxXLabels)).rounded(.up)))
        let slanted = points.count > 8 || points.contains { $0.label.count > 10 }
        return stride(from: 0, to: points.count, by: every).map { index in
            let x = n(left + band * (Double(index) + 0.5)), y = n(baseline + 14)
            let transform = slanted ? #" transform="rotate(-40 \#(x) \#(y))" text-anchor="end""# : #" text-anchor="middle""#
            return #"<text class="label" x="\#(x)" y="\#(y)"\#(transform) font-size="11" fill="\#(Palette.muted)">\#(HTML.escape(Self.shorten(points[index].label)))</text>"#
        }.joined()
    }

    static func shorten(_ label: String) -> String {
        label.count > maxLabelLength ? String(label.prefix(maxLabelLength - 1)) + "…" : label
    }

    /// A value as people write it: 12 rather than 12.0, full precision otherwise.
    static func value(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Colours as presentation attributes, so the chart needs no stylesheet.
    private enum Palette {
        static let ink = "#1d2733", grid = "#dde3ea", muted = "#4a5563", faint = "#6e7781"
        static let positive = "#0070d2", negative = "#d1495b"
    }

    /// Coordinates to two decimals: exact enough, and short.
    private func n(_ value: Double) -> String { String(format: "%.2f", value) }
}
