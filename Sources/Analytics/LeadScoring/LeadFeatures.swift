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
    /// Whole days from CreatedDate to the reference day.
    var age: [Int]
    /// Whole days from CreatedDate to LastModifiedDate (a lost lead's closing); nil without
    /// that column.
    var daysToLastChange: [Int?]
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

    /// Activity counted per lead: the table, the column naming the lead, the column naming its
    /// contact once converted, and the feature's name.
    private static let activityCounts: [(table: String, lead: String, contact: String, name: String)] = [
        ("sf_task", "whoid", "whoid", "Tasks"), ("sf_event", "whoid", "whoid", "Events"),
        ("sf_campaignmember", "leadid", "contactid", "Campaign memberships"),
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
        let lastModified = spec.column(named: "lastmodifieddate") != nil
        s.append(" \(dialect.daysBetween("l.createddate", day)), \(lastModified ? dialect.daysBetween("l.createddate", "l.lastmodifieddate") : "NULL")")
        for feature in present { s.append(", l.\(feature.column)") }
        s.append(" FROM sf_lead l WHERE l.createddate IS NOT NULL ORDER BY l.id")
        let rows = try await run(s)

        let convertedStatuses = Set(rows.filter { $0[2] == "1" }.compactMap { $0[3] })
        var features: [RawFeature] = [RawFeature(name: LeadFeatureTable.ageFeature, values: .numeric(rows.map { Self.double($0[4]).map { max(0, $0) } }))]
        for (offset, feature) in present.enumerated() {
            let column = rows.map { $0[6 + offset] }
            switch feature.column {
            case "title": features.append(RawFeature(name: feature.name, values: .categorical(column.map { TitleSeniority(title: $0)?.rawValue })))
            case "numberofemployees": features.append(RawFeature(name: feature.name, values: .categorical(column.map { Self.sizeBucket($0) })))
            default:
                features.append(RawFeature(name: feature.name, values: feature.numeric ? .numeric(column.map { Self.double($0) }) : .categorical(column)))
            }
        }
        let ids = rows.map { $0[0] ?? "" }
        let outcomes = rows.map { LeadOutcome(isConverted: $0[2] == "1", status: $0[3], convertedStatuses: convertedStatuses) }
        // The statuses this org's lost leads carry: the outcome rule, applied once per status.
        let lost = Set(zip(rows, outcomes).compactMap { row, outcome in outcome == .lost ? row[3] : nil }).sorted()
        let cutoff = OutcomeCutoff(asOf: asOf, lostStatuses: lost, convertedDate: spec.column(named: "converteddate") != nil,
                                   lastModified: lastModified)
        for note in cutoff.notes { notes.append(note) }
        let followsContacts = spec.column(named: "convertedcontactid") != nil
        if !followsContacts {
            notes.append("Activity of converted leads: only what still names the lead, sf_lead has no column convertedcontactid")
        }
        for activity in Self.activityCounts {
            guard let counts = try await activityCounts(activity, followsContacts: followsContacts, cutoff: cutoff, notes: &notes) else { continue }
            features.append(RawFeature(name: activity.name, values: .numeric(ids.map { Double(counts[$0] ?? 0) })))
        }
        return LeadFeatureTable(ids: ids, created: rows.map { $0[1] ?? "" }, age: rows.map { Self.int($0[4]) },
                                daysToLastChange: rows.map { $0[5].map { Self.int($0) } }, outcomes: outcomes, features: features, notes: notes)
    }

    /// Rows per lead in the activity's table dated before the lead's outcome was known
    /// (`OutcomeCutoff`), or nil (with a note) when the table or column is not synced. A
    /// converted lead's rows are found through its own id and through its `ConvertedContactId`:
    /// conversion moves its tasks and events to the contact and gives its campaign members the
    /// contact (docs/sandbox-fidelity.md §9), and a row naming both is counted once. Rows the
    /// contact had before the conversion (a lead converted into an existing contact) count too,
    /// when dated before the outcome: what was known of the person then.
    private func activityCounts(_ activity: (table: String, lead: String, contact: String, name: String), followsContacts: Bool,
                                cutoff: OutcomeCutoff, notes: inout [String]) async throws -> [String: Int]? {
        let (table, name) = (activity.table, activity.name)
        guard let spec = try await warehouse.tableSpec(table) else {
            notes.append("\(name): left out, the warehouse has no table \(table)")
            return nil
        }
        guard spec.column(named: activity.lead) != nil else {
            notes.append("\(name): left out, \(table) has no column \(activity.lead)")
            return nil
        }
        let dated = spec.column(named: "createddate") != nil
        if !dated { notes.append("\(name): counted without a date cut-off, \(table) has no column createddate") }
        var joins = ["a.\(activity.lead) = l.id"]
        if followsContacts {
            if spec.column(named: activity.contact) != nil {
                joins.append("a.\(activity.contact) = l.convertedcontactid")
            } else {
                notes.append("\(name): a converted lead's are counted only while they name the lead, \(table) has no column \(activity.contact)")
            }
        }
        var s = Statement(dialect)
        s.append("SELECT k, COUNT(DISTINCT i) FROM (")
        for (n, join) in joins.enumerated() {
            if n > 0 { s.append(" UNION ALL ") }
            s.append("SELECT l.id AS k, a.id AS i FROM \(table) a JOIN sf_lead l ON \(join)")
            if dated {
                s.append(" WHERE \(dialect.day("a.createddate", type: .datetime)) < ")
                cutoff.append(dialect, to: &s)
            }
        }
        s.append(") x GROUP BY k")
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


/// The day a lead's outcome was known, before which its activity may be counted: what a model
/// learns from must be what it will have when it scores an open lead. A converted lead's
/// `ConvertedDate`; a lost one's last change (`LastModifiedDate`: the org keeps no closing date,
/// and a lead closed is rarely changed again); an open one's `asOf`. Without those columns the
/// day falls back to `asOf`, with a note.
struct OutcomeCutoff: Sendable {
    var asOf: String
    var lostStatuses: [String]
    var convertedDate: Bool
    var lastModified: Bool

    var notes: [String] {
        var notes: [String] = []
        if !convertedDate { notes.append("Activity of converted leads: counted up to the reference day, sf_lead has no column converteddate") }
        if !lastModified { notes.append("Activity of lost leads: counted up to the reference day, sf_lead has no column lastmodifieddate") }
        return notes
    }

    /// `CASE … END`: the lead `l`'s cut-off day, comparable with `SQLDialect.day`.
    func append(_ dialect: SQLDialect, to s: inout Statement) {
        let asOfDay = { (s: inout Statement) in
            let p = s.argument(asOf)
            s.append(dialect.kind == .postgres ? "CAST(\(p) AS date)" : p)
        }
        s.append("(CASE")
        if convertedDate { s.append(" WHEN \(dialect.isTrue("l.isconverted")) THEN l.converteddate") }
        if lastModified, !lostStatuses.isEmpty {
            s.append(" WHEN l.status IN (")
            for (i, status) in lostStatuses.enumerated() {
                if i > 0 { s.append(", ") }
                s.bind(status)
            }
            s.append(") THEN \(dialect.day("l.lastmodifieddate", type: .datetime))")
        }
        s.append(" ELSE ")
        asOfDay(&s)
        s.append(" END)")
    }
}
