import Foundation

/// Turns raw lead features into the model's numeric rows, learning everything it needs (levels,
/// means, spreads) from the rows it is fitted on, so the holdout never leaks into training.
///
/// Categorical features are one-hot; levels seen fewer than `minLevelCount` times fold into
/// "(other)", so the model does not learn noise from a handful of leads. Numeric features are
/// counts and amounts with long tails: `log1p`, then standardised; a missing value takes the
/// mean (0 after standardising). A feature with no variation is left out with a note.
struct FeatureEncoder: Sendable {
    static let blank = "(blank)"
    static let other = "(other)"

    enum Column: Sendable, Equatable {
        /// 1 when the feature's (folded) level is `level`.
        case level(feature: Int, level: String)
        /// `(log1p(v) − mean) / spread`.
        case numeric(feature: Int, mean: Double, spread: Double)

        var feature: Int {
            switch self {
            case .level(let f, _), .numeric(let f, _, _): f
            }
        }
    }

    /// The encoded columns after the intercept.
    let columns: [Column]
    /// Kept levels per categorical feature index.
    let keptLevels: [Int: Set<String>]
    /// Each column's mean over the fitting rows: the "average lead" reasons are measured from.
    let columnMeans: [Double]
    let notes: [String]

    init(fitting table: LeadFeatureTable, rows: [Int], minLevelCount: Int) {
        var columns: [Column] = []
        var kept: [Int: Set<String>] = [:]
        var notes: [String] = []
        for (f, feature) in table.features.enumerated() {
            switch feature.values {
            case .categorical(let values):
                var counts: [String: Int] = [:]
                for r in rows { counts[values[r] ?? Self.blank, default: 0] += 1 }
                let levels = Set(counts.filter { $0.value >= minLevelCount }.keys)
                let folds = counts.contains { !levels.contains($0.key) }
                let encoded = levels.sorted() + (folds ? [Self.other] : [])
                guard encoded.count >= 2 else {
                    notes.append("\(feature.name): left out, no variation among the labelled leads")
                    continue
                }
                kept[f] = levels
                columns += encoded.map { .level(feature: f, level: $0) }
            case .numeric(let values):
                let logs = rows.compactMap { values[$0].map(Self.log) }
                let mean = logs.isEmpty ? 0 : logs.reduce(0, +) / Double(logs.count)
                let spread = logs.isEmpty ? 0 : (logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count)).squareRoot()
                guard spread > 1e-12 else {
                    notes.append("\(feature.name): left out, no variation among the labelled leads")
                    continue
                }
                columns.append(.numeric(feature: f, mean: mean, spread: spread))
            }
        }
        self.columns = columns
        self.keptLevels = kept
        self.notes = notes
        var means = [Double](repeating: 0, count: columns.count)
        for r in rows {
            let x = Self.encode(table, row: r, columns: columns, kept: kept)
            for j in means.indices { means[j] += x[j + 1] }
        }
        columnMeans = means.map { rows.isEmpty ? 0 : $0 / Double(rows.count) }
    }

    /// The model's row for lead `row`: 1 (the intercept), then one value per column.
    func encode(_ table: LeadFeatureTable, row: Int) -> [Double] {
        Self.encode(table, row: row, columns: columns, kept: keptLevels)
    }

    /// The level a categorical feature's value counts as, or the raw value of a numeric one, as text.
    func displayValue(_ table: LeadFeatureTable, feature f: Int, row: Int) -> String {
        switch table.features[f].values {
        case .categorical(let values): return Self.folded(values[row], kept: keptLevels[f] ?? [])
        case .numeric(let values):
            guard let v = values[row] else { return Self.blank }
            return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.2f", v)
        }
    }

    /// A column's name in the coefficient table: "Lead source = Web", "Tasks (log, standardised)".
    func name(of column: Column, in table: LeadFeatureTable) -> String {
        switch column {
        case .level(let f, let level): "\(table.features[f].name) = \(level)"
        case .numeric(let f, _, _): "\(table.features[f].name) (log, standardised)"
        }
    }

    private static func log(_ v: Double) -> Double { log1p(max(0, v)) }

    private static func folded(_ value: String?, kept: Set<String>) -> String {
        let level = value ?? blank
        return kept.contains(level) ? level : other
    }

    private static func encode(_ table: LeadFeatureTable, row: Int, columns: [Column], kept: [Int: Set<String>]) -> [Double] {
        var x = [Double](repeating: 0, count: columns.count + 1)
        x[0] = 1
        for (j, column) in columns.enumerated() {
            switch (column, table.features[column.feature].values) {
            case (.level(let f, let level), .categorical(let values)):
                x[j + 1] = folded(values[row], kept: kept[f] ?? []) == level ? 1 : 0
            case (.numeric(_, let mean, let spread), .numeric(let values)):
                x[j + 1] = values[row].map { (log($0) - mean) / spread } ?? 0
            default:
                break
            }
        }
        return x
    }
}
