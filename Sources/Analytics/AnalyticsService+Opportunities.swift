import Warehouse

/// Opportunities. Amounts are in the corporate currency in a multi-currency org whose rates
/// are synced (`OpportunityAmount`: the dated rate of the close date). Closed-deal metrics (win rate, deal size, sales cycle) and pipeline restrict
/// the range on CloseDate; stage conversion on the opportunity's CreatedDate; slipped deals on
/// the CreatedDate of the history row that moved the close date. The owner filter is
/// Opportunity.OwnerId throughout.
extension AnalyticsService {
    /// Won out of closed (IsClosed), over opportunities closing in the range.
    public func winRate(filter: MetricFilter) async throws -> RateRow {
        try await winRates(groupBy: nil, filter: filter).first ?? RateRow(key: nil, total: 0, successes: 0)
    }

    /// Win rate per OwnerId.
    public func winRateByOwner(filter: MetricFilter) async throws -> [RateRow] {
        try await winRates(groupBy: "o.ownerid", filter: filter)
    }

    private func winRates(groupBy: String?, filter: MetricFilter) async throws -> [RateRow] {
        try filter.validate()
        try await require(Analysis.winRate.needs)
        var s = Statement(dialect)
        s.append("SELECT \(groupBy ?? "NULL") AS k, COUNT(*), SUM(CASE WHEN \(dialect.isTrue("o.iswon")) THEN 1 ELSE 0 END)")
        s.append(" FROM sf_opportunity o WHERE \(dialect.isTrue("o.isclosed"))")
        appendDateRange("o.closedate", filter, to: &s)
        appendOwner("o.ownerid", filter, to: &s)
        if let groupBy { s.append(" GROUP BY \(groupBy)") }
        return try await run(s).map {
            let total = Self.int($0[1])
            // An aggregate without GROUP BY answers one row even when nothing matched.
            return RateRow(key: $0[0], total: total, successes: Self.int($0[2]))
        }.sorted { Self.keyOrder($0.key, $1.key) }
    }

    public enum PipelineGrouping: String, Sendable, Codable { case stage, closeMonth }

    /// Open opportunities (not IsClosed) closing in the range: count and sum of Amount (null
    /// amounts count as 0) by StageName or by close month.
    public func pipeline(by grouping: PipelineGrouping, filter: MetricFilter) async throws -> [PipelineRow] {
        try filter.validate()
        try await require(Analysis.pipeline.needs)
        let key = grouping == .stage ? "o.stagename" : dialect.month("o.closedate")
        let amount = try await opportunityAmount()
        var s = Statement(dialect)
        s.append("SELECT \(key) AS k, COUNT(*), COALESCE(SUM(\(amount.expression)), 0) FROM sf_opportunity o\(amount.joins)")
        s.append(" WHERE \(dialect.isFalse("o.isclosed"))")
        appendDateRange("o.closedate", filter, to: &s)
        appendOwner("o.ownerid", filter, to: &s)
        s.append(" GROUP BY \(key)")
        let rows = try await run(s).map { PipelineRow(key: $0[0], opportunities: Self.int($0[1]), amount: Self.double($0[2]) ?? 0) }
        guard grouping == .stage else { return rows.sorted { Self.keyOrder($0.key, $1.key) } }
        return try await picklistSorted(rows, table: "sf_opportunity", column: "stagename", key: \.key)
    }

    /// Won opportunities closing in the range: how many, and the average Amount of those with one.
    public func averageDealSize(filter: MetricFilter) async throws -> DealSize {
        try filter.validate()
        try await require(Analysis.dealSize.needs)
        let amount = try await opportunityAmount()
        var s = Statement(dialect)
        s.append("SELECT COUNT(*), COUNT(o.amount), COALESCE(SUM(\(amount.expression)), 0), AVG(\(amount.expression)) FROM sf_opportunity o\(amount.joins)")
        s.append(" WHERE \(dialect.isTrue("o.iswon"))")
        appendDateRange("o.closedate", filter, to: &s)
        appendOwner("o.ownerid", filter, to: &s)
        let row = try await run(s).first ?? [nil, nil, nil, nil]
        return DealSize(wonDeals: Self.int(row[0]), withAmount: Self.int(row[1]), totalAmount: Self.double(row[2]) ?? 0,
                        averageAmount: Self.double(row[3]))
    }

