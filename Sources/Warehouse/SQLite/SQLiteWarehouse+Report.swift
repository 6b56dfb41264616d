import Dispatch
import Foundation
import GRDB

extension SQLiteWarehouse {
    /// Report SQL runs on a connection of its own (see `SQLiteReportRunner`), on a dispatch
    /// thread: a query that runs for seconds must not hold one of Swift's few cooperative threads.
    public func report(_ sql: String, limit: Int, timeout: Duration) async throws -> ReportResult {
        guard let location = reportLocation else {
            throw WarehouseError.reportFailed("This warehouse is a private in-memory database: reports need a file or a shared in-memory warehouse.")
        }
        let limit = limit > 0 ? limit : ReportPolicy.defaultRowLimit
        let watch = ReportGuard(timeout: timeout)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global(qos: .userInitiated).async {
                    continuation.resume(with: Result { try SQLiteReportRunner(location: location).run(sql, limit: limit, guard: watch) })
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
