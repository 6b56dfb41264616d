import Analytics
import Foundation

/// An analysis's result as the dashboards show it: a table (text cells, numbers kept for
/// sorting and CSV) and what to chart.
struct AnalysisTable: Sendable {
    var title: String
    var columns: [String]
    var rows: [[String]]
    /// Label and value of each charted row, and how to draw them; nil when a chart would say nothing.
    var chart: (kind: SVGChart.Kind, points: [SVGChart.Point])?
    var note: String?

    /// Runs `analysis` with the filter; owner and campaign ids are shown as names where the User
    /// and Campaign tables are synced.
    static func make(_ analysis: Analysis, service: AnalyticsService, filter: MetricFilter, names: [String: String]) async throws -> AnalysisTable {
        let label = { (key: String?) in key.map { names[$0] ?? $0 } ?? "(none)" }
        let pct = Format.percent
        func rates(_ rows: [RateRow], _ keyName: String, chart: SVGChart.Kind = .bar) -> AnalysisTable {
            AnalysisTable(title: analysis.title, columns: [keyName, "Leads", "Converted", "Rate", "95% interval"],
                          rows: rows.map { [label($0.key), "\($0.total)", "\($0.successes)", pct($0.rate), "\(pct($0.low)) – \(pct($0.high))"] },
                          chart: (chart, rows.map { SVGChart.Point(label: label($0.key), value: ($0.rate ?? 0) * 100) }))
        }
        switch analysis {
        case .conversionBySource: return rates(try await service.conversionBy(.leadSource, filter: filter), "Lead source")
        case .conversionByCampaign: return rates(try await service.conversionBy(.campaign, filter: filter), "Campaign")
        case .conversionByOwner: return rates(try await service.conversionBy(.owner, filter: filter), "Owner")
        case .conversionByIndustry: return rates(try await service.conversionBy(.industry, filter: filter), "Industry")
        case .conversionByMonth: return rates(try await service.conversionBy(.createdMonth, filter: filter), "Month created", chart: .line)
        case .timeToConvert:
            return summary(analysis.title, try await service.timeToConvert(filter: filter), what: "Converted leads")
        case .salesCycle:
            return summary(analysis.title, try await service.salesCycle(filter: filter), what: "Won deals")
        case .leadStalls:
            let rows = try await service.leadStalls(filter: filter)
            return AnalysisTable(title: analysis.title, columns: ["Status", "Open leads", "Share", "Average age (days)"],
                                 rows: rows.map { [$0.status ?? "(none)", "\($0.leads)", pct($0.share), $0.averageAgeDays.map { String(format: "%.0f", $0) } ?? "-"] },
                                 chart: (.bar, rows.map { SVGChart.Point(label: $0.status ?? "(none)", value: Double($0.leads)) }))
        case .wonRevenueBySource:
            let rows = try await service.wonRevenueBySource(filter: filter)
            return try await AnalysisTable(title: analysis.title, columns: ["Lead source", "Leads", "Converted", "Won deals", "Won amount"],
                                           rows: rows.map { [$0.leadSource ?? "(none)", "\($0.leads)", "\($0.converted)", "\($0.wonOpportunities)", Format.money($0.wonAmount)] },
                                           chart: (.bar, rows.map { SVGChart.Point(label: $0.leadSource ?? "(none)", value: $0.wonAmount) })).sayingCurrency(service)
        case .winRate:
            let rows = try await service.winRateByOwner(filter: filter)
            let all = try await service.winRate(filter: filter)
            var table = AnalysisTable(title: "Win rate by owner", columns: ["Owner", "Closed deals", "Won", "Win rate", "95% interval"],
                                      rows: rows.map { [label($0.key), "\($0.total)", "\($0.successes)", pct($0.rate), "\(pct($0.low)) – \(pct($0.high))"] },
                                      chart: (.bar, rows.map { SVGChart.Point(label: label($0.key), value: ($0.rate ?? 0) * 100) }))
            table.note = "All owners: \(all.successes) won of \(all.total) closed, \(pct(all.rate))."
            return table
        case .pipeline:
            let byStage = try await service.pipeline(by: .stage, filter: filter)
            var table = AnalysisTable(title: "Pipeline by stage", columns: ["Stage", "Open deals", "Amount"],
                                      rows: byStage.map { [$0.key ?? "(none)", "\($0.opportunities)", Format.money($0.amount)] },
                                      chart: (.bar, byStage.map { SVGChart.Point(label: $0.key ?? "(none)", value: $0.amount) }))
            let months = try await service.pipeline(by: .closeMonth, filter: filter)
            table.note = "By close month: " + months.map { "\($0.key ?? "no date") \(Format.money($0.amount))" }.joined(separator: " · ")
            return try await table.sayingCurrency(service)
        case .dealSize:
            let d = try await service.averageDealSize(filter: filter)
            return try await AnalysisTable(title: analysis.title, columns: ["Won deals", "With an amount", "Total", "Average"],
                                           rows: [["\(d.wonDeals)", "\(d.withAmount)", Format.money(d.totalAmount), d.averageAmount.map(Format.money) ?? "-"]],
                                           chart: nil).sayingCurrency(service)
        case .stageConversion:
            let rows = try await service.stageConversion(filter: filter)
            return AnalysisTable(title: analysis.title, columns: ["From", "To (later)", "Reached from", "Went on to", "Rate"],
                                 rows: rows.map { [$0.from, $0.to, "\($0.reachedFrom)", "\($0.reachedToLater)", pct($0.rate)] }, chart: nil)
        case .slippedDeals:
            let rows = try await service.slippedDeals(filter: filter)
            return AnalysisTable(title: analysis.title, columns: ["Opportunity", "Owner", "Slips", "Days slipped", "First close date", "Latest close date"],
                                 rows: rows.map { [$0.opportunityID, label($0.ownerID), "\($0.slips)", "\($0.daysSlipped)", $0.originalCloseDate ?? "-", $0.latestCloseDate ?? "-"] },
                                 chart: nil)
        case .leadScoring:
            let leads = try await service.scoredLeads(ScoredLeadFilter(ownerID: filter.ownerID, limit: 20))
            return AnalysisTable(title: "Top scored open leads", columns: ["Score", "Lead", "Company", "Source", "Why"],
                                 rows: leads.map { ["\($0.score)", $0.name ?? $0.id, $0.company ?? "", $0.leadSource ?? "", $0.reasons.first ?? ""] }, chart: nil)
        }
    }

    /// The table with the currency its amounts are in added to its note (multi-currency orgs).
    func sayingCurrency(_ service: AnalyticsService) async throws -> AnalysisTable {
        guard let currency = try await service.amountCurrencyNote() else { return self }
        var table = self
        table.note = [note, currency].compactMap { $0 }.joined(separator: " ")
        return table
    }

    static func summary(_ title: String, _ d: DurationSummary, what: String) -> AnalysisTable {
        let days = { (v: Double?) in v.map { String(format: "%.1f", $0) } ?? "-" }
        return AnalysisTable(title: title, columns: [what, "Average days", "Median days", "Shortest", "Longest"],
                             rows: [["\(d.count)", days(d.averageDays), days(d.medianDays), d.minDays.map(String.init) ?? "-", d.maxDays.map(String.init) ?? "-"]],
                             chart: nil)
    }
}
