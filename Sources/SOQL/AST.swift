/// A parsed SOQL statement, before its names are checked against a catalog.
public struct SOQLQuery: Sendable {
    /// The FROM object as written in the query.
    public var objectName: String
    public var limit: Int?
    public var offset: Int?

    var selectItems: [SelectItem]
    var objectOffset: Int
    var condition: Condition?
    var orderBy: [OrderItem]
    var limitOffset: Int?
    /// The statement text, kept so that binding errors can quote the offending line.
    var source: String
}

/// A dotted name such as `Account.Owner.Email`, as written.
struct FieldPath: Sendable {
    var components: [String]
    var offset: Int
}

public enum AggregateFunction: String, Sendable, Hashable {
    case count = "COUNT"
    case countDistinct = "COUNT_DISTINCT"
    case min = "MIN"
    case max = "MAX"
    case sum = "SUM"
    case avg = "AVG"
}

enum FieldsScope: Sendable {
    case all, standard, custom
}

enum SelectItem: Sendable {
    case field(FieldPath)
    /// Bare `COUNT()`.
    case countAll(offset: Int)
    case aggregate(AggregateFunction, FieldPath, alias: String?, offset: Int)
    case fields(FieldsScope, offset: Int)
}

indirect enum Condition: Sendable {
    case and([Condition])
    case or([Condition])
    case not(Condition)
    case comparison(Comparison)
}

enum FilterOperator: Sendable, Hashable {
    case compare(ComparisonSymbol)
    case like
    case `in`, notIn
    case includes, excludes
}

struct Comparison: Sendable {
    var field: FieldPath
    var op: FilterOperator
    /// One value, or the list of IN / NOT IN / INCLUDES / EXCLUDES.
    var values: [Literal]
}

struct Literal: Sendable {
    enum Value: Sendable {
        case null
        case boolean(Bool)
        case number(Double)
        /// Decoded text; LIKE literals keep their pattern with wildcards told apart from escaped `%`/`_`.
        case string(String, like: LikePattern?)
        case date(Int32)
        case dateTime(Int64)
        case relative(RelativeDateLiteral)
    }

    var value: Value
    var offset: Int
}

struct OrderItem: Sendable {
    var field: FieldPath
    var descending: Bool
    /// nil when not written: then nulls go first for ASC and last for DESC.
    var nullsFirst: Bool?
}
