import Foundation
import Rows
import Warehouse

/// Moves a Tributary that outgrew its SQLite file to PostgreSQL (`tributary move`): the
/// connections with their schedules and table and column choices, every `sf_` table's rows,
/// and each table's checkpoint, so the next cycle goes on incrementally from where the SQLite
/// warehouse stopped: no full copy from Salesforce again, and deleted records captured so far
/// are kept. Rows are upserted by id, so a move that stopped halfway is simply run again; once
/// cycles have run in the target, a move is refused (it would put older rows over newer ones).
public struct WarehouseMove: Sendable {
    public struct Report: Sendable {
        /// Connection names, and whether each was copied (false: the target already had one of that name).
        public var connections: [(name: String, copied: Bool)] = []
        public var tables: [(name: String, rows: Int)] = []
    }

    let source: SQLiteWarehouse
    let target: any Warehouse
    /// Rows read and loaded per transaction.
    let batchRows: Int

    public init(from source: SQLiteWarehouse, to target: any Warehouse, batchRows: Int = 5_000) {
        self.source = source
        self.target = target
        self.batchRows = max(1, batchRows)
    }

    /// A move refused before anything was copied.
    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        // A connection that has run cycles in the target since it was moved would get older
        // rows over newer ones, and deleted records back: refuse before copying anything.
        for connection in try await source.metadata.connections() {
            if let existing = try await target.metadata.connection(named: connection.name), let id = existing.id,
               try await !target.metadata.latestCycles(connectionID: id, limit: 1).isEmpty {
                throw Refused(description: "connection '\(connection.name)' has run update cycles in the PostgreSQL warehouse since it was moved; "
                              + "moving again would put older rows over newer ones. Nothing was copied.")
            }
        }
        var report = Report()
        var connectionIDs: [Int64: Int64] = [:]
        for connection in try await source.metadata.connections() {
            guard let sourceID = connection.id else { continue }
            if let existing = try await target.metadata.connection(named: connection.name), let id = existing.id {
                // A move that stopped halfway: its settings there stay, the ones it had not copied yet are copied.
                connectionIDs[sourceID] = id
                try await copySettings(from: sourceID, to: id, onlyMissing: true)
                report.connections.append((connection.name, false))
                continue
            }
            connectionIDs[sourceID] = try await copy(connection)
            report.connections.append((connection.name, true))
            progress("connection \(connection.name): settings copied")
        }
        for table in try await source.tableNames() {
            guard let spec = try await source.tableSpec(table) else { continue }
            _ = try await target.ensureTable(spec)
            let rows = try await copyRows(of: spec)
            for (sourceID, targetID) in connectionIDs {
                guard let checkpoint = try await source.checkpoint(connectionID: sourceID, table: table) else { continue }
                // The high-water mark carries over; a cursor into a Bulk job or a REST page
                // of the old process does not, so an unfinished window is read again (upserts
                // make that harmless).
                try await target.saveCheckpoint(Checkpoint(connectionID: targetID, table: table, highWaterMark: checkpoint.highWaterMark))
            }
            report.tables.append((table, rows))
            progress("\(table): \(rows) rows")
        }
        return report
    }

    /// Copies a connection with its settings; returns its new id.
    private func copy(_ connection: ConnectionRecord) async throws -> Int64 {
        guard let sourceID = connection.id else { throw WarehouseError.database("a connection without an id") }
        var copy = connection
        copy.id = nil
        // Nothing runs there yet: a cycle the old process left running must not look running.
        if copy.status == .syncing { copy.status = .connected }
        let saved = try await target.metadata.saveConnection(copy)
        guard let id = saved.id else { throw WarehouseError.database("no id for the copied connection \(connection.name)") }
        try await copySettings(from: sourceID, to: id, onlyMissing: false)
        return id
    }

    /// Copies the table, column and source-column settings of the connection's tables (only
    /// of tables the target has no settings for, when `onlyMissing`).
    private func copySettings(from sourceID: Int64, to id: Int64, onlyMissing: Bool) async throws {
        let present = onlyMissing ? Set(try await target.metadata.tableSettings(connectionID: id).map(\.table)) : []
        for var settings in try await source.metadata.tableSettings(connectionID: sourceID) where !present.contains(settings.table) {
            let table = settings.table
            settings.connectionID = id
            for var column in try await source.metadata.columnSettings(connectionID: sourceID, table: table) {
                column.connectionID = id
                try await target.metadata.saveColumnSettings(column)
            }
            let sourceColumns = try await source.metadata.sourceColumns(connectionID: sourceID, table: table)
            if !sourceColumns.isEmpty { try await target.metadata.saveSourceColumns(connectionID: id, table: table, sourceColumns) }
            // Last, so a table with settings in the target has all of them (a re-run skips it).
            try await target.metadata.saveTableSettings(settings)
        }
    }

    /// Reads the table in id order, `batchRows` at a time (keyset paging: each read starts after
    /// the last id, so it costs the same at the end of a large table as at its start), reading
    /// the next batch while the last one loads.
    private func copyRows(of spec: TableSpec) async throws -> Int {
        guard let idPosition = spec.columns.firstIndex(where: { $0.name == "id" }) else { return 0 }
        let (source, batchRows) = (self.source, self.batchRows)
        let read = { @Sendable (after: String) async throws -> RowBatch in try await source.rows(of: spec, after: after, limit: batchRows) }
        var batch = try await read("")
        var copied = 0
        while batch.rowCount > 0, let last = batch.string(row: batch.rowCount - 1, column: idPosition) {
            let full = batch.rowCount == batchRows
            async let next = full ? read(last) : RowBatch(columnCount: spec.columns.count)
            _ = try await target.upsert(batch, columns: spec.columns, into: spec.name, checkpoint: nil)
            copied += batch.rowCount
            batch = try await next
        }
        return copied
    }
}
