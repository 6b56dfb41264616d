import Foundation

/// Where saved dashboards and their scheduled emails are kept.
protocol DashboardStore: Sendable {
    /// Inserts a dashboard whose key is not a row id, or replaces the one it names; returns it with its key.
    func saveDashboard(_ dashboard: Dashboard) async throws -> Dashboard
    /// Every saved dashboard, by title.
    func dashboards() async throws -> [Dashboard]
    /// Removes a dashboard and its emails.
    func deleteDashboard(id: Int64) async throws

    func addDashboardEmail(dashboardID: Int64, schedule: EmailSchedule, recipientIDs: [Int64], createdBy: User) async throws -> DashboardEmail
    /// Every dashboard's emails, or one dashboard's; a row this version cannot read (an unknown
    /// frequency or zone from a later one) is skipped.
    func dashboardEmails(dashboardID: Int64?) async throws -> [DashboardEmail]
    func deleteDashboardEmail(id: Int64, dashboardID: Int64) async throws
    /// Marks the email sent at `now` if it was last sent at `previous` (compare and set): of two
    /// processes that find it due, one claims it and the other sends nothing.
    func claimDashboardEmail(id: Int64, lastSentAt previous: Date?, now: Date) async throws -> Bool
}

extension DashboardStore {
    func dashboardEmails() async throws -> [DashboardEmail] { try await dashboardEmails(dashboardID: nil) }
}

/// The stored forms the stores share: widgets as a JSON array of their keys, recipients as a
/// JSON array of user ids.
enum StoredDashboard {
    static func widgetsText(_ widgets: [Dashboard.Widget]) throws -> String {
        String(decoding: try JSONEncoder().encode(widgets.map(\.key)), as: UTF8.self)
    }

    /// A widget this version does not know (from a later one) is left out.
    static func widgets(_ text: String) -> [Dashboard.Widget] {
        ((try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []).compactMap(Dashboard.Widget.init(key:))
    }

    static func recipientsText(_ ids: [Int64]) throws -> String {
        String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
    }

    /// An email's row as read by either store; nil for one this version cannot read.
    static func email(id: Int64, dashboardID: Int64, frequency: String, hour: Int, weekday: Int, dayOfMonth: Int, timeZone: String,
                      recipients: String, createdBy: Int64?, createdAt: Date, lastSentAt: Date?) -> DashboardEmail? {
        guard let frequency = EmailSchedule.Frequency(rawValue: frequency),
              let schedule = try? EmailSchedule(frequency: frequency, hour: hour, weekday: weekday, dayOfMonth: dayOfMonth, timeZone: timeZone),
              let ids = try? JSONDecoder().decode([Int64].self, from: Data(recipients.utf8))
        else { return nil }
        return DashboardEmail(id: id, dashboardID: dashboardID, schedule: schedule, recipientIDs: ids, createdBy: createdBy, createdAt: createdAt,
                              lastSentAt: lastSentAt)
    }
}
