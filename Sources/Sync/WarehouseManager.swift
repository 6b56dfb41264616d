import Foundation
import Warehouse

/// The Data Warehouse Manager's operations, shared by its pages, its JSON routes and the CLI:
/// what each connection's tables and columns are, and changing what is synced and how.
public struct WarehouseManager: Sendable {
    public let service: ConnectionService
    /// What reads a table or some of its columns (saved reports, goals, scores, analyses), so a
    /// removal can say what it breaks. Given by the app, which knows those things.
    public let dependents: @Sendable (_ table: String, _ columns: [String]?) async throws -> [String]

    public init(service: ConnectionService,
                dependents: @escaping @Sendable (_ table: String, _ columns: [String]?) async throws -> [String] = { _, _ in [] }) {
        self.service = service
        self.dependents = dependents
    }

    var metadata: any MetadataStore { service.warehouse.metadata }

    /// Every table the connection knows (synced or not), by name.
    public func tables(connectionID: Int64) async throws -> [ManagedTable] {
        let names = Set(try await service.warehouse.tableNames())
        var tables: [ManagedTable] = []
        for settings in try await metadata.tableSettings(connectionID: connectionID) {
            let exists = names.contains(settings.table)
            tables.append(ManagedTable(settings: settings, rows: exists ? try await service.warehouse.rowCount(settings.table) : nil))
        }
        return tables
    }

    /// One table with every column its object has in Salesforce and what becomes of it.
    public func table(connectionID: Int64, table: String) async throws -> ManagedTableDetail {
        guard let settings = try await metadata.tableSettings(connectionID: connectionID, table: table) else {
            throw ManagerError.unknownTable(table)
        }
        let spec = try await service.warehouse.tableSpec(table)
        let inWarehouse = Set(spec?.columns.map(\.name) ?? [])
        let chosen = Dictionary(try await metadata.columnSettings(connectionID: connectionID, table: table).map { ($0.column, $0) },
                                uniquingKeysWith: { a, _ in a })
        let key = settings.replicationKey?.lowercased()
        let columns = try await metadata.sourceColumns(connectionID: connectionID, table: table).map { source in
            let required = source.column == "id" || (settings.method != .fullTable && source.column == key)
            let selected = required || (chosen[source.column]?.selected ?? true)
            let status: ManagedColumn.Status = !selected || !settings.selected ? .unsynced
                : inWarehouse.contains(source.column) ? .synced : .pending
            return ManagedColumn(source: source, status: status, selected: selected, required: required,
                                 recheckFrequency: chosen[source.column]?.recheckFrequency ?? settings.recheckFrequency)
        }
        // Columns the warehouse keeps that describe no longer lists (field-level security hid
        // them from the connected user, or they were deleted): kept with their values, marked.
        let described = Set(columns.map(\.source.column))
        let hidden = (spec?.columns ?? []).filter { !described.contains($0.name) }.map { column in
            ManagedColumn(source: SourceColumn(column), status: .hidden, selected: true, required: false,
                          recheckFrequency: settings.recheckFrequency)
        }
        let rows = spec == nil ? nil : try await service.warehouse.rowCount(table)
        var detail = ManagedTableDetail(table: ManagedTable(settings: settings, rows: rows), columns: columns + hidden)
        if settings.method == .fullTable { detail.fullTableReason = try await fullTableReason(connectionID: connectionID, object: settings.object) }
        return detail
    }

    /// Why a table is copied whole every cycle, from the object's last describe (the schema
    /// cache): no date at all, dates that cannot be filtered on, or the admin's choice.
    func fullTableReason(connectionID: Int64, object: String) async throws -> String? {
        guard let describe = try await SchemaCache.load(metadata, connectionID: connectionID)?.describes[object] else { return nil }
        if let reason = SchemaMapping.fullTableReason(for: describe) { return reason }
        let (method, key) = SchemaMapping.defaultReplication(for: describe)
        if method == .fullTable {
            return "copied whole every cycle: the object has no SystemModstamp, LastModifiedDate or CreatedDate to read changes by"
        }
        return "copied whole every cycle: Full Table was chosen here (Modified At by \(key ?? "SystemModstamp") would read only changes)"
    }

