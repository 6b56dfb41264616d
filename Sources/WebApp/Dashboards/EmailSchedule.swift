import Foundation

/// When a dashboard is emailed: daily, weekly (on a weekday) or monthly (on a day, 1–28, so
/// every month has it), at an hour of a time zone's clock. Pure: `lastDue` is the rule, and the
/// mailer sends when the last due moment is after the last send, so a restart (or a second
/// replica) neither repeats nor skips a message.
struct EmailSchedule: Sendable, Equatable {
    enum Frequency: String, Sendable, CaseIterable {
        case daily, weekly, monthly

        var label: String {
            switch self {
            case .daily: "Every day"
            case .weekly: "Every week"
            case .monthly: "Every month"
            }
        }
    }

    var frequency: Frequency
    /// 0–23 on the time zone's clock.
    var hour: Int
    /// ISO: 1 is Monday, 7 Sunday (weekly only).
    var weekday: Int
    /// 1–28 (monthly only).
    var dayOfMonth: Int
    var timeZone: TimeZone

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// - Throws: `BadForm` naming the value that is out of range or unknown.
    init(frequency: Frequency, hour: Int, weekday: Int = 1, dayOfMonth: Int = 1, timeZone: String) throws {
        guard (0...23).contains(hour) else { throw BadForm("The hour must be 0 to 23.") }
        guard (1...7).contains(weekday) else { throw BadForm("The weekday must be Monday to Sunday.") }
        guard (1...28).contains(dayOfMonth) else { throw BadForm("The day of the month must be 1 to 28, so that every month has it.") }
        guard let zone = TimeZone(identifier: timeZone) else {
            throw BadForm("Unknown time zone '\(timeZone.prefix(60))': use a name such as UTC, Europe/Paris or America/New_York.")
        }
        self.frequency = frequency
        self.hour = hour
        self.weekday = weekday
        self.dayOfMonth = dayOfMonth
        self.timeZone = zone
    }

    /// The latest moment at or before `now` when a message was due.
    func lastDue(atOrBefore now: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Walk back day by day on the zone's calendar: at most a month and a bit for monthly.
        for back in 0...62 {
            guard let day = calendar.date(byAdding: .day, value: -back, to: now) else { return nil }
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            switch frequency {
            case .daily: break
            case .weekly: guard let w = parts.weekday, (w + 5) % 7 + 1 == weekday else { continue }
            case .monthly: guard parts.day == dayOfMonth else { continue }
            }
            let due = calendar.date(from: DateComponents(year: parts.year, month: parts.month, day: parts.day, hour: hour))
            if let due, due <= now { return due }
        }
        return nil
    }

    /// Whether a message is due: the last due moment came after the last send (or, never sent,
    /// after the schedule was made; a schedule made at 9:00 for 8:00 first sends tomorrow).
    func isDue(lastSent: Date?, created: Date, now: Date) -> Bool {
        guard let due = lastDue(atOrBefore: now) else { return false }
        return due > (lastSent ?? created)
    }

    /// In words, for the page: "Every week on Monday at 08:00 (Europe/Paris)".
    var summary: String {
        let at = "at \(hour < 10 ? "0" : "")\(hour):00 (\(timeZone.identifier))"
        switch frequency {
        case .daily: return "Every day \(at)"
        case .weekly: return "Every week on \(Self.weekdays[weekday - 1]) \(at)"
        case .monthly: return "Every month on day \(dayOfMonth) \(at)"
        }
    }
}
