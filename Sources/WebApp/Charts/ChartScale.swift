import Foundation

/// A value axis: a range that includes zero, widened to round tick steps (1, 2 or 5 times a
/// power of ten), so ticks read 0, 250, 500 rather than 0, 233.7, 467.4.
///
/// Any input gives a usable axis, because report results are user input and a trap here stops
/// the whole server: NaN and the infinities are left out of the range (the chart draws no mark
/// for them), finite values are clamped to ±`limit` so `upper - lower` cannot overflow to
/// infinity, and the step never goes below `minimumStep`, so it cannot underflow to zero.
/// That keeps the number of ticks at about `tickCount` for every input.
struct ChartScale: Equatable {
    let lower: Double
    let upper: Double
    let step: Double

    /// A quarter of the largest Double: the widest range (twice this, plus a step) stays finite.
    static let limit = Double.greatestFiniteMagnitude / 4
    /// Far above the subnormals, where `pow(10, log10(x))` and divisions lose the value.
    static let minimumStep = 1e-300

    init(values: [Double], tickCount: Int = 5) {
        let drawable = values.filter(\.isFinite).map(Self.clamp)
        // Bars grow from zero, so zero is always on the axis; an all-zero series gets 0…1.
        var low = min(0, drawable.min() ?? 0)
        var high = max(0, drawable.max() ?? 0)
        if low == high { high = low + 1 }
        step = Self.niceStep((high - low) / Double(max(1, tickCount)))
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        lower = low
        upper = high
    }

    /// `value` within ±`limit`; the chart draws clamped values at the edge of the axis.
    static func clamp(_ value: Double) -> Double { min(max(value, -limit), limit) }

    /// The ticks from `lower` to `upper`, computed from the index so rounding never drifts.
    var ticks: [Double] {
        let intervals = ((upper - lower) / step).rounded()
        // The scale's invariants keep this near `tickCount`; the guard keeps a broken one from trapping.
        guard intervals.isFinite, intervals >= 0, intervals <= 1_000 else { return [lower, upper] }
        return (0...Int(intervals)).map { lower + Double($0) * step }
    }

    /// Where `value` sits between `bottom` (at `lower`) and `top` (at `upper`), in SVG units.
    /// Only finite values have a place; callers leave the others out.
    func position(_ value: Double, top: Double, bottom: Double) -> Double {
        bottom - (Self.clamp(value) - lower) / (upper - lower) * (bottom - top)
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let raw = max(raw, minimumStep)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// A tick label: as many decimals as the step needs, and k/M/B for large values. Beyond
    /// what k/M/B read well (a thousand billion) and below a millionth, scientific notation.
    func label(_ value: Double) -> String {
        // Tiny rounding residue around zero would print as "-0".
        let value = abs(value) < step / 1e6 ? 0 : value
        if value == 0 { return "0" }
        let largest = max(abs(lower), abs(upper))
        if largest >= 1e12 || step < 1e-6 { return String(format: "%.3g", value) }
        let (divisor, suffix): (Double, String) = largest >= 1e9 ? (1e9, "B") : largest >= 1e6 ? (1e6, "M") : largest >= 1e4 ? (1e3, "k") : (1, "")
        let scaledStep = step / divisor
        // scaledStep is at least 1e-6 here, so this is at most 6 decimals.
        let decimals = scaledStep >= 1 ? 0 : min(10, Int((-log10(scaledStep)).rounded(.up)))
        return String(format: "%.\(decimals)f", value / divisor) + suffix
    }
}
