import Foundation
import Sync

/// A running cycle as the Connections and Data Warehouse pages show it while it runs.
struct CycleProgress: Sendable, Codable {
    struct Table: Sendable, Codable {
        var table: String
        var rows: Int
        var path: String
        /// running, succeeded, failed, skipped or stopped.
        var status: String
    }

    var connectionID: Int64
    var startedAt: Date
    var tablesPlanned: Int?
    var tables: [String: Table] = [:]
    var apiCallsUsed: Int?
    var apiCallsAllowed: Int?

    var rows: Int { tables.values.reduce(0) { $0 + $1.rows } }

    mutating func apply(_ event: SyncEvent) {
        switch event {
        case .structureSynced(let count, _): tablesPlanned = count
        case .tableStarted(let table, _): tables[table] = Table(table: table, rows: 0, path: "-", status: "running")
        case .rowsLoaded(let table, let rows, let path): tables[table] = Table(table: table, rows: rows, path: path, status: "running")
        case .tableFinished(let result):
            tables[result.table] = Table(table: result.table, rows: result.inserted + result.updated + result.deleted, path: result.path,
                                         status: result.status.rawValue)
        case .apiCalls(let used, let allowed):
            apiCallsUsed = used
            apiCallsAllowed = allowed
        }
    }
}
