import Foundation

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
