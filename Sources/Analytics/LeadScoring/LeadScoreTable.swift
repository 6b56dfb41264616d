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
        ("train_rows", "int"), ("test_rows", "int"), ("split", "string"), ("train_conversion_rate", "double"),
        ("test_conversion_rate", "double"), ("close_as_lost_days", "int"), ("too_recent", "int"),
    ].map { ColumnSpec(sourceName: $0.0, salesforceType: $0.1) }

    func writeModelQuality(_ report: LeadScoringReport) async throws {
        let holdout = report.holdout
        var batch = RowBatch(columnCount: Self.leadModelColumns.count)
        for value in [report.modelVersion, report.asOf, holdout?.auc.map { String($0) }, holdout?.topDecileLift.map { String($0) },
                      holdout?.brier.map { String($0) }, holdout.map { String($0.trainRows) }, holdout.map { String($0.testRows) },
                      holdout?.split, holdout.map { String($0.trainConversionRate) }, holdout.map { String($0.testConversionRate) },
                      report.closeAsLostDays.map { String($0) }, String(report.tooRecent)] {
            batch.append(value)
        }
        try await warehouse.replaceTable(Self.leadModelTable, columns: Self.leadModelColumns, rows: batch)
    }

    /// The latest model's holdout figures, if a model was trained. A table written before a
    /// column was added reads that column as nil.
    public func modelQuality() async throws -> LeadModelQuality? {
        guard let spec = try await warehouse.tableSpec(Self.leadModelTable) else { return nil }
        let names = Self.leadModelColumns.map(\.name)
        let select = names.map { spec.column(named: $0) != nil ? $0 : "NULL" }.joined(separator: ", ")
        guard let row = try await warehouse.query("SELECT \(select) FROM \(Self.leadModelTable)").first else { return nil }
        let value = { (name: String) in names.firstIndex(of: name).flatMap { row[$0] } }
        return LeadModelQuality(
            trainedAt: value("trained_at"), auc: Self.double(value("auc")), lift: Self.double(value("top_decile_lift")),
            trainRows: value("train_rows").flatMap { Int($0) }, testRows: value("test_rows").flatMap { Int($0) }, split: value("split"),
            trainConversionRate: Self.double(value("train_conversion_rate")), testConversionRate: Self.double(value("test_conversion_rate")),
            closeAsLostDays: value("close_as_lost_days").flatMap { Int($0) }, tooRecent: value("too_recent").flatMap { Int($0) })
    }

    /// 0–100; a probability that is not a number (a model fitted on extreme values) scores 0
    /// instead of trapping `Int(_:)`.
    static func score(_ probability: Double) -> Int {
        guard probability.isFinite else { return 0 }
        return min(100, max(0, Int((min(1, max(0, probability)) * 100).rounded())))
    }
}

/// How the latest lead-scoring model did on its holdout, as `tributary_lead_model` keeps it.
public struct LeadModelQuality: Sendable, Equatable {
    public var trainedAt: String?
    public var auc: Double?
    public var lift: Double?
    public var trainRows: Int?
    public var testRows: Int?
    /// How the holdout was chosen, in a sentence (`LeadScoringReport.Holdout.split`).
    public var split: String?
    public var trainConversionRate: Double?
    public var testConversionRate: Double?
    public var closeAsLostDays: Int?
    public var tooRecent: Int?

    public init(trainedAt: String? = nil, auc: Double? = nil, lift: Double? = nil, trainRows: Int? = nil, testRows: Int? = nil,
                split: String? = nil, trainConversionRate: Double? = nil, testConversionRate: Double? = nil, closeAsLostDays: Int? = nil,
                tooRecent: Int? = nil) {
        self.trainedAt = trainedAt
        self.auc = auc
        self.lift = lift
        self.trainRows = trainRows
        self.testRows = testRows
        self.split = split
        self.trainConversionRate = trainConversionRate
        self.testConversionRate = testConversionRate
        self.closeAsLostDays = closeAsLostDays
        self.tooRecent = tooRecent
    }
}
