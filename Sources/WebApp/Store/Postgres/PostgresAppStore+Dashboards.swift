import Foundation
import PostgresNIO
import Warehouse

extension PostgresAppStore {
    func saveDashboard(_ dashboard: Dashboard) async throws -> Dashboard {
        let widgets = try StoredDashboard.widgetsText(dashboard.widgets)
        let now = Date()
        var saved = dashboard
        if let id = Int64(dashboard.key) {
            _ = try await rows("""
                UPDATE tributary_dashboards SET title = \(dashboard.title), widgets = \(widgets), shared = \(dashboard.shared), updated_at = \(now) WHERE id = \(id)
                """)
        } else {
            let id = try await insertedID("""
                INSERT INTO tributary_dashboards (title, widgets, shared, owner_id, created_at, updated_at)
                VALUES (\(dashboard.title), \(widgets), \(dashboard.shared), \(dashboard.ownerID), \(now), \(now)) RETURNING id
                """, of: "dashboard")
            saved.key = String(id)
        }
        return saved
    }

    func dashboards() async throws -> [Dashboard] {
        // COLLATE "C": by bytes, as SQLite orders text.
        try await rows("""
            SELECT d.id, d.title, d.widgets, d.shared, d.owner_id, u.email FROM tributary_dashboards d
            LEFT JOIN tributary_users u ON u.id = d.owner_id ORDER BY d.title COLLATE "C", d.id
            """).map { row in
            Dashboard(key: String(try row.value("id", as: Int64.self)), title: try row.value("title"), widgets: StoredDashboard.widgets(try row.value("widgets")),
                      ownerID: try row.value("owner_id"), ownerEmail: try row.value("email"), shared: try row.value("shared"))
        }
    }

    func deleteDashboard(id: Int64) async throws {
        _ = try await rows("DELETE FROM tributary_dashboards WHERE id = \(id)")
    }

    func addDashboardEmail(dashboardID: Int64, schedule: EmailSchedule, recipientIDs: [Int64], createdBy: User) async throws -> DashboardEmail {
        let now = Date()
        let recipients = try StoredDashboard.recipientsText(recipientIDs)
        let id = try await insertedID("""
            INSERT INTO tributary_dashboard_emails (dashboard_id, frequency, hour, weekday, day_of_month, time_zone, recipients, created_by, created_at)
            VALUES (\(dashboardID), \(schedule.frequency.rawValue), \(schedule.hour), \(schedule.weekday), \(schedule.dayOfMonth), \(schedule.timeZone.identifier),
                    \(recipients), \(createdBy.id), \(now)) RETURNING id
            """, of: "dashboard email")
        return DashboardEmail(id: id, dashboardID: dashboardID, schedule: schedule, recipientIDs: recipientIDs, createdBy: createdBy.id, createdAt: now)
    }

    func dashboardEmails(dashboardID: Int64?) async throws -> [DashboardEmail] {
        try await rows("""
            SELECT id, dashboard_id, frequency, hour, weekday, day_of_month, time_zone, recipients, created_by, created_at, last_sent_at
            FROM tributary_dashboard_emails WHERE \(dashboardID)::bigint IS NULL OR dashboard_id = \(dashboardID) ORDER BY id
            """).compactMap { row in
            StoredDashboard.email(id: try row.value("id"), dashboardID: try row.value("dashboard_id"), frequency: try row.value("frequency"),
                                  hour: try row.value("hour"), weekday: try row.value("weekday"), dayOfMonth: try row.value("day_of_month"),
                                  timeZone: try row.value("time_zone"), recipients: try row.value("recipients"), createdBy: try row.value("created_by"),
                                  createdAt: try row.value("created_at"), lastSentAt: try row.value("last_sent_at"))
        }
    }

    func deleteDashboardEmail(id: Int64, dashboardID: Int64) async throws {
        _ = try await rows("DELETE FROM tributary_dashboard_emails WHERE id = \(id) AND dashboard_id = \(dashboardID)")
    }

    func claimDashboardEmail(id: Int64, lastSentAt previous: Date?, now: Date) async throws -> Bool {
        // Within a millisecond rather than equal: a timestamptz read back into a Date and sent
        // again can lose its last microsecond, and two claims are always far further apart.
        let claimed = try await rows("""
            UPDATE tributary_dashboard_emails SET last_sent_at = \(now)
            WHERE id = \(id) AND ((\(previous)::timestamptz IS NULL AND last_sent_at IS NULL)
                OR last_sent_at BETWEEN \(previous)::timestamptz - interval '1 millisecond' AND \(previous)::timestamptz + interval '1 millisecond')
            RETURNING id
            """)
        return claimed.count == 1
    }
}
