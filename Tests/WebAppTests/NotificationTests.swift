import Foundation
import Sync
import Synchronization
import Testing
import Warehouse

@testable import WebApp

/// *Email me when complete*: the end of a cycle reaches a local SMTP sink and a local webhook.
@Suite(.serialized) struct NotificationTests {
    @Test func cycleEndIsMailedAndPostedToTheWebhook() async throws {
        let sink = SMTPSink()
        let port = try await sink.start()
        let hook = WebhookReceiver()
        let url = try await hook.start()
        defer { sink.stop(); hook.stop() }
        // The receiver is on loopback, which webhooks reach only when the operator allows it.
        let loopback = try WebhookAllowlist(parsing: "127.0.0.1")
        try await WebAppHarness.withApp(sandbox: true, configure: {
            $0.smtpHost = "127.0.0.1"; $0.smtpPort = port; $0.smtpFrom = "tributary@example.com"
            $0.webhookAllow = loopback
        }) { h, _ in
            var record = try await h.connect()
            record.notifyEmail = "ops@example.com"
            record.notifyWebhook = url
            record = try await h.warehouse.metadata.saveConnection(record)
            let task = try #require(h.app.runner.startTask(record))
            await task.value

            let mail = try #require(sink.messages.withLock { $0.first })
            #expect(mail.from == "MAIL FROM:<tributary@example.com>")
            #expect(mail.to == ["RCPT TO:<ops@example.com>"])
            #expect(mail.data.contains("Subject: Tributary: update of Acme succeeded"))
            #expect(mail.data.contains("Rows moved: "))

            let body = try #require(hook.bodies.withLock { $0.first })
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let payload = try decoder.decode(Notifier.Payload.self, from: body)
            #expect(payload.connection == "Acme" && payload.status == "succeeded")
            #expect(payload.rows > 1_000)
            let id = try #require(record.id)
            let last = try #require(try await h.warehouse.metadata.lastWholeCycle(connectionID: id))
            #expect(payload.cycleID == last.id)
        }
    }

    @Test func smtpMessagesEndInCRLFAndDoubleLeadingDots() throws {
        let client = SMTPClient(host: "127.0.0.1", port: 25, from: "a@example.com")
        let text = try client.message(to: "b@example.com", subject: "s", body: "one\n.two\nthree")
        #expect(text.contains("\r\none\r\n..two\r\nthree"))
        #expect(!text.contains("\n.two"))
    }

    @Test func addressesAndWebhooksAreChecked() {
        #expect(Accounts.isEmail("ops@example.com"))
        #expect(!Accounts.isEmail("ops@example.com>\r\nRCPT TO:<x@y.z"))
        #expect(!Accounts.isEmail("no-at-sign"))
        #expect(Notifier.isWebhookURL("https://hooks.example.com/x"))
        #expect(!Notifier.isWebhookURL("file:///etc/passwd"))
    }
}
