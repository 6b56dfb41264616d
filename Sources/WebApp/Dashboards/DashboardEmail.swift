import Foundation
import GRDB

/// A dashboard's email: its schedule, the users it goes to, and when it last went.
struct DashboardEmail: Sendable, Equatable {
    var id: Int64
    var dashboardID: Int64
    var schedule: EmailSchedule
    var recipientIDs: [Int64]
    var createdBy: Int64?
    var createdAt: Date
    var lastSentAt: Date?
}

/// Dashboard emails, in the app's own tables beside the dashboards.
extension UserStore {
    func addDashboardEmail(dashboardID: Int64, schedule: EmailSchedule, recipientIDs: [Int64], createdBy: User) async throws -> DashboardEmail {
        let now = Date()
        let recipients = String(decoding: try JSONEncoder().encode(recipientIDs), as: UTF8.self)
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

    /// Every dashboard's emails, or one dashboard's.
    func dashboardEmails(dashboardID: Int64? = nil) async throws -> [DashboardEmail] {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM tributary_dashboard_emails WHERE ? IS NULL OR dashboard_id = ? ORDER BY id",
                                        arguments: [dashboardID, dashboardID])
            return rows.compactMap(Self.dashboardEmail)
        }
    }

    func deleteDashboardEmail(id: Int64, dashboardID: Int64) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM tributary_dashboard_emails WHERE id = ? AND dashboard_id = ?", arguments: [id, dashboardID])
        }
    }

    /// Marks the email sent at `now` if it was last sent at `previous` (compare and set): of two
    /// processes that find it due, one claims it and the other sends nothing.
    func claimDashboardEmail(id: Int64, lastSentAt previous: Date?, now: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE tributary_dashboard_emails SET last_sent_at = ?
                WHERE id = ? AND ((? IS NULL AND last_sent_at IS NULL) OR last_sent_at = ?)
                """, arguments: [now.timeIntervalSince1970, id, previous?.timeIntervalSince1970, previous?.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    /// A row this version cannot read (an unknown frequency or zone from a later one) is skipped.
    private static func dashboardEmail(_ row: Row) -> DashboardEmail? {
        guard let frequency = EmailSchedule.Frequency(rawValue: row["frequency"] ?? ""),
              let schedule = try? EmailSchedule(frequency: frequency, hour: row["hour"] ?? -1, weekday: row["weekday"] ?? 1,
                                                dayOfMonth: row["day_of_month"] ?? 1, timeZone: row["time_zone"] ?? ""),
              let recipients = try? JSONDecoder().decode([Int64].self, from: Data((row["recipients"] as String? ?? "[]").utf8))
        else { return nil }
        return DashboardEmail(id: row["id"], dashboardID: row["dashboard_id"], schedule: schedule, recipientIDs: recipients, createdBy: row["created_by"],
                              createdAt: Date(timeIntervalSince1970: row["created_at"]),
                              lastSentAt: (row["last_sent_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}
