import Warehouse

/// The SQL of a resolved query: one `SELECT … GROUP BY` over the object's table and the lookups'
/// parents. Its columns, in order: the period's first day (when there is an interval), each
/// grouping's key and label (the label is the parent's name for a lookup field, else the key
/// again), then each measure. Every value is a bound parameter; every identifier a catalog name.
extension QueryCompiler {
    func statement(_ query: ResolvedQuery) -> Statement {
        var s = Statement(dialect)
        var selected: [String] = []
        if let time = query.time, query.interval != .none {
            selected.append(dialect.periodStart(time.expression, type: time.column.type, interval: query.interval))
        }
        for group in query.groups {
            selected.append(group.expression)
            selected.append(group.label ?? group.expression)
        }
        let grouped = selected.count
        s.append("SELECT ")
        s.append(selected.joined(separator: ", "))
        // Measures may bind (their own filters), so they are written in place, in order.
        for (i, measure) in query.measures.enumerated() {
            if i > 0 || grouped > 0 { s.append(", ") }
            append(measure, to: &s)
        }
        appendFromAndWhere(query, to: &s, rates: true)
        if grouped > 0 { s.append(" GROUP BY " + (1...grouped).map(String.init).joined(separator: ", ")) }
        // One row past the most an answer may have: the shaper refuses it, and a grouping by a
        // near-unique field never brings a whole table into memory first.
        s.append(" LIMIT \(QueryShaper.maximumRows + 1)")
        return s
    }

    /// The currencies of the amounts read from `source` (a table alias) in the rows the query
    /// selects, at most three: `"currency": "none"` must find one.
    func currenciesStatement(_ query: ResolvedQuery, source: String) -> Statement {
        var s = Statement(dialect)
        s.append("SELECT DISTINCT \(source).\(dialect.quote(Self.isoCode))")
        appendFromAndWhere(query, to: &s, rates: false)
        s.append(" LIMIT 3")
        return s
    }

    /// The corporate currency's code (and every currency's flag: booleans read differently).
    func corporateStatement() -> Statement {
        var s = Statement(dialect)
        s.append("SELECT \(dialect.quote("isocode")), \(dialect.quote("iscorporate")) FROM \(dialect.quote(Self.currencyTypes))")
        return s
    }

    /// `FROM` the object's table, its lookups' parents and (with `rates`) the currency rates,
    /// and `WHERE` the time range and the filters.
    private func appendFromAndWhere(_ query: ResolvedQuery, to s: inout Statement, rates: Bool) {
        s.append(" FROM \(dialect.quote(query.table)) t")
        for join in query.joins {
            s.append(" LEFT JOIN \(dialect.quote(join.table)) \(join.alias) ON \(join.alias).\(dialect.quote("id")) = t.\(dialect.quote(join.foreignKey))")
        }
        if rates {
            for conversion in query.conversions {
                let code = "\(conversion.source).\(dialect.quote(Self.isoCode))"
                let c = conversion.staticAlias
                s.append(" LEFT JOIN \(dialect.quote(Self.currencyTypes)) \(c) ON \(c).\(dialect.quote("isocode")) = \(code)")
                if let d = conversion.datedAlias, let day = conversion.day {
                    // The range in force on the record's day: StartDate on or before it, NextStartDate after it (or none).
                    let on = dialect.day(day.expression, type: day.column.type)
                    s.append(" LEFT JOIN \(dialect.quote(Self.datedRates)) \(d) ON \(d).\(dialect.quote("isocode")) = \(code)"
                             + " AND \(d).\(dialect.quote("startdate")) <= \(on)"
                             + " AND (\(d).\(dialect.quote("nextstartdate")) IS NULL OR \(d).\(dialect.quote("nextstartdate")) > \(on))")
                }
            }
        }
        s.append(" WHERE 1 = 1")
        if let time = query.time {
            let datetime = time.column.type == .datetime
            if let from = query.from { s.append(" AND \(time.expression) >= "); s.bind(datetime ? from.text + "T00:00:00.000Z" : from.text) }
            if let to = query.to { s.append(" AND \(time.expression) < "); s.bind(datetime ? to.text + "T00:00:00.000Z" : to.text) }
            if query.interval != .none { s.append(" AND \(time.expression) IS NOT NULL") }
        }
        for filter in query.filters {
            s.append(" AND ")
            append(filter, to: &s)
        }
    }

    /// The measure's value: the field, divided by its rate when converted (a record without a
    /// currency is in the corporate one).
    private func value(_ measure: ResolvedQuery.Measure) -> String? {
        guard let field = measure.field else { return nil }
        guard let conversion = measure.conversion else { return field.expression }
        let code = "\(conversion.source).\(dialect.quote(Self.isoCode))"
        let staticRate = "\(conversion.staticAlias).\(dialect.quote("conversionrate"))"
        let rate = conversion.datedAlias != nil && conversion.day != nil
            ? "COALESCE(\(conversion.datedAlias ?? "").\(dialect.quote("conversionrate")), \(staticRate))" : staticRate
        return "(\(field.expression) / CASE WHEN \(code) IS NULL THEN 1 ELSE \(rate) END)"
    }

    private func append(_ measure: ResolvedQuery.Measure, to s: inout Statement) {
        let function = measure.aggregate == .countDistinct ? "count" : measure.aggregate.rawValue
        let distinct = measure.aggregate == .countDistinct ? "DISTINCT " : ""
        let value = self.value(measure)
        guard !measure.filters.isEmpty else {
            s.append("\(function)(\(distinct)\(value ?? "*"))")
            return
        }
        // A measure's own filters select its rows inside the aggregate, so measures with
        // different filters share one scan and one GROUP BY.
        s.append("\(function)(\(distinct)CASE WHEN ")
        for (i, filter) in measure.filters.enumerated() {
            if i > 0 { s.append(" AND ") }
            append(filter, to: &s)
        }
        s.append(" THEN \(value ?? "1") END)")
    }

    /// `!=` and `notIn` keep rows where the field is empty, as SOQL does; the other comparisons
    /// never match an empty field.
    private func append(_ filter: ResolvedQuery.Filter, to s: inout Statement) {
        let e = filter.field.expression
        switch filter.op {
        case .isNull: s.append("\(e) IS NULL")
        case .notNull: s.append("\(e) IS NOT NULL")
        case .contains:
            let placeholder = s.argument(filter.values.first)
            s.append("(" + dialect.contains(e, placeholder) + ")")
        case .notEqual:
            s.append("(\(e) IS NULL OR \(e) <> ")
            s.bind(filter.values.first)
            s.append(")")
        case .in, .notIn:
            s.append(filter.op == .in ? "\(e) IN (" : "(\(e) IS NULL OR \(e) NOT IN (")
            for (i, value) in filter.values.enumerated() {
                if i > 0 { s.append(", ") }
                s.bind(value)
            }
            s.append(filter.op == .in ? ")" : "))")
        case .equal, .less, .lessOrEqual, .greater, .greaterOrEqual:
            s.append("\(e) \(filter.op == .equal ? "=" : filter.op.rawValue) ")
            s.bind(filter.values.first)
        }
    }
}
