import Foundation
import GRDB

/// The embedded warehouse: one SQLite file holding the `sf_` tables and the `tributary_`
/// metadata, so a batch and its checkpoint commit in one transaction.
public final class SQLiteWarehouse: Warehouse {
    /// A pool for files (WAL: readers never wait for a load), a queue in memory.
    let writer: any DatabaseWriter
    public let metadata: any MetadataStore
    /// One machine, one process: the update cycle's jobs stay in memory.
    public let workQueue: any WorkQueue = MemoryWorkQueue()
    /// Report queries running at once, at most as many as the pool has readers.
    let reportLimiter = ReportLimiter(limit: 4)

    /// Opens or creates the warehouse at `path` (0600, in missing directories made 0700) and
    /// migrates the metadata schema.
    public convenience init(path: String) throws {
        try PrivateFiles.prepareSQLiteFile(path)
        var configuration = Self.configuration()
        configuration.maximumReaderCount = 4
        try self.init(writer: DatabasePool(path: path, configuration: configuration))
    }

    /// An in-memory warehouse, for tests and dry runs. It is a named shared-cache database so
    /// that report queries can open their own connection to it; the name is unique, so it is
    /// still private to this instance, and it vanishes with it.
    public static func inMemory() throws -> SQLiteWarehouse {
        try SQLiteWarehouse(writer: DatabaseQueue(named: "tributary-\(UUID().uuidString)", configuration: configuration()))
    }

    init(writer: any DatabaseWriter) throws {
        try SQLiteMigrations.migrator.migrate(writer)
        self.writer = writer
        self.metadata = SQLiteMetadataStore(writer: writer)
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        // Another process (an analyst's sqlite3 shell) may hold the write lock for a moment.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL with synchronous=NORMAL fsyncs at checkpoints only: a crash can lose the last
            // commits but never corrupts, and the checkpoint row always matches the data.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer's pages (the tables' id indexes above all) stay hot between loads. A
            // pool reader's cache only fills when a read scans a table (an archived count, a
            // list of ids, an analysis): the file's pages are in the OS's cache anyway, and four
            // readers of 64 MB each would hold up to 256 MB of copies after one scan each.
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -8192" : "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        return configuration
    }
}
