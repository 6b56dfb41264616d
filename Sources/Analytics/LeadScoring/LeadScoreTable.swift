import Foundation
import Rows
import Warehouse

extension AnalyticsService {
    /// The scores table's columns, typed as the describe types they map from.
    static let leadScoreColumns = [
        ("lead_id", "id"), ("score", "int"), ("probability", "double"), ("reason_1", "string"), ("reason_2", "string"),
        ("reason_3", "string"), ("model_version", "string"), ("trained_at", "datetime"),
    ].map { ColumnSpec(sourceName: $0.0, salesforceType: $0.1) }

    /// Replaces `tributary_lead_scores` with one row per scored lead, atomically, so a dashboard
    /// never reads a half-written set.
    func writeScores(_ scored: [(row: Int, probability: Double)], table: LeadFeatureTable, model: ScoringModel, asOf: String) async throws {
        var batch = RowBatch(columnCount: Self.leadScoreColumns.count, reservingRows: scored.count, bytesPerField: 24)
        for (row, p) in scored {
            let reasons = model.reasons(table, row: row)
            batch.append(table.ids[row])
            batch.append(String(Self.score(p)))
            batch.append(String(p))
            for i in 0..<3 { batch.append(i < reasons.count ? reasons[i] : nil) }
            batch.append(model.version)
            batch.append(asOf)
        }
        try await warehouse.replaceTable(Self.leadScoresTable, columns: Self.leadScoreColumns, rows: batch)
    }

    /// The table the latest model's holdout figures go to (one row), for the Leads page.
    public static let leadModelTable = "tributary_lead_model"

    static let leadModelColumns = [
        ("model_version", "string"), ("trained_at", "datetime"), ("auc", "double"), ("top_decile_lift", "double"), ("brier", "double"),
        ("train_rows", "int"), ("test_rows", "int"),
    ].map { ColumnSpec(sourceName: $0.0, salesforceType: $0.1) }

    func writeModelQuality(version: String, asOf: String, holdout: LeadScoringReport.Holdout?) async throws {
        var batch = RowBatch(columnCount: Self.leadModelColumns.count)
        for value in [version, asOf, holdout?.auc.map { String($0) }, holdout?.topDecileLift.map { String($0) }, holdout?.brier.map { String($0) },
                      holdout.map { String($0.trainRows) }, holdout.map { String($0.testRows) }] {
            batch.append(value)
        }
        try await warehouse.replaceTable(Self.leadModelTable, columns: Self.leadModelColumns, rows: batch)
    }

    /// The latest model's holdout figures, if a model was trained.
    public func modelQuality() async throws -> (auc: Double?, lift: Double?, testRows: Int?, trainedAt: String?)? {
        guard try await warehouse.tableSpec(Self.leadModelTable) != nil else { return nil }
        guard let row = try await warehouse.query("SELECT auc, top_decile_lift, test_rows, trained_at FROM \(Self.leadModelTable)").first else { return nil }
        return (Self.double(row[0]), Self.double(row[1]), row[2].flatMap { Int($0) }, row[3])
    }

    /// 0–100; a probability that is not a number (a model fitted on extreme values) scores 0
    /// instead of trapping `Int(_:)`.
    static func score(_ probability: Double) -> Int {
        guard probability.isFinite else { return 0 }
        return min(100, max(0, Int((min(1, max(0, probability)) * 100).rounded())))
    }
}
