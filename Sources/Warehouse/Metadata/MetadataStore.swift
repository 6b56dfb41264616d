import Foundation

/// The sync's book-keeping: connections, what to sync, and what each cycle did.
public protocol MetadataStore: Sendable {
    // MARK: Connections
    /// Inserts (when `id` is nil) or updates the connection; returns it with its id.
    /// - Throws: when another connection already has the name.
    func saveConnection(_ connection: ConnectionRecord) async throws -> ConnectionRecord
    func connection(named name: String) async throws -> ConnectionRecord?
    func connection(id: Int64) async throws -> ConnectionRecord?
    /// All connections, by name.
    func connections() async throws -> [ConnectionRecord]
    func updateConnectionStatus(id: Int64, status: ConnectionRecord.Status, lastError: String?) async throws
    /// Deletes the connection with its settings, checkpoints and cycle history.
    func deleteConnection(id: Int64) async throws

    // MARK: Table and column settings
    /// Inserts or replaces the settings of (`connectionID`, `table`).
    func saveTableSettings(_ settings: TableSettings) async throws
    func tableSettings(connectionID: Int64) async throws -> [TableSettings]
    func tableSettings(connectionID: Int64, table: String) async throws -> TableSettings?
    /// Inserts or replaces the settings of (`connectionID`, `table`, `column`).
    func saveColumnSettings(_ settings: ColumnSettings) async throws
    func columnSettings(connectionID: Int64, table: String) async throws -> [ColumnSettings]
    /// Replaces the columns the object has in Salesforce, in describe order.
    func saveSourceColumns(connectionID: Int64, table: String, _ columns: [SourceColumn]) async throws
    func sourceColumns(connectionID: Int64, table: String) async throws -> [SourceColumn]

    // MARK: Cycles
    func startCycle(connectionID: Int64, at startedAt: Date, objects: [String]?) async throws -> CycleRecord
    func finishCycle(id: Int64, status: CycleStatus, error: String?, apiCalls: Int, at endedAt: Date) async throws
    /// Inserts or replaces the result of (`cycleID`, `table`).
    func recordTableResult(_ result: CycleTableRecord) async throws
    /// The newest cycles first.
    func latestCycles(connectionID: Int64, limit: Int) async throws -> [CycleRecord]
    func tableResults(cycleID: Int64) async throws -> [CycleTableRecord]
    /// Says a running cycle's process is alive (it beats while the cycle runs).
    func beatCycle(id: Int64, at time: Date) async throws
    /// Marks cycles still `running` whose process has not beaten since `silentSince` as failed
    /// with `reason` (a process that stopped mid-cycle cannot finish them; their checkpoints let
    /// the next cycle resume), and their connections as no longer syncing. Cycles that still
    /// beat, another machine's included, are left alone. Returns their ids.
    func interruptRunningCycles(reason: String, at endedAt: Date, silentSince: Date) async throws -> [Int64]
}

extension MetadataStore {
    /// A whole update cycle.
    public func startCycle(connectionID: Int64, at startedAt: Date) async throws -> CycleRecord {
        try await startCycle(connectionID: connectionID, at: startedAt, objects: nil)
    }
}
