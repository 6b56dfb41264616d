import Analytics
import ArgumentParser
import AsyncHTTPClient
import Foundation
import SalesforceKit
import Sync
import Warehouse

/// `tributary bench query`: the report builder's common shapes (a big table grouped by a lookup
/// and by month) over a sandbox org synced at a scale, timed on the warehouse chosen. Issue 17
/// asks for under a second at scale 100 (about a million rows).
struct QueryBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Sync a sandbox org, then time report-builder queries (median and slowest of several runs).")

    @Option(help: "Sandbox org scale (about 10,000 records per unit).") var scale = 100
    @Option(help: "Runs of each query.") var runs = 5
    @Option(help: "Directory for the benchmark's warehouse (emptied first unless --reuse).") var dataDir = "data/bench-query"
    @Flag(help: "Query the SQLite warehouse a previous run left in --data-dir instead of syncing again.") var reuse = false
    @Option(help: "Benchmark a PostgreSQL warehouse instead (postgres://…): loads go to a new schema bench_<time> in it.")
    var warehouse: String?

    /// The shapes timed: Task and Opportunity by a lookup and by month, a lookup's field, a formula.
    static let specs: [(String, String)] = [
        ("Task count by month and owner (lookup name)",
         #"{"object": "Task", "measure": {"aggregate": "count"}, "time": {"field": "ActivityDate", "from": "2025-01-01", "to": "2026-01-01", "interval": "month"}, "groupBy": ["OwnerId"]}"#),
        ("Task count by month and status",
         #"{"object": "Task", "measure": {"aggregate": "count"}, "time": {"field": "ActivityDate", "from": "2025-01-01", "to": "2026-01-01", "interval": "month"}, "groupBy": ["Status"]}"#),
        ("Opportunity won amount by month and Account.Industry",
         #"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "time": {"field": "CloseDate", "from": "2025-01-01", "to": "2026-01-01", "interval": "month"}, "filters": [{"field": "StageName", "op": "=", "value": "Closed Won"}], "groupBy": ["Account.Industry"]}"#),
        ("Opportunity count by month and owner",
         #"{"object": "Opportunity", "measure": {"aggregate": "count"}, "time": {"field": "CloseDate", "from": "2025-01-01", "to": "2026-01-01", "interval": "month"}, "groupBy": ["OwnerId"]}"#),
        ("Opportunity win rate by quarter and owner (formula)",
         #"{"object": "Opportunity", "measures": {"Won": {"aggregate": "count", "filters": [{"field": "IsWon", "op": "=", "value": true}]}, "Closed": {"aggregate": "count", "filters": [{"field": "IsClosed", "op": "=", "value": true}]}}, "formula": "Won / Closed", "time": {"field": "CloseDate", "from": "2025-01-01", "to": "2026-01-01", "interval": "quarter"}, "groupBy": ["OwnerId"]}"#),
    ]

    func validate() throws {
        guard (1...10_000).contains(scale) else { throw ValidationError("--scale must be between 1 and 10000") }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be between 1 and 100") }
        if reuse, warehouse != nil { throw ValidationError("--reuse works with the SQLite warehouse only") }
    }

    func run() async throws {
        let target: any Warehouse
        if reuse {
            target = try SQLiteWarehouse(path: dataDir + "/tributary.sqlite")
        } else {
            target = try await sync()
        }
        for table in ["sf_task", "sf_opportunity", "sf_account", "sf_user"] {
            print("  \(table): \((try? await target.rowCount(table)) ?? 0) rows")
        }
        let analytics = AnalyticsService(warehouse: target)
        for (name, json) in Self.specs {
            let spec = try JSONDecoder().decode(QuerySpec.self, from: Data(json.utf8))
            let (sql, arguments) = try await analytics.compiledSQL(spec)
            var times: [Double] = [], sqlTimes: [Double] = []
            var rows = 0
            for _ in 0..<runs {
                var started = ContinuousClock.now
                rows = try await analytics.query(spec).rows.count
                times.append(Self.milliseconds(ContinuousClock.now - started))
                // The SQL alone, to tell the warehouse's time from the shaping's.
                started = ContinuousClock.now
                _ = try await target.query(sql, arguments: arguments)
                sqlTimes.append(Self.milliseconds(ContinuousClock.now - started))
            }
            times.sort()
            sqlTimes.sort()
            print(String(format: "%-56@ %6d rows  median %7.1f ms (SQL %7.1f ms)  slowest %7.1f ms", name, rows, times[times.count / 2],
                         sqlTimes[sqlTimes.count / 2], times[times.count - 1]))
        }
    }

    static func milliseconds(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

    /// A fresh sync of the objects the queries read.
    private func sync() async throws -> any Warehouse {
        try? FileManager.default.removeItem(atPath: dataDir)
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let org = try ChildSandbox.start(scale: scale, directory: dataDir + "/sandbox")
        defer { org.stop() }
        print("Sandbox org (scale \(scale)) at \(org.url), in its own process")
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let local = try SQLiteWarehouse(path: dataDir + "/tributary.sqlite")
            var target: any Warehouse = local
            if let warehouse {
                let url = try PostgresURL(warehouse).with(schema: "bench_\(Int(Date().timeIntervalSince1970))")
                print("Warehouse: \(url)")
                target = try await PostgresWarehouse.connect(url, metadata: local.metadata)
            }
            let service = ConnectionService(warehouse: target, secrets: try DataOptions.secretBox(dataDir: dataDir), http: http)
            let record = try await service.connect(
                name: "bench", loginHost: try .localSandbox(org.url), clientID: org.clientID, clientSecret: org.clientSecret,
                credentials: .password(username: org.username, password: org.password))
            var options = SyncOptions()
            options.objects = ["Task", "Opportunity", "Account", "User"]
            let started = Date()
            let result = try await service.sync(record, options: options)
            print(String(format: "Synced in %.1f s (%@)", Date().timeIntervalSince(started), result.status.rawValue))
            try await http.shutdown()
            return target
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}
