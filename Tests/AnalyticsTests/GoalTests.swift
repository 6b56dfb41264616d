import Analytics
import Foundation
import Testing
import Warehouse

/// Goals against a plain Swift computation over the same records, and figures by hand.
@Suite struct GoalTests {
    static let probabilities: [String: Double] = ["O3": 90, "O5": 10, "O6": 75, "O8": 10]

    static var data: DataSet {
        var data = Fixture.data
        for i in data.opportunities.indices { data.opportunities[i].probability = probabilities[data.opportunities[i].id] }
        return data
    }

    func service() async throws -> AnalyticsService {
        let warehouse = try SQLiteWarehouse.inMemory()
        try await Self.data.load(into: warehouse)
        return AnalyticsService(warehouse: warehouse)
    }

    /// The same figures in Swift: actual over [start, cutoff), weighted pipeline over [cutoff, end).
    func reference(_ goal: Goal, asOf: String) throws -> (actual: Double, forecast: Double, elapsed: Int, total: Int) {
        let (start, end) = try goal.days()
        let cutoff = min(max(Days.number(asOf) + 1, start), end)
        let owned = { (owner: String?) in goal.ownerIDs.isEmpty || goal.ownerIDs.contains(owner ?? "") }
        let inRange = { (day: String?, from: Int, to: Int) in day.map { (from..<to).contains(Days.number($0)) } ?? false }
        let data = Self.data
        var actual = 0.0, pipeline = 0.0
        switch goal.metric {
        case .closedWonAmount, .closedWonDeals:
            for o in data.opportunities where owned(o.owner) {
                if o.isWon, inRange(o.closeDate, start, cutoff) { actual += goal.metric == .closedWonAmount ? (o.amount ?? 0) : 1 }
                if !o.isClosed, inRange(o.closeDate, cutoff, end) {
                    pipeline += (goal.metric == .closedWonAmount ? (o.amount ?? 0) : 1) * (o.probability ?? 0) / 100
                }
            }
        case .convertedLeads:
            actual = Double(data.leads.filter { $0.converted && owned($0.owner) && inRange($0.convertedDate, start, cutoff) }.count)
        }
        let elapsed = cutoff - start, total = end - start
        let runRate = elapsed > 0 ? actual / Double(elapsed) * Double(total) : 0
        return (actual, goal.metric == .convertedLeads ? max(actual, runRate) : actual + pipeline, elapsed, total)
    }

    @Test(arguments: [
        Goal(title: "Q2 bookings", metric: .closedWonAmount, period: .quarter, start: "2025-04-01", target: 5_000),
        Goal(title: "Q1 bookings, U1", metric: .closedWonAmount, period: .quarter, start: "2025-01-01", target: 1_000, ownerIDs: ["U1"]),
        Goal(title: "Deals 2025", metric: .closedWonDeals, period: .year, start: "2025-01-01", target: 4, ownerIDs: ["U1", "U2"]),
        Goal(title: "Leads January", metric: .convertedLeads, period: .month, start: "2025-01-01", target: 3),
        Goal(title: "Leads Q1, U2", metric: .convertedLeads, period: .quarter, start: "2025-01-01", target: 2, ownerIDs: ["U2"]),
    ], ["2024-12-15", "2025-01-20", "2025-05-01", "2025-06-30", "2026-01-01"])
    func progressAgreesWithSwift(goal: Goal, asOf: String) async throws {
        let progress = try await service().progress(of: goal, asOf: asOf)
        let ref = try reference(goal, asOf: asOf)
        #expect(abs(progress.actual - ref.actual) < 1e-9)
        #expect(abs(progress.forecast - ref.forecast) < 1e-6)
        #expect(progress.elapsedDays == ref.elapsed && progress.totalDays == ref.total)
    }

    @Test func handComputedQuarter() async throws {
        let s = try await service()
        var goal = Goal(title: "Q2", metric: .closedWonAmount, period: .quarter, start: "2025-04-01", target: 5_000)
        let p = try await s.progress(of: goal, asOf: "2025-05-01")
        // Won: O7 3000 on 04-10. Open closing 05-02…06-30: O3 2000 × 90%, O5 no amount, O6 750.25 × 75%.
        #expect(p.actual == 3_000)
        #expect(abs(p.forecast - (3_000 + 1_800 + 562.6875)) < 1e-9)
        #expect(p.elapsedDays == 31 && p.totalDays == 91)
        #expect(abs(p.runRate - 3_000.0 / 31 * 91) < 1e-9)
        #expect(p.outlook == .onTrack)
        goal.target = 6_000
        #expect(try await s.progress(of: goal, asOf: "2025-05-01").outlook == .atRisk)
        #expect(try await s.progress(of: goal, asOf: "2025-07-01").outlook == .missed)
        #expect(try await s.progress(of: goal, asOf: "2025-03-01").outlook == .notStarted)
        goal.target = 3_000
        #expect(try await s.progress(of: goal, asOf: "2025-04-10").outlook == .achieved)
    }

    @Test func badGoalsAreTypedErrors() async throws {
        let s = try await service()
        let cases = [
            Goal(title: "x", metric: .convertedLeads, period: .month, start: "2025-01-15", target: 1),
            Goal(title: "x", metric: .convertedLeads, period: .quarter, start: "2025-02-01", target: 1),
            Goal(title: "x", metric: .convertedLeads, period: .year, start: "2025-04-01", target: 1),
            Goal(title: "x", metric: .convertedLeads, period: .month, start: "2025-01-01", target: 0),
        ]
        for goal in cases { await #expect(throws: AnalyticsError.self) { try await s.progress(of: goal, asOf: "2025-05-01") } }
        let q4 = try Goal(title: "x", metric: .convertedLeads, period: .quarter, start: "2025-10-01", target: 1).days()
        #expect(q4.end - q4.start == 92)
        #expect(Goal.Metric.closedWonAmount.reads(table: "sf_opportunity", columns: ["probability"]))
        #expect(!Goal.Metric.convertedLeads.reads(table: "sf_opportunity", columns: nil))
    }
}
