@testable import Analytics
import Foundation
import Rows
import Testing
import Warehouse
import WarehouseTestSupport

@Suite struct LeadFeaturesTests {
    private func put(_ warehouse: any Warehouse, _ table: String, _ fields: [(String, String)], _ rows: [[String?]]) async throws {
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
        // Industry, Lead source, Country, Events; no cut-off days (ConvertedDate, LastModifiedDate), no
        // ConvertedContactId, no activity dates
        #expect(table.notes.count == 9, "\(table.notes)")
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
        // Tasks before and after each outcome, the converted lead's on it or on its contact
        try await put(warehouse, "sf_task", [("Id", "id"), ("WhoId", "reference"), ("CreatedDate", "datetime")], [
            ["T1", "L1", "2025-06-01T10:00:00.000+0000"], ["T2", "L1", "2025-06-20T10:00:00.000+0000"],
            ["T3", "C1", "2025-06-05T10:00:00.000+0000"], ["T4", "C1", "2025-07-01T10:00:00.000+0000"],
            ["T5", "L2", "2025-04-01T10:00:00.000+0000"], ["T6", "L2", "2025-05-15T10:00:00.000+0000"],
            ["T7", "L3", "2025-12-31T10:00:00.000+0000"], ["T8", "L3", "2026-01-05T10:00:00.000+0000"],
        ])
        // Campaign memberships, by the lead or the contact they name (M1 names both: counted once)
        try await put(warehouse, "sf_campaignmember", [("Id", "id"), ("LeadId", "reference"), ("ContactId", "reference"), ("CreatedDate", "datetime")], [
            ["M1", "L1", "C1", "2025-06-01T10:00:00.000+0000"], ["M2", nil, "C1", "2025-06-02T10:00:00.000+0000"],
            ["M3", nil, "C1", "2025-08-01T10:00:00.000+0000"], ["M4", "L2", nil, "2025-06-01T10:00:00.000+0000"],
        ])
        // When the features are read as of 2026-01-01
        let table = try await AnalyticsService(warehouse: warehouse).leadFeatures(asOf: "2026-01-01")
        // Then only what was known before each outcome counts
        #expect(table.outcomes == [.converted, .lost, .open])
        #expect(values(table, "Tasks") == ["2", "1", "1"])
        #expect(values(table, "Campaign memberships") == ["2", "0", "0"])
        #expect(!table.notes.contains { $0.contains("cut-off") || $0.contains("reference day") }, "\(table.notes)")
    }

    /// Every feature, as text per lead, to compare two readings.
    private func all(_ table: LeadFeatureTable) -> [String: [String?]] {
        Dictionary(uniqueKeysWithValues: table.features.compactMap { f in values(table, f.name).map { (f.name, $0) } })
    }

