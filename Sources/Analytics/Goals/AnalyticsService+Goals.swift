import Foundation
import SOQL

/// Goals for converted opportunities: progress so far, run rate, forecast and outlook.
extension AnalyticsService {
    /// Where `goal` stands at the end of the day `asOf` (`YYYY-MM-DD`).
    public func progress(of goal: Goal, asOf: String) async throws -> GoalProgress {
        guard MetricFilter.isDay(asOf), let (y, m, d) = Goal.civil(asOf) else { throw AnalyticsError.invalidFilter("\(asOf) is not a YYYY-MM-DD date") }
        guard goal.target > 0, goal.target.isFinite else { throw AnalyticsError.invalidFilter("a goal's target must be a positive number") }
        let (start, end) = try goal.days()
        let today = Int(SOQLDate.days(year: y, month: m, day: d))
        // Counted up to the end of `asOf`, never past the period.
        let cutoff = min(max(today + 1, start), end)
        let totalDays = end - start
        let elapsed = cutoff - start
        let actual = try await actual(goal, from: start, to: cutoff)
        let runRate = elapsed > 0 ? actual / Double(elapsed) * Double(totalDays) : 0
        let forecast: Double
        switch goal.metric {
        case .closedWonAmount, .closedWonDeals:
            forecast = actual + (cutoff < end ? try await weightedPipeline(goal, from: cutoff, to: end) : 0)
        case .convertedLeads:
            forecast = max(actual, runRate)
        }
        let outlook: GoalProgress.Outlook =
            actual >= goal.target ? .achieved
            : today < start ? .notStarted
            : today >= end ? .missed
            : forecast >= goal.target ? .onTrack : .atRisk
        return GoalProgress(goal: goal, asOf: asOf, actual: actual, elapsedDays: elapsed, totalDays: totalDays, runRate: runRate,
                            forecast: forecast, outlook: outlook)
    }

    /// The metric over `[from, to)` (day numbers).
    func actual(_ goal: Goal, from: Int, to: Int) async throws -> Double {
        var s = Statement(dialect)
        switch goal.metric {
        case .closedWonAmount, .closedWonDeals:
            try await require(goal.metric.needs)
            let amount = try await opportunityAmount()
            s.append(goal.metric == .closedWonAmount ? "SELECT COALESCE(SUM(\(amount.expression)), 0)" : "SELECT COUNT(*)")
            s.append(" FROM sf_opportunity o\(amount.joins) WHERE \(dialect.isTrue("o.iswon"))")
            appendDays("o.closedate", from: from, to: to, to: &s)
            appendOwners("o.ownerid", goal.ownerIDs, to: &s)
        case .convertedLeads:
            try await require(goal.metric.needs)
            s.append("SELECT COUNT(*) FROM sf_lead l WHERE \(dialect.isTrue("l.isconverted"))")
            appendDays("l.converteddate", from: from, to: to, to: &s)
            appendOwners("l.ownerid", goal.ownerIDs, to: &s)
        }
        return Self.double(try await run(s).first?.first ?? nil) ?? 0
    }

    /// Open opportunities closing in `[from, to)`, weighted by Probability (percent): their
    /// expected amount, or expected number of wins.
    func weightedPipeline(_ goal: Goal, from: Int, to: Int) async throws -> Double {
        try await require(Goal.Metric.pipelineNeeds)
        let amount = try await opportunityAmount()
        var s = Statement(dialect)
        let weight = "COALESCE(o.probability, 0) / 100.0"
        s.append(goal.metric == .closedWonAmount ? "SELECT COALESCE(SUM(COALESCE(\(amount.expression), 0) * \(weight)), 0)" : "SELECT COALESCE(SUM(\(weight)), 0)")
        s.append(" FROM sf_opportunity o\(amount.joins) WHERE \(dialect.isFalse("o.isclosed"))")
        appendDays("o.closedate", from: from, to: to, to: &s)
        appendOwners("o.ownerid", goal.ownerIDs, to: &s)
        return Self.double(try await run(s).first?.first ?? nil) ?? 0
    }

    func appendDays(_ column: String, from: Int, to: Int, to s: inout Statement) {
        s.append(" AND \(column) >= "); s.bind(SOQLDate.formatDate(Int32(from)))
        s.append(" AND \(column) < "); s.bind(SOQLDate.formatDate(Int32(to)))
    }

    func appendOwners(_ column: String, _ owners: [String], to s: inout Statement) {
        guard !owners.isEmpty else { return }
        s.append(" AND \(column) IN (")
        for (i, owner) in owners.enumerated() {
            if i > 0 { s.append(", ") }
            s.bind(owner)
        }
        s.append(")")
    }
}
