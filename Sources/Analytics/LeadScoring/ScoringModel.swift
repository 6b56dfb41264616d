import Foundation

/// A fitted lead-scoring model: the encoder learnt from its training rows and the regression.
struct ScoringModel: Sendable {
    let encoder: FeatureEncoder
    let regression: LogisticRegression
    let lambda: Double

    /// Fits on `rows` of `table`, whose labels are 1 for converted, 0 for lost.
    init(table: LeadFeatureTable, rows: [Int], labels: [Double], lambda: Double, minLevelCount: Int) {
        let encoder = FeatureEncoder(fitting: table, rows: rows, minLevelCount: minLevelCount)
        let design = rows.map { encoder.encode(table, row: $0) }
        self.encoder = encoder
        regression = LogisticRegression.fit(rows: design, labels: labels, lambda: lambda)
        self.lambda = lambda
    }

    func probability(_ table: LeadFeatureTable, row: Int) -> Double {
        regression.probability(encoder.encode(table, row: row))
    }

    /// The features that moved this lead's log-odds most away from the average training lead,
    /// strongest first: "Lead source = Partner Referral (+0.82)". A feature's push is the sum
    /// over its columns of weight × (value − training mean), so a one-hot feature counts once.
    func reasons(_ table: LeadFeatureTable, row: Int, count: Int = 3) -> [String] {
        let x = encoder.encode(table, row: row)
        var push: [Int: Double] = [:]
        for (j, column) in encoder.columns.enumerated() {
            push[column.feature, default: 0] += regression.weights[j + 1] * (x[j + 1] - encoder.columnMeans[j])
        }
        return push.sorted { abs($0.value) > abs($1.value) || (abs($0.value) == abs($1.value) && $0.key < $1.key) }
            .prefix(count)
            .map { f, value in
                "\(table.features[f].name) = \(encoder.displayValue(table, feature: f, row: row)) (\(String(format: "%+.2f", value)))"
            }
    }

    /// Named weights, largest magnitude first, intercept left out.
    func coefficients(_ table: LeadFeatureTable) -> [LeadScoringReport.Coefficient] {
        zip(encoder.columns, regression.weights.dropFirst())
            .map { LeadScoringReport.Coefficient(name: encoder.name(of: $0, in: table), weight: $1) }
            .sorted { abs($0.weight) > abs($1.weight) || (abs($0.weight) == abs($1.weight) && $0.name < $1.name) }
    }

    /// A short fingerprint of the fitted weights (FNV-1a): the same data give the same version,
    /// so a table of scores can be matched to the model that wrote it.
    var version: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for w in regression.weights {
            for byte in withUnsafeBytes(of: w.bitPattern.littleEndian, Array.init) {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return "lr1-" + String(hash >> 32, radix: 16).leftPadded(to: 8)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
