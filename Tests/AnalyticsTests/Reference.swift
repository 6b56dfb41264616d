import Analytics
import Foundation
import Rows
import SandboxOrg
import Warehouse

// An independent computation of every metric in plain Swift over in-memory records, to compare
// the SQL with. Dates are `YYYY-MM-DD`, datetimes the warehouse's `YYYY-MM-DDTHH:MM:SS.sssZ`.

struct LeadRecord {
    var id: String, source: String?, owner: String?, industry: String?, created: String?
    var converted: Bool, convertedDate: String?, convertedOpportunity: String?, status: String?
}
struct OpportunityRecord {
    var id: String, owner: String?, stage: String?, amount: Double?, closeDate: String?, created: String?
    var isClosed: Bool, isWon: Bool
    /// Probability (percent), for goal forecasts.
    var probability: Double? = nil
}
struct HistoryRecord { var id: String, opportunity: String, stage: String?, created: String?, closeDate: String? }
struct MemberRecord { var id: String, campaign: String, lead: String? }

struct DataSet {
    var leads: [LeadRecord] = []
    var opportunities: [OpportunityRecord] = []
    var history: [HistoryRecord] = []
    var members: [MemberRecord] = []
}

enum Days {
    /// Days since 1970-01-01 of the date part, through Foundation's Gregorian calendar.
    static func number(_ text: String) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = text.prefix(10).split(separator: "-").map { Int($0)! }
        let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
        return Int((date.timeIntervalSince1970 / 86_400).rounded())
    }
    static func between(_ a: String, _ b: String) -> Int { number(b) - number(a) }
}

func keyOrder(_ a: String?, _ b: String?) -> Bool {
    switch (a, b) {
    case (nil, nil), (_, nil): false
    case (nil, _): true
    case let (a?, b?): Array(a.unicodeScalars.map(\.value)).lexicographicallyPrecedes(b.unicodeScalars.map(\.value))
    }
}

/// Picklist orders by `table.column` (`sf_opportunity.stagename`): the org's own (the sandbox's
/// schema) for a synced org, none for hand-made data, whose groups sort by code points.
struct PicklistOrders: Sendable {
    var orders: [String: [String: Int]] = [:]

    /// The sandbox org's picklists, as its schema defines them.
    static let sandbox: PicklistOrders = {
        var all = PicklistOrders()
        for object in StandardObjects.all {
            for field in object.fields where field.type == .picklist {
                all.orders["sf_\(object.name.lowercased()).\(field.name.lowercased())"] = Dictionary(
                    field.picklistValues.filter(\.active).enumerated().map { ($1.value, $0) }, uniquingKeysWith: { a, _ in a })
            }
        }
        return all
    }()

    /// Nil first; a listed value before an unlisted one, in the list's order; else code points.
    func before(_ column: String) -> (String?, String?) -> Bool {
        let order = orders[column] ?? [:]
        return { a, b in
            guard let a, let b else { return keyOrder(a, b) }
            let (x, y) = (order[a] ?? Int.max, order[b] ?? Int.max)
            return x != y ? x < y : keyOrder(a, b)
        }
    }
}

struct Reference {
    let data: DataSet
    let filter: MetricFilter
    var orders = PicklistOrders()

    func inDays(_ value: String?) -> Bool {
        guard filter.from != nil || filter.to != nil else { return true }
        guard let day = value.map({ String($0.prefix(10)) }) else { return false }
        if let from = filter.from, day < from { return false }
        if let to = filter.to, day >= to { return false }
        return true
    }
    func owned(_ owner: String?) -> Bool { filter.ownerID == nil || owner == filter.ownerID }

    var leads: [LeadRecord] { data.leads.filter { inDays($0.created) && owned($0.owner) } }

    func conversion(_ dimension: LeadDimension) -> [RateRow] {
        var groups: [String?: (Set<String>, Set<String>)] = [:]
        for lead in leads {
            let keys: [String?]
            switch dimension {
            case .leadSource: keys = [lead.source]
            case .owner: keys = [lead.owner]
            case .industry: keys = [lead.industry]
            case .createdMonth: keys = [lead.created.map { String($0.prefix(7)) }]
            case .campaign:
                let campaigns = Set(data.members.filter { $0.lead == lead.id }.map(\.campaign))
                keys = campaigns.isEmpty ? [nil] : campaigns.map { $0 }
            }
            for key in keys {
                groups[key, default: ([], [])].0.insert(lead.id)
                if lead.converted { groups[key, default: ([], [])].1.insert(lead.id) }
            }
        }
        let before: (String?, String?) -> Bool = switch dimension {
        case .leadSource: orders.before("sf_lead.leadsource")
        case .industry: orders.before("sf_lead.industry")
        case .owner, .createdMonth, .campaign: keyOrder
        }
        return groups.map { RateRow(key: $0.key, total: $0.value.0.count, successes: $0.value.1.count) }
            .sorted { before($0.key, $1.key) }
    }

