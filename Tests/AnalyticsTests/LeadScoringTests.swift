import Analytics
import Foundation
import Rows
import Testing
import Warehouse

/// Leads made up here, where the lead source alone drives conversion, in a warehouse that has
/// only sf_lead (no activity synced) and only some of its feature columns.
private enum MadeUpLeads {
    static let columns = [("Id", "id"), ("CreatedDate", "datetime"), ("IsConverted", "boolean"), ("Status", "picklist"),
                          ("LeadSource", "picklist"), ("Title", "string"), ("NumberOfEmployees", "int")]
    static let sources = [("Partner Referral", 0.8), ("Purchased List", 0.15), ("Web", 0.45)]
    /// The reference day: leads created in the last 45 days before it are still open.
    static let asOf = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01

    static func rows(count: Int = 450) -> [[String?]] {
        var r = SeededRandom(state: 42)
        return (0..<count).map { i in
            let (source, rate) = i % 150 == 7 ? ("Trade Show", 0.5) : sources[r.below(sources.count)]
            let day = r.below(365)
            let created = Calendar(identifier: .gregorian).date(byAdding: .day, value: day - 365, to: asOf) ?? asOf
            let open = day >= 320
            let converted = !open && r.unit() < rate
            return [String(format: "00Q%015d", i), created.formatted(.iso8601), converted ? "true" : "false",
                    open ? "Working - Contacted" : converted ? "Qualified" : "Unqualified",
                    source, ["CEO", "IT Manager", "Engineer"][r.below(3)], String(5 + r.below(3000))]
        }
    }

    static func warehouse(_ rows: [[String?]] = rows()) async throws -> SQLiteWarehouse {
        let warehouse = try SQLiteWarehouse.inMemory()
        try await load(rows, into: warehouse)
        return warehouse
    }

    static func load(_ rows: [[String?]], into warehouse: SQLiteWarehouse) async throws {
        let specs = columns.map { ColumnSpec(sourceName: $0.0, salesforceType: $0.1) }
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_lead", columns: specs))
        var batch = RowBatch(columnCount: specs.count)
        for row in rows { for value in row { batch.append(value) } }
        _ = try await warehouse.upsert(batch, columns: specs, into: "sf_lead", checkpoint: nil)
    }
}

/// Leads where a conversion comes within ten days and a loss is closed 30 to 40 days in (its
/// LastModifiedDate): at the reference day the youngest leads that will be lost are still open,
/// while their peers that convert already have.
private enum SlowLosses {
    static let columns = [("Id", "id"), ("CreatedDate", "datetime"), ("IsConverted", "boolean"), ("Status", "picklist"),
                          ("LeadSource", "picklist"), ("LastModifiedDate", "datetime")]

    static func warehouse() async throws -> SQLiteWarehouse {
        var r = SeededRandom(state: 7)
        let rows: [[String?]] = (0..<1_200).map { i in
            let (source, rate) = MadeUpLeads.sources[r.below(MadeUpLeads.sources.count)]
            let age = 1 + r.below(365)
            let created = MadeUpLeads.asOf.addingTimeInterval(-Double(age) * 86_400 + 3_600)
            let converts = r.unit() < rate
            let delay = converts ? 1 + r.below(10) : 30 + r.below(11)
            let settled = age > delay
            let status = !settled ? "Working - Contacted" : converts ? "Qualified" : "Unqualified"
            let changed = created.addingTimeInterval(Double(settled ? delay : 0) * 86_400)
            return [String(format: "00Q%015d", i), created.formatted(.iso8601), settled && converts ? "true" : "false", status, source,
                    changed.formatted(.iso8601)]
        }
        let warehouse = try SQLiteWarehouse.inMemory()
        let specs = columns.map { ColumnSpec(sourceName: $0.0, salesforceType: $0.1) }
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_lead", columns: specs))
        var batch = RowBatch(columnCount: specs.count)
        for row in rows { for value in row { batch.append(value) } }
        _ = try await warehouse.upsert(batch, columns: specs, into: "sf_lead", checkpoint: nil)
        return warehouse
    }
}

