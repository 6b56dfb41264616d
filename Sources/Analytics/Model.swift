import Foundation

/// The date range and owner every metric is restricted to. The range is half-open,
/// `[from, to)`, on calendar days in UTC; which date of a record it applies to is said by
/// each metric (lead created, opportunity closed, history row written).
public struct MetricFilter: Sendable, Codable, Equatable {
    /// First day included, `YYYY-MM-DD`; nil is open-ended.
    public var from: String?
    /// First day excluded, `YYYY-MM-DD`; nil is open-ended.
    public var to: String?
    /// Only records owned by this user id (Lead.OwnerId, Opportunity.OwnerId).
    public var ownerID: String?

    public init(from: String? = nil, to: String? = nil, ownerID: String? = nil) {
        self.from = from
        self.to = to
        self.ownerID = ownerID
    }

    public static let all = MetricFilter()

    public func validate() throws {
        for day in [from, to].compactMap({ $0 }) where !Self.isDay(day) {
            throw AnalyticsError.invalidFilter("\(day) is not a YYYY-MM-DD date")
        }
    }

    public static func isDay(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return false }
        let digits = u.enumerated().filter { $0.offset != 4 && $0.offset != 7 }
        guard digits.allSatisfy({ $0.element >= UInt8(ascii: "0") && $0.element <= UInt8(ascii: "9") }) else { return false }
        let month = Int(s.dropFirst(5).prefix(2)) ?? 0, day = Int(s.dropFirst(8)) ?? 0
        return (1...12).contains(month) && (1...31).contains(day)
    }
}

/// Why a metric could not be computed.
public enum AnalyticsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The warehouse has no such table: the org does not sync that object.
    case missingTable(String)
    /// The table lacks a column the metric reads (a field not synced or not visible to the user).
    case missingColumn(table: String, column: String)
    case invalidFilter(String)
    /// Too few converted or closed-unconverted leads to learn from.
    case notEnoughOutcomes(String)

    public var description: String {
        switch self {
        case .missingTable(let t): "the warehouse has no table \(t); sync its object to use this analysis"
        case .missingColumn(let t, let c): "the table \(t) has no column \(c); sync that field to use this analysis"
        case .invalidFilter(let why): "invalid filter: \(why)"
        case .notEnoughOutcomes(let why): "not enough lead outcomes to train a lead-scoring model: \(why)"
        }
    }
}

/// The lead attribute conversion is broken down by.
public enum LeadDimension: String, Sendable, Codable, CaseIterable {
    case leadSource, campaign, owner, industry, createdMonth
}

/// Successes out of a total, with a Wilson score interval (95%). `rate`, `low` and `high` are
/// nil when `total` is 0. `key` is the group (nil: the field was empty, or the overall row).
public struct RateRow: Sendable, Codable, Equatable {
    public var key: String?
    public var total: Int
    public var successes: Int
    public var rate: Double?
    public var low: Double?
    public var high: Double?

    public init(key: String?, total: Int, successes: Int) {
        self.key = key
        self.total = total
        self.successes = successes
        if let (low, high) = Statistics.wilson(successes: successes, total: total) {
            rate = Double(successes) / Double(total)
            self.low = low
            self.high = high
        }
    }
}

/// A distribution of whole-day durations.
public struct DurationSummary: Sendable, Codable, Equatable {
    public var count: Int
    public var averageDays: Double?
    public var medianDays: Double?
    public var minDays: Int?
    public var maxDays: Int?

    public init(days: [Int]) {
        count = days.count
        averageDays = days.isEmpty ? nil : Double(days.reduce(0, +)) / Double(days.count)
        medianDays = Statistics.median(days)
        minDays = days.min()
        maxDays = days.max()
    }
}

/// Unconverted leads in one status.
public struct StallRow: Sendable, Codable, Equatable {
    public var status: String?
    public var leads: Int
    /// Share of all unconverted leads in the filter.
    public var share: Double
    /// Average age in days, from the day created to the reference day.
    public var averageAgeDays: Double?

    public init(status: String? = nil, leads: Int, share: Double, averageAgeDays: Double? = nil) {
        self.status = status
        self.leads = leads
        self.share = share
        self.averageAgeDays = averageAgeDays
    }
}

/// What a lead source brings: leads, conversions, and the won deals of converted leads.
public struct SourceRevenueRow: Sendable, Codable, Equatable {
    public var leadSource: String?
    public var leads: Int
    public var converted: Int
    public var wonOpportunities: Int
    public var wonAmount: Double

    public init(leadSource: String? = nil, leads: Int, converted: Int, wonOpportunities: Int, wonAmount: Double) {
        self.leadSource = leadSource
        self.leads = leads
        self.converted = converted
        self.wonOpportunities = wonOpportunities
        self.wonAmount = wonAmount
    }
}

/// Open pipeline in one group (a stage, or a close month).
public struct PipelineRow: Sendable, Codable, Equatable {
    public var key: String?
    public var opportunities: Int
    public var amount: Double

    public init(key: String? = nil, opportunities: Int, amount: Double) {
        self.key = key
        self.opportunities = opportunities
        self.amount = amount
    }
}

public struct DealSize: Sendable, Codable, Equatable {
    /// Won deals in the filter.
    public var wonDeals: Int
    /// Won deals that have an amount (the average's denominator).
    public var withAmount: Int
    public var totalAmount: Double
    public var averageAmount: Double?

    public init(wonDeals: Int, withAmount: Int, totalAmount: Double, averageAmount: Double? = nil) {
        self.wonDeals = wonDeals
        self.withAmount = withAmount
        self.totalAmount = totalAmount
        self.averageAmount = averageAmount
    }
}

/// Of the opportunities that reached `from`, how many reached `to` later.
public struct StageConversionRow: Sendable, Codable, Equatable {
    public var from: String
    public var to: String
    public var reachedFrom: Int
    public var reachedToLater: Int
    public var rate: Double { reachedFrom == 0 ? 0 : Double(reachedToLater) / Double(reachedFrom) }

    public init(from: String, to: String, reachedFrom: Int, reachedToLater: Int) {
        self.from = from
        self.to = to
        self.reachedFrom = reachedFrom
        self.reachedToLater = reachedToLater
    }
}

/// An opportunity whose close date was moved later.
public struct SlippedDeal: Sendable, Codable, Equatable {
    public var opportunityID: String
    public var ownerID: String?
    /// How many history rows moved the close date later.
    public var slips: Int
    /// Total days the close date moved later over those rows.
    public var daysSlipped: Int
    /// The earliest close date a counted slip moved from, and the latest it moved to.
    public var originalCloseDate: String?
    public var latestCloseDate: String?

    public init(opportunityID: String, ownerID: String? = nil, slips: Int, daysSlipped: Int, originalCloseDate: String? = nil, latestCloseDate: String? = nil) {
        self.opportunityID = opportunityID
        self.ownerID = ownerID
        self.slips = slips
        self.daysSlipped = daysSlipped
        self.originalCloseDate = originalCloseDate
        self.latestCloseDate = latestCloseDate
    }
}