    /// Applies a table's new settings. Columns that leave the sync are dropped from the warehouse
    /// only with `confirmed`; without it the answer lists what depends on them and nothing changes.
    public func save(connectionID: Int64, table: String, change: TableChange, confirmed: Bool) async throws -> SaveOutcome {
        let detail = try await self.table(connectionID: connectionID, table: table)
        var settings = detail.table.settings
        if let reason = settings.skipReason { throw ManagerError.notSyncable(table, reason) }
        let byName = Dictionary(detail.columns.map { ($0.source.column, $0) }, uniquingKeysWith: { a, _ in a })

        if let method = change.method {
            settings.method = method
            switch method {
            case .modifiedAt, .addDate:
                let key = change.replicationKey ?? settings.replicationKey
                guard let key, let column = byName[key.lowercased()], [.datetime, .date].contains(column.source.warehouseType) else {
                    throw ManagerError.invalidReplicationKey(table, change.replicationKey ?? "none")
                }
                settings.replicationKey = column.source.sourceName
            case .fullTable, .paused:
                break
            }
        }
        if let selected = change.selected { settings.selected = selected }
        for name in (change.columns ?? [:]).keys where byName[name] == nil { throw ManagerError.unknownColumn(table, name) }

        let key = settings.method == .fullTable ? nil : settings.replicationKey?.lowercased()
        let wanted = Set(detail.columns.filter { column in
            column.source.column == "id" || column.source.column == key || (change.columns?[column.source.column] ?? column.selected)
        }.map(\.source.column))
        let removing = settings.selected
            ? detail.columns.filter { $0.status == .synced && !wanted.contains($0.source.column) }.map(\.source.column)
            : detail.columns.filter { $0.status == .synced }.map(\.source.column)
        let removingTable = !settings.selected && detail.table.rows != nil
        if (!removing.isEmpty || removingTable) && !confirmed {
            let dependents = try await dependents(table, removingTable ? nil : removing)
            return SaveOutcome(saved: false, removedColumns: removing, removedTable: removingTable, dependents: dependents)
        }

        try await metadata.saveTableSettings(settings)
        // Read once: each column keeps when it was last rechecked.
        let lastRechecks = Dictionary(try await metadata.columnSettings(connectionID: connectionID, table: table).map { ($0.column, $0.lastRecheck) },
                                      uniquingKeysWith: { a, _ in a })
        for column in detail.columns where column.status != .hidden {
            let selected = wanted.contains(column.source.column)
            let frequency = change.recheck?[column.source.column] ?? column.recheckFrequency
            var row = ColumnSettings(connectionID: connectionID, table: table, column: column.source.column, selected: selected, recheckFrequency: frequency)
            row.lastRecheck = lastRechecks[column.source.column] ?? nil
            try await metadata.saveColumnSettings(row)
        }
        if removingTable {
            try await service.warehouse.dropTable(table)
        } else if !removing.isEmpty {
            try await service.warehouse.dropColumns(removing, from: table)
        }
        return SaveOutcome(saved: true, removedColumns: removing, removedTable: removingTable, dependents: [])
    }
}

/// A table as the manager lists it.
public struct ManagedTable: Sendable, Codable {
    public var settings: TableSettings
    /// Rows in the warehouse; nil when the table has not been made.
    public var rows: Int?

    /// Chosen for syncing (a paused table keeps its data but stops changing).
    public var isChosen: Bool { settings.selected && settings.method != .paused && settings.skipReason == nil }
    /// Chosen and in the warehouse: what *Synced Tables* lists.
    public var isSynced: Bool { isChosen && rows != nil }
}

/// A column the object has, with what the sync does with it.
public struct ManagedColumn: Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        /// In the warehouse and kept up to date.
        case synced
        /// Chosen, and added by the next cycle.
        case pending
        /// Not chosen.
        case unsynced
        /// In the warehouse, but no longer in the object's describe for the connected user
        /// (field-level security, or deleted): its values stay and stop changing.
        case hidden
    }

    public var source: SourceColumn
    public var status: Status
    public var selected: Bool
    /// The primary key, and the replication key of an incremental table, are always synced.
    public var required: Bool
    public var recheckFrequency: RecheckFrequency
}

public struct ManagedTableDetail: Sendable, Codable {
    public var table: ManagedTable
    public var columns: [ManagedColumn]
    /// For a Full Table copy: why (shown on the table's page); nil otherwise.
    public var fullTableReason: String?
}

/// What to change about a table; nil leaves a setting as it is.
public struct TableChange: Sendable, Codable {
    public var selected: Bool?
    public var method: ReplicationMethod?
    /// The replication key's field (for Modified At and Add Date).
    public var replicationKey: String?
    /// Column → synced or not.
    public var columns: [String: Bool]?
    /// Column → recheck frequency.
    public var recheck: [String: RecheckFrequency]?

    public init(selected: Bool? = nil, method: ReplicationMethod? = nil, replicationKey: String? = nil,
                columns: [String: Bool]? = nil, recheck: [String: RecheckFrequency]? = nil) {
        self.selected = selected
        self.method = method
        self.replicationKey = replicationKey
        self.columns = columns
        self.recheck = recheck
    }
}

public struct SaveOutcome: Sendable, Codable {
    /// False when the change waits for a confirmation.
    public var saved: Bool
    public var removedColumns: [String]
    public var removedTable: Bool
    /// What reads the removed columns or table.
    public var dependents: [String]
}

public enum ManagerError: Error, Sendable, CustomStringConvertible {
    case unknownTable(String)
    case unknownColumn(String, String)
    case notSyncable(String, String)
    case invalidReplicationKey(String, String)

    public var description: String {
        switch self {
        case .unknownTable(let t): "No table \(t) in this connection. Check for new tables and columns, or pick one from the list."
        case .unknownColumn(let t, let c): "The table \(t) has no column \(c)."
        case .notSyncable(let t, let why): "\(t) cannot be synced: \(why)."
        case .invalidReplicationKey(let t, let key):
            "\(key) cannot be the replication key of \(t): choose a date or datetime column (normally SystemModstamp, or CreatedDate for Add Date)."
        }
    }
}