@Suite struct LeadScoringTests {
    @Test func leadsYoungerThanTheCloseAsLostAgeAreNeitherTrainedNorTestedOn() async throws {
        // Given leads whose losses are closed 30 to 40 days in, conversions within ten
        let service = AnalyticsService(warehouse: try await SlowLosses.warehouse())
        // When scored with every labelled lead, and with the close-as-lost age found in the data
        let skewed = try await service.scoreLeads(LeadScoringOptions(asOf: MadeUpLeads.asOf, writeScores: false, closeAsLostDays: 0))
        let report = try await service.scoreLeads(LeadScoringOptions(asOf: MadeUpLeads.asOf))
        let before = try #require(skewed.holdout), after = try #require(report.holdout)
        // Then with every lead the holdout (the latest) converts far more often than training:
        // its young leads that will be lost are still open
        #expect(before.testConversionRate > before.trainConversionRate + 0.08, "\(before.trainConversionRate) / \(before.testConversionRate)")
        #expect(skewed.closeAsLostDays == nil && skewed.tooRecent == 0)
        // And leaving out leads younger than the age by which 90% of losses were closed evens them
        let days = try #require(report.closeAsLostDays)
        #expect((38...40).contains(days))
        #expect(abs(after.testConversionRate - after.trainConversionRate) < 0.05, "\(after.trainConversionRate) / \(after.testConversionRate)")
        #expect(report.tooRecent > 0 && after.trainRows + after.testRows == report.converted + report.lost - report.tooRecent)
        #expect(after.split.contains("before \(after.cut.prefix(10))") && after.split.contains("the latest 20%"))
        #expect(after.split.contains("leads created in the \(days) days before 2026-01-01 are in neither"), "\(after.split)")
        #expect(!before.split.contains("close-as-lost"))
        // And the Leads page's table says the same
        let quality = try #require(try await service.modelQuality())
        #expect(quality.split == after.split && quality.closeAsLostDays == days && quality.tooRecent == report.tooRecent)
        #expect(quality.trainConversionRate == after.trainConversionRate && quality.testConversionRate == after.testConversionRate)
        #expect(quality.trainRows == after.trainRows && quality.testRows == after.testRows)
    }

    @Test func withoutLastModifiedDateEveryLabelledLeadIsUsedAndTheNoteSaysSo() async throws {
        let report = try await AnalyticsService(warehouse: try await MadeUpLeads.warehouse()).scoreLeads(LeadScoringOptions(asOf: MadeUpLeads.asOf))
        #expect(report.closeAsLostDays == nil && report.tooRecent == 0)
        #expect(report.notes.contains { $0.hasPrefix("Recent leads: trained on whatever outcome they have") })
    }

    @Test func aModelTableWrittenBeforeTheSplitColumnsStillReads() async throws {
        // Given tributary_lead_model as an earlier version wrote it
        let warehouse = try SQLiteWarehouse.inMemory()
        let columns = [("model_version", "string"), ("trained_at", "datetime"), ("auc", "double"), ("top_decile_lift", "double"),
                       ("brier", "double"), ("train_rows", "int"), ("test_rows", "int")].map { ColumnSpec(sourceName: $0.0, salesforceType: $0.1) }
        var row = RowBatch(columnCount: columns.count)
        for value in ["v1", "2026-01-01T00:00:00.000Z", "0.81", "1.9", "0.18", "1700", "426"] { row.append(value) }
        try await warehouse.replaceTable(AnalyticsService.leadModelTable, columns: columns, rows: row)
        // When read, the new figures are nil
        let quality = try #require(try await AnalyticsService(warehouse: warehouse).modelQuality())
        #expect(quality.auc == 0.81 && quality.testRows == 426 && quality.split == nil && quality.testConversionRate == nil)
    }