    func timeToConvert() -> DurationSummary {
        DurationSummary(days: leads.compactMap { l in
            guard l.converted, let d = l.convertedDate, let c = l.created else { return nil }
            return Days.between(c, d)
        })
    }

    /// Status → (count, average age at `asOf`).
    func stalls(asOf: String) -> [String?: (Int, Double)] {
        let open = leads.filter { !$0.converted }
        return Dictionary(grouping: open, by: \.status).mapValues { group in
            (group.count, Double(group.map { Days.between($0.created!, asOf) }.reduce(0, +)) / Double(group.count))
        }
    }

    func wonRevenue() -> [SourceRevenueRow] {
        let opportunities = Dictionary(uniqueKeysWithValues: data.opportunities.map { ($0.id, $0) })
        return Dictionary(grouping: leads, by: \.source).map { source, group in
            let won = group.filter(\.converted).compactMap { $0.convertedOpportunity.flatMap { opportunities[$0] } }.filter(\.isWon)
            return SourceRevenueRow(leadSource: source, leads: group.count, converted: group.filter(\.converted).count,
                                    wonOpportunities: won.count, wonAmount: won.compactMap(\.amount).reduce(0, +))
        }.sorted { orders.before("sf_lead.leadsource")($0.leadSource, $1.leadSource) }
    }

    var closingInRange: [OpportunityRecord] { data.opportunities.filter { inDays($0.closeDate) && owned($0.owner) } }

    func winRate() -> RateRow {
        let closed = closingInRange.filter(\.isClosed)
        return RateRow(key: nil, total: closed.count, successes: closed.filter(\.isWon).count)
    }

    func winRateByOwner() -> [RateRow] {
        Dictionary(grouping: closingInRange.filter(\.isClosed), by: \.owner)
            .map { RateRow(key: $0.key, total: $0.value.count, successes: $0.value.filter(\.isWon).count) }
            .sorted { keyOrder($0.key, $1.key) }
    }

    func pipeline(byStage: Bool) -> [PipelineRow] {
        Dictionary(grouping: closingInRange.filter { !$0.isClosed }, by: { byStage ? $0.stage : $0.closeDate.map { String($0.prefix(7)) } })
            .map { PipelineRow(key: $0.key, opportunities: $0.value.count, amount: $0.value.compactMap(\.amount).reduce(0, +)) }
            .sorted { (byStage ? orders.before("sf_opportunity.stagename") : keyOrder)($0.key, $1.key) }
    }

    func dealSize() -> DealSize {
        let won = closingInRange.filter(\.isWon)
        let amounts = won.compactMap(\.amount)
        return DealSize(wonDeals: won.count, withAmount: amounts.count, totalAmount: amounts.reduce(0, +),
                        averageAmount: amounts.isEmpty ? nil : amounts.reduce(0, +) / Double(amounts.count))
    }

    func salesCycle() -> DurationSummary {
        DurationSummary(days: closingInRange.filter(\.isWon).compactMap { o in
            guard let c = o.created, let d = o.closeDate else { return nil }
            return Days.between(c, d)
        })
    }

    func stageConversion() -> [StageConversionRow] {
        let opportunities = Set(data.opportunities.filter { inDays($0.created) && owned($0.owner) }.map(\.id))
        // opportunity → stage → (first, last)
        var seen: [String: [String: (String, String)]] = [:]
        for h in data.history where opportunities.contains(h.opportunity) {
            guard let stage = h.stage, let at = h.created else { continue }
            let old = seen[h.opportunity, default: [:]][stage]
            seen[h.opportunity, default: [:]][stage] = (min(old?.0 ?? at, at), max(old?.1 ?? at, at))
        }
        let stages = Set(seen.values.flatMap(\.keys))
        var rows: [StageConversionRow] = []
        for a in stages {
            for b in stages where a != b {
                let reachedA = seen.values.filter { $0[a] != nil }
                let later = reachedA.filter { s in s[b].map { s[a]!.0 < $0.1 } ?? false }
                rows.append(StageConversionRow(from: a, to: b, reachedFrom: reachedA.count, reachedToLater: later.count))
            }
        }
        return rows.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    func slipped() -> [SlippedDeal] {
        let owners = Dictionary(uniqueKeysWithValues: data.opportunities.map { ($0.id, $0.owner) })
        var out: [SlippedDeal] = []
        for (opportunity, rows) in Dictionary(grouping: data.history.filter { $0.closeDate != nil }, by: \.opportunity) {
            guard let owner = owners[opportunity], owned(owner) else { continue }
            let ordered = rows.sorted { ($0.created ?? "", $0.id) < ($1.created ?? "", $1.id) }
            var deal = SlippedDeal(opportunityID: opportunity, ownerID: owner, slips: 0, daysSlipped: 0)
            for (prev, row) in zip(ordered, ordered.dropFirst()) where row.closeDate! > prev.closeDate! && inDays(row.created) {
                deal.slips += 1
                deal.daysSlipped += Days.between(prev.closeDate!, row.closeDate!)
                deal.originalCloseDate = min(deal.originalCloseDate ?? prev.closeDate!, prev.closeDate!)
                deal.latestCloseDate = max(deal.latestCloseDate ?? row.closeDate!, row.closeDate!)
            }
            if deal.slips > 0 { out.append(deal) }
        }
        return out.sorted { $0.opportunityID < $1.opportunityID }
    }
}

// MARK: Loading a data set into a warehouse, as Salesforce text

extension DataSet {
    /// Datetimes go in as REST writes them (`+0000`), so the warehouse's normalisation is used.
    static func wire(_ datetime: String?) -> String? { datetime.map { $0.hasSuffix("Z") ? String($0.dropLast()) + "+0000" : $0 } }
    static func bool(_ b: Bool) -> String { b ? "true" : "false" }
    static func number(_ d: Double?) -> String? { d.map { String($0) } }

