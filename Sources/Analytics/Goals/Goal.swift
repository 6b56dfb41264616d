import Foundation
import SOQL

/// A target an admin sets: for example Closed Won amount per quarter, or converted leads per
/// month, for the whole org, a team (several owners) or one owner.
public struct Goal: Sendable, Codable, Equatable {
    public enum Metric: String, Sendable, Codable, CaseIterable {
        /// Sum of Amount of opportunities won (IsWon) with CloseDate in the period.
        case closedWonAmount
        /// Opportunities won with CloseDate in the period.
        case closedWonDeals
        /// Leads converted with ConvertedDate in the period.
        case convertedLeads

        /// What the actual reads (and, for opportunity goals, `pipelineNeeds` for the forecast).
        public var needs: [String: [String]] {
            switch self {
            case .closedWonAmount: ["sf_opportunity": ["ownerid", "iswon", "amount", "closedate"]]
            case .closedWonDeals: ["sf_opportunity": ["ownerid", "iswon", "closedate"]]
            case .convertedLeads: ["sf_lead": ["ownerid", "isconverted", "converteddate"]]
            }
        }

        static let pipelineNeeds = ["sf_opportunity": ["ownerid", "isclosed", "amount", "probability", "closedate"]]

        /// Whether the goal reads any of `columns` of `table` (nil: the table at all).
        public func reads(table: String, columns: [String]?) -> Bool {
            let used = (needs[table] ?? []) + (self == .convertedLeads ? [] : Self.pipelineNeeds[table] ?? [])
            guard !used.isEmpty else { return false }
            return columns.map { !Set(used).isDisjoint(with: $0) } ?? true
        }

        public var label: String {
            switch self {
            case .closedWonAmount: "Closed Won amount"
            case .closedWonDeals: "Closed Won deals"
            case .convertedLeads: "Converted leads"
            }
        }
    }

    public enum Period: String, Sendable, Codable, CaseIterable {
        case month, quarter, year
    }

    public var id: Int64?
    public var title: String
    public var metric: Metric
    public var period: Period
    /// First day of the period, `YYYY-MM-DD` (a month's, quarter's or year's first day).
    public var start: String
    public var target: Double
    /// Owner (User) ids the goal counts; empty for the whole org.
    public var ownerIDs: [String]

    public init(id: Int64? = nil, title: String, metric: Metric, period: Period, start: String, target: Double, ownerIDs: [String] = []) {
        self.id = id
        self.title = title
        self.metric = metric
        self.period = period
        self.start = start
        self.target = target
        self.ownerIDs = ownerIDs
    }

    /// The period's days as `[start, end)` day numbers since 1970-01-01.
    public func days() throws -> (start: Int, end: Int) {
        guard MetricFilter.isDay(start), let (year, month, day) = Self.civil(start), day == 1 else {
            throw AnalyticsError.invalidFilter("a goal starts on the first day of its period (YYYY-MM-01), not \(start)")
        }
        switch period {
        case .month: break
        case .quarter where (month - 1) % 3 != 0: throw AnalyticsError.invalidFilter("a quarter starts in January, April, July or October")
        case .year where month != 1: throw AnalyticsError.invalidFilter("a year goal starts on January 1")
        default: break
        }
        let months = switch period { case .month: 1; case .quarter: 3; case .year: 12 }
        let endMonth = month - 1 + months
        let first = SOQLDate.days(year: year, month: month, day: 1)
        let last = SOQLDate.days(year: year + endMonth / 12, month: endMonth % 12 + 1, day: 1)
        return (Int(first), Int(last))
    }

    static func civil(_ day: String) -> (Int, Int, Int)? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        return parts.count == 3 ? (parts[0], parts[1], parts[2]) : nil
    }
}

/// Where a goal stands on a day.
public struct GoalProgress: Sendable, Codable, Equatable {
    public enum Outlook: String, Sendable, Codable {
        /// The actual has reached the target.
        case achieved
        /// The forecast reaches the target.
        case onTrack
        /// The forecast falls short.
        case atRisk
        /// The period is over and the target was not reached.
        case missed
        /// The period has not begun.
        case notStarted
    }

    public var goal: Goal
    public var asOf: String
    /// What the metric is so far in the period (up to and including `asOf`).
    public var actual: Double
    /// Days elapsed and days in the period.
    public var elapsedDays: Int
    public var totalDays: Int
    /// The actual extended at its pace so far to the whole period.
    public var runRate: Double
    /// The actual plus what the open pipeline closing in the rest of the period is expected to add
    /// (weighted by probability); for converted leads, the run rate.
    public var forecast: Double
    public var outlook: Outlook

    public var fractionOfTarget: Double { goal.target > 0 ? actual / goal.target : 0 }
}
