import Foundation
import Warehouse

/// Lead scoring: learn from closed leads which attributes convert, check that on the most
/// recent closed leads, then score the open ones.
extension AnalyticsService {
    /// The derived table the scores are written to, replaced whole on every run.
    public static let leadScoresTable = "tributary_lead_scores"

    /// Trains a logistic regression on the leads with an outcome (converted vs closed without
    /// conversion) old enough for it to be settled (`LeadMaturity`), reports its quality on a
    /// time-based holdout, refits on every such lead and, unless told not to, replaces `tributary_lead_scores` with a 0–100 score, the
    /// probability and the top three reasons for every open lead.
    /// - Throws: `AnalyticsError.missingTable("sf_lead")` and `missingColumn` for the lead table's
    ///   essentials; `notEnoughOutcomes` with fewer than 5 leads of either outcome.
    public func scoreLeads(_ options: LeadScoringOptions = LeadScoringOptions()) async throws -> LeadScoringReport {
        let asOf = options.asOf.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
        var table = try await leadFeatures(asOf: String(asOf.prefix(10)))
        var notes = table.notes
        if !options.leadAge {
            table.features.removeAll { $0.name == LeadFeatureTable.ageFeature }
            notes.append("\(LeadFeatureTable.ageFeature): left out, it reflects when outcomes are recorded more than conversion (see LeadScoringOptions.leadAge)")
        }
        let count = { (outcome: LeadOutcome) in table.outcomes.filter { $0 == outcome }.count }
        let (converted, lost) = (count(.converted), count(.lost))
        guard converted >= 5, lost >= 5 else {
            throw AnalyticsError.notEnoughOutcomes("\(converted) converted and \(lost) closed without conversion; at least 5 of each are needed")
        }
        // Labelled leads old enough for their outcome to be settled, in time order: every split
        // below takes the later ones as its test.
        let maturity = LeadMaturity.choose(table, options, minimum: 5, notes: &notes)
        let outcomes = table.ids.indices.filter { table.outcomes[$0] == .converted || table.outcomes[$0] == .lost }
        let labelled = outcomes.filter { maturity?.settles(table, row: $0) ?? true }
            .sorted { (table.created[$0], table.ids[$0]) < (table.created[$1], table.ids[$1]) }
        let label = { (row: Int) in table.outcomes[row] == .converted ? 1.0 : 0.0 }
        let minLevelCount = options.minLevelCount ?? max(10, labelled.count / 100)

        let (train, test) = Self.timeSplit(labelled, table, testShare: options.holdoutShare)
        let lambda = Self.chooseLambda(table, train, options, minLevelCount: minLevelCount, label: label, notes: &notes)
        let split = Self.splitDescription(cut: test.first.map { table.created[$0] } ?? "", testShare: options.holdoutShare,
                                          maturity: maturity, asOf: asOf)
        let holdout = Self.holdout(table, train: train, test: test, split: split, lambda: lambda, minLevelCount: minLevelCount, label: label)
        if holdout == nil {
            notes.append("Holdout: skipped, the earlier and later labelled leads do not both hold converted and lost leads")
        }

        let model = ScoringModel(table: table, rows: labelled, labels: labelled.map(label), lambda: lambda, minLevelCount: minLevelCount)
        notes += model.encoder.notes
        let open = table.ids.indices.filter { table.outcomes[$0] == .open }
        let report = LeadScoringReport(
            asOf: asOf, modelVersion: model.version, leads: table.ids.count, converted: converted, lost: lost, open: open.count,
            inconsistent: count(.inconsistent), closeAsLostDays: maturity?.closeAsLostDays, tooRecent: outcomes.count - labelled.count,
            lambda: lambda, holdout: holdout, intercept: model.regression.weights.first ?? 0,
            coefficients: model.coefficients(table), notes: notes,
            scoresTable: options.writeScores ? Self.leadScoresTable : nil, scored: options.writeScores ? open.count : 0)
        if options.writeScores {
            try await writeScores(open.map { row in (row, model.probability(table, row: row)) }, table: table, model: model, asOf: asOf)
            try await writeModelQuality(report)
        }
        return report
    }

