import Foundation

enum Statistics {
    /// z for a two-sided 95% interval.
    static let z95 = 1.959963984540054

    /// Wilson score interval for `successes` of `total`; nil when `total` is 0.
    static func wilson(successes: Int, total: Int, z: Double = z95) -> (Double, Double)? {
        guard total > 0 else { return nil }
        let n = Double(total), p = Double(successes) / n, z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted(), m = s.count / 2
        return s.count % 2 == 1 ? Double(s[m]) : Double(s[m - 1] + s[m]) / 2
    }
}
