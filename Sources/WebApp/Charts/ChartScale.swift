import Foundation

/// A value axis: a range that includes zero, widened to round tick steps (1, 2 or 5 times a
/// power of ten), so ticks read 0, 250, 500 rather than 0, 233.7, 467.4.
struct ChartScale: Equatable {
    let lower: Double
    let upper: Double
    let step: Double

    init(values: [Double], tickCount: Int = 5) {
        // Bars grow from zero, so zero is always on the axis; an all-zero series gets 0…1.
        var low = min(0, values.min() ?? 0)
        var high = max(0, values.max() ?? 0)
        if low == high { high = low + 1 }
        step = Self.niceStep((high - low) / Double(max(1, tickCount)))
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        lower = low
        upper = high
    }

    /// The ticks from `lower` to `upper`, computed from the index so rounding never drifts.
    var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...count).map { lower + Double($0) * step }
    }

    /// Where `value` sits between `bottom` (at `lower`) and `top` (at `upper`), in SVG units.
    func position(_ value: Double, top: Double, bottom: Double) -> Double {
        bottom - (value - lower) / (upper - lower) * (bottom - top)
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// A tick label: as many decimals as the step needs, and k/M/B for large values.
    func label(_ value: Double) -> String {
        let largest = max(abs(lower), abs(upper))
        let (divisor, suffix): (Double, String) = largest >= 1e9 ? (1e9, "B") : largest >= 1e6 ? (1e6, "M") : largest >= 1e4 ? (1e3, "k") : (1, "")
        let scaledStep = step / divisor
        let decimals = scaledStep >= 1 ? 0 : min(10, Int((-log10(scaledStep)).rounded(.up)))
        // Tiny rounding residue around zero would print as "-0".
        let scaled = abs(value) < step / 1e6 ? 0 : value / divisor
        return String(format: "%.\(decimals)f", scaled) + suffix
    }
}
