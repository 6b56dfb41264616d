import Prometheus
import Sync
import Warehouse

/// What `/metrics` shows (Prometheus text format): cycles by outcome, rows and API calls by
/// table, table errors and cycle durations. One registry per app, so tests see only their own.
final class SyncMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let duration: DurationHistogram
    private let startFailures: Counter

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        duration = registry.makeDurationHistogram(
            name: "tributary_cycle_duration_seconds",
            buckets: [.seconds(1), .seconds(5), .seconds(15), .seconds(60), .seconds(300), .seconds(900), .seconds(3600)],
            help: "How long update cycles take")
        startFailures = registry.makeCounter(name: "tributary_cycle_start_failures_total", help: "Cycles that could not start (credentials, warehouse)")
    }

    func observe(_ event: SyncEvent) {
        guard case .tableFinished(let result) = event else { return }
        let table = [("table", result.table)]
        registry.makeCounter(name: "tributary_rows_total", labels: table + [("operation", "inserted")], help: "Rows written to the warehouse").increment(by: Int64(result.inserted))
        registry.makeCounter(name: "tributary_rows_total", labels: table + [("operation", "updated")], help: "Rows written to the warehouse").increment(by: Int64(result.updated))
        registry.makeCounter(name: "tributary_rows_total", labels: table + [("operation", "deleted")], help: "Rows written to the warehouse").increment(by: Int64(result.deleted))
        registry.makeCounter(name: "tributary_table_api_calls_total", labels: table, help: "Salesforce API calls made for a table").increment(by: Int64(result.apiCalls))
        if result.status == .failed {
            registry.makeCounter(name: "tributary_table_errors_total", labels: table, help: "Table syncs that failed").increment()
        }
    }

    func finished(_ result: CycleResult, duration elapsed: Duration) {
        registry.makeCounter(name: "tributary_cycles_total", labels: [("status", result.status.rawValue)], help: "Update cycles by how they ended").increment()
        registry.makeCounter(name: "tributary_api_calls_total", help: "Salesforce API calls made by update cycles").increment(by: Int64(result.apiCalls))
        duration.record(elapsed)
    }

    func failedToStart() { startFailures.increment() }

    func exposition() -> [UInt8] { registry.emitToBuffer() }
}
