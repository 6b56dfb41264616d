import Analytics
import Foundation
import Testing
import Warehouse
import WarehouseTestSupport

/// A small org by hand, with the edge cases: null source/industry/amount/close date, a lead
/// converted without an opportunity, one converted without a ConvertedDate, a lead in two
/// campaigns and twice in one, a contact-only campaign member, stages written at the same
/// instant, a close date moved earlier, history of an opportunity that is not synced.
enum Fixture {
    static func lead(_ id: String, _ source: String?, _ owner: String, _ industry: String?, _ created: String,
                     converted: String?? = nil, opportunity: String? = nil, status: String) -> LeadRecord {
        LeadRecord(id: id, source: source, owner: owner, industry: industry, created: created, converted: converted != nil,
                   convertedDate: converted ?? nil, convertedOpportunity: opportunity, status: status)
    }

    static let data = DataSet(
        leads: [
            lead("L1", "Web", "U1", "Technology", "2025-01-05T10:00:00.000Z", converted: "2025-01-15", opportunity: "O1", status: "Closed - Converted"),
            lead("L2", "Web", "U1", "Technology", "2025-01-20T23:30:00.000Z", status: "Working - Contacted"),
            lead("L3", "Phone Inquiry", "U2", nil, "2025-02-03T08:00:00.000Z", converted: "2025-03-01", status: "Closed - Converted"),
            lead("L4", nil, "U2", "Finance", "2025-02-10T12:00:00.000Z", converted: "2025-02-10", opportunity: "O2", status: "Closed - Converted"),
            lead("L5", "Phone Inquiry", "U1", "Finance", "2025-03-15T09:00:00.000Z", converted: .some(nil), opportunity: "O3", status: "Closed - Converted"),
            lead("L6", "Web", "U2", "Technology", "2024-12-31T23:59:59.000Z", converted: "2025-01-03", opportunity: "O4", status: "Closed - Converted"),
            lead("L7", "Partner Referral", "U1", nil, "2025-03-01T00:00:00.000Z", status: "Open - Not Contacted"),
            lead("L8", "Partner Referral", "U2", "Technology", "2025-04-01T15:00:00.000Z", status: "Closed - Not Converted"),
            lead("L9", "Web", "U1", "Finance", "2025-05-02T00:00:00.000Z", converted: "2025-06-01", opportunity: "O7", status: "Closed - Converted"),
        ],
        opportunities: [
            OpportunityRecord(id: "O1", owner: "U1", stage: "Closed Won", amount: 1000, closeDate: "2025-02-14", created: "2025-01-15T10:00:00.000Z", isClosed: true, isWon: true),
            OpportunityRecord(id: "O2", owner: "U2", stage: "Closed Lost", amount: 500, closeDate: "2025-03-01", created: "2025-02-10T12:00:00.000Z", isClosed: true, isWon: false),
            OpportunityRecord(id: "O3", owner: "U1", stage: "Negotiation/Review", amount: 2000, closeDate: "2025-06-30", created: "2025-03-20T09:00:00.000Z", isClosed: false, isWon: false),
            OpportunityRecord(id: "O4", owner: "U2", stage: "Closed Won", amount: nil, closeDate: "2025-01-31", created: "2025-01-03T09:00:00.000Z", isClosed: true, isWon: true),
            OpportunityRecord(id: "O5", owner: "U1", stage: "Prospecting", amount: nil, closeDate: "2025-05-15", created: "2025-04-01T00:00:00.000Z", isClosed: false, isWon: false),
            OpportunityRecord(id: "O6", owner: "U2", stage: "Proposal/Price Quote", amount: 750.25, closeDate: "2025-05-20", created: "2025-04-02T00:00:00.000Z", isClosed: false, isWon: false),
            OpportunityRecord(id: "O7", owner: "U1", stage: "Closed Won", amount: 3000, closeDate: "2025-04-10", created: "2024-11-01T08:00:00.000Z", isClosed: true, isWon: true),
            OpportunityRecord(id: "O8", owner: "U2", stage: "Prospecting", amount: 100, closeDate: nil, created: "2025-04-05T00:00:00.000Z", isClosed: false, isWon: false),
        ],
        history: [
            HistoryRecord(id: "H01", opportunity: "O1", stage: "Prospecting", created: "2025-01-15T10:00:00.000Z", closeDate: "2025-02-01"),
            HistoryRecord(id: "H02", opportunity: "O1", stage: "Qualification", created: "2025-01-20T10:00:00.000Z", closeDate: "2025-02-01"),
            HistoryRecord(id: "H03", opportunity: "O1", stage: "Closed Won", created: "2025-02-14T10:00:00.000Z", closeDate: "2025-02-14"),
            HistoryRecord(id: "H04", opportunity: "O2", stage: "Prospecting", created: "2025-02-10T12:00:00.000Z", closeDate: "2025-02-20"),
            HistoryRecord(id: "H05", opportunity: "O2", stage: "Proposal/Price Quote", created: "2025-02-15T12:00:00.000Z", closeDate: "2025-02-28"),
            HistoryRecord(id: "H06", opportunity: "O2", stage: "Closed Lost", created: "2025-03-01T12:00:00.000Z", closeDate: "2025-03-01"),
            HistoryRecord(id: "H07", opportunity: "O3", stage: "Prospecting", created: "2025-03-20T09:00:00.000Z", closeDate: "2025-06-30"),
            HistoryRecord(id: "H08", opportunity: "O3", stage: "Negotiation/Review", created: "2025-04-01T09:00:00.000Z", closeDate: "2025-05-30"),
            HistoryRecord(id: "H09", opportunity: "O3", stage: "Negotiation/Review", created: "2025-04-10T09:00:00.000Z", closeDate: "2025-06-30"),
            HistoryRecord(id: "H10", opportunity: "O7", stage: "Qualification", created: "2024-11-01T08:00:00.000Z", closeDate: "2025-01-01"),
            HistoryRecord(id: "H11", opportunity: "O7", stage: "Prospecting", created: "2024-12-01T08:00:00.000Z", closeDate: "2025-03-01"),
            HistoryRecord(id: "H12", opportunity: "O7", stage: "Closed Won", created: "2025-04-10T08:00:00.000Z", closeDate: "2025-04-10"),
            HistoryRecord(id: "H13", opportunity: "O5", stage: "Prospecting", created: "2025-04-01T00:00:00.000Z", closeDate: "2025-05-15"),
            HistoryRecord(id: "H14", opportunity: "O5", stage: "Qualification", created: "2025-04-01T00:00:00.000Z", closeDate: "2025-05-15"),
            HistoryRecord(id: "H15", opportunity: "O99", stage: "Prospecting", created: "2025-04-01T00:00:00.000Z", closeDate: "2025-05-15"),
            HistoryRecord(id: "H16", opportunity: "O99", stage: "Closed Won", created: "2025-04-02T00:00:00.000Z", closeDate: "2025-06-15"),
        ],
        members: [
            MemberRecord(id: "M1", campaign: "C1", lead: "L1"), MemberRecord(id: "M2", campaign: "C2", lead: "L1"),
            MemberRecord(id: "M3", campaign: "C1", lead: "L2"), MemberRecord(id: "M4", campaign: "C2", lead: "L7"),
            MemberRecord(id: "M5", campaign: "C2", lead: "L7"), MemberRecord(id: "M6", campaign: "C1", lead: nil),
        ])

