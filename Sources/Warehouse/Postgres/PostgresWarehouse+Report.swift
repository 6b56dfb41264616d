import Foundation
import Logging
import Synchronization
import PostgresNIO

/// Report SQL on PostgreSQL: a connection of its own as the report login (`PostgresReportLogin`),
/// opened for the report and closed after it, in a READ ONLY transaction with a
/// `statement_timeout`; the friendly text refusals of `PostgresReportText` first.
///
/// A connection of its own, never one of the pool's: a report may change its session's settings
/// (`set_config(…, false)`) or take session locks, and none of that may reach an update cycle or
/// outlive the report. The user's text is sent as it is (no wrapping subquery it could close);
/// rows are read one at a time until the row limit plus one or the byte cap, then the
/// connection is closed, which ends the query on the server.
extension PostgresWarehouse {
    public func report(_ sql: String, limit: Int, timeout: Duration) async throws -> ReportResult {
        let body = try PostgresReportText.checked(sql)
        return try await reportUnchecked(body, limit: limit, timeout: timeout)
    }

    /// The report without the text check: what the wall alone lets through (tests call it with
    /// the spellings the text check refuses).
    func reportUnchecked(_ body: String, limit: Int, timeout: Duration, byteLimit: Int = ReportPolicy.defaultByteLimit) async throws -> ReportResult {
        let limit = limit > 0 ? limit : ReportPolicy.defaultRowLimit
        let started = ContinuousClock.now
        await reportLimiter.acquire()
        do {
            let login = try await reportLogin()
            try await grantReportReads(to: login)
            // The wait for a slot counts: the timeout bounds what the user waits.
            let left = timeout - (ContinuousClock.now - started)
            guard left > .zero else { throw WarehouseError.reportTimedOut(after: timeout) }
            let result = try await runReport(body, as: login, limit: limit, byteLimit: byteLimit, timeout: left)
            await reportLimiter.release()
            return result
        } catch {
            await reportLimiter.release()
            throw Self.reportError(error, timeout: timeout, logger: logger)
        }
    }

    private func runReport(_ body: String, as login: PostgresReportLogin, limit: Int, byteLimit: Int, timeout: Duration) async throws -> ReportResult {
        let configuration = try login.configuration(for: url)
        let logger = self.logger
        let connection = try await PostgresConnection.connect(configuration: configuration, id: Self.nextReportConnectionID(), logger: logger)
        do {
            // statement_timeout stops the query on the server; the client's own deadline (a
            // little later) closes the connection should the server not answer at all.
            let result = try await Self.withDeadline(timeout + .seconds(2), timeout: timeout) {
                try await connection.query("START TRANSACTION READ ONLY", logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL statement_timeout = \(Self.milliseconds(timeout))"), logger: logger)
                let rows = try await connection.query(PostgresQuery(unsafeSQL: body), logger: logger)
                var reader = ReportReader(columns: rows.columns.map(\.name), limit: limit, byteLimit: byteLimit)
                for try await row in rows {
                    guard try reader.add(row) else { break }
                }
                return reader.result
            }
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Rows as text, up to the row limit (one more says there are more) and the byte cap.
    private struct ReportReader {
        let columns: [String]
        let limit: Int
        let byteLimit: Int
        var rows: [[String?]] = []
        var bytes = 0
        var cut: ReportResult.Cut?

        init(columns: [String], limit: Int, byteLimit: Int) {
            self.columns = columns
            self.limit = limit
            self.byteLimit = byteLimit
        }

        /// Adds a row; false when reading must stop.
        mutating func add(_ row: PostgresRow) throws -> Bool {
            if rows.count == limit {
                cut = .rows
                return false
            }
            var cells: [String?] = []
            for cell in row {
                let text = try PostgresCellText.reportText(cell)
                bytes += (text?.utf8.count ?? 0) + 1
                cells.append(text)
            }
            if bytes > byteLimit {
                cut = .bytes
                return false
            }
            rows.append(cells)
            return true
        }

        var result: ReportResult { ReportResult(columns: columns, rows: rows, cut: cut) }
    }

    private static let reportConnectionIDs = Atomic<Int>(1_000_000)
    private static func nextReportConnectionID() -> Int { reportConnectionIDs.add(1, ordering: .relaxed).newValue }

    static func milliseconds(_ duration: Duration) -> Int64 {
        max(1, duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Runs `body`, failing with `reportTimedOut(after: timeout)` when it is not done by `limit`.
    private static func withDeadline<Result: Sendable>(
        _ limit: Duration, timeout: Duration, _ body: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else { throw WarehouseError.reportTimedOut(after: timeout) }
            return result
        }
    }

    /// Server errors as the report errors the editor shows; anything unexpected is logged in
    /// full and shown without internals.
    static func reportError(_ error: any Error, timeout: Duration, logger: Logger) -> any Error {
        if let warehouse = error as? WarehouseError, warehouse.isReportProblem { return warehouse }
        if error is CancellationError { return error }
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError {
            return reportError(inner, timeout: timeout, logger: logger)
        }
        switch PostgresErrorText.sqlState(error) {
        case "57014": return WarehouseError.reportTimedOut(after: timeout)  // query_canceled by statement_timeout
        case "25006", "42501": return WarehouseError.reportRefused("reports only read the synced tables: \(PostgresErrorText.reason(error))")
        case .some: return WarehouseError.reportFailed(PostgresErrorText.reason(error))
        case nil:
            logger.error("report failed: \(String(reflecting: error))")
            return WarehouseError.reportFailed("the report could not run (\(PostgresErrorText.reason(error)))")
        }
    }
}
