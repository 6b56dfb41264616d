import Logging
import PostgresNIO

/// The warehouse's connection pool as the metadata store, the work queue and the web app's
/// store use it too: one pool per process, whichever of them runs a query.
public struct PostgresPool: Sendable {
    let client: PostgresClient
    public let logger: Logger

    init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Runs `body` in a transaction on a pooled connection. Throws the body's own error
    /// (PostgresNIO wraps it with the rollback's outcome), PostgreSQL's as `WarehouseError`.
    public func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw PostgresErrorText.mapped(error.closureError ?? error)
        } catch {
            throw PostgresErrorText.mapped(error)
        }
    }

    /// Runs `body` on a pooled connection, outside a transaction; errors as in `transaction`.
    public func read<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw PostgresErrorText.mapped(error)
        }
    }

    /// Runs one statement outside an explicit transaction and returns its rows with random access.
    public func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await read { connection in
            var rows: [PostgresRandomAccessRow] = []
            for try await row in try await connection.query(query, logger: logger) { rows.append(row.makeRandomAccess()) }
            return rows
        }
    }
}
