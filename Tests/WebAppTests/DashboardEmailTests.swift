import Analytics
import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import WebApp

/// Dashboards by email: the schedule's rule, and a dashboard arriving at a local SMTP sink on
/// its schedule with the right tables, once per due time, as each recipient may see it.
@Suite(.serialized) struct DashboardEmailTests {
    static let password = "correct horse 1"

    static func date(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }

    @Test func schedulesFallDueOnTheirZonesClock() throws {
        let paris = try EmailSchedule(frequency: .daily, hour: 7, timeZone: "Europe/Paris")
        // 09:00 in Paris (08:00 UTC in winter): today's 07:00 Paris is 06:00 UTC.
        #expect(paris.lastDue(atOrBefore: try Self.date("2027-01-15T08:00:00Z")) == (try Self.date("2027-01-15T06:00:00Z")))
        #expect(paris.lastDue(atOrBefore: try Self.date("2027-01-15T05:59:59Z")) == (try Self.date("2027-01-14T06:00:00Z")))
        // Summer time: 07:00 Paris is 05:00 UTC.
        #expect(paris.lastDue(atOrBefore: try Self.date("2027-07-15T08:00:00Z")) == (try Self.date("2027-07-15T05:00:00Z")))
        let mondays = try EmailSchedule(frequency: .weekly, hour: 8, weekday: 1, timeZone: "America/New_York")
        // Friday 2027-01-15: the last Monday 08:00 New York (13:00 UTC) was the 11th.
        #expect(mondays.lastDue(atOrBefore: try Self.date("2027-01-15T12:00:00Z")) == (try Self.date("2027-01-11T13:00:00Z")))
        let fifteenth = try EmailSchedule(frequency: .monthly, hour: 7, dayOfMonth: 15, timeZone: "UTC")
        #expect(fifteenth.lastDue(atOrBefore: try Self.date("2027-01-15T08:00:00Z")) == (try Self.date("2027-01-15T07:00:00Z")))
        #expect(fifteenth.lastDue(atOrBefore: try Self.date("2027-01-15T06:00:00Z")) == (try Self.date("2026-12-15T07:00:00Z")))
        // Made at 09:00 for 07:00: the first message is tomorrow's; sent at 07:00, not again until the next.
        let made = try Self.date("2027-01-15T09:00:00Z")
        let daily = try EmailSchedule(frequency: .daily, hour: 7, timeZone: "UTC")
        #expect(!daily.isDue(lastSent: nil, created: made, now: try Self.date("2027-01-15T23:00:00Z")))
        #expect(daily.isDue(lastSent: nil, created: made, now: try Self.date("2027-01-16T07:00:00Z")))
        #expect(!daily.isDue(lastSent: try Self.date("2027-01-16T07:00:30Z"), created: made, now: try Self.date("2027-01-16T12:00:00Z")))
        // Bad values are refused with a message that names them.
        #expect(throws: BadForm.self) { try EmailSchedule(frequency: .daily, hour: 24, timeZone: "UTC") }
        #expect(throws: BadForm.self) { try EmailSchedule(frequency: .monthly, hour: 1, dayOfMonth: 31, timeZone: "UTC") }
        #expect(throws: BadForm.self) { try EmailSchedule(frequency: .daily, hour: 1, timeZone: "Mars/Olympus") }
    }

    @Test func aScheduledDashboardArrivesAtTheSinkWithItsTablesOncePerDueTime() async throws {
        let sink = SMTPSink()
        let port = try await sink.start()
        defer { sink.stop() }
        try await WebAppHarness.withApp(sandbox: true, configure: {
            $0.smtpHost = "127.0.0.1"; $0.smtpPort = port; $0.smtpFrom = "tributary@example.com"; $0.scoreLeadsEvery = 0
            $0.publicURL = "https://bi.example.com"
        }) { h, client in
            let admin = try await h.store.accounts.addUser(email: "root@example.com", password: Self.password, role: .admin)
            let reader = try await h.store.accounts.addUser(email: "rita@example.com", password: Self.password, role: .readOnly)
            let record = try await h.connect()
            await (try #require(h.app.runner.startTask(record))).value
            // The admin's private builder report and a built-in analysis on a shared dashboard.
            let spec = QuerySpec(object: "Lead", measure: MeasureSpec(aggregate: "count"), groupBy: ["LeadSource"])
            let report = try await h.store.reports.createReport(try ReportDraft(title: "Leads by source", query: spec, chart: .bar, shared: false), owner: admin)
            var dashboard = Dashboard(key: "", title: "Monday review", widgets: [.analysis(.winRate), .report(report.id)],
                                      ownerID: admin.id, ownerEmail: admin.email, shared: false)
            dashboard = try await h.store.dashboards.saveDashboard(dashboard)

            // Through the form: Rita may not get a private dashboard; once shared she may.
            var browser = Browser()
            try await browser.signIn(client, email: "root@example.com", password: Self.password)
            _ = try await browser.get(client, "/dashboards/\(dashboard.key)")
            let form = [("frequency", "daily"), ("hour", "7"), ("time-zone", "Europe/Paris"), ("recipients", "\(admin.id)"), ("recipients", "\(reader.id)")]
            var (status, page, _) = try await browser.post(client, "/dashboards/\(dashboard.key)/emails", form)
            #expect(status == .badRequest && page.contains("rita@example.com may not see this dashboard"))
            dashboard.shared = true
            _ = try await h.store.dashboards.saveDashboard(dashboard)
            (status, _, _) = try await browser.post(client, "/dashboards/\(dashboard.key)/emails", form)
            #expect(status == .seeOther || status == .found)
            (status, page, _) = try await browser.get(client, "/dashboards/\(dashboard.key)")
            #expect(page.contains("Every day at 07:00 (Europe/Paris)") && page.contains("rita@example.com"))
            #expect(try await browser.post(client, "/dashboards/\(dashboard.key)/emails", [("frequency", "daily"), ("hour", "7"), ("time-zone", "Nowhere/Else"),
                                                                                          ("recipients", "\(admin.id)")]).0 == .badRequest)

