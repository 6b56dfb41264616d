import Warehouse

/// What a query may name: the synced tables and the columns of those it reads, straight from
/// the warehouse catalog. Every identifier in a compiled query comes from here, never from the
/// spec's text.
struct QueryCatalog: Sendable {
    /// The `sf_` tables.
    var tables: Set<String>
    /// The columns of the tables loaded so far.
    var specs: [String: TableSpec]
    /// Describe's details of those tables' columns (table → column → detail), where structure
    /// sync recorded them: relationship names, lookup targets, picklist orders.
    var details: [String: [String: FieldDetail]] = [:]

    /// The lookup of `table` whose relationship is `relationship` (case-insensitive): its
    /// column, the relationship as describe spells it, and the parent object (lower case; nil
    /// when it may be one of several). Describe's answer where recorded, else `LookupRules`.
    func lookup(_ relationship: String, on table: String, object: String) -> (column: ColumnSpec, name: String, target: String?)? {
        guard let spec = specs[table] else { return nil }
        let wanted = relationship.lowercased()
        for column in spec.columns where Self.isLookup(column) {
            if let detail = details[table]?[column.name], let name = detail.relationshipName {
                guard name.lowercased() == wanted else { continue }
                return (column, name, Self.target(detail.referenceTo, synced: tables))
            }
            guard let name = LookupRules.relationshipName(of: column.sourceName), name.lowercased() == wanted else { continue }
            return (column, name, LookupRules.target(of: name, on: object.lowercased()))
        }
        return nil
    }

    /// The one parent of a lookup with these targets: the only one, or among several (an owner
    /// that may be a User or a queue, `Group`) the only one synced, User first; nil when it
    /// stays ambiguous (`Who`: Contact or Lead). A record whose parent is of another object
    /// then finds no parent, and shows its id.
    static func target(_ referenceTo: [String], synced: Set<String>) -> String? {
        let targets = referenceTo.map { $0.lowercased() }
        if targets.count == 1 { return targets[0] }
        let present = targets.filter { synced.contains(WarehouseNames.table(forObject: $0)) }
        if present.contains("user") { return "user" }
        return present.count == 1 ? present[0] : nil
    }

    /// The relationship name of a lookup column (describe's, else the naming rule's).
    func relationshipName(of column: ColumnSpec, in table: String) -> String? {
        details[table]?[column.name]?.relationshipName ?? LookupRules.relationshipName(of: column.sourceName)
    }

    /// Describe's details of the columns of `table`, from the first connection that recorded them.
    static func details(of table: String, in metadata: any MetadataStore) async throws -> [String: FieldDetail] {
        for connection in try await metadata.connections() {
            guard let id = connection.id else { continue }
            let columns = try await metadata.sourceColumns(connectionID: id, table: table)
            guard !columns.isEmpty else { continue }
            return Dictionary(columns.compactMap { c in c.detail.map { (c.column, $0) } }, uniquingKeysWith: { a, _ in a })
        }
        return [:]
    }

    /// Loads the spec's object and every parent its names may reach through a lookup (only those
    /// named, so a query reads a handful of catalog rows however many tables are synced).
    static func load(for query: QuerySpec, from warehouse: any Warehouse) async throws -> QueryCatalog {
        let object = query.object.lowercased()
        var (catalog, table, spec) = try await starting(with: query.object, from: warehouse)
        for name in query.fieldNames {
            // A dotted name follows its relationship; a lookup field itself shows its parent's name.
            let relationship: String?
            if let dot = name.firstIndex(of: ".") {
                relationship = String(name[..<dot])
            } else if let column = spec.column(named: WarehouseNames.column(forField: name)), Self.isLookup(column) {
                relationship = catalog.relationshipName(of: column, in: table)
            } else {
                relationship = nil
            }
            guard let relationship, let target = catalog.lookup(relationship, on: table, object: object)?.target else { continue }
            try await catalog.addParent(target, from: warehouse)
        }
        // The org's rates, for converting amounts (a multi-currency org syncs them as any object).
        for rates in [CurrencySQL.currencyTypes, CurrencySQL.datedRates] where catalog.specs[rates] == nil && catalog.tables.contains(rates) {
            catalog.specs[rates] = try await warehouse.tableSpec(rates)
        }
        return catalog
    }

    /// A catalog of the synced tables that knows the object's own table (its spec and describe's
    /// details); throws when the object is not synced.
    static func starting(with object: String, from warehouse: any Warehouse) async throws -> (QueryCatalog, table: String, spec: TableSpec) {
        var catalog = QueryCatalog(tables: Set(try await warehouse.tableNames()), specs: [:])
        let table = WarehouseNames.table(forObject: object)
        guard catalog.tables.contains(table), let spec = try await warehouse.tableSpec(table) else { throw QueryError.unknownObject(object) }
        catalog.specs[table] = spec
        catalog.details[table] = try await details(of: table, in: warehouse.metadata)
        return (catalog, table, spec)
    }

    /// Adds the table of the lookup target `object`, when it is synced and not there yet.
    mutating func addParent(_ object: String, from warehouse: any Warehouse) async throws {
        let parent = WarehouseNames.table(forObject: object)
        guard specs[parent] == nil, tables.contains(parent), let spec = try await warehouse.tableSpec(parent) else { return }
        specs[parent] = spec
        details[parent] = try await Self.details(of: parent, in: warehouse.metadata)
    }

    static func isLookup(_ column: ColumnSpec) -> Bool { column.salesforceType.lowercased() == "reference" }
}

extension QuerySpec {
    /// Every field name the spec uses, as spelled.
    public var fieldNames: [String] {
        var names = groupBy + filters.map(\.field)
        if let time { names.append(time.field) }
        for measure in measures.values {
            if let field = measure.field { names.append(field) }
            names += measure.filters.map(\.field)
        }
        return names
    }
}
