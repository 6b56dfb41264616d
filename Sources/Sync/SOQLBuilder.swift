/// The SOQL of an update cycle. Field and object names come from describe (never from users),
/// and window bounds are whole UTC seconds written as unquoted datetime literals.
enum SOQLBuilder {
    static func select(_ fields: [String], from object: String, where conditions: [String] = []) -> String {
        var soql = "SELECT " + fields.joined(separator: ", ") + " FROM " + object
        if !conditions.isEmpty { soql += " WHERE " + conditions.joined(separator: " AND ") }
        return soql
    }

    static func count(from object: String, where conditions: [String] = []) -> String {
        select(["COUNT()"], from: object, where: conditions)
    }

    /// `key > from AND key <= to`: windows are half-open so consecutive windows never overlap
    /// except by the deliberate lookback.
    static func window(_ key: String, from: Int64?, to: Int64) -> [String] {
        var conditions: [String] = []
        if let from { conditions.append("\(key) > \(UTCSeconds.literal(from))") }
        conditions.append("\(key) <= \(UTCSeconds.literal(to))")
        return conditions
    }
}

/// Whole seconds since 1970 in UTC, written and read as `2024-01-02T03:04:05Z` (what SOQL takes
/// as a datetime literal and what the checkpoint keeps, so a person can read it).
public enum UTCSeconds {
    public static func literal(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2))Z"
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS` followed by anything (fraction, `Z`, `+0000`); the zone is
    /// taken as UTC, which is what Salesforce and this type write.
    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 19, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 32, b[13] == 58, b[16] == 58 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int64(b[i] - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), let hh = number(11..<13),
              let mm = number(14..<16), let ss = number(17..<19), (1...12).contains(m), (1...31).contains(d), hh < 24, mm < 60, ss < 61
        else { return nil }
        return days(fromCivil: y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // Howard Hinnant's civil-from-days and days-from-civil algorithms.
    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
