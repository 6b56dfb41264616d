import Warehouse

/// A filter's JSON value as the text bound for its column: booleans as the warehouse stores
/// them, numbers as numbers, days as `YYYY-MM-DD`, datetimes in the warehouse's one sortable UTC
/// form (a day alone means its midnight UTC). A value that does not fit the column is refused
/// with a message naming the field, never passed on for the database to guess.
enum FilterValues {
    static func bound(_ value: FilterValue?, op: ResolvedQuery.Operator, field: ResolvedQuery.Field, dialect: SQLDialect) throws -> [String] {
        switch op {
        case .isNull, .notNull:
            guard value == nil else { throw QueryError.invalid("\(op.rawValue) on '\(field.name)' takes no value") }
            return []
        case .in, .notIn:
            guard case .list(let items)? = value, !items.isEmpty else {
                throw QueryError.invalid("\(op.rawValue) on '\(field.name)' needs a non-empty list value")
            }
            guard items.count <= QueryCompiler.maximumListValues else {
                throw QueryError.invalid("\(op.rawValue) on '\(field.name)' takes at most \(QueryCompiler.maximumListValues) values")
            }
            return try items.map { try one($0, field: field, dialect: dialect) }
        case .contains:
            guard field.column.type == .text else { throw QueryError.invalid("contains needs a text field; '\(field.name)' is \(field.column.type.rawValue)") }
            guard case .string(let text)? = value else { throw QueryError.invalid("contains on '\(field.name)' needs a string value") }
            return [text]
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard field.column.type != .boolean else { throw QueryError.invalid("\(op.rawValue) does not apply to the boolean field '\(field.name)'") }
            fallthrough
        case .equal, .notEqual:
            guard let value else { throw QueryError.invalid("\(op.rawValue) on '\(field.name)' needs a value (use isNull or notNull for empty)") }
            return [try one(value, field: field, dialect: dialect)]
        }
    }

    private static func one(_ value: FilterValue, field: ResolvedQuery.Field, dialect: SQLDialect) throws -> String {
        let type = field.column.type
        func refuse() -> QueryError { QueryError.invalid("the value \(describe(value)) does not fit '\(field.name)', a \(type.rawValue) field") }
        switch (type, value) {
        case (.boolean, .bool(let b)): return dialect.booleanText(b)
        case (.boolean, .string(let s)) where s == "true" || s == "false": return dialect.booleanText(s == "true")
        case (.integer, .number(let n)), (.real, .number(let n)): return n
        case (.integer, .string(let s)), (.real, .string(let s)):
            guard let number = Double(s), number.isFinite else { throw refuse() }
            return s
        case (.date, .string(let s)):
            guard s.count == 10, CivilDay(s) != nil else { throw refuse() }
            return s
        case (.datetime, .string(let s)):
            guard let normalized = datetime(s) else { throw refuse() }
            return normalized
        case (.text, .string(let s)), (.time, .string(let s)): return s
        case (.text, .number(let n)): return n
        default: throw refuse()
        }
    }

    /// `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DDTHH:MM:SSZ` or `…:SS.sssZ`, as `…:SS.sssZ`.
    static func datetime(_ s: String) -> String? {
        if s.count == 10, CivilDay(s) != nil { return s + "T00:00:00.000Z" }
        let u = Array(s.utf8)
        guard u.count == 20 || u.count == 24, CivilDay(s) != nil, u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":"), u.last == UInt8(ascii: "Z"),
            let hour = Int(s.dropFirst(11).prefix(2)), let minute = Int(s.dropFirst(14).prefix(2)), let second = Int(s.dropFirst(17).prefix(2)),
            hour < 24, minute < 60, second < 60
        else { return nil }
        if u.count == 20 { return String(s.dropLast()) + ".000Z" }
        guard u[19] == UInt8(ascii: "."), Int(s.dropFirst(20).prefix(3)) != nil else { return nil }
        return s
    }

    private static func describe(_ value: FilterValue) -> String {
        switch value {
        case .string(let s): "\"\(s.prefix(50))\""
        case .number(let n): n
        case .bool(let b): String(b)
        case .null: "null"
        case .list: "a list"
        }
    }
}