    func load(into warehouse: any Warehouse, tables: Set<String> = ["sf_lead", "sf_opportunity", "sf_opportunityhistory", "sf_campaignmember"]) async throws {
        func put(_ table: String, _ fields: [(String, String)], _ rows: [[String?]]) async throws {
            guard tables.contains(table) else { return }
            let columns = fields.map { ColumnSpec(sourceName: $0.0, salesforceType: $0.1) }
            _ = try await warehouse.ensureTable(TableSpec(name: table, columns: columns))
            guard !rows.isEmpty else { return }
            var batch = RowBatch(columnCount: columns.count)
            for row in rows { for value in row { batch.append(value) } }
            _ = try await warehouse.upsert(batch, columns: columns, into: table, checkpoint: nil)
        }
        try await put("sf_lead", [("Id", "id"), ("LeadSource", "picklist"), ("OwnerId", "reference"), ("Industry", "picklist"),
                                  ("CreatedDate", "datetime"), ("IsConverted", "boolean"), ("ConvertedDate", "date"),
                                  ("ConvertedOpportunityId", "reference"), ("Status", "picklist")],
                      leads.map { [$0.id, $0.source, $0.owner, $0.industry, Self.wire($0.created), Self.bool($0.converted), $0.convertedDate,
                                   $0.convertedOpportunity, $0.status] })
        try await put("sf_opportunity", [("Id", "id"), ("OwnerId", "reference"), ("StageName", "picklist"), ("Amount", "currency"),
                                         ("CloseDate", "date"), ("CreatedDate", "datetime"), ("IsClosed", "boolean"), ("IsWon", "boolean"),
                                         ("Probability", "percent")],
                      opportunities.map { [$0.id, $0.owner, $0.stage, Self.number($0.amount), $0.closeDate, Self.wire($0.created),
                                           Self.bool($0.isClosed), Self.bool($0.isWon), Self.number($0.probability)] })
        try await put("sf_opportunityhistory", [("Id", "id"), ("OpportunityId", "reference"), ("StageName", "picklist"),
                                                ("CreatedDate", "datetime"), ("CloseDate", "date")],
                      history.map { [$0.id, $0.opportunity, $0.stage, Self.wire($0.created), $0.closeDate] })
        try await put("sf_campaignmember", [("Id", "id"), ("CampaignId", "reference"), ("LeadId", "reference")],
                      members.map { [$0.id, $0.campaign, $0.lead] })
    }

    /// Reads the records back from a synced warehouse with plain SELECTs.
    static func fetch(from warehouse: any Warehouse) async throws -> DataSet {
        var data = DataSet()
        let truth: (String?) -> Bool = { $0 == "1" || $0 == "true" }
        data.leads = try await warehouse.query(
            "SELECT id, leadsource, ownerid, industry, createddate, isconverted, converteddate, convertedopportunityid, status FROM sf_lead"
        ).map { LeadRecord(id: $0[0]!, source: $0[1], owner: $0[2], industry: $0[3], created: $0[4], converted: truth($0[5]),
                           convertedDate: $0[6], convertedOpportunity: $0[7], status: $0[8]) }
        data.opportunities = try await warehouse.query(
            "SELECT id, ownerid, stagename, amount, closedate, createddate, isclosed, iswon FROM sf_opportunity"
        ).map { OpportunityRecord(id: $0[0]!, owner: $0[1], stage: $0[2], amount: $0[3].flatMap(Double.init), closeDate: $0[4],
                                  created: $0[5], isClosed: truth($0[6]), isWon: truth($0[7])) }
        data.history = try await warehouse.query("SELECT id, opportunityid, stagename, createddate, closedate FROM sf_opportunityhistory")
            .map { HistoryRecord(id: $0[0]!, opportunity: $0[1]!, stage: $0[2], created: $0[3], closeDate: $0[4]) }
        data.members = try await warehouse.query("SELECT id, campaignid, leadid FROM sf_campaignmember")
            .map { MemberRecord(id: $0[0]!, campaign: $0[1]!, lead: $0[2]) }
        return data
    }
}
