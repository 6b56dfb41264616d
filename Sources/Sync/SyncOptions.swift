import Foundation
import Logging
import Warehouse

/// How an update cycle behaves; every value has the default a user would expect.
public struct SyncOptions: Sendable {
    /// Incremental windows start this long before the last one ended, because Salesforce can
    /// make a change visible after its SystemModstamp (long transactions).
    public var lookbackSeconds: Int64 = 300
    /// Keep the org's describes and ask describeGlobal `If-Modified-Since` them (`SchemaCache`).
    public var reusesDescribes = true
    /// Ask which tables changed before reading any (`ChangeProbe`): a table with nothing
    /// updated or deleted costs no call of its own.
    public var probeChanges = true
    /// Before probing, wait for the minute the cycle began in to end (at most a minute), so the
    /// probe's whole minutes cover every change made before the cycle began. Without it, a
    /// table found unchanged is current to the start of that minute, and a change made in it
    /// is the next cycle's. The commands wait; tests, whose clock does not move by itself, do not.
    public var probeWaitsForMinute = false
    /// At or above this many records to move, a table goes through Bulk API 2.0; below, REST.
    public var bulkThreshold = 10_000
    /// REST page size hint (200–2,000).
    public var restBatchSize = 2_000
    /// Bulk result page size (`maxRecords`); nil lets Salesforce choose.
    public var bulkPageRecords: Int?
    /// Rows per load transaction on the Bulk path, at most: a chunk also ends at about 2 MB of
    /// memory (`CSVStreamParser.chunkBytes`), which wide objects reach first.
    public var chunkRows = 10_000
    /// Tables synced at once.
    public var concurrency = 4
    /// Only these objects (API names); nil: every eligible object.
    public var objects: [String]?
    /// Only bring the catalog up to date (*Check for new tables and columns*): describe every
    /// object and record its columns; no table is made, altered or loaded.
    public var structureOnly = false
    /// Whether a success moves the connection's *Last successful update began*; a table's
    /// *Sync Data Immediately* is not an update of the connection.
    public var countsAsUpdate = true
    /// Forget checkpoints and copy every selected table from the beginning.
    public var full = false
    /// How often the ids of each table are compared with the org's to find hard deletes.
    public var reconcileEverySeconds: Int64 = 7 * 86_400
    /// Bulk job polling.
    public var bulkPollInterval: Duration = .milliseconds(250)
    /// The time the cycle takes as "now" (tests pin it to the sandbox org's clock).
    public var clock: @Sendable () -> Date = { Date() }
    /// The coordinator works on its cycle's jobs itself (`concurrency` at a time); when false it
    /// only waits for workers (`tributary worker`). A process-local queue (SQLite) always works.
    public var runsJobs = true
    /// How long a job's lease lasts without a heartbeat (renewed every third of it).
    public var leaseSeconds: Double = 30
    /// How often the running cycle says it is alive (see `UpdateSchedule.silentAfter`).
    public var heartbeatSeconds: Double = UpdateSchedule.heartbeatEvery

    /// Where the cycle says what it does: each table's start and end, each retry, restart,
    /// split and fallback, with the connection and table as metadata.
    public var logger = Logger(label: "tributary.sync")
    /// Tests only: seeded stops between reading a batch and committing it.
    public var faultPoints: FaultPoints?

    public init() {}
}

/// What a cycle reports while it runs (the CLI prints it; the web app will stream it).
public enum SyncEvent: Sendable {
    case structureSynced(tables: Int, skipped: Int)
    case tableStarted(table: String, method: String)
    case rowsLoaded(table: String, rows: Int, path: String)
    case tableFinished(TableResult)
    /// API calls of this connection in the last 24 hours, and how many its share allows (nil
    /// until the org has said its limit).
    case apiCalls(used: Int, allowed: Int?)
}

public enum TableStatus: String, Sendable, Codable {
    case succeeded, failed, skipped, stopped
}

/// One table's part of a cycle.
public struct TableResult: Sendable, Codable {
    public var table: String
    public var object: String
    public var method: String
    public var path = "-"
    public var inserted = 0
    public var updated = 0
    public var deleted = 0
    public var apiCalls = 0
    /// Field bytes loaded (the text of every value), for throughput figures.
    public var bytes = 0
    public var startedAt: Date
    public var endedAt: Date?
    public var status = TableStatus.succeeded
    public var error: String?
    /// Why the table was copied as it was (a full table because no date of it can be filtered
    /// on), for the person who reads the cycle; nil when there is nothing to say.
    public var note: String?
    /// The greatest replication-key value loaded (Salesforce's text).
    public var lastDataPoint: String?
    /// The stop the table hit (budget, reauthentication): carried in the job's result, so a
    /// cycle stops for a stop that a worker on another machine hit.
    var stop: SyncStop?
    /// The org refused the read's field list (`INVALID_FIELD`, `INVALID_TYPE`): the describe it
    /// was planned from no longer holds (`UpdateCycle.redescribed`).
    var describeStale: Bool?
}

/// What a whole cycle did.
public struct CycleResult: Sendable {
    public var cycleID: Int64
    public var status: CycleStatus
    public var startedAt: Date
    public var endedAt: Date
    public var tables: [TableResult]
    public var apiCalls: Int
    public var error: String?
    public var skippedObjects: [(object: String, reason: String)]
}
