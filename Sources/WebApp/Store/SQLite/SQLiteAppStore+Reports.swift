import Foundation
import GRDB

extension SQLiteAppStore {
    func createReport(_ draft: ReportDraft, owner: User) async throws -> SavedReport {
        let now = Date()
        let (sql, query) = try StoredReportDefinition.columns(draft.definition)
        let id = try await writer.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO tributary_reports (title, sql, query, chart, owner_id, shared, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [draft.title, sql, query, draft.chart.rawValue, owner.id, draft.shared, now.timeIntervalSince1970, now.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
        return SavedReport(id: id, title: draft.title, definition: draft.definition, chart: draft.chart, ownerID: owner.id, ownerEmail: owner.email,
                           shared: draft.shared, createdAt: now, updatedAt: now)
    }

    func updateReport(id: Int64, _ draft: ReportDraft) async throws {
        let (sql, query) = try StoredReportDefinition.columns(draft.definition)
        try await writer.write { db in
            try db.execute(sql: "UPDATE tributary_reports SET title = ?, sql = ?, query = ?, chart = ?, shared = ?, updated_at = ? WHERE id = ?",
                           arguments: [draft.title, sql, query, draft.chart.rawValue, draft.shared, Date().timeIntervalSince1970, id])
        }
    }

    func deleteReport(id: Int64) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM tributary_reports WHERE id = ?", arguments: [id]) }
    }

    func report(id: Int64) async throws -> SavedReport? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: Self.reportSelect + " WHERE r.id = ?", arguments: [id]).flatMap(Self.report)
        }
    }

    func reports(visibleTo user: User) async throws -> [SavedReport] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: Self.reportSelect + " WHERE r.shared = 1 OR r.owner_id = ? ORDER BY r.title COLLATE NOCASE, r.id",
                             arguments: [user.id]).compactMap(Self.report)
        }
    }

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
        let (definition, chart) = StoredReportDefinition.read(sql: sql, query: row[9], chart: row[3])
        return SavedReport(id: id, title: title, definition: definition, chart: chart, ownerID: row[4], ownerEmail: row[5], shared: (row[6] as Bool?) ?? false,
                           createdAt: Date(timeIntervalSince1970: created), updatedAt: Date(timeIntervalSince1970: updated))
    }
}
