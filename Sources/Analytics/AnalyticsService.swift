import Warehouse

/// Metrics as SQL over the warehouse's `sf_` tables. Each metric checks the tables and columns it
/// reads first, so an org that does not sync an object gets `AnalyticsError.missingTable`
/// rather than a SQL error; SQL text differs between warehouses only through `dialect`.
public struct AnalyticsService: Sendable {
    public let warehouse: any Warehouse
    public let dialect: SQLDialect

    /// - Parameter dialect: nil picks the warehouse's own.
    public init(warehouse: any Warehouse, dialect: SQLDialect? = nil) {
        self.warehouse = warehouse
        self.dialect = dialect ?? (warehouse is PostgresWarehouse ? .postgres : .sqlite)
    }

    // MARK: Plumbing

    /// Throws a typed error unless every table has every column named.
    func require(_ needs: [String: [String]]) async throws {
        for (table, columns) in needs.sorted(by: { $0.key < $1.key }) {
            guard let spec = try await warehouse.tableSpec(table) else { throw AnalyticsError.missingTable(table) }
            for column in columns where spec.column(named: column) == nil && column != "id" {
                throw AnalyticsError.missingColumn(table: table, column: column)
            }
        }
    }

    func run(_ statement: Statement) async throws -> [[String?]] {
        try await warehouse.query(statement.sql, arguments: statement.arguments)
    }

    /// ` AND <column> >= from AND <column> < to` for a datetime column (UTC midnight bounds).
    func appendDatetimeRange(_ column: String, _ filter: MetricFilter, to s: inout Statement) {
        if let from = filter.from { s.append(" AND \(column) >= "); s.bind(from + "T00:00:00.000Z") }
        if let to = filter.to { s.append(" AND \(column) < "); s.bind(to + "T00:00:00.000Z") }
    }

    /// The same for a date column.
    func appendDateRange(_ column: String, _ filter: MetricFilter, to s: inout Statement) {
        if let from = filter.from { s.append(" AND \(column) >= "); s.bind(from) }
        if let to = filter.to { s.append(" AND \(column) < "); s.bind(to) }
    }

    func appendOwner(_ column: String, _ filter: MetricFilter, to s: inout Statement) {
        if let owner = filter.ownerID { s.append(" AND \(column) = "); s.bind(owner) }
    }

    /// Days from `start` to `end` of the rows of `table` where `flag` is true and both are set,
    /// `range` (a date column when `rangeIsDate`, else a datetime) in the filter's range.
    func durations(_ analysis: Analysis, table: String, from start: String, to end: String, where flag: String,
                   range: String, rangeIsDate: Bool, filter: MetricFilter) async throws -> DurationSummary {
        try filter.validate()
        try await require(analysis.needs)
        var s = Statement(dialect)
        s.append("SELECT \(dialect.daysBetween("t.\(start)", "t.\(end)")) FROM \(table) t")
        s.append(" WHERE \(dialect.isTrue("t.\(flag)")) AND t.\(start) IS NOT NULL AND t.\(end) IS NOT NULL")
        if rangeIsDate { appendDateRange("t.\(range)", filter, to: &s) } else { appendDatetimeRange("t.\(range)", filter, to: &s) }
        appendOwner("t.ownerid", filter, to: &s)
        // The median needs the values; SQLite has no percentile function.
        return DurationSummary(days: try await run(s).map { Self.int($0[0]) })
    }

    /// Result order made in Swift, the same on every warehouse: nil first, then by code points
    /// (SQLite and PostgreSQL differ in where NULL sorts and in collation).
    static func keyOrder(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil), (_, nil): false
        case (nil, _): true
        case let (a?, b?): Array(a.unicodeScalars.map(\.value)).lexicographicallyPrecedes(b.unicodeScalars.map(\.value))
        }
    }

    /// Rows keyed by a picklist's value, in the picklist's order from describe (stages from
    /// prospecting to closed, statuses as the org lists them): nil first, values the picklist
    /// does not list (inactive ones) after those it does, by code points.
    func picklistSorted<T>(_ rows: [T], table: String, column: String, key: (T) -> String?) async throws -> [T] {
        let order = QueryCompiler.order(try await QueryCatalog.details(of: table, in: warehouse.metadata)[column]) ?? [:]
        return rows.sorted { a, b in
            let (x, y) = (key(a), key(b))
            guard let x, let y else { return Self.keyOrder(key(a), key(b)) }
            let (rx, ry) = (order[x] ?? Int.max, order[y] ?? Int.max)
            return rx != ry ? rx < ry : Self.keyOrder(x, y)
        }
    }

    /// A warehouse value as a whole number; 0 when it is none. `Int(exactly:)` because a
    /// value such as `1e300` or `inf` would trap `Int(_:)` and stop the process.
    static func int(_ v: String?) -> Int { v.flatMap { Int($0) ?? Double($0).flatMap { Int(exactly: $0.rounded(.towardZero)) } } ?? 0 }
    static func double(_ v: String?) -> Double? { v.flatMap(Double.init) }
}
