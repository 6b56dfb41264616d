/// The length of a query's periods. `none` means one period for the whole range (no period column).
public enum Interval: String, Sendable, CaseIterable {
    case none, day, week, month, quarter, year

    /// The first day of the period holding `day`: itself, its ISO week's Monday, the first of
    /// its month, quarter or year.
    func start(of day: CivilDay) -> CivilDay {
        switch self {
        case .none, .day: day
        case .week: CivilDay(daysSinceEpoch: day.daysSinceEpoch - (day.weekday - 1))
        case .month: CivilDay(year: day.year, month: day.month, day: 1)
        case .quarter: CivilDay(year: day.year, month: (day.month - 1) / 3 * 3 + 1, day: 1)
        case .year: CivilDay(year: day.year, month: 1, day: 1)
        }
    }

    /// The first day of the period after the one starting at `start`.
    func next(_ start: CivilDay) -> CivilDay {
        switch self {
        case .none, .day: CivilDay(daysSinceEpoch: start.daysSinceEpoch + 1)
        case .week: CivilDay(daysSinceEpoch: start.daysSinceEpoch + 7)
        case .month: start.addingMonths(1)
        case .quarter: start.addingMonths(3)
        case .year: start.addingMonths(12)
        }
    }

    /// The period's label: `2025-01-31`, `2025-W05` (ISO week), `2025-01`, `2025-Q1`, `2025`.
    func label(_ start: CivilDay) -> String {
        switch self {
        case .none, .day: return start.text
        case .week:
            // The ISO week belongs to the year of its Thursday, and counts from that year's first.
            let thursday = CivilDay(daysSinceEpoch: start.daysSinceEpoch + 3)
            let week = (thursday.daysSinceEpoch - CivilDay(year: thursday.year, month: 1, day: 1).daysSinceEpoch) / 7 + 1
            return "\(CivilDay.pad(thursday.year, 4))-W\(CivilDay.pad(week, 2))"
        case .month: return "\(CivilDay.pad(start.year, 4))-\(CivilDay.pad(start.month, 2))"
        case .quarter: return "\(CivilDay.pad(start.year, 4))-Q\((start.month - 1) / 3 + 1)"
        case .year: return CivilDay.pad(start.year, 4)
        }
    }
}