    /// Days from the day a won opportunity was created to its CloseDate, for won deals closing in
    /// the range.
    public func salesCycle(filter: MetricFilter) async throws -> DurationSummary {
        try await durations(.salesCycle, table: "sf_opportunity", from: "createddate", to: "closedate", where: "iswon",
                            range: "closedate", rangeIsDate: true, filter: filter)
    }

    /// For every pair of stages (A, B) seen in OpportunityHistory: of the opportunities (created
    /// in the range) that reached A, how many reached B strictly later (a history row at B
    /// written after the first row at A). Pairs where none did are listed with 0.
    public func stageConversion(filter: MetricFilter) async throws -> [StageConversionRow] {
        try filter.validate()
        try await require(Analysis.stageConversion.needs)
        var s = Statement(dialect)
        s.append("WITH s AS (SELECT h.opportunityid AS opp, h.stagename AS stage, MIN(h.createddate) AS first_at,")
        s.append(" MAX(h.createddate) AS last_at FROM sf_opportunityhistory h JOIN sf_opportunity o ON o.id = h.opportunityid")
        s.append(" WHERE h.stagename IS NOT NULL AND h.createddate IS NOT NULL")
        appendDatetimeRange("o.createddate", filter, to: &s)
        appendOwner("o.ownerid", filter, to: &s)
        s.append(" GROUP BY h.opportunityid, h.stagename),")
        s.append(" r AS (SELECT stage, COUNT(*) AS n FROM s GROUP BY stage)")
        s.append(" SELECT ra.stage, rb.stage, ra.n, (SELECT COUNT(*) FROM s a JOIN s b ON b.opp = a.opp")
        s.append(" WHERE a.stage = ra.stage AND b.stage = rb.stage AND a.first_at < b.last_at)")
        s.append(" FROM r ra JOIN r rb ON ra.stage <> rb.stage")
        return try await run(s).map {
            StageConversionRow(from: $0[0] ?? "", to: $0[1] ?? "", reachedFrom: Self.int($0[2]), reachedToLater: Self.int($0[3]))
        }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    /// Opportunities whose close date moved later: consecutive OpportunityHistory rows (by
    /// CreatedDate, then Id) where CloseDate grew, counting the moves written in the range.
    public func slippedDeals(filter: MetricFilter) async throws -> [SlippedDeal] {
        try filter.validate()
        try await require(Analysis.slippedDeals.needs)
        var s = Statement(dialect)
        s.append("WITH h AS (SELECT h.opportunityid AS opp, h.createddate AS at, h.closedate AS close_date,")
        s.append(" LAG(h.closedate) OVER (PARTITION BY h.opportunityid ORDER BY h.createddate, h.id) AS prev_close")
        s.append(" FROM sf_opportunityhistory h WHERE h.closedate IS NOT NULL)")
        s.append(" SELECT h.opp, o.ownerid, COUNT(*), SUM(\(dialect.daysBetween("h.prev_close", "h.close_date"))),")
        s.append(" MIN(h.prev_close), MAX(h.close_date)")
        s.append(" FROM h JOIN sf_opportunity o ON o.id = h.opp WHERE h.close_date > h.prev_close")
        appendDatetimeRange("h.at", filter, to: &s)
        appendOwner("o.ownerid", filter, to: &s)
        s.append(" GROUP BY h.opp, o.ownerid")
        return try await run(s).map {
            SlippedDeal(opportunityID: $0[0] ?? "", ownerID: $0[1], slips: Self.int($0[2]), daysSlipped: Self.int($0[3]),
                        originalCloseDate: $0[4], latestCloseDate: $0[5])
        }.sorted { $0.opportunityID < $1.opportunityID }
    }
}
