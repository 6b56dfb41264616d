import Foundation
import GRDB

extension SQLiteAppStore {
    func saveDashboard(_ dashboard: Dashboard) async throws -> Dashboard {
        let widgets = try StoredDashboard.widgetsText(dashboard.widgets)
        return try await writer.write { db in
            var saved = dashboard
            let now = Date().timeIntervalSince1970
            if let id = Int64(dashboard.key) {
                try db.execute(sql: "UPDATE tributary_dashboards SET title = ?, widgets = ?, shared = ?, updated_at = ? WHERE id = ?",
                               arguments: [dashboard.title, widgets, dashboard.shared, now, id])
            } else {
                try db.execute(sql: """
                    INSERT INTO tributary_dashboards (title, widgets, shared, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [dashboard.title, widgets, dashboard.shared, dashboard.ownerID, now, now])
                saved.key = String(db.lastInsertedRowID)
            }
            return saved
        }
    }

    func dashboards() async throws -> [Dashboard] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.id, d.title, d.widgets, d.shared, d.owner_id, u.email FROM tributary_dashboards d
                LEFT JOIN tributary_users u ON u.id = d.owner_id ORDER BY d.title, d.id
                """).map { row in
                Dashboard(key: String(row[0] as Int64), title: row[1], widgets: StoredDashboard.widgets(row[2]), ownerID: row[4], ownerEmail: row[5], shared: row[3])
            }
        }
    }

    func deleteDashboard(id: Int64) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM tributary_dashboards WHERE id = ?", arguments: [id]) }
    }

    func addDashboardEmail(dashboardID: Int64, schedule: EmailSchedule, recipientIDs: [Int64], createdBy: User) async throws -> DashboardEmail {
        let now = Date()
        let recipients = try StoredDashboard.recipientsText(recipientIDs)
        let id = try await writer.write { db -> Int64 in
            try db.execute(sql: """
                INSERT INTO tributary_dashboard_emails (dashboard_id, frequency, hour, weekday, day_of_month, time_zone, recipients, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [dashboardID, schedule.frequency.rawValue, schedule.hour, schedule.weekday, schedule.dayOfMonth, schedule.timeZone.identifier,
                                 recipients, createdBy.id, now.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
        return DashboardEmail(id: id, dashboardID: dashboardID, schedule: schedule, recipientIDs: recipientIDs, createdBy: createdBy.id, createdAt: now)
    }

    func dashboardEmails(dashboardID: Int64?) async throws -> [DashboardEmail] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tributary_dashboard_emails WHERE ? IS NULL OR dashboard_id = ? ORDER BY id",
                             arguments: [dashboardID, dashboardID]).compactMap { row in
                StoredDashboard.email(id: row["id"], dashboardID: row["dashboard_id"], frequency: row["frequency"] ?? "", hour: row["hour"] ?? -1,
                                      weekday: row["weekday"] ?? 1, dayOfMonth: row["day_of_month"] ?? 1, timeZone: row["time_zone"] ?? "",
                                      recipients: row["recipients"] ?? "[]", createdBy: row["created_by"],
                                      createdAt: Date(timeIntervalSince1970: row["created_at"]),
                                      lastSentAt: (row["last_sent_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    func deleteDashboardEmail(id: Int64, dashboardID: Int64) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM tributary_dashboard_emails WHERE id = ? AND dashboard_id = ?", arguments: [id, dashboardID])
        }
    }

    func claimDashboardEmail(id: Int64, lastSentAt previous: Date?, now: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE tributary_dashboard_emails SET last_sent_at = ?
                WHERE id = ? AND ((? IS NULL AND last_sent_at IS NULL) OR last_sent_at = ?)
                """, arguments: [now.timeIntervalSince1970, id, previous?.timeIntervalSince1970, previous?.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }
}
