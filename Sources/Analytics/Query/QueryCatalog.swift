import Warehouse

/// What a query may name: the synced tables and the columns of those it reads, straight from
/// the warehouse catalog. Every identifier in a compiled query comes from here, never from the
/// spec's text.
struct QueryCatalog: Sendable {
    /// The `sf_` tables.
    var tables: Set<String>
    /// The columns of the tables loaded so far.
    var specs: [String: TableSpec]

    /// Loads the spec's object and every parent its names may reach through a lookup (only those
    /// named, so a query reads a handful of catalog rows however many tables are synced).
    static func load(for query: QuerySpec, from warehouse: any Warehouse) async throws -> QueryCatalog {
        var catalog = QueryCatalog(tables: Set(try await warehouse.tableNames()), specs: [:])
        let object = query.object.lowercased()
        let table = WarehouseNames.table(forObject: object)
        guard catalog.tables.contains(table), let spec = try await warehouse.tableSpec(table) else { throw QueryError.unknownObject(query.object) }
        catalog.specs[table] = spec
        for name in query.fieldNames {
            // A dotted name follows its relationship; a lookup field itself shows its parent's name.
            let relationship: String?
            if let dot = name.firstIndex(of: ".") {
                relationship = String(name[..<dot])
            } else if let column = spec.column(named: WarehouseNames.column(forField: name)), Self.isLookup(column) {
                relationship = LookupRules.relationshipName(of: column.sourceName)
            } else {
                relationship = nil
            }
            guard let relationship, let target = LookupRules.target(of: relationship, on: object) else { continue }
            let parent = WarehouseNames.table(forObject: target)
            if catalog.specs[parent] == nil, catalog.tables.contains(parent), let parentSpec = try await warehouse.tableSpec(parent) {
                catalog.specs[parent] = parentSpec
            }
        }
        // The org's rates, for converting amounts (a multi-currency org syncs them as any object).
        for rates in [QueryCompiler.currencyTypes, QueryCompiler.datedRates] where catalog.specs[rates] == nil && catalog.tables.contains(rates) {
            catalog.specs[rates] = try await warehouse.tableSpec(rates)
        }
        return catalog
    }

    static func isLookup(_ column: ColumnSpec) -> Bool { column.salesforceType.lowercased() == "reference" }
}

extension QuerySpec {
    /// Every field name the spec uses, as spelled.
    var fieldNames: [String] {
        var names = groupBy + filters.map(\.field)
        if let time { names.append(time.field) }
        for measure in measures.values {
            if let field = measure.field { names.append(field) }
            names += measure.filters.map(\.field)
        }
        return names
    }
}
