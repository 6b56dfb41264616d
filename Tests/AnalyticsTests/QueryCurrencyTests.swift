import Analytics
import Foundation
import SandboxOrg
import Testing
import Warehouse
import WarehouseTestSupport

/// Issue 17, item 3: in a multi-currency org, amounts are converted to the corporate currency at
/// the dated rate in force on each record's day (the query's time field), or at the static rate
/// without one; `"currency": "none"` is refused across currencies. Checked against a computation
/// in Swift from the synced tables.
@Suite struct QueryCurrencyTests {
    static let objects = ["Opportunity", "Account", "CurrencyType", "DatedConversionRate"]

    @Test(arguments: Backend.available) func amountsAreConvertedAtTheRateOfTheirDay(_ backend: Backend) async throws {
        try await withSyncedSandbox(backend, objects: Self.objects, configure: { $0.multiCurrency = true }) { warehouse in
            let reference = try await QueryReference.read(warehouse, tables: ["sf_opportunity", "sf_currencytype", "sf_datedconversionrate"])
            let opportunities = Array(try #require(reference.tables["sf_opportunity"]).values)
            let rates = Rates(reference)
            #expect(Set(opportunities.compactMap { $0["currencyisocode"] ?? nil }).count >= 4)
            let service = AnalyticsService(warehouse: warehouse)

            // Dated: each opportunity at the rate of its close date's range
            let spec = try Self.spec(#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "time": {"field": "CloseDate", "from": "2025-01-01", "to": "2026-01-01", "interval": "quarter"}, "currency": "corporate"}"#)
            let dated = try await service.query(spec)
            #expect(dated.currency == "USD" && dated.rows.count == 4)
            for row in dated.rows {
                let quarter = try #require(row[0].text)
                let inQuarter = opportunities.filter { ($0["closedate"] ?? nil).map { Self.quarter(of: $0) == quarter } ?? false }
                let want = inQuarter.reduce(0.0) { sum, o in
                    guard let amount = (o["amount"] ?? nil).flatMap(Double.init) else { return sum }
                    return sum + amount / rates.rate(o["currencyisocode"] ?? nil, on: o["closedate"] ?? nil)
                }
                let got = try #require(row[1].number)
                #expect(abs(got - want) <= 1e-6 * max(1, abs(want)), "\(quarter): \(got), expected \(want)")
            }
            // The dated rate differs from the static one: converting without a day gives another figure
            let everything = try await service.query(try Self.spec(#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}}"#))
            #expect(everything.currency == "USD", "no key converts when the rates are synced")
            let staticWant = opportunities.reduce(0.0) { sum, o in
                guard let amount = (o["amount"] ?? nil).flatMap(Double.init) else { return sum }
                return sum + amount / rates.rate(o["currencyisocode"] ?? nil, on: nil)
            }
            let staticGot = try #require(everything.rows.first?.first?.number)
            #expect(abs(staticGot - staticWant) <= 1e-6 * staticWant)
            let raw = opportunities.reduce(0.0) { $0 + ((($1["amount"] ?? nil).flatMap(Double.init)) ?? 0) }
            #expect(abs(staticGot - raw) > 1, "converted amounts differ from the raw sum")

            // A parent's amount converts at the parent's currency
            let parent = try await service.query(try Self.spec(#"{"object": "Opportunity", "measure": {"aggregate": "max", "field": "Account.AnnualRevenue"}, "currency": "corporate"}"#))
            #expect(parent.currency == "USD" && parent.rows.first?.first?.number != nil)

            // "none": refused across currencies, answered within one, and it says which
            await #expect(throws: QueryError.self) {
                _ = try await service.query(try Self.spec(#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "currency": "none"}"#))
            }
            let euros = try await service.query(try Self.spec(#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "filters": [{"field": "CurrencyIsoCode", "op": "=", "value": "EUR"}], "currency": "none"}"#))
            #expect(euros.currency == "EUR")
            let eurWant = opportunities.filter { $0["currencyisocode"] == "EUR" }.reduce(0.0) { $0 + ((($1["amount"] ?? nil).flatMap(Double.init)) ?? 0) }
            #expect(abs((euros.rows.first?.first?.number ?? 0) - eurWant) <= 1e-6 * max(1, eurWant))
            // Counts need no conversion and no currency
            let count = try await service.query(try Self.spec(#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "currency": "none"}"#))
            #expect(count.currency == nil && count.rows.first?.first == .int(opportunities.count))
        }
    }

    @Test(arguments: Backend.available) func theBuiltInRevenueAnalysesConvertAsTheQueryLayerDoes(_ backend: Backend) async throws {
        try await withSyncedSandbox(backend, objects: Self.objects + ["Lead"], configure: { $0.multiCurrency = true }) { warehouse in
            let service = AnalyticsService(warehouse: warehouse)
            // Pipeline by stage: open deals' amounts, each at the rate of its close date
            let pipeline = try await service.pipeline(by: .stage, filter: .all)
            let spec = try Self.spec(#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "time": {"field": "CloseDate"}, "filters": [{"field": "IsClosed", "op": "=", "value": false}], "groupBy": ["StageName"], "currency": "corporate"}"#)
            let byStage = Dictionary(uniqueKeysWithValues: try await service.query(spec).rows.map { ($0[0].text ?? "", $0[1].number ?? 0) })
            #expect(pipeline.count == byStage.count && !pipeline.isEmpty)
            for row in pipeline {
                let want = try #require(byStage[row.key ?? ""])
                #expect(abs(row.amount - want) <= 1e-6 * max(1, want), "\(row.key ?? ""): \(row.amount) vs \(want)")
            }
            // Deal size: won deals' total
            let deals = try await service.averageDealSize(filter: .all)
            let won = try await service.query(try Self.spec(#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "time": {"field": "CloseDate"}, "filters": [{"field": "IsWon", "op": "=", "value": true}], "currency": "corporate"}"#))
            let wonTotal = try #require(won.rows.first?.first?.number)
            #expect(abs(deals.totalAmount - wonTotal) <= 1e-6 * wonTotal)
            // And they say so
            #expect(try await service.amountCurrencyNote()?.contains("USD") == true)
        }
    }

    @Test(arguments: Backend.available) func corporateNeedsTheRates(_ backend: Backend) async throws {
        try await withSyncedSandbox(backend, objects: ["Opportunity"], configure: { $0.multiCurrency = true }) { warehouse in
            let service = AnalyticsService(warehouse: warehouse)
            do {
                _ = try await service.query(try Self.spec(#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "currency": "corporate"}"#))
                Issue.record("converted without rates")
            } catch let error as QueryError {
                #expect("\(error)".contains("CurrencyType"), "\(error)")
            }
            // Without rates and without a key, amounts in several currencies are refused too
            await #expect(throws: QueryError.self) {
                _ = try await service.query(try Self.spec(#"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}}"#))
            }
            // The built-in analyses add them as stored, and say so
            #expect(try await service.amountCurrencyNote()?.contains("sync CurrencyType") == true)
        }
    }

    static func spec(_ json: String) throws -> QuerySpec { try JSONDecoder().decode(QuerySpec.self, from: Data(json.utf8)) }

    static func quarter(of day: String) -> String {
        let month = Int(day.dropFirst(5).prefix(2)) ?? 1
        return "\(day.prefix(4))-Q\((month - 1) / 3 + 1)"
    }

    /// The org's rates as the warehouse holds them.
    struct Rates {
        var staticRates: [String: Double] = [:]
        var dated: [(code: String, start: String, next: String?, rate: Double)] = []

        init(_ reference: QueryReference) {
            for row in reference.tables["sf_currencytype"]?.values ?? [:].values {
                if let code = row["isocode"] ?? nil, let rate = (row["conversionrate"] ?? nil).flatMap(Double.init) { staticRates[code] = rate }
            }
            for row in reference.tables["sf_datedconversionrate"]?.values ?? [:].values {
                if let code = row["isocode"] ?? nil, let start = row["startdate"] ?? nil, let rate = (row["conversionrate"] ?? nil).flatMap(Double.init) {
                    dated.append((code, String(start.prefix(10)), (row["nextstartdate"] ?? nil).map { String($0.prefix(10)) }, rate))
                }
            }
        }

        func rate(_ code: String?, on day: String?) -> Double {
            guard let code else { return 1 }
            if let day = day.map({ String($0.prefix(10)) }),
               let range = dated.first(where: { $0.code == code && $0.start <= day && ($0.next.map { day < $0 } ?? true) }) {
                return range.rate
            }
            return staticRates[code] ?? .nan
        }
    }
}
