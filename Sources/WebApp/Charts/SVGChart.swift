import Foundation

/// A bar, line or stacked bar chart as inline SVG, drawn on the server: no script, no CDN, and
/// the page (or an email) shows it even with JavaScript off.
///
/// Labels run along the x axis in order; each series has a value per label (nil: no mark),
/// up the y axis from a scale that includes zero. Several series draw side by side (bar), as
/// several lines (line) or stacked (stacked bar: positive values up from zero, negative ones
/// down), with a legend. Axis titles say what the axes hold. Every text is escaped.
struct SVGChart {
    enum Kind: String, Sendable, CaseIterable {
        case bar, line, stackedBar
    }

    struct Point: Equatable, Sendable {
        var label: String
        var value: Double
    }

    struct Series: Equatable, Sendable {
        var name: String
        var values: [Double?]
    }

    var kind: Kind
    var labels: [String]
    var series: [Series]
    /// What the chart shows, for screen readers (`aria-label`).
    var title: String
    var xTitle: String?
    var yTitle: String?
    var width: Double = 720
    var height: Double = 320

    /// Room for the tick labels (left) and the x labels (bottom: slanted ones need more).
    private let left = 64.0, right = 16.0, top = 16.0
    private var labelsHeight: Double { slanted ? 84 : 28 }
    private var slanted: Bool { labels.count > 8 || labels.contains { $0.count > 10 } }
    /// More x labels than this overlap; the others are left out (each mark keeps its tooltip).
    static let maxXLabels = 24
    static let maxLabelLength = 18
    static let legendPerRow = 4

    /// One series: a label and a value per point.
    init(kind: Kind, points: [Point], title: String, xTitle: String? = nil, yTitle: String? = nil) {
        self.init(kind: kind, labels: points.map(\.label), series: [Series(name: title, values: points.map(\.value))], title: title,
                  xTitle: xTitle, yTitle: yTitle)
    }