            let emails = try await h.store.dashboards.dashboardEmails()
            let email = try #require(emails.first)
            #expect(emails.count == 1)
            let clock = Mutex(email.createdAt)
            let mailer = DashboardMailer(app: h.app, sender: h.app.configuration.smtp, clock: { clock.withLock { $0 } }, logger: Logger(label: "test"))
            // Not yet due: nothing.
            #expect(try await mailer.tick() == 0)
            // The next 07:00 in Paris: one message each.
            let due = try #require(email.schedule.lastDue(atOrBefore: email.createdAt.addingTimeInterval(86_400)))
            clock.withLock { $0 = due.addingTimeInterval(30) }
            #expect(try await mailer.tick() == 2)
            // A second tick (or a second replica) in the same period sends nothing.
            #expect(try await mailer.tick() == 0)
            #expect(try await DashboardMailer(app: h.app, sender: h.app.configuration.smtp, clock: { due.addingTimeInterval(90) }, logger: Logger(label: "b")).tick() == 0)

            let messages = sink.messages.withLock { $0 }
            #expect(messages.count == 2)
            let toRita = try #require(messages.first { $0.to == ["RCPT TO:<rita@example.com>"] })
            let toAdmin = try #require(messages.first { $0.to == ["RCPT TO:<root@example.com>"] })
            let ritaHTML = try Self.part("text/html", of: toRita.data)
            let adminHTML = try Self.part("text/html", of: toAdmin.data)
            #expect(toRita.data.contains("Subject: Monday review: Tributary dashboard for"))
            // The win-rate table as the dashboard shows it, with its chart as an inline image.
            let rows = try await AnalyticsService(warehouse: h.warehouse).winRateByOwner(filter: .all)
            #expect(ritaHTML.contains("Win rate by owner") && ritaHTML.components(separatedBy: "<tr>").count - 2 >= rows.count)
            #expect(ritaHTML.contains(#"<img src="cid:chart-1@tributary""#) && !ritaHTML.contains("<svg"))
            #expect(toRita.data.contains("Content-Type: image/svg+xml") && toRita.data.contains("Content-ID: <chart-1@tributary>"))
            #expect(ritaHTML.contains("https://bi.example.com/dashboards/\(dashboard.key)"))
            // Rita may not see the private report: its notice, not its rows. The admin sees its rows.
            #expect(ritaHTML.contains("private to its owner") && !ritaHTML.contains("Count of records"))
            #expect(adminHTML.contains("Leads by source") && adminHTML.contains("Count of records"))
            #expect(try Self.part("text/plain", of: toRita.data).contains("Win rate by owner"))
            // No line passes SMTP's limit.
            #expect(toAdmin.data.split(separator: "\n").allSatisfy { $0.count <= 998 })

            // Two processes that read the email before either sent it: the first claims it, the second sends nothing.
            let read = try #require(try await h.store.dashboards.dashboardEmails().first)
            let later = due.addingTimeInterval(86_400 + 60)
            #expect(try await h.store.dashboards.claimDashboardEmail(id: read.id, lastSentAt: read.lastSentAt, now: later))
            #expect(try await !h.store.dashboards.claimDashboardEmail(id: read.id, lastSentAt: read.lastSentAt, now: later.addingTimeInterval(1)))
            try await h.store.claimDashboardEmailForTest(id: read.id, lastSentAt: read.lastSentAt)

            // The next day, again.
            clock.withLock { $0 = due.addingTimeInterval(86_400 + 60) }
            #expect(try await mailer.tick() == 2)
        }
    }

    /// A base64 part of a MIME message, decoded.
    static func part(_ type: String, of data: String) throws -> String {
        let start = try #require(data.range(of: "Content-Type: \(type)"))
        let afterHeaders = try #require(data.range(of: "\n\n", range: start.upperBound..<data.endIndex))
        let body = data[afterHeaders.upperBound...].prefix { $0 != "-" }
        let bytes = try #require(Data(base64Encoded: body.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\r", with: "")))
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension AppStore {
    /// Puts an email's last send back, as before a claim.
    func claimDashboardEmailForTest(id: Int64, lastSentAt: Date?) async throws {
        let sqlite = try #require(backend as? SQLiteAppStore)
        try await sqlite.writer.write { db in
            try db.execute(sql: "UPDATE tributary_dashboard_emails SET last_sent_at = ? WHERE id = ?", arguments: [lastSentAt?.timeIntervalSince1970, id])
        }
    }
}
