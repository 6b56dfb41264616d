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

    /// 0–100: the probability in percent, rounded.
    static func score(_ probability: Double) -> Int { min(100, max(0, Int((probability * 100).rounded()))) }
}
