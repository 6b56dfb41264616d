import Warehouse

/// Lead optimisation. The date range applies to the lead's CreatedDate (a cohort of leads) and
/// the owner filter to Lead.OwnerId.
extension AnalyticsService {
    /// Conversion rate (IsConverted) of the leads created in the range, by `dimension`, with counts
    /// and a Wilson 95% interval. By campaign, a lead counts once in each campaign it is a member
    /// of; leads in no campaign form the group with a nil key.
    public func conversionBy(_ dimension: LeadDimension, filter: MetricFilter) async throws -> [RateRow] {
        try filter.validate()
        let key: String
        var join = ""
        let analysis: Analysis
        switch dimension {
        case .leadSource: (key, analysis) = ("l.leadsource", .conversionBySource)
        case .owner: (key, analysis) = ("l.ownerid", .conversionByOwner)
        case .industry: (key, analysis) = ("l.industry", .conversionByIndustry)
        case .createdMonth: (key, analysis) = (dialect.month("l.createddate"), .conversionByMonth)
        case .campaign:
            (key, analysis) = ("cm.campaignid", .conversionByCampaign)
            join = " LEFT JOIN sf_campaignmember cm ON cm.leadid = l.id"
        }
        try await require(analysis.needs)
        var s = Statement(dialect)
        s.append("SELECT \(key) AS k, COUNT(DISTINCT l.id), COUNT(DISTINCT CASE WHEN \(dialect.isTrue("l.isconverted")) THEN l.id END)")
        s.append(" FROM sf_lead l\(join) WHERE 1 = 1")
        appendDatetimeRange("l.createddate", filter, to: &s)
        appendOwner("l.ownerid", filter, to: &s)
        s.append(" GROUP BY \(key)")
        let rows = try await run(s).map { RateRow(key: $0[0], total: Self.int($0[1]), successes: Self.int($0[2])) }
        switch dimension {
        case .leadSource: return try await picklistSorted(rows, table: "sf_lead", column: "leadsource", key: \.key)
        case .industry: return try await picklistSorted(rows, table: "sf_lead", column: "industry", key: \.key)
        case .owner, .createdMonth, .campaign: return rows.sorted { Self.keyOrder($0.key, $1.key) }
        }
    }

    /// Days from the day a lead was created to its ConvertedDate, over converted leads created in
    /// the range (leads converted without a ConvertedDate are left out).
    public func timeToConvert(filter: MetricFilter) async throws -> DurationSummary {
        try await durations(.timeToConvert, table: "sf_lead", from: "createddate", to: "converteddate", where: "isconverted",
                            range: "createddate", rangeIsDate: false, filter: filter)
    }

    /// Where unconverted leads created in the range sit, by Status: how many, their share, and their
    /// average age in days at `asOf` (`YYYY-MM-DD`; default the range's end, else nil ages).
    public func leadStalls(filter: MetricFilter, asOf: String? = nil) async throws -> [StallRow] {
        try filter.validate()
        let reference = asOf ?? filter.to
        if let reference, !MetricFilter.isDay(reference) { throw AnalyticsError.invalidFilter("\(reference) is not a YYYY-MM-DD date") }
        try await require(Analysis.leadStalls.needs)
        var s = Statement(dialect)
        s.append("SELECT l.status, COUNT(*), ")
        if let reference {
            let day = s.argument(reference)
            s.append("AVG(\(dialect.daysBetween("l.createddate", day)))")
        } else {
            s.append("NULL")
        }
        s.append(" FROM sf_lead l WHERE \(dialect.isFalse("l.isconverted"))")
        appendDatetimeRange("l.createddate", filter, to: &s)
        appendOwner("l.ownerid", filter, to: &s)
        s.append(" GROUP BY l.status")
        let rows = try await run(s)
        let total = rows.reduce(0) { $0 + Self.int($1[1]) }
        let stalls = rows.map {
            let n = Self.int($0[1])
            return StallRow(status: $0[0], leads: n, share: total == 0 ? 0 : Double(n) / Double(total), averageAgeDays: Self.double($0[2]))
        }
        return try await picklistSorted(stalls, table: "sf_lead", column: "status", key: \.status)
    }

    /// Leads created in the range by LeadSource: conversions, and the won opportunities their
    /// conversions created (ConvertedOpportunityId, IsWon) with the sum of Amount.
    public func wonRevenueBySource(filter: MetricFilter) async throws -> [SourceRevenueRow] {
        try filter.validate()
        try await require(Analysis.wonRevenueBySource.needs)
        let amount = try await opportunityAmount()
        var s = Statement(dialect)
        s.append("SELECT l.leadsource AS k, COUNT(*),")
        s.append(" SUM(CASE WHEN \(dialect.isTrue("l.isconverted")) THEN 1 ELSE 0 END),")
        s.append(" SUM(CASE WHEN \(dialect.isTrue("o.iswon")) THEN 1 ELSE 0 END),")
        s.append(" COALESCE(SUM(CASE WHEN \(dialect.isTrue("o.iswon")) THEN \(amount.expression) END), 0)")
        s.append(" FROM sf_lead l LEFT JOIN sf_opportunity o ON o.id = l.convertedopportunityid AND \(dialect.isTrue("l.isconverted"))\(amount.joins)")
        s.append(" WHERE 1 = 1")
        appendDatetimeRange("l.createddate", filter, to: &s)
        appendOwner("l.ownerid", filter, to: &s)
        s.append(" GROUP BY l.leadsource")
        let revenue = try await run(s).map {
            SourceRevenueRow(leadSource: $0[0], leads: Self.int($0[1]), converted: Self.int($0[2]),
                             wonOpportunities: Self.int($0[3]), wonAmount: Self.double($0[4]) ?? 0)
        }
        return try await picklistSorted(revenue, table: "sf_lead", column: "leadsource", key: \.leadSource)
    }
}
