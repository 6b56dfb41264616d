import SOQL

/// Salesforce datetimes to one sortable UTC form, `YYYY-MM-DDTHH:MM:SS.sssZ`.
///
/// REST writes `…000+0000`, Bulk CSV writes `…000Z`, and other sources may carry an offset
/// (`-0700`, `+01:00`). One form means text comparison in SQL orders datetimes correctly.
enum DatetimeText {
    static let normalizedLength = 24

    /// Writes the normalised form of `field` to `out` (24 bytes) and returns true, or returns
    /// false when the text is not a datetime with a zone (it is then stored as it came).
    static func normalize(_ field: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Bool {
        let n = field.count
        guard n >= 20,
            field[4] == UInt8(ascii: "-"), field[7] == UInt8(ascii: "-"),
            field[10] == UInt8(ascii: "T") || field[10] == UInt8(ascii: " "),
            field[13] == UInt8(ascii: ":"), field[16] == UInt8(ascii: ":"),
            let year = number(field, 0, 4), let month = number(field, 5, 2), let day = number(field, 8, 2),
            let hour = number(field, 11, 2), let minute = number(field, 14, 2), let second = number(field, 17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return false }

        // Fraction: any number of digits, kept to milliseconds.
        var i = 19
        var millis = 0
        if field[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < n, let d = number(field, i, 1) {
                if digits < 3 { millis = millis * 10 + d }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return false }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        guard let offsetMinutes = zoneOffset(field, from: i) else { return false }

        var totalMinutes = hour * 60 + minute - offsetMinutes
        var days = Int(SOQLDate.days(year: year, month: month, day: day))
        if totalMinutes < 0 || totalMinutes >= 1440 {
            let dayShift = totalMinutes < 0 ? -1 : 1
            days += dayShift
            totalMinutes -= dayShift * 1440
        }
        let (y, m, d) = offsetMinutes == 0 ? (year, month, day) : SOQLDate.civil(fromDays: Int32(days))
        guard (0...9999).contains(y) else { return false }
        write(y, 4, out, 0)
        out[4] = UInt8(ascii: "-")
        write(m, 2, out, 5)
        out[7] = UInt8(ascii: "-")
        write(d, 2, out, 8)
        out[10] = UInt8(ascii: "T")
        write(totalMinutes / 60, 2, out, 11)
        out[13] = UInt8(ascii: ":")
        write(totalMinutes % 60, 2, out, 14)
        out[16] = UInt8(ascii: ":")
        write(second, 2, out, 17)
        out[19] = UInt8(ascii: ".")
        write(millis, 3, out, 20)
        out[23] = UInt8(ascii: "Z")
        return true
    }

    /// The zone at `i` in minutes east of UTC: `Z`, `±HHMM`, `±HH:MM` or `±HH`; nil otherwise.
    private static func zoneOffset(_ field: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        let rest = field.count - i
        guard rest >= 1 else { return nil }
        if field[i] == UInt8(ascii: "Z") { return rest == 1 ? 0 : nil }
        let sign: Int
        switch field[i] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        guard let hours = rest >= 3 ? number(field, i + 1, 2) : nil, hours <= 23 else { return nil }
        let minutes: Int?
        switch rest {
        case 3: minutes = 0
        case 5: minutes = number(field, i + 3, 2)
        case 6: minutes = field[i + 3] == UInt8(ascii: ":") ? number(field, i + 4, 2) : nil
        default: minutes = nil
        }
        guard let minutes, minutes < 60 else { return nil }
        return sign * (hours * 60 + minutes)
    }

    /// The decimal number in `count` bytes from `start`, or nil when one is not a digit.
    static func number(_ field: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= field.count else { return nil }
        var value = 0
        for i in start..<(start + count) {
            let d = field[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    private static func write(_ value: Int, _ width: Int, _ out: UnsafeMutablePointer<UInt8>, _ at: Int) {
        var v = value
        for i in stride(from: at + width - 1, through: at, by: -1) {
            out[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        }
    }
}
