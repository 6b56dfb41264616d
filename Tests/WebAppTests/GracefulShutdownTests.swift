import Foundation
import Logging
import NIOHTTP1
import SandboxTestSupport
import ServiceLifecycle
import Sync
import Testing
import Warehouse

@testable import WebApp

/// Issue 18: `serve`'s services stop gracefully. A shutdown (what SIGTERM triggers) during a cycle
/// leaves no running cycle behind, records it interrupted (resumed at once by the schedule, on
/// any replica), and loses no committed batch.
@Suite(.serialized) struct GracefulShutdownTests {
    @Test func aShutdownDuringACycleStopsItAtItsLastBatchRecordedInterrupted() async throws {
        try await WebAppHarness.withApp(sandbox: true, configure: { $0.scoreLeadsEvery = 0 }) { h, _ in
            let record = try await h.connect()
            let id = try #require(record.id)
            let base = try #require(h.sandboxURL)
            try await sandboxControl(base, "/_sandbox/faults", #"{"kind": "slow", "count": 0, "pathContains": "/query", "delayMs": 300}"#, http: h.http)
            let (group, running) = Self.runBackground(h)
            let cycle = try #require(h.app.runner.startTask(record))
            // Some batches commit, then the process is asked to stop.
            let deadline = Date().addingTimeInterval(30)
            var committed = 0
            while Date() < deadline, committed == 0 {
                try await Task.sleep(for: .milliseconds(100))
                committed = try await h.warehouse.tableNames().filter { $0.hasPrefix("sf_") }.count
            }
            #expect(committed > 0)
            let rowsBefore = try await Self.rows(h.warehouse)
            await group.triggerGracefulShutdown()
            try await running.value
            await cycle.value
            // No running cycle is left; the one that ran says it was interrupted by the shutdown.
            #expect(try await h.warehouse.metadata.runningCycles().isEmpty)
            let last = try #require(try await h.warehouse.metadata.latestCycles(connectionID: id, limit: 1).first)
            #expect(last.status == .failed && last.error?.hasPrefix(UpdateSchedule.interruptedReason) == true, "\(last.status) \(last.error ?? "")")
            // What was committed stays.
            #expect(try await Self.rows(h.warehouse) >= rowsBefore)
            // The schedule starts the next at once, and it ends complete.
            let connection = try #require(try await h.warehouse.metadata.connection(id: id))
            #expect(UpdateSchedule.isDue(connection, lastCycle: last, now: Date()))
            try await sandboxControl(base, "/_sandbox/faults", method: .DELETE, http: h.http)
            await (try #require(h.app.runner.startTask(connection))).value
            #expect(try await h.warehouse.metadata.latestCycles(connectionID: id, limit: 1).first?.status == .succeeded)
        }
    }

    /// A shutdown while the cycle waits on a request Salesforce never answers (here before any
    /// table ran) stops it at once, recorded interrupted and resumed at once by the schedule; the
    /// connection stays connected.
    @Test func aShutdownDuringAnUnansweredRequestIsAnInterruptionNotAFailure() async throws {
        try await WebAppHarness.withApp(sandbox: true, configure: { $0.scoreLeadsEvery = 0 }) { h, _ in
            let record = try await h.connect()
            let id = try #require(record.id)
            let base = try #require(h.sandboxURL)
            // A first cycle completes; in the next, Salesforce answers nothing.
            await (try #require(h.app.runner.startTask(record))).value
            try await sandboxControl(base, "/_sandbox/faults", #"{"kind": "hang", "count": 0, "pathContains": "/services/data"}"#, http: h.http)
            let (group, running) = Self.runBackground(h)
            let current = try #require(try await h.warehouse.metadata.connection(id: id))
            let cycle = try #require(h.app.runner.startTask(current))
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, try await h.warehouse.metadata.runningCycles().isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            try await Task.sleep(for: .milliseconds(500))
            await group.triggerGracefulShutdown()
            try await running.value
            await cycle.value
            #expect(try await h.warehouse.metadata.runningCycles().isEmpty)
            let last = try #require(try await h.warehouse.metadata.latestCycles(connectionID: id, limit: 1).first)
            #expect(last.status == .failed && last.error?.hasPrefix(UpdateSchedule.interruptedReason) == true, "\(last.status) \(last.error ?? "")")
            let connection = try #require(try await h.warehouse.metadata.connection(id: id))
            #expect(connection.status == .connected, "\(connection.status) \(connection.lastError ?? "")")
            #expect(UpdateSchedule.isDue(connection, lastCycle: last, now: Date()))
            try await sandboxControl(base, "/_sandbox/faults", method: .DELETE, http: h.http)
        }
    }

    /// The app's background service in a group of its own, as `serve` runs it (unscheduled).
    static func runBackground(_ h: WebAppHarness) -> (ServiceGroup, Task<Void, any Error>) {
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let group = ServiceGroup(configuration: .init(services: [.init(service: h.app.backgroundService(schedule: false))], logger: quiet))
        return (group, Task { try await group.run() })
    }

    static func rows(_ warehouse: any Warehouse) async throws -> Int {
        var total = 0
        for table in try await warehouse.tableNames() where table.hasPrefix("sf_") { total += try await warehouse.rowCount(table) }
        return total
    }
}
