import Analytics
import Foundation
import Testing
import Warehouse
import WarehouseTestSupport

/// Issue 17's acceptance test for the query layer: a few dozen specs over a synced sandbox org
/// (lookups, filters on lookups, each interval, each aggregate, null groups, formulas), each
/// answered by the query layer and by `QueryReference` in plain Swift from whole tables, on
/// SQLite and on PostgreSQL.
@Suite struct QuerySandboxTests {
    /// A spec, and for the several-measures form the formula in Swift.
    typealias Case = (json: String, formula: (@Sendable ([String: Double?]) -> Double?)?)

    static let year2025 = #""from": "2025-01-01", "to": "2026-01-01""#

    static let cases: [Case] = [
        // Each aggregate, no time.
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "count", "field": "CampaignId"}}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "groupBy": ["StageName"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "avg", "field": "Amount"}, "groupBy": ["LeadSource"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "min", "field": "Amount"}, "groupBy": ["Type"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "max", "field": "CloseDate"}, "groupBy": ["StageName"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "countDistinct", "field": "AccountId"}, "groupBy": ["OwnerId"]}"#, nil),
        // Each interval, on a date and on a datetime.
        (#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "time": {"field": "CloseDate", \#(year2025), "interval": "month"}, "filters": [{"field": "StageName", "op": "=", "value": "Closed Won"}], "groupBy": ["Account.Industry"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "time": {"field": "CloseDate", "from": "2025-11-01", "to": "2026-01-01", "interval": "day"}}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "time": {"field": "CreatedDate", "from": "2024-12-01", "to": "2025-04-01", "interval": "week"}, "groupBy": ["IsWon"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "avg", "field": "Probability"}, "time": {"field": "CloseDate", "interval": "quarter"}}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "max", "field": "Amount"}, "time": {"field": "CloseDate", "interval": "year"}, "groupBy": ["IsClosed"]}"#, nil),
        (#"{"object": "Lead", "measure": {"aggregate": "count"}, "time": {"field": "CreatedDate", \#(year2025), "interval": "month"}, "groupBy": ["LeadSource"]}"#, nil),
        (#"{"object": "Lead", "measure": {"aggregate": "count"}, "time": {"field": "CreatedDate", "from": "2025-03-01", "to": "2025-03-20", "interval": "day"}, "groupBy": ["OwnerId"]}"#, nil),
        (#"{"object": "Lead", "measure": {"aggregate": "count"}, "time": {"field": "ConvertedDate", "interval": "quarter"}, "groupBy": ["ConvertedAccount.Industry"]}"#, nil),
        (#"{"object": "Lead", "measure": {"aggregate": "count"}, "time": {"field": "CreatedDate", "from": "2025-01-01", "to": "2025-07-01"}}"#, nil),
        // Lookups: groupings by a parent's field, by a lookup itself (names), two groupings.
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["Owner.Name", "StageName"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "groupBy": ["CampaignId"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["AccountId"], "filters": [{"field": "Amount", "op": ">=", "value": 50000}]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["Account.Industry", "Account.Rating"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Account.AnnualRevenue"}, "groupBy": ["Campaign.Name"]}"#, nil),
        (#"{"object": "Lead", "measure": {"aggregate": "avg", "field": "AnnualRevenue"}, "groupBy": ["Industry", "IsConverted"]}"#, nil),
        (#"{"object": "Account", "measure": {"aggregate": "count"}, "groupBy": ["Owner.Name"]}"#, nil),
        // Filters: each operator, on fields and on lookups.
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "Account.Industry", "op": "in", "value": ["Banking", "Technology", "Retail"]}], "groupBy": ["Account.Industry"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "Account.Industry", "op": "notIn", "value": ["Banking"]}], "groupBy": ["StageName"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "StageName", "op": "!=", "value": "Closed Lost"}, {"field": "Amount", "op": "<", "value": 20000}]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "filters": [{"field": "Amount", "op": "<=", "value": 30000.5}, {"field": "Amount", "op": ">", "value": "1000"}], "groupBy": ["Type"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "Name", "op": "contains", "value": "a"}], "groupBy": ["IsWon"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "CampaignId", "op": "isNull"}], "groupBy": ["LeadSource"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "Campaign.Name", "op": "notNull"}], "groupBy": ["Campaign.Name"]}"#, nil),
        (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "Owner.Name", "op": "contains", "value": "e"}, {"field": "IsClosed", "op": "=", "value": true}], "groupBy": ["Owner.Name"]}"#, nil),
        (#"{"object": "Lead", "measure": {"aggregate": "count"}, "filters": [{"field": "IsConverted", "op": "=", "value": false}, {"field": "NumberOfEmployees", "op": ">=", "value": 100}], "groupBy": ["LeadSource"]}"#, nil),
        (#"{"object": "Lead", "measure": {"aggregate": "count"}, "filters": [{"field": "CreatedDate", "op": ">=", "value": "2025-06-01"}, {"field": "ConvertedDate", "op": "<", "value": "2025-12-01"}], "groupBy": ["ConvertedAccountId"]}"#, nil),
        // Several measures and a formula.
        (#"{"object": "Opportunity", "measures": {"Won": {"aggregate": "count", "filters": [{"field": "IsWon", "op": "=", "value": true}]}, "Closed": {"aggregate": "count", "filters": [{"field": "IsClosed", "op": "=", "value": true}]}}, "formula": "Won / Closed", "time": {"field": "CloseDate", \#(year2025), "interval": "quarter"}, "groupBy": ["OwnerId"]}"#,
         { m in guard let w = m["Won"] ?? nil, let c = m["Closed"] ?? nil, c != 0 else { return nil }; return w / c }),
        (#"{"object": "Opportunity", "measures": {"A": {"aggregate": "sum", "field": "Amount"}, "B": {"aggregate": "sum", "field": "Amount", "filters": [{"field": "StageName", "op": "=", "value": "Closed Lost"}]}}, "formula": "(A - B) / 1000", "groupBy": ["Account.Industry"]}"#,
         { m in guard let a = m["A"] ?? nil, let b = m["B"] ?? nil else { return nil }; return (a - b) / 1000 }),
        (#"{"object": "Lead", "measures": {"conv": {"aggregate": "count", "filters": [{"field": "IsConverted", "op": "=", "value": true}]}, "all": {"aggregate": "count"}}, "formula": "conv * 100 / all", "time": {"field": "CreatedDate", \#(year2025), "interval": "month"}}"#,
         { m in guard let a = m["conv"] ?? nil, let b = m["all"] ?? nil, b != 0 else { return nil }; return a * 100 / b }),
        (#"{"object": "Opportunity", "measures": {"n": {"aggregate": "count"}, "amount": {"aggregate": "avg", "field": "Amount"}}, "groupBy": ["Campaign.Name"]}"#, nil),
    ]

    @Test(arguments: Backend.available) func specsAgreeWithAnIndependentComputation(_ backend: Backend) async throws {
        try await withSyncedSandbox(backend, objects: ["Opportunity", "Account", "User", "Lead", "Campaign"]) { warehouse in
            let reference = try await QueryReference.read(warehouse, tables: ["sf_opportunity", "sf_account", "sf_user", "sf_lead", "sf_campaign"])
            #expect((reference.tables["sf_opportunity"]?.count ?? 0) > 20 && (reference.tables["sf_user"]?.count ?? 0) > 1)
            let service = AnalyticsService(warehouse: warehouse)
            var withNullGroups = 0, withNames = 0, filled = 0
            for (json, formula) in Self.cases {
                let spec = try JSONDecoder().decode(QuerySpec.self, from: Data(json.utf8))
                let result = try await service.query(spec)
                let expected = reference.answer(spec, formula: formula)
                #expect(result.rows.count == expected.count, "\(backend) \(json): \(result.rows.count) rows, expected \(expected.count)")
                for (got, want) in zip(result.rows, expected) where !Self.same(got, want) {
                    Issue.record("\(backend) \(json):\n got \(got)\nwant \(want)")
                    break
                }
                // Columns: the period, the groupings as spelled (the specs use API names' own case), the measures.
                let interval = spec.time?.interval ?? "none"
                let measures = spec.isSingleMeasure ? ["value"] : spec.measures.keys.sorted() + (spec.formula == nil ? [] : ["value"])
                #expect(result.columns == (interval == "none" ? [] : ["period"]) + spec.groupBy + measures, "\(json)")
                #expect(result.rows.allSatisfy { $0.count == result.columns.count })
                // (No time limit here: a loaded CI machine is not a benchmark; `tributary bench query` measures speed.)
                let groups = spec.groupBy.count
                let offset = spec.time?.interval.map { $0 == "none" ? 0 : 1 } ?? 0
                if result.rows.contains(where: { row in (0..<groups).contains { row[offset + $0] == .null } }) { withNullGroups += 1 }
                if spec.groupBy.contains(where: { $0.hasSuffix("Id") }), result.rows.contains(where: { $0[offset].text.map { !$0.hasPrefix("00") } == true }) { withNames += 1 }
                if offset == 1, result.rows.contains(where: { $0.last == .int(0) || $0.last == .double(0) }) { filled += 1 }
            }
            // The data must make the specs mean something: null groups, names for lookups, filled periods.
            #expect(withNullGroups >= 3 && withNames >= 2 && filled >= 2, "null groups \(withNullGroups), names \(withNames), filled \(filled)")
        }
    }

    /// Cells agree: the same text or null, numbers within a relative 1e-9 (PostgreSQL sums
    /// numeric exactly, Swift and SQLite in doubles).
    static func same(_ a: [QueryCell], _ b: [QueryCell]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            if let p = x.number, let q = y.number { return abs(p - q) <= 1e-9 * max(1, abs(p), abs(q)) }
            return x == y
        }
    }
}
