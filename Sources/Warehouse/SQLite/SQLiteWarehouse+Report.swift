import Dispatch
import Foundation
import GRDB

extension SQLiteWarehouse {
    public func report(_ sql: String, limit: Int, timeout: Duration) async throws -> ReportResult {
        try await report(sql, limit: limit, timeout: timeout, byteLimit: ReportPolicy.defaultByteLimit)
    }

    /// A report with a byte cap of the caller's (tests use a small one).
    func report(_ sql: String, limit: Int, timeout: Duration, byteLimit: Int) async throws -> ReportResult {
        guard let location = reportLocation else {
            throw WarehouseError.reportFailed("This warehouse is a private in-memory database: reports need a file or a shared in-memory warehouse.")
        }
        let limit = limit > 0 ? limit : ReportPolicy.defaultRowLimit
        // The clock starts before the wait for a slot: the timeout bounds what the user waits.
        let watch = ReportGuard(timeout: timeout)
        await reportLimiter.acquire()
        do {
            try Task.checkCancellation()
            let result = try await Self.run(SQLiteReportRunner(location: location, byteLimit: byteLimit), sql, limit: limit, guard: watch)
            await reportLimiter.release()
            return result
        } catch {
            await reportLimiter.release()
            throw error
        }
    }

    /// Runs on a dispatch thread: a query that runs for seconds must not hold one of Swift's
    /// few cooperative threads. Cancelling the task stops the query at its next progress check.
    private static func run(_ runner: SQLiteReportRunner, _ sql: String, limit: Int, guard watch: ReportGuard) async throws -> ReportResult {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global(qos: .userInitiated).async {
                    continuation.resume(with: Result { try runner.run(sql, limit: limit, guard: watch) })
                }
            }
        } onCancel: {
            watch.cancel()
        }
    }

    /// Where a report connection opens the warehouse: the file, or the shared in-memory
    /// database's URI; nil for a private in-memory database, which no second connection sees.
    var reportLocation: String? {
        let path = writer.path
        return path == ":memory:" || path.isEmpty ? nil : path
    }
}
