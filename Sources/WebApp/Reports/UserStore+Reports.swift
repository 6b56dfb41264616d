import Analytics
import Foundation
import GRDB

/// Saved reports, in the same file as users (their owner is a user).
extension UserStore {
    public func createReport(_ draft: ReportDraft, owner: User) async throws -> SavedReport {
        let now = Date()
        let (sql, query) = try Self.columns(draft.definition)
        let id = try await writer.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO tributary_reports (title, sql, query, chart, owner_id, shared, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [draft.title, sql, query, draft.chart.rawValue, owner.id, draft.shared, now.timeIntervalSince1970, now.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
        return SavedReport(id: id, title: draft.title, definition: draft.definition, chart: draft.chart, ownerID: owner.id, ownerEmail: owner.email,
                           shared: draft.shared, createdAt: now, updatedAt: now)
    }

    /// Replaces the report's title, query, chart and sharing; the owner stays.
    public func updateReport(id: Int64, _ draft: ReportDraft) async throws {
        let (sql, query) = try Self.columns(draft.definition)
        try await writer.write { db in
            try db.execute(sql: "UPDATE tributary_reports SET title = ?, sql = ?, query = ?, chart = ?, shared = ?, updated_at = ? WHERE id = ?",
                           arguments: [draft.title, sql, query, draft.chart.rawValue, draft.shared, Date().timeIntervalSince1970, id])
        }
    }

    /// The `sql` and `query` columns of a definition: a builder query as the API's JSON.
    private static func columns(_ definition: SavedReport.Definition) throws -> (sql: String, query: String?) {
        switch definition {
        case .sql(let text): return (text, nil)
        case .query(let spec): return ("", String(decoding: try JSONEncoder.sorted().encode(spec), as: UTF8.self))
        }
    }

    public func deleteReport(id: Int64) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM tributary_reports WHERE id = ?", arguments: [id]) }
    }

    public func report(id: Int64) async throws -> SavedReport? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: Self.reportSelect + " WHERE r.id = ?", arguments: [id]).flatMap(Self.report)
        }
    }

    /// The reports `user` may see: their own and every shared one, by title.
    public func reports(visibleTo user: User) async throws -> [SavedReport] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: Self.reportSelect + " WHERE r.shared = 1 OR r.owner_id = ? ORDER BY r.title COLLATE NOCASE, r.id",
                             arguments: [user.id]).compactMap(Self.report)
        }
    }

    /// Every saved report, private ones included (what a removal in the warehouse would break).
    func allReports() async throws -> [SavedReport] {
        try await writer.read { db in try Row.fetchAll(db, sql: Self.reportSelect + " ORDER BY r.id").compactMap(Self.report) }
    }

    private static let reportSelect = """
        SELECT r.id, r.title, r.sql, r.chart, r.owner_id, u.email, r.shared, r.created_at, r.updated_at, r.query
        FROM tributary_reports r LEFT JOIN tributary_users u ON u.id = r.owner_id
        """

    private static func report(_ row: Row) -> SavedReport? {
        guard let id = row[0] as Int64?, let title = row[1] as String?, let sql = row[2] as String?,
              let created = row[7] as Double?, let updated = row[8] as Double?
        else { return nil }
        // An unknown chart kind (from a later version) shows no chart rather than hiding the report.
        let chart = (row[3] as String?).flatMap(SavedReport.Chart.init(rawValue:)) ?? .none
        let definition: SavedReport.Definition
        if let json = row[9] as String? {
            // A query this version cannot read (from a later one) is kept, and shown as a problem when run.
            guard let spec = try? JSONDecoder().decode(QuerySpec.self, from: Data(json.utf8)) else {
                return SavedReport(id: id, title: title, definition: .sql("-- this report's query could not be read: \(json.prefix(200))"), chart: .none,
                                   ownerID: row[4], ownerEmail: row[5], shared: (row[6] as Bool?) ?? false,
                                   createdAt: Date(timeIntervalSince1970: created), updatedAt: Date(timeIntervalSince1970: updated))
            }
            definition = .query(spec)
        } else {
            definition = .sql(sql)
        }
        return SavedReport(id: id, title: title, definition: definition, chart: chart, ownerID: row[4], ownerEmail: row[5], shared: (row[6] as Bool?) ?? false,
                           createdAt: Date(timeIntervalSince1970: created), updatedAt: Date(timeIntervalSince1970: updated))
    }
}