    static let filters: [MetricFilter] = [
        .all,
        MetricFilter(from: "2025-01-01", to: "2026-01-01"),
        MetricFilter(ownerID: "U1"),
        MetricFilter(from: "2025-02-01", to: "2025-04-01", ownerID: "U2"),
        MetricFilter(from: "2030-01-01", to: "2031-01-01"),
    ]
}

/// Every metric against the Swift reference, for each filter.
func compareEveryMetric(_ service: AnalyticsService, _ data: DataSet, _ filter: MetricFilter, asOf: String,
                        orders: PicklistOrders = PicklistOrders()) async throws {
    let ref = Reference(data: data, filter: filter, orders: orders)
    let f = "\(filter)"
    for dimension in LeadDimension.allCases {
        try expectSame(try await service.conversionBy(dimension, filter: filter), ref.conversion(dimension), "conversion by \(dimension), \(f)")
    }
    try expectSame(try await service.timeToConvert(filter: filter), ref.timeToConvert(), "time to convert, \(f)")
    let stalls = try await service.leadStalls(filter: filter, asOf: asOf)
    let expected = ref.stalls(asOf: asOf)
    let total = expected.values.reduce(0) { $0 + $1.0 }
    try expectSame(stalls, expected.map { StallRow(status: $0.key, leads: $0.value.0, share: Double($0.value.0) / Double(total), averageAgeDays: $0.value.1) }
        .sorted { orders.before("sf_lead.status")($0.status, $1.status) }, "stalls, \(f)")
    try expectSame(try await service.wonRevenueBySource(filter: filter), ref.wonRevenue(), "won revenue by source, \(f)")
    try expectSame(try await service.winRate(filter: filter), ref.winRate(), "win rate, \(f)")
    try expectSame(try await service.winRateByOwner(filter: filter), ref.winRateByOwner(), "win rate by owner, \(f)")
    try expectSame(try await service.pipeline(by: .stage, filter: filter), ref.pipeline(byStage: true), "pipeline by stage, \(f)")
    try expectSame(try await service.pipeline(by: .closeMonth, filter: filter), ref.pipeline(byStage: false), "pipeline by close month, \(f)")
    try expectSame(try await service.averageDealSize(filter: filter), ref.dealSize(), "deal size, \(f)")
    try expectSame(try await service.salesCycle(filter: filter), ref.salesCycle(), "sales cycle, \(f)")
    try expectSame(try await service.stageConversion(filter: filter), ref.stageConversion(), "stage conversion, \(f)")
    try expectSame(try await service.slippedDeals(filter: filter), ref.slipped(), "slipped deals, \(f)")
}

