/// Date and datetime text in Salesforce's formats, computed with integer civil-calendar arithmetic
/// (proleptic Gregorian, UTC) instead of Foundation formatters: the sandbox formats millions of values.
public enum SOQLDate {
    public static let millisecondsPerDay: Int64 = 86_400_000

    /// How a datetime ends: REST JSON writes `+0000`, Bulk CSV writes `Z`.
    public enum DateTimeStyle: Sendable {
        case rest
        case bulk
    }

    // MARK: Civil arithmetic

    /// Days since 1970-01-01 of a calendar date (Howard Hinnant's days_from_civil).
    public static func days(year: Int, month: Int, day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int32(truncatingIfNeeded: era * 146_097 + dayOfEra - 719_468)
    }

    /// The calendar date of a day number (Howard Hinnant's civil_from_days).
    public static func civil(fromDays days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The day containing a datetime (floor division, so times before 1970 land on the right day).
    public static func day(ofMilliseconds ms: Int64) -> Int32 {
        Int32(truncatingIfNeeded: floorDivide(ms, millisecondsPerDay))
    }

    public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    // MARK: Formatting

    /// `yyyy-MM-dd`.
    public static func formatDate(_ days: Int32) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(10)
        appendDate(days, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    public static func appendDate(_ days: Int32, to buffer: inout [UInt8]) {
        // Four-digit years (all real data) are written into a scratch buffer and appended once:
        // byte-by-byte appends showed up in Bulk CSV profiles (a uniqueness check per digit).
        let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { p in
            guard let base = p.baseAddress else { return false }
            let n = putDate(days, into: base)
            buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: n))
            return n > 0
        }
        if written { return }
        let (year, month, day) = civil(fromDays: days)
        appendDigits(year, width: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &buffer)
    }

    /// `yyyy-MM-dd` into the 10 bytes at `p`, returning 10; 0 (nothing written) for years
    /// outside 0...9999, which `appendDate` writes.
    public static func putDate(_ days: Int32, into p: UnsafeMutablePointer<UInt8>) -> Int {
        let (year, month, day) = civil(fromDays: days)
        guard year >= 0 && year <= 9999 else { return 0 }
        putDate(year, month, day, UnsafeMutableBufferPointer(start: p, count: 10))
        return 10
    }

