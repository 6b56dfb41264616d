import Foundation
import Logging
import Sync
import Warehouse

/// *Email me when complete*: when a cycle ends, its outcome goes to the connection's email
/// address (through the configured SMTP relay) and webhook. A failed notification is logged,
/// never fatal to the cycle.
struct Notifier: Sendable {
    var smtp: SMTPClient?
    /// Webhooks go through their own sender (checked addresses, no redirects), never through the
    /// Salesforce client.
    let webhooks: WebhookSender
    let logger: Logger

    /// The cycle's outcome as the webhook's JSON body.
    struct Payload: Codable, Sendable {
        var connection: String
        var cycleID: Int64
        var status: String
        var startedAt: Date
        var endedAt: Date
        var apiCalls: Int
        var rows: Int
        var error: String?
    }

    static func payload(_ record: ConnectionRecord, _ result: CycleResult) -> Payload {
        Payload(connection: record.name, cycleID: result.cycleID, status: result.status.rawValue, startedAt: result.startedAt,
                endedAt: result.endedAt, apiCalls: result.apiCalls,
                rows: result.tables.reduce(0) { $0 + $1.inserted + $1.updated + $1.deleted }, error: result.error)
    }

    func notify(_ record: ConnectionRecord, _ result: CycleResult) async {
        let payload = Self.payload(record, result)
        if let url = record.notifyWebhook {
            do {
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                let status = try await webhooks.post(url, json: Array(try encoder.encode(payload)))
                if !(200..<300).contains(status) { logger.warning("webhook \(url) answered \(status)") }
            } catch {
                logger.warning("webhook \(url) failed: \(error)")
            }
        }
        if let address = record.notifyEmail {
            guard let smtp else {
                logger.warning("\(record.name) asks for an email, but no SMTP relay is configured (TRIBUTARY_SMTP_HOST)")
                return
            }
            let subject = "Tributary: update of \(record.name) \(payload.status)"
            var body = "The update cycle of \(record.name) ended: \(payload.status).\n\nStarted: \(payload.startedAt)\nEnded: \(payload.endedAt)\n"
            body += "Rows moved: \(payload.rows)\nAPI calls: \(payload.apiCalls)\n"
            if let error = payload.error { body += "\nProblem: \(error)\n" }
            do { try await smtp.send(to: address, subject: subject, body: body) } catch { logger.warning("email to \(address) failed: \(error)") }
        }
    }


    static func isWebhookURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "http" || scheme == "https"
    }
}
