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
        let rows = try await run(statement)
        return try QueryShaper(query: resolved, showsMeasures: !spec.isSingleMeasure).shape(rows)
    }

    /// The SQL a spec compiles to, with its arguments (for `tributary bench query` and tests).
    public func compiledSQL(_ spec: QuerySpec) async throws -> (sql: String, arguments: [String?]) {
        let catalog = try await QueryCatalog.load(for: spec, from: warehouse)
        var compiler = QueryCompiler(catalog: catalog, dialect: dialect)
        let statement = compiler.statement(try compiler.resolve(spec))
        return (statement.sql, statement.arguments)
    }
}