    init(kind: Kind, labels: [String], series: [Series], title: String, xTitle: String? = nil, yTitle: String? = nil) {
        self.kind = kind
        self.labels = labels
        self.series = series
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    private var showsLegend: Bool { series.count > 1 }
    private var legendRows: Int { showsLegend ? (series.count + Self.legendPerRow - 1) / Self.legendPerRow : 0 }
    /// Below the plot: the x labels, the x axis title, the legend.
    private var bottom: Double { labelsHeight + (xTitle == nil ? 0 : 18) + Double(legendRows) * 18 }
    private var plotLeft: Double { left + (yTitle == nil ? 0 : 18) }
    private var totalHeight: Double { height - 84 + labelsHeight + (xTitle == nil ? 0 : 18) + Double(legendRows) * 18 }

    func render() -> String {
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-\#(kind.rawValue)" viewBox="0 0 \#(n(width)) \#(n(totalHeight))" "#
            + #"width="100%" style="max-width:\#(n(width))px" role="img" aria-label="\#(HTML.escape(title))">"#
        guard !labels.isEmpty, series.contains(where: { $0.values.contains { $0 != nil } }) else {
            return svg + #"<text x="\#(n(width / 2))" y="\#(n(height / 2))" text-anchor="middle" fill="\#(Palette.faint)">No data to chart</text></svg>"#
        }
        let scale = ChartScale(values: scaleValues)
        let plotBottom = totalHeight - bottom
        let y = { (value: Double) in scale.position(value, top: self.top, bottom: plotBottom) }
        let band = (width - plotLeft - right) / Double(labels.count)
        svg += valueAxis(scale, y: y, plotBottom: plotBottom)
        switch kind {
        case .bar: svg += bars(band: band, y: y)
        case .line: svg += lines(band: band, y: y)
        case .stackedBar: svg += stacks(band: band, y: y)
        }
        // The zero line over the marks, so bars visibly start from it.
        svg += #"<line class="axis" x1="\#(n(plotLeft))" x2="\#(n(width - right))" y1="\#(n(y(0)))" y2="\#(n(y(0)))" stroke="\#(Palette.ink)"/>"#
        svg += xLabels(band: band, baseline: plotBottom)
        svg += axisTitles(plotBottom: plotBottom)
        if showsLegend { svg += legend(top: plotBottom + labelsHeight + (xTitle == nil ? 0 : 18)) }
        return svg + "</svg>"
    }

    /// What the axis must hold: every value, or for stacks each label's positive and negative sums.
    private var scaleValues: [Double] {
        guard kind == .stackedBar else { return series.flatMap { $0.values.compactMap { $0 } } }
        return labels.indices.flatMap { i -> [Double] in
            let values = series.compactMap { i < $0.values.count ? $0.values[i] : nil }.filter(\.isFinite).map(ChartScale.clamp)
            return [values.filter { $0 > 0 }.reduce(0, +), values.filter { $0 < 0 }.reduce(0, +)].map(ChartScale.clamp)
        }
    }

    private func valueAxis(_ scale: ChartScale, y: (Double) -> Double, plotBottom: Double) -> String {
        var out = #"<line class="axis" x1="\#(n(plotLeft))" x2="\#(n(plotLeft))" y1="\#(n(top))" y2="\#(n(plotBottom))" stroke="\#(Palette.ink)"/>"#
        for tick in scale.ticks {
            let position = n(y(tick))
            out += #"<line class="grid" x1="\#(n(plotLeft))" x2="\#(n(width - right))" y1="\#(position)" y2="\#(position)" stroke="\#(Palette.grid)"/>"#
            out += #"<text class="tick" x="\#(n(plotLeft - 6))" y="\#(position)" dy="0.32em" text-anchor="end" font-size="11" fill="\#(Palette.muted)">\#(HTML.escape(scale.label(tick)))</text>"#
        }
        return out
    }

    private func value(_ series: Series, _ index: Int) -> Double? {
        guard index < series.values.count, let value = series.values[index], value.isFinite else { return nil }
        return value
    }

    private func tooltip(_ index: Int, _ series: Series, _ value: Double) -> String {
        let name = showsLegend ? "\(series.name), " : ""
        return "<title>\(HTML.escape(name + labels[index])): \(HTML.escape(Self.value(value)))</title>"
    }

    private func bars(band: Double, y: (Double) -> Double) -> String {
        let zero = y(0)
        let width = band * 0.7 / Double(series.count)
        var out = ""
        // NaN and the infinities have no height; their label stays, so the gap shows.
        for (s, one) in series.enumerated() {
            for index in labels.indices {
                guard let value = value(one, index) else { continue }
                let top = y(value)
                let fill = series.count == 1 ? (value < 0 ? Palette.negative : Palette.positive) : Palette.series(s)
                out += #"<rect class="bar" x="\#(n(plotLeft + band * (Double(index) + 0.15) + width * Double(s)))" y="\#(n(min(top, zero)))" width="\#(n(width))" "#
                    + #"height="\#(n(abs(top - zero)))" fill="\#(fill)" data-value="\#(HTML.escape(Self.value(value)))">\#(tooltip(index, one, value))</rect>"#
            }
        }
        return out
    }

    private func stacks(band: Double, y: (Double) -> Double) -> String {
        var out = ""
        for index in labels.indices {
            var above = 0.0, below = 0.0
            for (s, one) in series.enumerated() {
                guard let value = value(one, index), value != 0 else { continue }
                let base = value > 0 ? above : below
                let end = ChartScale.clamp(base + ChartScale.clamp(value))
                if value > 0 { above = end } else { below = end }
                let (y0, y1) = (y(base), y(end))
                out += #"<rect class="bar" x="\#(n(plotLeft + band * (Double(index) + 0.15)))" y="\#(n(min(y0, y1)))" width="\#(n(band * 0.7))" "#
                    + #"height="\#(n(abs(y1 - y0)))" fill="\#(Palette.series(s))" data-value="\#(HTML.escape(Self.value(value)))">\#(tooltip(index, one, value))</rect>"#
            }
        }
        return out
    }

    private func lines(band: Double, y: (Double) -> Double) -> String {
        var out = ""
        for (s, one) in series.enumerated() {
            let colour = series.count == 1 ? Palette.positive : Palette.series(s)
            // NaN and the infinities have no place on the axis: the line joins the points around them.
            let drawn = labels.indices.compactMap { i in value(one, i).map { (index: i, value: $0) } }
            let coordinates = drawn.map { (plotLeft + band * (Double($0.index) + 0.5), y($0.value)) }
            out += #"<polyline class="series" fill="none" stroke="\#(colour)" stroke-width="2" points="\#(coordinates.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))"/>"#
            for (point, (x, y)) in zip(drawn, coordinates) {
                out += #"<circle class="point" cx="\#(n(x))" cy="\#(n(y))" r="3" fill="\#(colour)" data-value="\#(HTML.escape(Self.value(point.value)))">"#
                    + tooltip(point.index, one, point.value) + "</circle>"
            }
        }
        return out
    }

    private func xLabels(band: Double, baseline: Double) -> String {
        let every = max(1, Int((Double(labels.count) / Double(Self.maxXLabels)).rounded(.up)))
        return stride(from: 0, to: labels.count, by: every).map { index in
            let x = n(plotLeft + band * (Double(index) + 0.5)), y = n(baseline + 14)
            let transform = slanted ? #" transform="rotate(-40 \#(x) \#(y))" text-anchor="end""# : #" text-anchor="middle""#
            return #"<text class="label" x="\#(x)" y="\#(y)"\#(transform) font-size="11" fill="\#(Palette.muted)">\#(HTML.escape(Self.shorten(labels[index])))</text>"#
        }.joined()
    }

    private func axisTitles(plotBottom: Double) -> String {
        var out = ""
        if let xTitle {
            out += #"<text class="axis-title" x="\#(n((plotLeft + width - right) / 2))" y="\#(n(plotBottom + labelsHeight + 12))" text-anchor="middle" "#
                + #"font-size="12" fill="\#(Palette.ink)">\#(HTML.escape(xTitle))</text>"#
        }
        if let yTitle {
            let x = n(12), y = n((top + plotBottom) / 2)
            out += #"<text class="axis-title" x="\#(x)" y="\#(y)" transform="rotate(-90 \#(x) \#(y))" text-anchor="middle" "#
                + #"font-size="12" fill="\#(Palette.ink)">\#(HTML.escape(yTitle))</text>"#
        }
        return out
    }

    private func legend(top: Double) -> String {
        let column = (width - plotLeft - right) / Double(Self.legendPerRow)
        return series.enumerated().map { s, one in
            let x = plotLeft + column * Double(s % Self.legendPerRow), y = top + 18 * Double(s / Self.legendPerRow) + 4
            return #"<g class="legend-entry"><rect x="\#(n(x))" y="\#(n(y))" width="10" height="10" fill="\#(Palette.series(s))"/>"#
                + #"<text x="\#(n(x + 14))" y="\#(n(y + 9))" font-size="11" fill="\#(Palette.ink)">\#(HTML.escape(Self.shorten(one.name)))</text></g>"#
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
        /// Distinct hues for several series, told apart also by the legend's order.
        static let cycle = ["#0070d2", "#e07a1f", "#2e8540", "#9b3fb5", "#d1495b", "#1b9aaa", "#8c6d1f", "#5a6b7b", "#e6b800", "#7fb3e6", "#b0b7bf"]
        static func series(_ index: Int) -> String { cycle[index % cycle.count] }
    }

    /// Coordinates to two decimals: exact enough, and short.
    private func n(_ value: Double) -> String { String(format: "%.2f", value) }
}
