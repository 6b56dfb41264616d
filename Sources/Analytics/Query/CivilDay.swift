import SOQL
/// A calendar day (proleptic Gregorian, no time zone), with the arithmetic periods need. Pure
/// integer math (days from civil, after Howard Hinnant's algorithm), so labels never depend on
/// the machine's calendar or time zone.
struct CivilDay: Sendable, Hashable, Comparable {
    let year: Int
    let month: Int
    let day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`, or the date part of a datetime (`YYYY-MM-DDT…`); nil for anything else,
    /// including days that do not exist (`2025-02-30`).
    init?(_ text: some StringProtocol) {
        let u = Array(text.utf8.prefix(11))
        guard u.count >= 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"), u.count == 10 || u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " ")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard u[i] >= UInt8(ascii: "0"), u[i] <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(u[i] - UInt8(ascii: "0"))
            }
            return n
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), (1...12).contains(month),
            day >= 1, day <= CivilDay.daysIn(year: year, month: month)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date of a day number (the algorithm lives once, in `SOQLDate`).
    init(daysSinceEpoch z: Int) {
        let civil = SOQLDate.civil(fromDays: Int32(truncatingIfNeeded: z))
        self.init(year: civil.year, month: civil.month, day: civil.day)
    }

    /// Days since 1970-01-01.
    var daysSinceEpoch: Int { Int(SOQLDate.days(year: year, month: month, day: day)) }

    /// ISO weekday: Monday 1 … Sunday 7 (1970-01-01 was a Thursday).
    var weekday: Int {
        let r = (daysSinceEpoch + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// The same day `n` months later, clamped to the month's last day.
    func addingMonths(_ n: Int) -> CivilDay {
        let index = year * 12 + (month - 1) + n
        let y = index / 12, m = index % 12 + 1
        return CivilDay(year: y, month: m, day: min(day, CivilDay.daysIn(year: y, month: m)))
    }

    var text: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    static func < (a: CivilDay, b: CivilDay) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    static func daysIn(year: Int, month: Int) -> Int { SOQLDate.daysInMonth(year: year, month: month) }

    static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
