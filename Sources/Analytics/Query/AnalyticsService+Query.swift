import Warehouse

/// The report builder's query layer: a `QuerySpec` in, a `QueryResult` out, on any warehouse.
extension AnalyticsService {
    static let maximumQueryValues = 5000

    /// Runs a report spec: its names checked against the warehouse catalog, compiled to one SQL
    /// statement with every value bound, its rows shaped (periods filled, formula evaluated).
    /// - Throws: `QueryError` for anything wrong with the spec (naming it); warehouse errors as they come.
    public func query(_ spec: QuerySpec) async throws -> QueryResult {
        let catalog = try await QueryCatalog.load(for: spec, from: warehouse)
        var compiler = QueryCompiler(catalog: catalog, dialect: dialect)
        let resolved = try compiler.resolve(spec)
        let statement = compiler.statement(resolved)
        // SQLite takes at most 32,766 parameters; long lists across many filters stop well before.
        guard statement.arguments.count <= Self.maximumQueryValues else {
            throw QueryError.invalid("the query has \(statement.arguments.count) filter values; at most \(Self.maximumQueryValues)")
        }
        let currency = try await currency(of: resolved, compiler, object: spec.object)
        let rows = try await run(statement)
        var result = try QueryShaper(query: resolved, showsMeasures: !spec.isSingleMeasure).shape(rows)
        result.currency = currency
        return result
    }

    /// The currency the answer's amounts are in: the corporate one when converted; with
    /// `"currency": "none"`, the one currency of the rows read (several are refused: adding
    /// them would be wrong); nil in a single-currency org.
    private func currency(of query: ResolvedQuery, _ compiler: QueryCompiler, object: String) async throws -> String? {
        if query.converts { return try await corporateCurrency() }
        var found: Set<String> = []
        for source in query.singleCurrencyCheck {
            for row in try await run(compiler.currenciesStatement(query, source: source)) { if let code = row.first ?? nil { found.insert(code) } }
        }
        guard found.count <= 1 else {
            throw QueryError.invalid("the amounts of \(object) are in several currencies (\(found.sorted().joined(separator: ", "))): "
                + "use \"currency\": \"corporate\" (with CurrencyType synced), or filter on CurrencyIsoCode")
        }
        return found.first
    }

    /// The SQL a spec compiles to, with its arguments (for `tributary bench query` and tests).
    public func compiledSQL(_ spec: QuerySpec) async throws -> (sql: String, arguments: [String?]) {
        let catalog = try await QueryCatalog.load(for: spec, from: warehouse)
        var compiler = QueryCompiler(catalog: catalog, dialect: dialect)
        let statement = compiler.statement(try compiler.resolve(spec))
        return (statement.sql, statement.arguments)
    }
}
