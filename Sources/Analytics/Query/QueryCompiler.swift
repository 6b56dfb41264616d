import Warehouse

/// Checks a spec against the catalog and resolves every name in it (`resolve`), then writes the
/// SQL for a dialect (`statement`, in `QueryCompiler+SQL.swift`). Pure: the catalog is loaded
/// beforehand, so the rules here are tested without a database.
struct QueryCompiler {
    static let maximumMeasures = 10
    static let maximumGroups = 2
    static let maximumListValues = 1000

    let catalog: QueryCatalog
    let dialect: SQLDialect
    private var joins: [ResolvedQuery.Join] = []
    private var object = ""
    private var table = ""

    init(catalog: QueryCatalog, dialect: SQLDialect) {
        self.catalog = catalog
        self.dialect = dialect
    }

    mutating func resolve(_ spec: QuerySpec) throws -> ResolvedQuery {
        object = spec.object
        table = WarehouseNames.table(forObject: spec.object)
        guard catalog.specs[table] != nil else { throw QueryError.unknownObject(spec.object) }
        let currency = try CurrencyMode(spec.currency)

        guard !spec.measures.isEmpty else { throw QueryError.invalid("'measures' is empty") }
        guard spec.measures.count <= Self.maximumMeasures else { throw QueryError.invalid("at most \(Self.maximumMeasures) measures") }
        var measures: [ResolvedQuery.Measure] = []
        for (name, measure) in spec.measures.sorted(by: { $0.key < $1.key }) {
            if !spec.isSingleMeasure { try checkMeasureName(name, formula: spec.formula != nil) }
            measures.append(try resolve(measure, name: name))
        }
        let formula = try spec.formula.map { text -> Formula in
            guard !spec.isSingleMeasure else { throw QueryError.invalid("a 'formula' needs the 'measures' form") }
            return try Formula.parse(text, measures: Set(spec.measures.keys))
        }

        var interval = Interval.none
        var time: ResolvedQuery.Field?
        var from: CivilDay?, to: CivilDay?
        if let spec = spec.time {
            guard let chosen = Interval(rawValue: spec.interval ?? "none") else { throw QueryError.unknownInterval(spec.interval ?? "") }
            interval = chosen
            let field = try resolveField(spec.field)
            guard field.column.type == .date || field.column.type == .datetime else {
                throw QueryError.invalid("the time field '\(spec.field)' is not a date or datetime field")
            }
            time = field
            from = try spec.from.map { try Self.day($0, "time.from") }
            to = try spec.to.map { try Self.day($0, "time.to") }
            if let from, let to, !(from < to) { throw QueryError.invalid("time.from must be before time.to (to is excluded)") }
        }

        guard spec.groupBy.count <= Self.maximumGroups else { throw QueryError.invalid("at most \(Self.maximumGroups) groupings") }
        var groups: [ResolvedQuery.Field] = []
        for name in spec.groupBy { groups.append(try resolveField(name, showingNames: true)) }
        var filters: [ResolvedQuery.Filter] = []
        for filter in spec.filters { filters.append(try resolve(filter)) }
        var resolved = ResolvedQuery(
            table: table, joins: joins, interval: interval, time: time, from: from, to: to, filters: filters, groups: groups,
            measures: measures, formula: formula)
        try convert(&resolved, currency)
        return resolved
    }

    // MARK: Currencies

    /// `"currency"`: `corporate` converts amounts to the corporate currency, `none` keeps them
    /// as they are (refused when they are in several currencies), and no key converts when the
    /// org's rates are synced (as a person reading a revenue figure expects) and otherwise acts
    /// as `none`.
    enum CurrencyMode {
        case none, corporate, automatic

        init(_ text: String?) throws {
            switch text {
            case nil: self = .automatic
            case "none": self = .none
            case "corporate": self = .corporate
            case let other?: throw QueryError.invalid("unknown currency '\(other)'; use none or corporate")
            }
        }
    }

    /// Decides, for each measure of a currency amount read from a table with `CurrencyIsoCode`,
    /// whether it is converted or checked to be in one currency. A single-currency org has no
    /// `CurrencyIsoCode`: nothing to do.
    private func convert(_ query: inout ResolvedQuery, _ mode: CurrencyMode) throws {
        let rates = catalog.specs[CurrencySQL.currencyTypes] != nil
        let dated = catalog.specs[CurrencySQL.datedRates] != nil
        for i in query.measures.indices {
            guard let field = query.measures[i].field, Self.isAmount(field, query.measures[i].aggregate) else { continue }
            let source = String(field.expression.prefix { $0 != "." })
            let sourceTable = source == "t" ? query.table : query.joins.first { $0.alias == source }?.table
            guard let sourceTable, catalog.specs[sourceTable]?.column(named: CurrencySQL.isoCode) != nil else { continue }
            switch (mode, rates) {
            case (.none, _), (.automatic, false):
                if !query.singleCurrencyCheck.contains(source) { query.singleCurrencyCheck.append(source) }
            case (.corporate, false):
                throw QueryError.invalid("currency 'corporate' needs the org's rates: sync the CurrencyType object (and DatedConversionRate for dated rates)")
            case (.corporate, true), (.automatic, true):
                if let made = query.conversions.first(where: { $0.source == source }) {
                    query.measures[i].conversion = made
                } else {
                    let n = query.conversions.count + 1
                    let made = ResolvedQuery.Conversion(source: source, staticAlias: "c\(n)", datedAlias: dated ? "d\(n)" : nil, day: query.time)
                    query.conversions.append(made)
                    query.measures[i].conversion = made
                }
            }
        }
    }

