import Warehouse

/// An open lead as the Leads page lists it: its score and reasons beside who and where it is.
public struct ScoredLead: Sendable, Equatable, Codable {
    public var id: String
    public var score: Int
    public var reasons: [String]
    public var name: String?
    public var company: String?
    public var leadSource: String?
    public var status: String?
    public var ownerID: String?
    public var ownerName: String?
}

/// Which open leads to list.
public struct ScoredLeadFilter: Sendable, Equatable {
    public var ownerID: String?
    public var leadSource: String?
    public var campaignID: String?
    public var limit: Int

    public init(ownerID: String? = nil, leadSource: String? = nil, campaignID: String? = nil, limit: Int = 200) {
        self.ownerID = ownerID
        self.leadSource = leadSource
        self.campaignID = campaignID
        self.limit = limit
    }
}

extension AnalyticsService {
    /// Scored open leads, highest score first (ties by id), filtered by owner, source and campaign.
    /// - Throws: `missingTable("tributary_lead_scores")` before the first scoring run.
    public func scoredLeads(_ filter: ScoredLeadFilter) async throws -> [ScoredLead] {
        guard try await warehouse.tableSpec(Self.leadScoresTable) != nil else { throw AnalyticsError.missingTable(Self.leadScoresTable) }
        guard let lead = try await warehouse.tableSpec("sf_lead") else { throw AnalyticsError.missingTable("sf_lead") }
        let has = { (column: String) in lead.column(named: column) != nil }
        let users = try await warehouse.tableSpec("sf_user")?.column(named: "name") != nil
        var s = Statement(dialect)
        let optional = { (column: String) in has(column) ? "l.\(column)" : "NULL" }
        s.append("SELECT s.lead_id, s.score, s.reason_1, s.reason_2, s.reason_3, \(optional("name")), \(optional("company")),")
        s.append(" \(optional("leadsource")), \(optional("status")), \(optional("ownerid")), \(users ? "u.name" : "NULL")")
        s.append(" FROM \(Self.leadScoresTable) s JOIN sf_lead l ON l.id = s.lead_id")
        if users { s.append(" LEFT JOIN sf_user u ON u.id = l.ownerid") }
        s.append(" WHERE 1 = 1")
        if let owner = filter.ownerID {
            guard has("ownerid") else { throw AnalyticsError.missingColumn(table: "sf_lead", column: "ownerid") }
            s.append(" AND l.ownerid = "); s.bind(owner)
        }
        if let source = filter.leadSource {
            guard has("leadsource") else { throw AnalyticsError.missingColumn(table: "sf_lead", column: "leadsource") }
            s.append(" AND l.leadsource = "); s.bind(source)
        }
        if let campaign = filter.campaignID {
            try await require(["sf_campaignmember": ["leadid", "campaignid"]])
            s.append(" AND EXISTS (SELECT 1 FROM sf_campaignmember cm WHERE cm.leadid = l.id AND cm.campaignid = "); s.bind(campaign); s.append(")")
        }
        s.append(" ORDER BY s.score DESC, s.lead_id LIMIT \(max(1, min(filter.limit, 10_000)))")
        return try await run(s).compactMap { r in
            guard let id = r[0] else { return nil }
            return ScoredLead(id: id, score: Self.int(r[1]), reasons: [r[2], r[3], r[4]].compactMap { $0 }, name: r[5], company: r[6],
                              leadSource: r[7], status: r[8], ownerID: r[9], ownerName: r[10])
        }
    }
}
