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
    /// Records what the connection's user could see (`AccessFindings`).
    func updateConnectionAccess(id: Int64, _ findings: AccessFindings) async throws
    /// Replaces the connection's sealed credentials alone (renewed tokens), leaving the rest of
    /// its row as other writers left it.
    func updateSecrets(connectionID: Int64, ciphertext: Data) async throws
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
    /// The org's describes as the last structure sync read them (opaque to the store; Sync's
    /// `SchemaCache` encodes them), so a cycle whose describeGlobal answers 304 Not Modified
    /// needs no other describe. Nil when none is kept.
    func schemaCache(connectionID: Int64) async throws -> Data?
    /// Replaces the connection's schema cache.
    func saveSchemaCache(connectionID: Int64, _ body: Data) async throws

    // MARK: Cycles
    /// Records a new running cycle of `owner`. A whole cycle (`objects` nil) is one per
    /// connection: while another whole cycle of the connection is `running` and `isAlive` says
    /// its process still runs it, nothing is recorded and nil is returned; running whole cycles
    /// `isAlive` finds dead are marked failed with `interruptedReason` first. Atomic: of two
    /// processes starting at once, one starts. Returns the new cycle and the ids it marked.
    func startCycle(connectionID: Int64, at startedAt: Date, objects: [String]?, owner: String?, interruptedReason: String,
                    isAlive: @escaping @Sendable (CycleRecord) -> Bool) async throws -> StartedCycle?
    /// Records how a running cycle ended; a cycle no longer `running` (another process took it
    /// for dead and marked it interrupted) keeps that record, and false is returned.
    @discardableResult
    func finishCycle(id: Int64, status: CycleStatus, error: String?, apiCalls: Int, at endedAt: Date) async throws -> Bool
    /// Inserts or replaces the result of (`cycleID`, `table`).
    func recordTableResult(_ result: CycleTableRecord) async throws
    /// The newest cycles first.
    func latestCycles(connectionID: Int64, limit: Int) async throws -> [CycleRecord]
    func tableResults(cycleID: Int64) async throws -> [CycleTableRecord]
    /// Says a running cycle's process is alive (it beats while the cycle runs); false when the
    /// cycle is no longer `running` (another process took it for dead and interrupted it).
    @discardableResult
    func beatCycle(id: Int64, at time: Date) async throws -> Bool
    /// Every cycle still `running`, of every connection.
    func runningCycles() async throws -> [CycleRecord]
    /// Marks these cycles, when still `running`, as failed with `reason` (a process that stopped
    /// mid-cycle cannot finish them; their checkpoints let the next cycle resume), and their
    /// connections as no longer syncing once none of theirs runs. Returns the ids it marked.
    func interruptCycles(ids: [Int64], reason: String, at endedAt: Date) async throws -> [Int64]

    // MARK: Locks
    /// Runs `body` while no other task, of this process or any other sharing the store, runs a
    /// body under the same `name`; waits for the holder. A holder that dies releases it (the
    /// kernel's file lock for SQLite, the transaction's row lock for PostgreSQL). For work that
    /// must happen once at a time across processes: renewing a connection's rotating tokens.
    func exclusively<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T
}

extension MetadataStore {
    /// A whole update cycle.
    public func startCycle(connectionID: Int64, at startedAt: Date) async throws -> CycleRecord {
        try await startCycle(connectionID: connectionID, at: startedAt, objects: nil)
    }

    /// A cycle of no named process that never waits for another (tests, tools): running whole
    /// cycles of the connection are taken for dead.
    public func startCycle(connectionID: Int64, at startedAt: Date, objects: [String]?) async throws -> CycleRecord {
        guard let started = try await startCycle(connectionID: connectionID, at: startedAt, objects: objects, owner: nil,
                                                 interruptedReason: "interrupted", isAlive: { _ in false }) else {
            throw WarehouseError.database("the cycle was not recorded")
        }
        return started.cycle
    }

    /// The `running` whole cycles (not a table's run) of a connection.
    public func runningWholeCycles(connectionID: Int64) async throws -> [CycleRecord] {
        try await runningCycles().filter { $0.connectionID == connectionID && $0.objects == nil }
    }
}

/// A cycle just recorded, and the dead whole cycles of its connection its start marked interrupted.
public struct StartedCycle: Sendable {
    public let cycle: CycleRecord
    public let interrupted: [Int64]

    public init(cycle: CycleRecord, interrupted: [Int64]) {
        self.cycle = cycle
        self.interrupted = interrupted
    }
}