    @Test func scoresOpenLeadsFromTheLeadTableAloneAndSaysWhatIsMissing() async throws {
        // Given a warehouse with sf_lead only
        let warehouse = try await MadeUpLeads.warehouse()
        // When the leads are scored
        let report = try await AnalyticsService(warehouse: warehouse).scoreLeads(LeadScoringOptions(asOf: MadeUpLeads.asOf))
        // Then the missing activity and columns are named, and the model still separates sources
        for missing in ["Tasks", "Events", "Campaign memberships", "Industry", "Rating", "Country", "Annual revenue"] {
            #expect(report.notes.contains { $0.hasPrefix(missing + ": left out") }, "\(missing) in \(report.notes)")
        }
        let holdout = try #require(report.holdout)
        #expect(try #require(holdout.auc) > 0.65, "\(holdout)")
        #expect(holdout.trainRows + holdout.testRows == report.converted + report.lost)
        #expect(holdout.calibration.map(\.leads).reduce(0, +) == holdout.testRows)
        // The rare source folds into "(other)" rather than getting its own weight.
        #expect(report.coefficients.contains { $0.name == "Lead source = (other)" })
        #expect(!report.coefficients.contains { $0.name.contains("Trade Show") })
        let weight = { (name: String) in report.coefficients.first { $0.name == "Lead source = \(name)" }?.weight ?? .nan }
        #expect(weight("Partner Referral") > weight("Web") && weight("Web") > weight("Purchased List"))

        let rows = try await warehouse.query("SELECT s.lead_id, s.score, s.probability, s.reason_1, s.model_version, l.leadsource, l.status"
            + " FROM tributary_lead_scores s JOIN sf_lead l ON l.id = s.lead_id")
        #expect(rows.count == report.open && report.open > 20 && report.scored == report.open)
        #expect(rows.allSatisfy { $0[6] == "Working - Contacted" && $0[4] == report.modelVersion && $0[3] != nil })
        #expect(rows.allSatisfy { row in
            guard let score = row[1].flatMap({ Int($0) }), let p = row[2].flatMap(Double.init) else { return false }
            return (0...100).contains(score) && abs(Double(score) - 100 * p) <= 0.5 + 1e-9
        })
        let mean = { (source: String) -> Double in
            let scores = rows.filter { $0[5] == source }.compactMap { $0[1].flatMap { Double($0) } }
            return scores.reduce(0, +) / Double(max(1, scores.count))
        }
        #expect(mean("Partner Referral") > mean("Web") + 10 && mean("Web") > mean("Purchased List") + 10)
        #expect(rows.contains { $0[3]?.hasPrefix("Lead source = Partner Referral (+") == true })
    }

    @Test func rescoringReplacesTheTable() async throws {
        // Given scores written once
        var leads = MadeUpLeads.rows()
        let warehouse = try await MadeUpLeads.warehouse(leads)
        let service = AnalyticsService(warehouse: warehouse)
        let first = try await service.scoreLeads(LeadScoringOptions(asOf: MadeUpLeads.asOf))
        // When ten open leads close and the model runs again
        var closed = 0
        for i in leads.indices where leads[i][3] == "Working - Contacted" && closed < 10 {
            leads[i][3] = "Unqualified"
            closed += 1
        }
        try await MadeUpLeads.load(leads, into: warehouse)
        let second = try await service.scoreLeads(LeadScoringOptions(asOf: MadeUpLeads.asOf))
        // Then the table holds exactly the leads still open, under the new model
        #expect(second.open == first.open - 10)
        let rows = try await warehouse.query("SELECT model_version, COUNT(*) FROM tributary_lead_scores GROUP BY model_version")
        #expect(rows.count == 1 && rows.first?[0] == second.modelVersion && rows.first?[1] == String(second.open))
        #expect(first.modelVersion != second.modelVersion)
        // And a dry run leaves it alone
        let dry = try await service.scoreLeads(LeadScoringOptions(asOf: MadeUpLeads.asOf, writeScores: false))
        #expect(dry.scoresTable == nil && dry.modelVersion == second.modelVersion)
    }

    @Test func missingLeadsAndTooFewOutcomesAreTypedErrors() async throws {
        let empty = AnalyticsService(warehouse: try SQLiteWarehouse.inMemory())
        await #expect(throws: AnalyticsError.missingTable("sf_lead")) { try await empty.scoreLeads() }
        // Only converted leads: nothing to contrast them with.
        let converted = MadeUpLeads.rows().map { row -> [String?] in
            var row = row
            row[2] = "true"
            row[3] = "Qualified"
            return row
        }
        let service = AnalyticsService(warehouse: try await MadeUpLeads.warehouse(converted))
        await #expect(throws: AnalyticsError.notEnoughOutcomes("450 converted and 0 closed without conversion; at least 5 of each are needed")) {
            try await service.scoreLeads(LeadScoringOptions(asOf: MadeUpLeads.asOf))
        }
    }

    @Test func replaceTableRefusesSyncedAndMetadataTables() async throws {
        let warehouse = try await MadeUpLeads.warehouse()
        let columns = [ColumnSpec(sourceName: "id", salesforceType: "id")]
        var rows = RowBatch(columnCount: 1)
        rows.append("x")
        for table in ["sf_lead", "tributary_connections", "tributary_catalog"] {
            await #expect(throws: WarehouseError.notDerivedTable(table)) {
                try await warehouse.replaceTable(table, columns: columns, rows: rows)
            }
        }
        #expect(try await warehouse.rowCount("sf_lead") == 450)
    }
}