    /// Fits on `train` and measures on `test`; nil unless both hold both outcomes.
    static func holdout(_ table: LeadFeatureTable, train: [Int], test: [Int], split: String, lambda: Double, minLevelCount: Int,
                        label: (Int) -> Double) -> LeadScoringReport.Holdout? {
        guard hasBothOutcomes(train, label), hasBothOutcomes(test, label) else { return nil }
        let model = ScoringModel(table: table, rows: train, labels: train.map(label), lambda: lambda, minLevelCount: minLevelCount)
        let p = test.map { model.probability(table, row: $0) }, y = test.map(label)
        return LeadScoringReport.Holdout(
            split: split, trainRows: train.count, testRows: test.count, cut: test.first.map { table.created[$0] } ?? "",
            trainConversionRate: train.reduce(0) { $0 + label($1) } / Double(train.count),
            testConversionRate: y.reduce(0, +) / Double(y.count),
            auc: ModelQuality.auc(scores: p, labels: y), brier: ModelQuality.brier(probabilities: p, labels: y),
            topDecileLift: ModelQuality.lift(probabilities: p, labels: y),
            calibration: ModelQuality.calibration(probabilities: p, labels: y))
    }

    /// How `timeSplit` and `LeadMaturity` chose the holdout, in a sentence.
    static func splitDescription(cut: String, testShare: Double, maturity: LeadMaturity?, asOf: String) -> String {
        var text = "By CreatedDate: the leads with an outcome created before \(cut.prefix(10)) train the model and the latest"
            + " \(Int((testShare * 100).rounded()))%, created from that day on, test it"
        if let maturity {
            text += "; leads created in the \(maturity.closeAsLostDays) days before \(asOf.prefix(10)) are in neither, as those that will be lost"
                + " are still open (\(maturity.closeAsLostDays) days: the close-as-lost age, within which 90% of lost leads were closed)"
        }
        return text + "."
    }

    /// Splits time-ordered rows at the CreatedDate of the row at the `1 − testShare` quantile:
    /// rows created before it train, rows created from it on test (equal dates stay together).
    static func timeSplit(_ ordered: [Int], _ table: LeadFeatureTable, testShare: Double) -> (train: [Int], test: [Int]) {
        let index = Int((Double(ordered.count) * (1 - testShare)).rounded(.down))
        guard index < ordered.count else { return (ordered, []) }
        let cut = table.created[ordered[index]]
        return (ordered.filter { table.created[$0] < cut }, ordered.filter { table.created[$0] >= cut })
    }

    static func hasBothOutcomes(_ rows: [Int], _ label: (Int) -> Double) -> Bool {
        rows.contains { label($0) == 1 } && rows.contains { label($0) == 0 }
    }

    /// The candidate λ with the lowest log-loss on the latest part of the training leads, fitted
    /// on the earlier part (the holdout's own logic, one level down); 1 when that split is too
    /// small to say.
    static func chooseLambda(_ table: LeadFeatureTable, _ train: [Int], _ options: LeadScoringOptions, minLevelCount: Int,
                             label: (Int) -> Double, notes: inout [String]) -> Double {
        let (fit, validate) = timeSplit(train, table, testShare: options.holdoutShare)
        guard validate.count >= 20, hasBothOutcomes(fit, label), hasBothOutcomes(validate, label), !options.lambdas.isEmpty else {
            notes.append("Regularisation: too few labelled leads to choose λ by validation; λ = 1")
            return 1
        }
        var best = (lambda: options.lambdas[0], loss: Double.infinity)
        for lambda in options.lambdas {
            let model = ScoringModel(table: table, rows: fit, labels: fit.map(label), lambda: lambda, minLevelCount: minLevelCount)
            let loss = validate.reduce(0.0) { total, row in
                let p = min(max(model.probability(table, row: row), 1e-12), 1 - 1e-12)
                return total - (label(row) == 1 ? log(p) : log(1 - p))
            } / Double(validate.count)
            if loss < best.loss { best = (lambda, loss) }
        }
        return best.lambda
    }
}
