/// A report as JSON (`POST /api/v1/query`): an aggregate over one synced object, timed by one of
/// its dates, filtered and grouped. Names are Salesforce API names, case-insensitive; a field
/// may follow one lookup by its relationship name (`Account.Industry`). Decoding is strict: an
/// unknown key is an error, so a typo (`groupby`) is never silently ignored.
public struct QuerySpec: Sendable, Equatable {
    public var object: String
    /// The measures by name. The single `measure` form is the measure named `value`.
    public var measures: [String: MeasureSpec]
    /// An expression over the measures' names (`A / B`); its column is `value`.
    public var formula: String?
    public var time: TimeSpec?
    public var filters: [FilterSpec]
    public var groupBy: [String]
    /// `corporate` converts amounts to the corporate currency, `none` keeps them (refused across
    /// currencies); absent converts when the org's rates are synced (`QueryCompiler.CurrencyMode`).
    public var currency: String?

    /// Whether the spec used the single `measure` form (its column is `value`).
    public var isSingleMeasure: Bool

    public init(object: String, measure: MeasureSpec, time: TimeSpec? = nil, filters: [FilterSpec] = [], groupBy: [String] = [],
                currency: String? = nil) {
        self.object = object
        self.measures = ["value": measure]
        self.isSingleMeasure = true
        self.time = time
        self.filters = filters
        self.groupBy = groupBy
        self.currency = currency
    }

    public init(object: String, measures: [String: MeasureSpec], formula: String? = nil, time: TimeSpec? = nil, filters: [FilterSpec] = [],
                groupBy: [String] = [], currency: String? = nil) {
        self.object = object
        self.measures = measures
        self.isSingleMeasure = false
        self.formula = formula
        self.time = time
        self.filters = filters
        self.groupBy = groupBy
        self.currency = currency
    }
}

/// One aggregate: `count` (field optional), `sum`, `avg`, `min`, `max`, `countDistinct`. In the
/// several-measures form a measure may carry filters of its own (a win rate's numerator counts
/// won deals, its denominator closed ones), applied on top of the query's.
public struct MeasureSpec: Sendable, Equatable {
    public var aggregate: String
    public var field: String?
    public var filters: [FilterSpec]

    public init(aggregate: String, field: String? = nil, filters: [FilterSpec] = []) {
        self.aggregate = aggregate
        self.field = field
        self.filters = filters
    }
}

/// The date field a query is timed by, its half-open range `[from, to)` of `YYYY-MM-DD` days
/// (UTC), and the interval of the period column (`none` or absent: no period column).
public struct TimeSpec: Sendable, Equatable {
    public var field: String
    public var from: String?
    public var to: String?
    public var interval: String?

    public init(field: String, from: String? = nil, to: String? = nil, interval: String? = nil) {
        self.field = field
        self.from = from
        self.to = to
        self.interval = interval
    }
}

/// `field op value`; `in`/`notIn` take a list, `isNull`/`notNull` no value.
public struct FilterSpec: Sendable, Equatable {
    public var field: String
    public var op: String
    public var value: FilterValue?

    public init(field: String, op: String, value: FilterValue? = nil) {
        self.field = field
        self.op = op
        self.value = value
    }
}

/// A filter's JSON value. A number is kept as the text of an `Int64` when it is whole, else of
/// a `Double`, and bound as that text.
public enum FilterValue: Sendable, Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case list([FilterValue])
}