    /// `days` after `day` (`YYYY-MM-DD`) at `hour`, as Salesforce writes a datetime.
    private func moment(_ day: String, plus days: Int, hour: Int = 9) -> String {
        let start = (try? Date(day + "T00:00:00Z", strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
        let date = start.addingTimeInterval(TimeInterval(days * 86_400 + hour * 3_600))
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: date)
        return String(format: "%04d-%02d-%02dT%02d:00:00.000+0000", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0)
    }

    /// 30 leads, a third converted (into contact C<i>), lost or open; activity before each
    /// outcome's day on the lead and, once converted, on its contact; with `poisoned`, 40 more
    /// rows per table and lead dated on the outcome's day or later, naming the lead, the contact
    /// or (members) both.
    private func leakWarehouse(_ backend: Backend, poisoned: Bool) async throws -> any Warehouse {
        let warehouse = try await makeWarehouse(backend)
        var leads: [[String?]] = [], tasks: [[String?]] = [], events: [[String?]] = [], members: [[String?]] = []
        for i in 0..<30 {
            let (lead, contact) = (String(format: "L%02d", i), String(format: "C%02d", i))
            let created = moment("2025-03-01", plus: i * 7)
            let createdDay = String(created.prefix(10))
            // The outcome's day: converted 20 days in, lost (last change) 50 days in, open: the reference day
            let outcome = i % 3 == 0 ? moment(createdDay, plus: 20) : i % 3 == 1 ? moment(createdDay, plus: 50, hour: 16) : "2026-01-01T00:00:00.000+0000"
            let outcomeDay = String(outcome.prefix(10))
            switch i % 3 {
            case 0: leads.append([lead, created, "true", "Closed - Converted", outcomeDay, contact, outcome])
            case 1: leads.append([lead, created, "false", "Closed - Not Converted", nil, nil, outcome])
            default: leads.append([lead, created, "false", "Working - Contacted", nil, nil, moment(createdDay, plus: 3)])
            }
            let converted = i % 3 == 0
            // Known before the outcome: i % 4 + 1 rows on the lead, two more on the contact once converted
            for k in 0..<(i % 4 + 1) {
                let at = moment(createdDay, plus: k)
                tasks.append(["T\(i)-\(k)", converted ? contact : lead, at])
                events.append(["E\(i)-\(k)", lead, at])
                members.append(["M\(i)-\(k)", lead, converted ? contact : nil, at])
            }
            if converted {
                for k in 0..<2 {
                    let at = moment(createdDay, plus: 10 + k, hour: 23)
                    tasks.append(["TC\(i)-\(k)", contact, at])
                    events.append(["EC\(i)-\(k)", contact, at])
                    members.append(["MC\(i)-\(k)", nil, contact, at])
                }
            }
            guard poisoned else { continue }
            // Dated on the outcome's day (its first second) or later: never known before it
            for k in 0..<40 {
                let at = k == 0 ? outcomeDay + "T00:00:01.000+0000" : moment(outcomeDay, plus: k % 20, hour: k % 24)
                let who = converted && k % 2 == 0 ? contact : lead
                tasks.append(["PT\(i)-\(k)", who, at])
                events.append(["PE\(i)-\(k)", who, at])
                members.append(["PM\(i)-\(k)", k % 3 == 2 && converted ? nil : lead, converted && k % 3 != 1 ? contact : nil, at])
            }
        }
        try await put(warehouse, "sf_lead", [("Id", "id"), ("CreatedDate", "datetime"), ("IsConverted", "boolean"), ("Status", "picklist"),
                                             ("ConvertedDate", "date"), ("ConvertedContactId", "reference"), ("LastModifiedDate", "datetime")], leads)
        try await put(warehouse, "sf_task", [("Id", "id"), ("WhoId", "reference"), ("CreatedDate", "datetime")], tasks)
        try await put(warehouse, "sf_event", [("Id", "id"), ("WhoId", "reference"), ("CreatedDate", "datetime")], events)
        try await put(warehouse, "sf_campaignmember", [("Id", "id"), ("LeadId", "reference"), ("ContactId", "reference"), ("CreatedDate", "datetime")], members)
        return warehouse
    }

    @Test(arguments: Backend.available) func noFeatureReadsDataDatedAfterTheOutcome(_ backend: Backend) async throws {
        // Given the same leads twice, once with every activity table poisoned after each outcome
        let clean = try await leakWarehouse(backend, poisoned: false)
        let poisoned = try await leakWarehouse(backend, poisoned: true)
        #expect(try await poisoned.rowCount("sf_task") == (try await clean.rowCount("sf_task")) + 30 * 40)
        // When the features are read from each
        let before = try await AnalyticsService(warehouse: clean).leadFeatures(asOf: "2026-01-01")
        let after = try await AnalyticsService(warehouse: poisoned).leadFeatures(asOf: "2026-01-01")
        // Then they are identical: no feature reads a row dated on or after the outcome's day
        #expect(before.outcomes == after.outcomes && before.ids == after.ids)
        #expect(all(before) == all(after))
        #expect(Set(all(after).keys) == ["Lead age (days)", "Tasks", "Events", "Campaign memberships"])
        // And a converted lead's activity is found on its contact: its own rows and the contact's
        let expected = (0..<30).map { i in String(i % 4 + 1 + (i % 3 == 0 ? 2 : 0)) }
        #expect(values(after, "Tasks") == expected)
        #expect(values(after, "Events") == expected)
        #expect(values(after, "Campaign memberships") == expected)
        #expect(!after.notes.contains { $0.contains("cut-off") || $0.contains("reference day") || $0.contains("converted lead") }, "\(after.notes)")
    }

    @Test func encoderFoldsRareLevelsAndStandardisesOnTheFittingRowsOnly() {
        // Given 30 leads: source A ×20, B ×8, C ×2; a count feature 0…29; a constant feature
        let sources: [String?] = (0..<30).map { $0 < 20 ? "A" : $0 < 28 ? "B" : $0 == 28 ? "C" : nil }
        let table = LeadFeatureTable(
            ids: (0..<30).map { "L\($0)" }, created: (0..<30).map { "2025-01-\($0)" }, age: Array(repeating: 30, count: 30),
            daysToLastChange: Array(repeating: nil, count: 30), outcomes: Array(repeating: .open, count: 30),
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