/// The SQL dialect of a test backend.
func dialect(_ backend: Backend) -> SQLDialect { backend == .postgres ? .postgres : .sqlite }

/// Every metric on both warehouses: the same answers from SQLite and PostgreSQL.
@Suite struct MetricTests {
    func service(_ backend: Backend, _ data: DataSet = Fixture.data) async throws -> AnalyticsService {
        let warehouse = try await makeWarehouse(backend)
        try await data.load(into: warehouse)
        return AnalyticsService(warehouse: warehouse, dialect: dialect(backend))
    }

    @Test(arguments: Backend.available, Fixture.filters)
    func everyMetricAgreesWithSwift(_ backend: Backend, filter: MetricFilter) async throws {
        try await compareEveryMetric(try await service(backend), Fixture.data, filter, asOf: "2025-07-01")
    }

    /// Figures worked out by hand, so the reference itself is checked too.
    @Test(arguments: Backend.available) func handComputedFigures(_ backend: Backend) async throws {
        let s = try await service(backend)
        let win = try await s.winRate(filter: .all)
        #expect(win.total == 4 && win.successes == 3)  // O1, O4, O7 won; O2 lost
        let ttc = try await s.timeToConvert(filter: .all)
        // L1 10, L3 26, L4 0, L6 3, L9 30 days; L5 has no ConvertedDate
        #expect(ttc.count == 5 && ttc.medianDays == 10 && ttc.averageDays == 13.8)
        let bySource = try await s.wonRevenueBySource(filter: .all)
        #expect(bySource.first { $0.leadSource == "Web" } == SourceRevenueRow(leadSource: "Web", leads: 4, converted: 3, wonOpportunities: 3, wonAmount: 4000))
        #expect(bySource.first { $0.leadSource == "Phone Inquiry" } == SourceRevenueRow(leadSource: "Phone Inquiry", leads: 2, converted: 2, wonOpportunities: 0, wonAmount: 0))
        let campaigns = try await s.conversionBy(.campaign, filter: .all)
        #expect(campaigns.map(\.key) == [nil, "C1", "C2"])
        #expect(campaigns[2].total == 2 && campaigns[2].successes == 1)  // L1 and L7 (twice a member)
        let stages = try await s.stageConversion(filter: .all)
        let p2w = try #require(stages.first { $0.from == "Prospecting" && $0.to == "Closed Won" })
        #expect(p2w.reachedFrom == 5 && p2w.reachedToLater == 2)  // O1, O2, O3, O5, O7 (not O99, unsynced); O1 and O7 won
        let q2p = try #require(stages.first { $0.from == "Qualification" && $0.to == "Prospecting" })
        #expect(q2p.reachedFrom == 3 && q2p.reachedToLater == 1)  // O7 went back; O5's rows share an instant
        let slipped = try await s.slippedDeals(filter: .all)
        #expect(slipped.map(\.opportunityID) == ["O1", "O2", "O3", "O7"])
        #expect(slipped.map(\.daysSlipped) == [13, 9, 31, 99])
        let pipeline = try await s.pipeline(by: .closeMonth, filter: .all)
        #expect(pipeline.first?.key == nil && pipeline.first?.amount == 100)
    }

