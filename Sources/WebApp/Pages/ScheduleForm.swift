import Foundation
import Warehouse

/// A connection's schedule, blackout hours, *Email me when complete*, and whether id
/// reconciliation may delete without *View All Data*.
enum ScheduleForm {
    static func page(_ record: ConnectionRecord, session: Session) -> String {
        let hours = { (chosen: Int?) in
            #"<option value=""\#(chosen == nil ? " selected" : "")>none</option>"# + (0...23).map {
                #"<option value="\#($0)"\#($0 == chosen ? " selected" : "")>\#(String(format: "%02d:00", $0))</option>"#
            }.joined()
        }
        return """
            <form method="post" action="/connections/\(record.id ?? 0)/settings">\(HTML.csrfField(session))
            <label for="every">Start an update cycle every (minutes)</label>
            <input id="every" name="every" type="number" min="5" max="10080" value="\(record.updateEveryMinutes)">
            <label for="blackout-start">Blackout hours (UTC): no scheduled cycle starts from</label><select id="blackout-start" name="blackout_start">\(hours(record.blackout?.start))</select>
            <label for="blackout-end">until</label><select id="blackout-end" name="blackout_end">\(hours(record.blackout?.end))</select>
            <label for="share">Share of the org's daily API calls this connection may use (%)</label>
            <input id="share" name="share" type="number" min="1" max="100" value="\(Int((record.apiShare * 100).rounded()))">
            <label for="notify-email">Email me when complete (address)</label><input id="notify-email" name="notify_email" type="email" value="\(HTML.escape(record.notifyEmail ?? ""))">
            <label for="notify-webhook">…or call this webhook URL (POST, JSON)</label><input id="notify-webhook" name="notify_webhook" type="url" value="\(HTML.escape(record.notifyWebhook ?? ""))">
            <label><input id="reconcile-without-view-all" name="reconcile_without_view_all" type="checkbox"\(record.reconcileWithoutViewAllData ? " checked" : "")>
            Let id reconciliation delete rows even though the connected user lacks View All Data (a row it cannot see then looks deleted)</label>
            <p><button type="submit" id="save-settings">Save</button> <a href="/connections">Cancel</a></p></form>
            """
    }

    /// The form's values applied to the record, or a message saying what is wrong.
    static func apply(_ fields: [String: String], to record: inout ConnectionRecord) throws(BadForm) {
        guard let every = Int(fields["every"] ?? ""), (5...10_080).contains(every) else {
            throw BadForm("The interval is a whole number of minutes from 5 to 10080 (a week).")
        }
        guard let share = Int(fields["share"] ?? ""), (1...100).contains(share) else { throw BadForm("The API share is a percentage from 1 to 100.") }
        let start = fields["blackout_start"].flatMap { Int($0) }, end = fields["blackout_end"].flatMap { Int($0) }
        var blackout: BlackoutHours?
        if start != nil || end != nil {
            guard let start, let end, let hours = BlackoutHours(start: start, end: end) else {
                throw BadForm("Blackout hours need a start and an end hour that differ, or none for both.")
            }
            blackout = hours
        }
        let email = (fields["notify_email"] ?? "").trimmingCharacters(in: .whitespaces)
        if !email.isEmpty, !Accounts.isEmail(email) { throw BadForm("'\(email)' is not an email address.") }
        let webhook = (fields["notify_webhook"] ?? "").trimmingCharacters(in: .whitespaces)
        if !webhook.isEmpty, !Notifier.isWebhookURL(webhook) { throw BadForm("The webhook must be an http:// or https:// URL.") }
        record.updateEveryMinutes = every
        record.apiShare = Double(share) / 100
        record.blackout = blackout
        record.notifyEmail = email.isEmpty ? nil : email
        record.notifyWebhook = webhook.isEmpty ? nil : webhook
        // A checkbox: sent as "on" when ticked, absent when not.
        record.reconcileWithoutViewAllData = fields["reconcile_without_view_all"] == "on"
    }
}
