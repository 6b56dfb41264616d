import Warehouse

/// A spec checked against the catalog: every name is a catalog column with its SQL expression,
/// every value typed for its column. Built by `QueryCompiler.resolve`, turned into SQL by
/// `QueryCompiler.statement`; nothing here holds the spec's text in a place SQL is made from.
struct ResolvedQuery: Sendable {
    /// A field as the query reads it.
    struct Field: Sendable {
        /// The API name shown in the result (`Account.Industry`, `OwnerId`).
        var name: String
        var column: ColumnSpec
        /// `t."amount"` or `r1."industry"`.
        var expression: String
        /// For a lookup field itself: the parent's name (`r1."name"`), shown instead of the id.
        var label: String?
        /// A picklist's values → their place in describe's order: groups follow it.
        var order: [String: Int]? = nil
    }

    /// A lookup followed: `LEFT JOIN table alias ON alias."id" = t."fk"`.
    struct Join: Sendable {
        var relationship: String
        var table: String
        var alias: String
        var foreignKey: String
    }

    enum Operator: String, Sendable, CaseIterable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case `in`, notIn, contains, isNull, notNull
    }

    struct Filter: Sendable {
        var field: Field
        var op: Operator
        /// Values as bound text (one, several for in/notIn, none for isNull/notNull).
        var values: [String]
    }

    enum Aggregate: String, Sendable, CaseIterable { case count, sum, avg, min, max, countDistinct }

    /// Currency amounts of a multi-currency org turned into the corporate currency: the record's
    /// `CurrencyIsoCode` finds the rate (Salesforce's rates are units per corporate unit, so the
    /// amount is divided by it): the dated rate in force on `day`, else the static one.
    struct Conversion: Sendable {
        /// The alias of the table the amount is read from (`t`, or a lookup's `r1`).
        var source: String
        /// `sf_currencytype`'s alias here; the dated rates' alias when they are synced.
        var staticAlias: String
        var datedAlias: String?
        /// The day whose dated rate applies: the query's time field (nil: static rates only).
        var day: Field?
    }

    struct Measure: Sendable {
        var name: String
        var aggregate: Aggregate
        var field: Field?
        var filters: [Filter]
        /// How the amount is converted (nil: as it is).
        var conversion: Conversion?

        /// Counts and sums of nothing are zero (empty periods, groups where every value is null).
        var zeroWhenEmpty: Bool { aggregate == .count || aggregate == .countDistinct || aggregate == .sum }
        /// Whether values are whole numbers (counts) or, for min/max of a date, text.
        var isCount: Bool { aggregate == .count || aggregate == .countDistinct }
        var isText: Bool { (aggregate == .min || aggregate == .max) && field.map { $0.column.type == .date || $0.column.type == .datetime } == true }
    }

    var table: String
    var joins: [Join]
    var interval: Interval
    var time: Field?
    var from: CivilDay?
    var to: CivilDay?
    var filters: [Filter]
    var groups: [Field]
    /// In column order: `value` alone, or the several measures by name.
    var measures: [Measure]
    var formula: Formula?
    /// The rate joins the measures' conversions need, one per source table.
    var conversions: [Conversion] = []
    /// `"currency": "none"` over amounts of a multi-currency table: the tables whose currencies
    /// must be one (their aliases), checked before the answer is given.
    var singleCurrencyCheck: [String] = []
    /// Whether converted amounts are shown (the answer names the corporate currency).
    var converts: Bool { !conversions.isEmpty }
}
