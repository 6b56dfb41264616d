/// A relative date literal (`TODAY`, `LAST_N_DAYS:30`, …). It stands for a range of whole UTC days
/// computed from the query's `now`; fiscal literals use the calendar year (the sandbox org has no
/// custom fiscal year). Weeks start on Sunday, as in the en_US locale.
struct RelativeDateLiteral: Sendable, Hashable {
    enum Unit: Sendable {
        case day, week, month, quarter, year
    }

    enum Kind: Sendable, Hashable {
        /// The unit containing today, shifted by `shift` units (THIS_MONTH 0, LAST_MONTH -1).
        case current(shift: Int)
        /// The n units before the current one; LAST_N_DAYS also counts today.
        case last
        /// The n units after the current one.
        case next
        /// The single unit n units ago.
        case ago
    }

    var unit: Unit
    var kind: Kind
    var count: Int

    /// Looks a literal up by name; `needsCount` tells the parser to expect `:n`.
    static func named(_ name: String) -> (needsCount: Bool, make: (Int) -> RelativeDateLiteral)? {
        let upper = name.uppercased()
        let fixed: [String: (Unit, Int)] = [
            "YESTERDAY": (.day, -1), "TODAY": (.day, 0), "TOMORROW": (.day, 1),
            "LAST_WEEK": (.week, -1), "THIS_WEEK": (.week, 0), "NEXT_WEEK": (.week, 1),
            "LAST_MONTH": (.month, -1), "THIS_MONTH": (.month, 0), "NEXT_MONTH": (.month, 1),
            "LAST_QUARTER": (.quarter, -1), "THIS_QUARTER": (.quarter, 0), "NEXT_QUARTER": (.quarter, 1),
            "LAST_YEAR": (.year, -1), "THIS_YEAR": (.year, 0), "NEXT_YEAR": (.year, 1),
            "LAST_FISCAL_QUARTER": (.quarter, -1), "THIS_FISCAL_QUARTER": (.quarter, 0),
            "NEXT_FISCAL_QUARTER": (.quarter, 1),
            "LAST_FISCAL_YEAR": (.year, -1), "THIS_FISCAL_YEAR": (.year, 0), "NEXT_FISCAL_YEAR": (.year, 1),
        ]
        if let (unit, shift) = fixed[upper] {
            return (false, { _ in RelativeDateLiteral(unit: unit, kind: .current(shift: shift), count: 1) })
        }
        if upper == "LAST_90_DAYS" { return (false, { _ in RelativeDateLiteral(unit: .day, kind: .last, count: 90) }) }
        if upper == "NEXT_90_DAYS" { return (false, { _ in RelativeDateLiteral(unit: .day, kind: .next, count: 90) }) }
        let counted: [String: (Unit, Kind)] = [
            "LAST_N_DAYS": (.day, .last), "NEXT_N_DAYS": (.day, .next), "N_DAYS_AGO": (.day, .ago),
            "LAST_N_WEEKS": (.week, .last), "NEXT_N_WEEKS": (.week, .next), "N_WEEKS_AGO": (.week, .ago),
            "LAST_N_MONTHS": (.month, .last), "NEXT_N_MONTHS": (.month, .next), "N_MONTHS_AGO": (.month, .ago),
            "LAST_N_QUARTERS": (.quarter, .last), "NEXT_N_QUARTERS": (.quarter, .next),
            "N_QUARTERS_AGO": (.quarter, .ago),
            "LAST_N_YEARS": (.year, .last), "NEXT_N_YEARS": (.year, .next), "N_YEARS_AGO": (.year, .ago),
            "LAST_N_FISCAL_YEARS": (.year, .last), "NEXT_N_FISCAL_YEARS": (.year, .next),
            "N_FISCAL_YEARS_AGO": (.year, .ago),
        ]
        if let (unit, kind) = counted[upper] {
            return (true, { n in RelativeDateLiteral(unit: unit, kind: kind, count: n) })
        }
        return nil
    }

    /// The half-open range of day numbers the literal covers, as of `now` (ms since epoch, UTC).
    func dayRange(now: Int64) -> (lower: Int32, upper: Int32) {
        let today = Int(SOQLDate.day(ofMilliseconds: now))
        // Units are numbered on a common axis (day n, week n, month n…) so shifting is subtraction.
        let current = unitNumber(containing: today)
        let first: Int
        let last: Int  // inclusive unit numbers
        switch kind {
        case .current(let shift):
            first = current + shift
            last = first
        case .last:
            // LAST_N_DAYS:n runs from n days ago through today; other LAST_N_* end before this unit.
            first = current - count
            last = unit == .day ? current : current - 1
        case .next:
            first = current + 1
            last = current + count
        case .ago:
            first = current - count
            last = first
        }
        return (Int32(startDay(ofUnit: first)), Int32(startDay(ofUnit: last + 1)))
    }

    private func unitNumber(containing day: Int) -> Int {
        switch unit {
        case .day: return day
        case .week:
            // 1970-01-04 was a Sunday.
            return Int(SOQLDate.floorDivide(Int64(day - 3), 7))
        case .month, .quarter, .year:
            let (year, month, _) = SOQLDate.civil(fromDays: Int32(day))
            let monthNumber = year * 12 + month - 1
            switch unit {
            case .month: return monthNumber
            case .quarter: return Int(SOQLDate.floorDivide(Int64(monthNumber), 3))
            default: return year
            }
        }
    }

    private func startDay(ofUnit n: Int) -> Int {
        switch unit {
        case .day: return n
        case .week: return n * 7 + 3
        case .month, .quarter, .year:
            let monthNumber = unit == .month ? n : (unit == .quarter ? n * 3 : n * 12)
            let year = Int(SOQLDate.floorDivide(Int64(monthNumber), 12))
            return Int(SOQLDate.days(year: year, month: monthNumber - year * 12 + 1, day: 1))
        }
    }
}