    @Test func wilsonIntervalKnownValues() {
        let half = RateRow(key: nil, total: 10, successes: 5)
        #expect(abs(half.low! - 0.236593) < 1e-6 && abs(half.high! - 0.763407) < 1e-6)
        let none = RateRow(key: nil, total: 10, successes: 0)
        #expect(none.low == 0 && abs(none.high! - 0.277533) < 1e-6)
        let all = RateRow(key: nil, total: 10, successes: 10)
        #expect(abs(all.low! - 0.722467) < 1e-6 && abs(all.high! - 1) < 1e-12)
        let empty = RateRow(key: nil, total: 0, successes: 0)
        #expect(empty.rate == nil && empty.low == nil)
    }

    @Test(arguments: Backend.available) func noClosedDealsAndEmptyTables(_ backend: Backend) async throws {
        var open = DataSet()
        open.opportunities = Fixture.data.opportunities.filter { !$0.isClosed }
        let s = try await service(backend, open)
        let win = try await s.winRate(filter: .all)
        #expect(win.total == 0 && win.rate == nil)
        #expect(try await s.winRateByOwner(filter: .all).isEmpty)
        #expect(try await s.averageDealSize(filter: .all) == DealSize(wonDeals: 0, withAmount: 0, totalAmount: 0, averageAmount: nil))
        #expect(try await s.salesCycle(filter: .all) == DurationSummary(days: []))
        #expect(try await s.conversionBy(.leadSource, filter: .all).isEmpty)
        for filter in Fixture.filters { try await compareEveryMetric(s, open, filter, asOf: "2025-07-01") }
    }

    @Test(arguments: Backend.available) func missingTablesAndColumnsAreTypedErrors(_ backend: Backend) async throws {
        let warehouse = try await makeWarehouse(backend)
        try await Fixture.data.load(into: warehouse, tables: ["sf_opportunity"])
        let s = AnalyticsService(warehouse: warehouse, dialect: dialect(backend))
        await #expect(throws: AnalyticsError.missingTable("sf_lead")) { try await s.conversionBy(.owner, filter: .all) }
        await #expect(throws: AnalyticsError.missingTable("sf_opportunityhistory")) { try await s.slippedDeals(filter: .all) }
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_lead", columns: [ColumnSpec(sourceName: "Id", salesforceType: "id"),
                                                                                  ColumnSpec(sourceName: "OwnerId", salesforceType: "reference")]))
        await #expect(throws: AnalyticsError.missingColumn(table: "sf_lead", column: "createddate")) { try await s.timeToConvert(filter: .all) }
        await #expect(throws: AnalyticsError.invalidFilter("2025-13-01 is not a YYYY-MM-DD date")) {
            try await s.winRate(filter: MetricFilter(from: "2025-13-01"))
        }
        #expect(try await s.winRate(filter: .all).total == 4)
    }
}
