import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The PostgreSQL warehouse: `sf_` tables with native column types, the catalog and checkpoints
/// beside them, so a batch and its checkpoint commit in one transaction.
///
/// The metadata store (connections, settings, cycles) is passed in (the SQLite file's), or,
/// when none is, kept in the same PostgreSQL database: workers on other machines then share it.
/// A value a column's type cannot hold is stored as NULL, and its text kept in
/// `tributary_rejects` (table, row id, column, value): PostgreSQL cannot keep text in a number
/// column as SQLite does, and a value must never be lost.
public final class PostgresWarehouse: Warehouse {
    let client: PostgresClient
    let logger: Logger
    public let url: PostgresURL
    public let metadata: any MetadataStore
    /// In this database when the metadata is (cycle ids are then shared by every worker).
    public let workQueue: any WorkQueue
    /// Runs the connection pool; cancelling it closes every connection.
    private let runner: Task<Void, Never>
    /// Ends when the pool's task has begun: a query before `run()` makes PostgresNIO warn.
    private let runnerStarted: AsyncStream<Void>
    /// The report login once made by this process (`PostgresReportLogin`).
    let reportLoginState = Mutex<PostgresReportLogin?>(nil)
    /// At most four reports at once: each holds a connection of its own and a server process.
    let reportLimiter = ReportLimiter(limit: 4)

    private init(url: PostgresURL, metadata: (any MetadataStore)?, logger: Logger) {
        self.url = url
        self.logger = logger
        let client = PostgresClient(configuration: url.clientConfiguration, backgroundLogger: logger)
        self.client = client
        let pool = PostgresPool(client: client, logger: logger)
        self.metadata = metadata ?? PostgresMetadataStore(pool: pool)
        self.workQueue = metadata == nil ? PostgresWorkQueue(pool: pool) : MemoryWorkQueue()
        let (started, signal) = AsyncStream<Void>.makeStream()
        self.runnerStarted = started
        self.runner = Task {
            signal.finish()
            await client.run()
        }
    }

    deinit { runner.cancel() }

    /// Connects to the server, checks it answers, and creates the schema and Tributary's tables
    /// when missing.
    /// - Parameters:
    ///   - metadata: the store for connections, settings and cycles; nil keeps them in this database.
    ///   - logger: for the pool's own messages (failed connections and the like).
    /// - Throws: `WarehouseError.unreachable` when the server does not answer or refuses us.
    public static func connect(
        _ url: PostgresURL, metadata: (any MetadataStore)?, logger: Logger = PostgresWarehouse.defaultLogger
    ) async throws -> PostgresWarehouse {
        do {
            let configuration = try url.connectionConfiguration()
            try await withTimeout(.seconds(15)) {
                let probe = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                do {
                    _ = try await probe.query("SELECT 1", logger: logger).collect()
                } catch {
                    try? await probe.close()
                    throw error
                }
                try await probe.close()
            }
        } catch {
            throw WarehouseError.unreachable("\(url): \(PostgresErrorText.reason(error))")
        }
        let warehouse = PostgresWarehouse(url: url, metadata: metadata, logger: logger)
        for await _ in warehouse.runnerStarted {}
        do {
            try await PostgresMigrations.migrate(warehouse.client, schema: url.schema, logger: logger)
        } catch {
            await warehouse.close()
            throw WarehouseError.database(PostgresErrorText.reason(error))
        }
        return warehouse
    }

    /// Warnings and worse: the pool logs every retried connection at `info`.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "tributary.warehouse.postgres")
        logger.logLevel = .warning
        return logger
    }

    /// Closes every connection; the warehouse cannot be used after.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// The connection pool, for another store that keeps its tables in this database (the web
    /// app's): one pool per process.
    public var pool: PostgresPool { PostgresPool(client: client, logger: logger) }

    /// Runs `body` in a transaction on a pooled connection. Throws the body's own error
    /// (PostgresNIO wraps it with the rollback's outcome), PostgreSQL's as `WarehouseError`.
    func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await pool.transaction(body)
    }

    /// Runs `body` on a pooled connection, outside a transaction; errors as in `transaction`.
    func read<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await pool.read(body)
    }

    /// Runs `body`, failing with `WarehouseError.unreachable` when it takes longer than `limit`
    /// (a server that drops packets would otherwise hold the first query for minutes).
    private static func withTimeout(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw WarehouseError.unreachable("no answer within \(limit)")
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