    /// A sum, average, minimum or maximum of a currency field: an amount to convert.
    static func isAmount(_ field: ResolvedQuery.Field, _ aggregate: ResolvedQuery.Aggregate) -> Bool {
        field.column.salesforceType.lowercased() == "currency" && [.sum, .avg, .min, .max].contains(aggregate)
    }

    // MARK: Names

    /// A field of the object, or of a lookup's parent (`Account.Industry`); with `showingNames`,
    /// a lookup field itself also carries its parent's name.
    mutating func resolveField(_ name: String, showingNames: Bool = false) throws -> ResolvedQuery.Field {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let base = catalog.specs[table] else { throw QueryError.unknownObject(object) }
        switch parts.count {
        case 1:
            guard let column = base.column(named: WarehouseNames.column(forField: name)) else { throw QueryError.unknownField(name, object: object) }
            var field = ResolvedQuery.Field(name: column.sourceName, column: column, expression: "t.\(dialect.quote(column.name))",
                                            order: Self.order(catalog.details[table]?[column.name]))
            if showingNames, QueryCatalog.isLookup(column), let relationship = catalog.relationshipName(of: column, in: table),
                let parentJoin = try? joinFor(relationship), let parent = catalog.specs[parentJoin.table], parent.column(named: "name") != nil {
                field.label = "\(parentJoin.alias).\(dialect.quote("name"))"
            }
            return field
        case 2:
            let join = try joinFor(parts[0])
            guard let parent = catalog.specs[join.table], let column = parent.column(named: parts[1].lowercased()) else {
                throw QueryError.unknownField(name, object: object)
            }
            return ResolvedQuery.Field(name: "\(join.relationship).\(column.sourceName)", column: column,
                                       expression: "\(join.alias).\(dialect.quote(column.name))", order: Self.order(catalog.details[join.table]?[column.name]))
        default:
            throw QueryError.invalid("'\(name)' follows more than one lookup; a field may follow one (Account.Industry)")
        }
    }

    /// The join for a relationship named as describe names it (case-insensitive), made once.
    private mutating func joinFor(_ relationship: String) throws -> ResolvedQuery.Join {
        if let made = joins.first(where: { $0.relationship.lowercased() == relationship.lowercased() }) { return made }
        guard catalog.specs[table] != nil else { throw QueryError.unknownObject(object) }
        guard let (key, name, target) = catalog.lookup(relationship, on: table, object: object) else {
            throw QueryError.unknownLookup(relationship, object: object, why: "no synced lookup field of \(object) has that relationship name")
        }
        guard let target else {
            throw QueryError.unknownLookup(relationship, object: object, why: "it may point to several objects, which is not supported")
        }
        let parent = WarehouseNames.table(forObject: target)
        guard catalog.specs[parent] != nil else {
            throw QueryError.unknownLookup(relationship, object: object, why: "its parent object (sf_\(target)) is not synced")
        }
        let made = ResolvedQuery.Join(relationship: name, table: parent, alias: "r\(joins.count + 1)", foreignKey: key.name)
        joins.append(made)
        return made
    }

    // MARK: Measures and filters

    private mutating func resolve(_ spec: MeasureSpec, name: String) throws -> ResolvedQuery.Measure {
        guard let aggregate = ResolvedQuery.Aggregate(rawValue: spec.aggregate) else { throw QueryError.unknownAggregate(spec.aggregate) }
        var field: ResolvedQuery.Field?
        if let name = spec.field { field = try resolveField(name) }
        switch aggregate {
        case .count, .countDistinct:
            if aggregate == .countDistinct, field == nil { throw QueryError.invalid("countDistinct needs a 'field'") }
        case .sum, .avg:
            guard let field else { throw QueryError.invalid("\(aggregate.rawValue) needs a 'field'") }
            guard field.column.type == .integer || field.column.type == .real else {
                throw QueryError.invalid("\(aggregate.rawValue) needs a number field; '\(field.name)' is \(field.column.type.rawValue)")
            }
        case .min, .max:
            guard let field else { throw QueryError.invalid("\(aggregate.rawValue) needs a 'field'") }
            guard [.integer, .real, .date, .datetime].contains(field.column.type) else {
                throw QueryError.invalid("\(aggregate.rawValue) needs a number or date field; '\(field.name)' is \(field.column.type.rawValue)")
            }
        }
        var filters: [ResolvedQuery.Filter] = []
        for filter in spec.filters { filters.append(try resolve(filter)) }
        return ResolvedQuery.Measure(name: name, aggregate: aggregate, field: field, filters: filters)
    }

    private mutating func resolve(_ spec: FilterSpec) throws -> ResolvedQuery.Filter {
        guard let op = ResolvedQuery.Operator(rawValue: spec.op) else { throw QueryError.unknownOperator(spec.op) }
        let field = try resolveField(spec.field)
        let values = try FilterValues.bound(spec.value, op: op, field: field, dialect: dialect)
        return ResolvedQuery.Filter(field: field, op: op, values: values)
    }

    // MARK: Checks

    private func checkMeasureName(_ name: String, formula: Bool) throws {
        let first = name.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } ?? false
        guard first, name.count <= 40, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw QueryError.invalid("measure name '\(name)' must be a letter or _ followed by letters, digits or _ (at most 40)")
        }
        if name == "period" || (formula && name == "value") {
            throw QueryError.invalid("measure name '\(name)' is taken by a result column")
        }
    }

    /// A picklist's values → their place in describe's order (nil for other fields).
    static func order(_ detail: FieldDetail?) -> [String: Int]? {
        guard let values = detail?.picklist, !values.isEmpty else { return nil }
        return Dictionary(values.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func day(_ text: String, _ key: String) throws -> CivilDay {
        guard text.count == 10, let day = CivilDay(text) else { throw QueryError.invalid("\(key) must be a YYYY-MM-DD date (got '\(text)')") }
        return day
    }
}
