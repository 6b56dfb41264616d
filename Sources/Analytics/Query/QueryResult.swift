/// A query's answer, as `POST /api/v1/query` sends it: `{"columns": [...], "rows": [[...]]}`,
/// and `"currency": "USD"` when its amounts are in one currency of a multi-currency org (the
/// corporate one when converted).
public struct QueryResult: Sendable, Equatable, Encodable {
    public var columns: [String]
    public var rows: [[QueryCell]]
    public var currency: String?

    public init(columns: [String], rows: [[QueryCell]], currency: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.currency = currency
    }
}

/// One value of a result: JSON null, a whole number (counts), a number, or text (periods,
/// groups, the min or max of a date).
public enum QueryCell: Sendable, Equatable, Encodable {
    case null
    case int(Int)
    case double(Double)
    case text(String)

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .int(let n): try c.encode(n)
        case .double(let d): if d.isFinite { try c.encode(d) } else { try c.encodeNil() }
        case .text(let s): try c.encode(s)
        }
    }

    /// The value as a number, for formulas and tests.
    public var number: Double? {
        switch self {
        case .int(let n): Double(n)
        case .double(let d): d
        case .null, .text: nil
        }
    }

    public var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }
}
