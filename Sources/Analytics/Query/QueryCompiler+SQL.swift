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
        s.append("SELECT DISTINCT \(source).\(dialect.quote(CurrencySQL.isoCode))")
        appendFromAndWhere(query, to: &s, rates: false)
        s.append(" LIMIT 3")
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
            let currency = CurrencySQL(dialect: dialect)
            for conversion in query.conversions {
                let day = conversion.day.map { dialect.day($0.expression, type: $0.column.type) }
                s.append(currency.joins(code: "\(conversion.source).\(dialect.quote(CurrencySQL.isoCode))", staticAlias: conversion.staticAlias,
                                        datedAlias: day == nil ? nil : conversion.datedAlias, day: day))
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

    /// The measure's value: the field, in the corporate currency when converted.
    private func value(_ measure: ResolvedQuery.Measure) -> String? {
        guard let field = measure.field else { return nil }
        guard let conversion = measure.conversion else { return field.expression }
        return CurrencySQL(dialect: dialect).converted(
            field.expression, code: "\(conversion.source).\(dialect.quote(CurrencySQL.isoCode))", staticAlias: conversion.staticAlias,
            datedAlias: conversion.day == nil ? nil : conversion.datedAlias)
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
