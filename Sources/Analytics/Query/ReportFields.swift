import Warehouse

/// A synced object a report may read: its API name as the query takes it, and its table.
public struct ReportObject: Sendable, Equatable {
    public var name: String
    public var table: String
}

/// A field the report builder offers: the name a query takes (`Amount`, `Account.Industry`),
/// the label people read (describe's, `Account › Industry` through a lookup), what kind of
/// value it holds (which decides where it is offered) and, for a picklist, its values in
/// describe's order.
public struct ReportField: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case text, picklist, number, currency, date, datetime, boolean, lookup
    }

    public var name: String
    public var label: String
    public var kind: Kind
    public var picklist: [String]

    public var isDate: Bool { kind == .date || kind == .datetime }
    public var isNumber: Bool { kind == .number || kind == .currency }
}

extension AnalyticsService {
    /// The synced `sf_` objects, by name (the connections' names for them; a table no
    /// connection describes keeps its table's name, which queries accept as well).
    public func reportObjects() async throws -> [ReportObject] {
        let tables = Set(try await warehouse.tableNames().filter { $0.hasPrefix(WarehouseNames.tablePrefix) })
        var names: [String: String] = [:]
        for connection in try await warehouse.metadata.connections() {
            guard let id = connection.id else { continue }
            for settings in try await warehouse.metadata.tableSettings(connectionID: id) where tables.contains(settings.table) {
                names[settings.table] = names[settings.table] ?? settings.object
            }
        }
        return tables.map { ReportObject(name: names[$0] ?? String($0.dropFirst(WarehouseNames.tablePrefix.count)), table: $0) }
            .sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// What a report over `object` may name: its own fields, then through each lookup with
    /// one synced parent the parent's fields that describe a record (not its ids, lookups or
    /// long text). The created-by and last-modified-by users are left out: a grouping by
    /// `CreatedById` itself already shows the user's name, and their dozens of User fields
    /// would bury the rest.
    /// - Throws: `QueryError.unknownObject` when it is not synced.
    public func reportFields(of object: String) async throws -> [ReportField] {
        let catalog = try await QueryCatalog.loadWithParents(object: object, from: warehouse)
        let table = WarehouseNames.table(forObject: object)
        guard let spec = catalog.specs[table] else { throw QueryError.unknownObject(object) }
        let details = catalog.details[table] ?? [:]
        var fields: [ReportField] = []
        for column in spec.columns {
            guard let kind = Self.kind(column) else { continue }
            let detail = details[column.name]
            fields.append(ReportField(name: column.sourceName, label: detail?.label ?? column.sourceName, kind: kind, picklist: detail?.picklist ?? []))
        }
        for column in spec.columns where QueryCatalog.isLookup(column) {
            guard let relationship = catalog.relationshipName(of: column, in: table), !Self.auditRelationships.contains(relationship.lowercased()),
                  let target = catalog.lookup(relationship, on: table, object: object)?.target else { continue }
            let parentTable = WarehouseNames.table(forObject: target)
            guard let parent = catalog.specs[parentTable] else { continue }
            let through = Self.relationshipLabel(details[column.name]?.label, relationship: relationship)
            for parentColumn in parent.columns {
                guard let kind = Self.kind(parentColumn), kind != .lookup, parentColumn.salesforceType.lowercased() != "id" else { continue }
                let detail = catalog.details[parentTable]?[parentColumn.name]
                fields.append(ReportField(name: "\(relationship).\(parentColumn.sourceName)",
                                          label: "\(through) › \(detail?.label ?? parentColumn.sourceName)", kind: kind, picklist: detail?.picklist ?? []))
            }
        }
        return fields
    }

    static let auditRelationships: Set<String> = ["createdby", "lastmodifiedby"]

    /// A lookup's label without describe's ` ID` (`Account ID` reads `Account`).
    static func relationshipLabel(_ label: String?, relationship: String) -> String {
        guard let label, !label.isEmpty else { return relationship }
        return label.hasSuffix(" ID") ? String(label.dropLast(3)) : label
    }

    /// How the builder treats a column; nil for what a report cannot use (long text, binary,
    /// compound address and location fields, times of day).
    static func kind(_ column: ColumnSpec) -> ReportField.Kind? {
        switch column.salesforceType.lowercased() {
        case "reference": return .lookup
        case "picklist": return .picklist
        case "currency": return .currency
        case "textarea", "base64", "address", "location", "encryptedstring", "anytype", "complexvalue", "json": return nil
        default: break
        }
        switch column.type {
        case .integer, .real: return .number
        case .boolean: return .boolean
        case .date: return .date
        case .datetime: return .datetime
        case .text: return .text
        case .time: return nil
        }
    }
}

extension QueryCatalog {
    /// The object's table and the table of every lookup's parent that is synced (for listing
    /// what a report over the object may name).
    static func loadWithParents(object: String, from warehouse: any Warehouse) async throws -> QueryCatalog {
        var (catalog, table, spec) = try await starting(with: object, from: warehouse)
        for column in spec.columns where isLookup(column) {
            guard let relationship = catalog.relationshipName(of: column, in: table),
                  let target = catalog.lookup(relationship, on: table, object: object)?.target else { continue }
            try await catalog.addParent(target, from: warehouse)
        }
        return catalog
    }
}
