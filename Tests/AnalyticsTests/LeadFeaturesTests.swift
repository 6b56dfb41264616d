@testable import Analytics
import Foundation
import Rows
import Testing
import Warehouse

@Suite struct LeadFeaturesTests {
    private func put(_ warehouse: SQLiteWarehouse, _ table: String, _ fields: [(String, String)], _ rows: [[String?]]) async throws {
        let columns = fields.map { ColumnSpec(sourceName: $0.0, salesforceType: $0.1) }
        _ = try await warehouse.ensureTable(TableSpec(name: table, columns: columns))
        var batch = RowBatch(columnCount: columns.count)
        for row in rows { for value in row { batch.append(value) } }
        _ = try await warehouse.upsert(batch, columns: columns, into: table, checkpoint: nil)
    }

    private func values(_ table: LeadFeatureTable, _ name: String) -> [String?]? {
        switch table.features.first(where: { $0.name == name })?.values {
        case .categorical(let v): v
        case .numeric(let v): v.map { $0.map { String(Int($0)) } }
        case nil: nil
        }
    }

    @Test func readsLeadColumnsAndCountsActivityPerLead() async throws {
        // Given three leads, tasks (one on a contact), an event table without WhoId, and campaign
        // members (one without a lead)
        let warehouse = try SQLiteWarehouse.inMemory()
        try await put(warehouse, "sf_lead", [("Id", "id"), ("CreatedDate", "datetime"), ("IsConverted", "boolean"), ("Status", "picklist"),
                                             ("Title", "string"), ("NumberOfEmployees", "int"), ("AnnualRevenue", "currency"), ("Rating", "picklist")], [
            ["L1", "2025-12-01T10:00:00.000+0000", "true", "Qualified", "VP Sales", "40", "1000000", "Hot"],
            ["L2", "2025-12-30T23:00:00.000-0500", "false", "Closed - Not Converted", "Engineer", "7000", nil, nil],
            ["L3", "2025-12-31T00:00:00.000+0000", "false", "Open - Not Contacted", nil, nil, "5", "Cold"],
        ])
        try await put(warehouse, "sf_task", [("Id", "id"), ("WhoId", "reference")], [["T1", "L1"], ["T2", "L1"], ["T3", "L2"], ["T4", "003C"]])
        try await put(warehouse, "sf_event", [("Id", "id"), ("Subject", "string")], [["E1", "Call"]])
        try await put(warehouse, "sf_campaignmember", [("Id", "id"), ("LeadId", "reference")], [["M1", "L1"], ["M2", "L1"], ["M3", "L3"], ["M4", nil]])
        // When the features are read as of 2026-01-01
        let table = try await AnalyticsService(warehouse: warehouse).leadFeatures(asOf: "2026-01-01")
        // Then
        #expect(table.ids == ["L1", "L2", "L3"])
        #expect(table.outcomes == [.converted, .lost, .open])
        #expect(values(table, "Lead age (days)") == ["31", "1", "1"])  // L2 is 2025-12-31T04:00Z
        #expect(values(table, "Seniority") == ["VP", "Other", nil])
        #expect(values(table, "Company size") == ["11-50", "5001+", nil])
        #expect(values(table, "Annual revenue") == ["1000000", nil, "5"])
        #expect(values(table, "Rating") == ["Hot", nil, "Cold"])
        #expect(values(table, "Tasks") == ["2", "1", "0"])
        #expect(values(table, "Campaign memberships") == ["2", "0", "1"])
        #expect(values(table, "Events") == nil && values(table, "Industry") == nil)
        #expect(table.notes.contains("Events: left out, sf_event has no column whoid"))
        #expect(table.notes.contains("Industry: left out, sf_lead has no column industry"))
        // Industry, Lead source, Country, Events; no cut-off days (ConvertedDate, LastModifiedDate) nor activity dates
        #expect(table.notes.count == 8, "\(table.notes)")
        #expect(table.notes.contains("Tasks: counted without a date cut-off, sf_task has no column createddate"))
    }

