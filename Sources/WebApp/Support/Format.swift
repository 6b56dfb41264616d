import Foundation

/// Numbers as the pages print them: grouped thousands, money without cents past 1,000.
enum Format {
    static func number(_ value: Double, decimals: Int = 0) -> String {
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US")
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = decimals
        formatter.maximumFractionDigits = decimals
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    static func money(_ value: Double) -> String {
        (value < 0 ? "-" : "") + "$" + number(abs(value), decimals: abs(value) >= 1_000 ? 0 : 2)
    }

    static func percent(_ fraction: Double?) -> String {
        fraction.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
    }
}
