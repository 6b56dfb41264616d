import Warehouse

/// A lead attribute as read from the warehouse, one value per lead, before encoding.
struct RawFeature: Sendable {
    enum Values: Sendable {
        case categorical([String?])
        case numeric([Double?])
    }

    /// How reasons name it: "Lead source", "Tasks".
    let name: String
    let values: Values
}

/// Every lead with a CreatedDate, its outcome and its raw features, ordered by id.
struct LeadFeatureTable: Sendable {
    var ids: [String]
    /// CreatedDate as the warehouse returns it: one format per warehouse, so text order is
    /// time order.
    var created: [String]
    var outcomes: [LeadOutcome]
    var features: [RawFeature]
    /// Features left out, and why (a table or column not synced).
    var notes: [String]

    static let ageFeature = "Lead age (days)"
}

extension AnalyticsService {
    /// The lead columns read as features: (column, feature name, numeric).
    private static let leadFeatureColumns: [(column: String, name: String, numeric: Bool)] = [
        ("leadsource", "Lead source", false), ("industry", "Industry", false), ("rating", "Rating", false),
        ("title", "Seniority", false), ("numberofemployees", "Company size", false),
        ("annualrevenue", "Annual revenue", true), ("country", "Country", false),
    ]

    /// Activity counted per lead: (table, lead reference column, feature name).
    private static let activityCounts = [
        ("sf_task", "whoid", "Tasks"), ("sf_event", "whoid", "Events"), ("sf_campaignmember", "leadid", "Campaign memberships"),
    ]

    /// Reads every lead's features. Optional tables and columns that are missing are left out
    /// with a note; the lead table's own essentials are required.
    /// - Parameter asOf: the reference day (`YYYY-MM-DD`) lead ages are counted to.
    /// - Throws: `AnalyticsError.missingTable("sf_lead")`, or `missingColumn` for id, createddate,
    ///   isconverted or status.
    func leadFeatures(asOf: String) async throws -> LeadFeatureTable {
        try await require(Analysis.leadScoring.needs)
        guard let spec = try await warehouse.tableSpec("sf_lead") else { throw AnalyticsError.missingTable("sf_lead") }
        var notes: [String] = []
        let present = Self.leadFeatureColumns.filter { feature in
            guard spec.column(named: feature.column) != nil else {
                notes.append("\(feature.name): left out, sf_lead has no column \(feature.column)")
                return false
            }
            return true
        }
        var s = Statement(dialect)
        let day = s.argument(asOf)
        s.append("SELECT l.id, l.createddate, CASE WHEN \(dialect.isTrue("l.isconverted")) THEN 1 ELSE 0 END, l.status,")
        s.append(" \(dialect.daysBetween("l.createddate", day))")
        for feature in present { s.append(", l.\(feature.column)") }
        s.append(" FROM sf_lead l WHERE l.createddate IS NOT NULL ORDER BY l.id")
        let rows = try await run(s)

        let convertedStatuses = Set(rows.filter { $0[2] == "1" }.compactMap { $0[3] })
        var features: [RawFeature] = [RawFeature(name: LeadFeatureTable.ageFeature, values: .numeric(rows.map { Self.double($0[4]).map { max(0, $0) } }))]
        for (offset, feature) in present.enumerated() {
            let column = rows.map { $0[5 + offset] }
            switch feature.column {
            case "title": features.append(RawFeature(name: feature.name, values: .categorical(column.map { TitleSeniority(title: $0)?.rawValue })))
            case "numberofemployees": features.append(RawFeature(name: feature.name, values: .categorical(column.map { Self.sizeBucket($0) })))
            default:
                features.append(RawFeature(name: feature.name, values: feature.numeric ? .numeric(column.map { Self.double($0) }) : .categorical(column)))
            }
        }
        let ids = rows.map { $0[0] ?? "" }
        for (table, column, name) in Self.activityCounts {
            guard let counts = try await activityCounts(table: table, column: column, name: name, notes: &notes) else { continue }
            features.append(RawFeature(name: name, values: .numeric(ids.map { Double(counts[$0] ?? 0) })))
        }
        return LeadFeatureTable(
            ids: ids, created: rows.map { $0[1] ?? "" },
            outcomes: rows.map { LeadOutcome(isConverted: $0[2] == "1", status: $0[3], convertedStatuses: convertedStatuses) },
            features: features, notes: notes)
    }

    /// Rows per lead id in `table`, or nil (with a note) when the table or column is not synced.
    private func activityCounts(table: String, column: String, name: String, notes: inout [String]) async throws -> [String: Int]? {
        guard let spec = try await warehouse.tableSpec(table) else {
            notes.append("\(name): left out, the warehouse has no table \(table)")
            return nil
        }
        guard spec.column(named: column) != nil else {
            notes.append("\(name): left out, \(table) has no column \(column)")
            return nil
        }
        var s = Statement(dialect)
        s.append("SELECT a.\(column), COUNT(*) FROM \(table) a JOIN sf_lead l ON l.id = a.\(column) GROUP BY a.\(column)")
        var counts: [String: Int] = [:]
        for row in try await run(s) { if let id = row[0] { counts[id] = Self.int(row[1]) } }
        return counts
    }

    /// NumberOfEmployees in the bands sales teams use.
    static func sizeBucket(_ text: String?) -> String? {
        guard let n = double(text) else { return nil }
        switch n {
        case ..<11: return "1-10"
        case ..<51: return "11-50"
        case ..<201: return "51-200"
        case ..<1001: return "201-1000"
        case ..<5001: return "1001-5000"
        default: return "5001+"
        }
    }
}
