import Analytics
import Foundation
import Testing
import Warehouse
import WarehouseTestSupport

/// Issue 17's Done-when: the figures on the lead and opportunity dashboards equal the same specs
/// run through the query layer (`POST /api/v1/query`'s). The revenue analyses are compared in
/// `QueryCurrencyTests`; these are the counts and rates.
@Suite struct BuiltInQueryTests {
    static let objects = ["Lead", "Opportunity", "User"]

    /// A rate's counts by group label (nil: no value), from the query layer's several-measures answer.
    private func counts(_ result: QueryResult, total: String, successes: String) throws -> [String?: [Int]] {
        let t = try #require(result.columns.firstIndex(of: total)), s = try #require(result.columns.firstIndex(of: successes))
        var out: [String?: [Int]] = [:]
        for row in result.rows where (row[t].number ?? 0) > 0 {
            out[row[0].text] = [Int(row[t].number ?? -1), Int(row[s].number ?? -1)]
        }
        return out
    }

    private static func rate(_ object: String, converted: FilterSpec, groupBy: String, filters: [FilterSpec] = [], time: TimeSpec? = nil) -> QuerySpec {
        QuerySpec(object: object, measures: ["All": MeasureSpec(aggregate: "count"), "Yes": MeasureSpec(aggregate: "count", filters: [converted])],
                  time: time, filters: filters, groupBy: groupBy.isEmpty ? [] : [groupBy])
    }

    @Test(arguments: Backend.available) func leadAndOpportunityRatesEqualTheirQuerySpecs(_ backend: Backend) async throws {
        try await withSyncedSandbox(backend, objects: Self.objects) { warehouse in
            let service = AnalyticsService(warehouse: warehouse)
            let converted = FilterSpec(field: "IsConverted", op: "=", value: .bool(true))
            let names = Dictionary(try await warehouse.query("SELECT id, name FROM sf_user").compactMap { row in row[0].map { ($0, row[1]) } },
                                   uniquingKeysWith: { a, _ in a })
            let builtIn = { (rows: [RateRow], byName: Bool) -> [String?: [Int]] in
                Dictionary(rows.map { (byName ? $0.key.flatMap { names[$0] ?? $0 } : $0.key, [$0.total, $0.successes]) }, uniquingKeysWith: { a, _ in a })
            }
            for (dimension, field) in [(LeadDimension.leadSource, "LeadSource"), (.industry, "Industry"), (.owner, "OwnerId")] {
                let rows = try await service.conversionBy(dimension, filter: .all)
                let query = try await service.query(Self.rate("Lead", converted: converted, groupBy: field))
                #expect(builtIn(rows, dimension == .owner) == (try counts(query, total: "All", successes: "Yes")), "\(field)")
                #expect(rows.count > 2)
                if dimension == .leadSource {
                    // The same picklist order on both sides.
                    #expect(rows.compactMap(\.key) == query.rows.compactMap { $0[0].text }.filter { key in rows.contains { $0.key == key } })
                }
            }
            // By month created: the query fills empty months with zeros, the analysis leaves them out.
            let months = try await service.conversionBy(.createdMonth, filter: .all)
            let byMonth = try await service.query(Self.rate("Lead", converted: converted, groupBy: "", time: TimeSpec(field: "CreatedDate", interval: "month")))
            #expect(builtIn(months, false) == (try counts(byMonth, total: "All", successes: "Yes")))

            // Win rate by owner: closed deals, won ones.
            let won = FilterSpec(field: "IsWon", op: "=", value: .bool(true))
            let closed = [FilterSpec(field: "IsClosed", op: "=", value: .bool(true))]
            let winRates = try await service.winRateByOwner(filter: .all)
            let query = try await service.query(Self.rate("Opportunity", converted: won, groupBy: "OwnerId", filters: closed))
            #expect(builtIn(winRates, true) == (try counts(query, total: "All", successes: "Yes")))
            #expect(winRates.count > 2)
        }
    }
}
