import Foundation
import Warehouse

/// What the query layer needs spelled per warehouse.
extension SQLDialect {
    /// A catalog identifier in double quotes (both warehouses make their columns lower case,
    /// so quoting matches them exactly and a column named like a keyword still works). The
    /// catalog's names are checked, but a quote is doubled anyway.
    func quote(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// A boolean as the warehouse stores it (SQLite: 0/1).
    func booleanText(_ value: Bool) -> String {
        kind == .sqlite ? (value ? "1" : "0") : (value ? "true" : "false")
    }

    /// The first day (`YYYY-MM-DD`) of the period holding a date or datetime column's value, in
    /// UTC. SQLite keeps both as ISO text; PostgreSQL truncates (a timestamptz read at UTC).
    func periodStart(_ column: String, type: ColumnType, interval: Interval) -> String {
        switch kind {
        case .sqlite:
            switch interval {
            case .none, .day: return "substr(\(column), 1, 10)"
            // Six days back, then forward to a Monday: the Monday on or before the day.
            case .week: return "date(substr(\(column), 1, 10), '-6 days', 'weekday 1')"
            case .month: return "substr(\(column), 1, 7) || '-01'"
            case .quarter:
                return "substr(\(column), 1, 5) || CASE WHEN substr(\(column), 6, 2) <= '03' THEN '01' WHEN substr(\(column), 6, 2) <= '06' THEN '04'"
                    + " WHEN substr(\(column), 6, 2) <= '09' THEN '07' ELSE '10' END || '-01'"
            case .year: return "substr(\(column), 1, 4) || '-01-01'"
            }
        case .postgres:
            let moment = type == .datetime ? "(\(column) AT TIME ZONE 'UTC')" : "CAST(\(column) AS timestamp)"
            let unit = interval == .none ? "day" : interval.rawValue
            return "to_char(date_trunc('\(unit)', \(moment)), 'YYYY-MM-DD')"
        }
    }

    /// The UTC day of a date or datetime column, comparable with a date column (dated rates).
    func day(_ column: String, type: ColumnType) -> String {
        switch kind {
        case .sqlite: "substr(\(column), 1, 10)"
        case .postgres: type == .datetime ? "CAST((\(column) AT TIME ZONE 'UTC') AS date)" : column
        }
    }

    /// Whether text `column` holds the bound text, ignoring case (as SOQL's LIKE does); no LIKE,
    /// so `%` and `_` in the value mean themselves.
    func contains(_ column: String, _ placeholder: String) -> String {
        kind == .sqlite
            ? "instr(lower(\(column)), lower(CAST(\(placeholder) AS TEXT))) > 0"
            : "strpos(lower(\(column)), lower(CAST(\(placeholder) AS text))) > 0"
    }
}