    @Test func activityAfterTheOutcomeIsNotCounted() async throws {
        // Given a lead converted on 2025-06-10 into contact C1, one lost on 2025-05-01, one open
        let warehouse = try SQLiteWarehouse.inMemory()
        try await put(warehouse, "sf_lead", [("Id", "id"), ("CreatedDate", "datetime"), ("IsConverted", "boolean"), ("Status", "picklist"),
                                             ("ConvertedDate", "date"), ("ConvertedContactId", "reference"), ("LastModifiedDate", "datetime")], [
            ["L1", "2025-05-01T10:00:00.000+0000", "true", "Closed - Converted", "2025-06-10", "C1", "2025-06-10T12:00:00.000+0000"],
            ["L2", "2025-03-01T10:00:00.000+0000", "false", "Closed - Not Converted", nil, nil, "2025-05-01T09:00:00.000+0000"],
            ["L3", "2025-11-01T10:00:00.000+0000", "false", "Working - Contacted", nil, nil, "2025-12-01T09:00:00.000+0000"],
        ])
        // Tasks before and after each outcome (the contact's are not the lead's: not followed yet)
        try await put(warehouse, "sf_task", [("Id", "id"), ("WhoId", "reference"), ("CreatedDate", "datetime")], [
            ["T1", "L1", "2025-06-01T10:00:00.000+0000"], ["T2", "L1", "2025-06-20T10:00:00.000+0000"],
            ["T3", "C1", "2025-06-05T10:00:00.000+0000"], ["T4", "C1", "2025-07-01T10:00:00.000+0000"],
            ["T5", "L2", "2025-04-01T10:00:00.000+0000"], ["T6", "L2", "2025-05-15T10:00:00.000+0000"],
            ["T7", "L3", "2025-12-31T10:00:00.000+0000"], ["T8", "L3", "2026-01-05T10:00:00.000+0000"],
        ])
        // Campaign memberships, by the lead they name
        try await put(warehouse, "sf_campaignmember", [("Id", "id"), ("LeadId", "reference"), ("ContactId", "reference"), ("CreatedDate", "datetime")], [
            ["M1", "L1", "C1", "2025-06-01T10:00:00.000+0000"], ["M2", nil, "C1", "2025-06-02T10:00:00.000+0000"],
            ["M3", nil, "C1", "2025-08-01T10:00:00.000+0000"], ["M4", "L2", nil, "2025-06-01T10:00:00.000+0000"],
        ])
        // When the features are read as of 2026-01-01
        let table = try await AnalyticsService(warehouse: warehouse).leadFeatures(asOf: "2026-01-01")
        // Then only what was known before each outcome counts
        #expect(table.outcomes == [.converted, .lost, .open])
        #expect(values(table, "Tasks") == ["1", "1", "1"])
        #expect(values(table, "Campaign memberships") == ["1", "0", "0"])
        #expect(!table.notes.contains { $0.contains("cut-off") || $0.contains("reference day") }, "\(table.notes)")
    }

    @Test func encoderFoldsRareLevelsAndStandardisesOnTheFittingRowsOnly() {
        // Given 30 leads: source A ×20, B ×8, C ×2; a count feature 0…29; a constant feature
        let sources: [String?] = (0..<30).map { $0 < 20 ? "A" : $0 < 28 ? "B" : $0 == 28 ? "C" : nil }
        let table = LeadFeatureTable(
            ids: (0..<30).map { "L\($0)" }, created: (0..<30).map { "2025-01-\($0)" }, outcomes: Array(repeating: .open, count: 30),
            features: [RawFeature(name: "Source", values: .categorical(sources)),
                       RawFeature(name: "Count", values: .numeric((0..<30).map { Double($0) })),
                       RawFeature(name: "Flat", values: .numeric(Array(repeating: 3, count: 30)))],
            notes: [])
        // When fitted with a minimum of 5 per level
        let encoder = FeatureEncoder(fitting: table, rows: Array(0..<30), minLevelCount: 5)
        // Then C and the blank fold into "(other)", the flat feature is dropped, counts are centred
        #expect(encoder.columns.map { encoder.name(of: $0, in: table) }
            == ["Source = A", "Source = B", "Source = (other)", "Count (log, standardised)"])
        #expect(encoder.notes == ["Flat: left out, no variation among the labelled leads"])
        #expect(encoder.encode(table, row: 28) == [1, 0, 0, 1, encoder.encode(table, row: 28)[4]])
        let logs = (0..<30).map { encoder.encode(table, row: $0)[4] }
        #expect(abs(logs.reduce(0, +)) < 1e-9 && abs(logs.reduce(0) { $0 + $1 * $1 } / 30 - 1) < 1e-9)
        #expect(abs(encoder.columnMeans[0] - 20.0 / 30) < 1e-12)
    }
}
