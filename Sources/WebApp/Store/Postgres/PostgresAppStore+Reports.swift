import Foundation
import PostgresNIO
import Warehouse

extension PostgresAppStore {
    func createReport(_ draft: ReportDraft, owner: User) async throws -> SavedReport {
        let now = Date()
        let (sql, query) = try StoredReportDefinition.columns(draft.definition)
        let id = try await insertedID("""
            INSERT INTO tributary_reports (title, sql, query, chart, owner_id, shared, created_at, updated_at)
            VALUES (\(draft.title), \(sql), \(query), \(draft.chart.rawValue), \(owner.id), \(draft.shared), \(now), \(now)) RETURNING id
            """, of: "report")
        return SavedReport(id: id, title: draft.title, definition: draft.definition, chart: draft.chart, ownerID: owner.id, ownerEmail: owner.email,
                           shared: draft.shared, createdAt: now, updatedAt: now)
    }

    func updateReport(id: Int64, _ draft: ReportDraft) async throws {
        let (sql, query) = try StoredReportDefinition.columns(draft.definition)
        _ = try await rows("""
            UPDATE tributary_reports SET title = \(draft.title), sql = \(sql), query = \(query), chart = \(draft.chart.rawValue), shared = \(draft.shared),
            updated_at = \(Date()) WHERE id = \(id)
            """)
    }

    func deleteReport(id: Int64) async throws {
        _ = try await rows("DELETE FROM tributary_reports WHERE id = \(id)")
    }

    func report(id: Int64) async throws -> SavedReport? {
        try await rows(PostgresQuery(unsafeSQL: Self.reportSelect + " WHERE r.id = $1", binds: Self.binds(id))).first.flatMap(Self.report)
    }

    func reports(visibleTo user: User) async throws -> [SavedReport] {
        try await rows(PostgresQuery(unsafeSQL: Self.reportSelect + " WHERE r.shared OR r.owner_id = $1 ORDER BY lower(r.title), r.id", binds: Self.binds(user.id)))
            .compactMap(Self.report)
    }

    func allReports() async throws -> [SavedReport] {
        try await rows(PostgresQuery(unsafeSQL: Self.reportSelect + " ORDER BY r.id")).compactMap(Self.report)
    }

    private static let reportSelect = """
        SELECT r.id, r.title, r.sql, r.chart, r.owner_id, u.email, r.shared, r.created_at, r.updated_at, r.query
        FROM tributary_reports r LEFT JOIN tributary_users u ON u.id = r.owner_id
        """

    static func binds(_ id: Int64) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(id)
        return binds
    }

    private static func report(_ row: PostgresRandomAccessRow) throws -> SavedReport? {
        let (definition, chart) = StoredReportDefinition.read(sql: try row.value("sql"), query: try row.value("query"), chart: try row.value("chart"))
        return SavedReport(id: try row.value("id"), title: try row.value("title"), definition: definition, chart: chart, ownerID: try row.value("owner_id"),
                           ownerEmail: try row.value("email"), shared: try row.value("shared"), createdAt: try row.value("created_at"),
                           updatedAt: try row.value("updated_at"))
    }
}
