import Analytics
import Foundation
import Logging

/// What sends mail: the SMTP relay (`SMTPClient`), or a scripted fake in tests.
protocol MailSender: Sendable {
    func send(to recipient: String, _ mail: MailMessage) async throws
}

extension SMTPClient: MailSender {}

/// Emails dashboards on their schedules: each due email is claimed (compare and set on its last
/// send, so of two replicas one sends), then rendered for each recipient as they would see it
/// (a private report shows its notice, not its rows) and sent through the SMTP relay. A failed
/// message is logged and not retried: the next one comes at the next due time.
struct DashboardMailer: Sendable {
    let app: WebApp
    let sender: (any MailSender)?
    let clock: @Sendable () -> Date
    let logger: Logger

    /// Sends what is due now; returns the messages sent.
    @discardableResult
    func tick() async throws -> Int {
        let now = clock()
        let due = try await app.store.dashboards.dashboardEmails().filter { $0.schedule.isDue(lastSent: $0.lastSentAt, created: $0.createdAt, now: now) }
        guard !due.isEmpty else { return 0 }
        guard let sender else {
            logger.warning("\(due.count) dashboard email(s) are due, but no SMTP relay is configured (TRIBUTARY_SMTP_HOST)")
            return 0
        }
        let dashboards = try await app.store.dashboards.dashboards()
        let users = try await app.store.accounts.users()
        var sent = 0
        for email in due {
            guard let dashboard = dashboards.first(where: { $0.key == String(email.dashboardID) }),
                  try await app.store.dashboards.claimDashboardEmail(id: email.id, lastSentAt: email.lastSentAt, now: now) else { continue }
            for id in email.recipientIDs {
                // A removed user, or one who may no longer see the dashboard, gets nothing.
                guard let user = users.first(where: { $0.id == id }), dashboard.isVisible(to: user) else { continue }
                do {
                    try await sender.send(to: user.email, try await app.renderer.mail(dashboard, for: user, at: now))
                    sent += 1
                } catch {
                    logger.warning("dashboard email '\(dashboard.title)' to \(user.email) failed: \(error)")
                }
            }
        }
        return sent
    }

    /// Ticks until cancelled.
    func run(every interval: Duration = .seconds(60)) async {
        while !Task.isCancelled {
            do { try await tick() } catch { logger.error("dashboard emails: \(error)") }
            try? await Task.sleep(for: interval)
        }
    }
}

extension WebApp {
    /// Emails dashboards on their schedules until cancelled (`tributary serve`).
    public func runDashboardMailer(tick: Duration = .seconds(60)) async {
        await DashboardMailer(app: self, sender: configuration.smtp, clock: { Date() }, logger: logger).run(every: tick)
    }
}