    /// `yyyy-MM-dd'T'HH:mm:ss.SSS+0000` (REST) or `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (Bulk CSV), always UTC.
    public static func formatDateTime(_ ms: Int64, style: DateTimeStyle = .rest) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(28)
        appendDateTime(ms, style: style, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    public static func appendDateTime(_ ms: Int64, style: DateTimeStyle = .rest, to buffer: inout [UInt8]) {
        let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 28) { p in
            guard let base = p.baseAddress else { return false }
            let n = putDateTime(ms, style: style, into: base)
            buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: n))
            return n > 0
        }
        if written { return }
        let days = floorDivide(ms, millisecondsPerDay)
        appendDate(Int32(truncatingIfNeeded: days), to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        appendClock(Int(ms - days * millisecondsPerDay), to: &buffer)
        switch style {
        case .rest: buffer.append(contentsOf: [0x2B, 0x30, 0x30, 0x30, 0x30])  // "+0000"
        case .bulk: buffer.append(UInt8(ascii: "Z"))
        }
    }

    /// The datetime into the 28 bytes at `p`, returning how many it wrote (28 REST, 24 Bulk);
    /// 0 (nothing written) for years outside 0...9999, which `appendDateTime` writes.
    public static func putDateTime(_ ms: Int64, style: DateTimeStyle, into base: UnsafeMutablePointer<UInt8>) -> Int {
        let days = floorDivide(ms, millisecondsPerDay)
        let (year, month, day) = civil(fromDays: Int32(truncatingIfNeeded: days))
        guard year >= 0 && year <= 9999 else { return 0 }
        let p = UnsafeMutableBufferPointer(start: base, count: 28)
        let clock = Int(ms - days * millisecondsPerDay)
        putDate(year, month, day, p)
        p[10] = UInt8(ascii: "T")
        put(clock / 3_600_000, width: 2, p, 11)
        p[13] = UInt8(ascii: ":")
        put(clock / 60_000 % 60, width: 2, p, 14)
        p[16] = UInt8(ascii: ":")
        put(clock / 1000 % 60, width: 2, p, 17)
        p[19] = UInt8(ascii: ".")
        put(clock % 1000, width: 3, p, 20)
        guard style == .rest else {
            p[23] = UInt8(ascii: "Z")
            return 24
        }
        p[23] = UInt8(ascii: "+")
        for i in 24..<28 { p[i] = UInt8(ascii: "0") }
        return 28
    }

    /// `HH:mm:ss.SSSZ`, the Salesforce form of a time value (milliseconds since midnight).
    /// `2024-01-02T03:04:05Z`: the second a datetime falls in, as SOQL literals and the
    /// replication resources take it.
    public static func formatWholeSeconds(_ ms: Int64) -> String {
        String(formatDateTime(floorDivide(ms, 1000) * 1000, style: .bulk).dropLast(5)) + "Z"
    }

    public static func formatTime(_ ms: Int32) -> String {
        var buffer: [UInt8] = []
        appendTime(ms, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    public static func appendTime(_ ms: Int32, to buffer: inout [UInt8]) {
        appendClock(Int(ms), to: &buffer)
        buffer.append(UInt8(ascii: "Z"))
    }

    private static func appendClock(_ msOfDay: Int, to buffer: inout [UInt8]) {
        appendDigits(msOfDay / 3_600_000, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(msOfDay / 60_000 % 60, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(msOfDay / 1000 % 60, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "."))
        appendDigits(msOfDay % 1000, width: 3, to: &buffer)
    }

    /// `yyyy-MM-dd` into `p[0..<10]` (the year has four digits).
    private static func putDate(_ year: Int, _ month: Int, _ day: Int, _ p: UnsafeMutableBufferPointer<UInt8>) {
        put(year, width: 4, p, 0)
        p[4] = UInt8(ascii: "-")
        put(month, width: 2, p, 5)
        p[7] = UInt8(ascii: "-")
        put(day, width: 2, p, 8)
    }

    /// `value` (non-negative, below 10^width) as exactly `width` digits at `p[at...]`.
    private static func put(_ value: Int, width: Int, _ p: UnsafeMutableBufferPointer<UInt8>, _ at: Int) {
        var v = value
        var i = at + width - 1
        while i >= at {
            p[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
            v /= 10
            i -= 1
        }
    }

    /// Zero-padded decimal; wider values (years past 9999) keep all their digits.
    private static func appendDigits(_ value: Int, width: Int, to buffer: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value < 0 ? -value : value
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            } while v > 0 && count < 8
        }
        for _ in count..<max(width, count) { buffer.append(UInt8(ascii: "0")) }
        withUnsafeBytes(of: &digits) { raw in
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[i]) }
        }
    }

    // MARK: Parsing

    /// Parses `yyyy-MM-dd`, rejecting impossible dates such as 2023-02-29.
    public static func parseDate(_ text: some StringProtocol) -> Int32? {
        var scanner = DigitScanner(text)
        guard let days = scanner.date(), scanner.atEnd else { return nil }
        return days
    }

    /// Parses a SOQL datetime literal or a Salesforce datetime value:
    /// `yyyy-MM-ddTHH:mm:ss(.fraction)?(Z|±HH:mm|±HHmm)`; offsets are converted to UTC.
    public static func parseDateTime(_ text: some StringProtocol) -> Int64? {
        var scanner = DigitScanner(text)
        guard let days = scanner.date(), scanner.take("T") || scanner.take("t"),
            let clock = scanner.clock()
        else { return nil }
        var offsetMinutes = 0
        if scanner.take("Z") || scanner.take("z") {
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(digits: 2), hours <= 23 else { return nil }
            _ = scanner.take(":")
            guard let minutes = scanner.number(digits: 2), minutes <= 59 else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
        } else {
            return nil
        }
        guard scanner.atEnd else { return nil }
        return Int64(days) * millisecondsPerDay + Int64(clock) - Int64(offsetMinutes) * 60_000
    }

    /// Parses `HH:mm:ss(.SSS)?Z?` into milliseconds since midnight.
    public static func parseTime(_ text: some StringProtocol) -> Int32? {
        var scanner = DigitScanner(text)
        guard let clock = scanner.clock() else { return nil }
        _ = scanner.take("Z")
        return scanner.atEnd ? Int32(clock) : nil
    }
}

/// A cursor over ASCII digits and separators of date and time text.
private struct DigitScanner {
    let bytes: [UInt8]
    var i = 0

    init(_ text: some StringProtocol) { bytes = Array(text.utf8) }

    var atEnd: Bool { i == bytes.count }

    mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard i < bytes.count, bytes[i] == UInt8(ascii: c) else { return false }
        i += 1
        return true
    }

    mutating func sign() -> Int? {
        if take("+") { return 1 }
        if take("-") { return -1 }
        return nil
    }

    mutating func number(digits: Int) -> Int? {
        guard i + digits <= bytes.count else { return nil }
        var value = 0
        for k in i..<(i + digits) {
            let d = bytes[k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        i += digits
        return value
    }

    mutating func date() -> Int32? {
        guard let year = number(digits: 4), take("-"), let month = number(digits: 2), take("-"),
            let day = number(digits: 2), (1...12).contains(month),
            (1...SOQLDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        return SOQLDate.days(year: year, month: month, day: day)
    }

    /// `HH:mm:ss(.fraction)?` in milliseconds; digits past the third of the fraction are dropped.
    mutating func clock() -> Int? {
        guard let hour = number(digits: 2), take(":"), let minute = number(digits: 2), take(":"),
            let second = number(digits: 2), hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var ms = 0
        if take(".") {
            var scale = 100
            let start = i
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
                ms += Int(bytes[i] &- UInt8(ascii: "0")) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        return ((hour * 60 + minute) * 60 + second) * 1000 + ms
    }
}
