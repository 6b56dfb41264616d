import Foundation
import NIOHTTP1
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// A running cycle beats, so a scheduler on any machine tells it from one whose process stopped.
@Suite struct HeartbeatTests {
    /// Connects, slows every query (so the cycle runs for many beats), starts a whole cycle that
    /// beats every 50 ms, and waits until its record runs.
    func startSlowCycle(_ h: SyncHarness) async throws -> (Int64, Task<CycleResult, any Error>, CycleRecord) {
        let id = try #require(try await h.connect().id)
        try await h.control("/_sandbox/faults", #"{"kind": "slow", "count": 0, "delayMs": 400, "pathContains": "/query"}"#)
        let cycle = Task { try await h.sync { $0.heartbeatSeconds = 0.05; $0.concurrency = 1 } }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let running = try await h.warehouse.metadata.runningCycles().first(where: { $0.connectionID == id && $0.objects == nil }) {
                return (id, cycle, running)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        cycle.cancel()
        throw NeverRan()
    }

    struct NeverRan: Error, CustomStringConvertible {
        var description: String { "the cycle's record never showed it running within 30 s" }
    }

    @Test(arguments: Backend.available) func aRunningCycleBeatsAndIsNotTakenForStopped(_ backend: Backend) async throws {
        try await withHarness(backend, systemClock: true) { h in
            let (id, cycle, running) = try await startSlowCycle(h)
            let started = running.startedAt
            try await Task.sleep(for: .seconds(1))
            // It beat since it started, and it belongs to this live process: a scheduler leaves it to run.
            let now = try #require(try await h.warehouse.metadata.runningCycles().first { $0.objects == nil })
            #expect(try #require(now.heartbeatAt) > started.addingTimeInterval(0.5))
            #expect(now.owner == CycleOwner.current)
            #expect(CycleOwner.isAlive(now, now: Date()))
            // A second whole cycle of the connection is refused while it runs.
            await #expect(throws: CycleAlreadyRunning.self) { try await h.sync() }
            #expect(try await h.warehouse.metadata.latestCycles(connectionID: id, limit: 1).first?.status == .running,
                    "the cycle ended before the check: the test proved nothing")
            try await h.control("/_sandbox/faults", method: .DELETE)
            let result = try await cycle.value
            #expect(result.status == .succeeded, "\(result.error ?? "")")
        }
    }

    @Test(arguments: Backend.available) func aCycleTakenForDeadByAnotherProcessStopsAndLeavesItsRecord(_ backend: Backend) async throws {
        try await withHarness(backend, systemClock: true) { h in
            let (id, cycle, taken) = try await startSlowCycle(h)

            // When another process takes it for dead (a partition hid its beats) and marks it interrupted
            #expect(try await h.warehouse.metadata.interruptCycles(ids: [taken.id], reason: "taken over", at: Date()) == [taken.id])

            // Then its next beat is refused and it stops, without recording over the interruption
            await #expect(throws: CycleTakenOver.self) { try await cycle.value }
            try await h.control("/_sandbox/faults", method: .DELETE)
            let record = try #require(try await h.warehouse.metadata.latestCycles(connectionID: id, limit: 5).first { $0.id == taken.id })
            #expect(record.status == .failed && record.error == "taken over")
            #expect(try await h.warehouse.metadata.connection(id: id)?.status != .error)
        }
    }
}

/// Issue 18: a graceful shutdown cancels the running cycle. It stops at its last committed batch
/// and is recorded as interrupted (never as succeeded, though none of its tables failed), so the
/// schedule resumes it at once, and the next cycle ends equal to the org.
@Suite struct ShutdownTests {
    @Test(arguments: Backend.available) func aCancelledCycleIsRecordedInterruptedAndTheNextResumesIt(_ backend: Backend) async throws {
        try await withHarness(backend, systemClock: true) { h in
            let (id, cycle, running) = try await HeartbeatTests().startSlowCycle(h)
            // Let it commit some batches, then shut down.
            try await Task.sleep(for: .seconds(1.5))
            cycle.cancel()
            let result = try await cycle.value
            #expect(result.status == .failed)
            let record = try #require(try await h.warehouse.metadata.latestCycles(connectionID: id, limit: 1).first)
            #expect(record.id == running.id && record.status == .failed && record.endedAt != nil)
            #expect(record.error?.hasPrefix(UpdateSchedule.interruptedReason) == true, "\(record.error ?? "")")
            #expect(try await h.warehouse.metadata.runningCycles().isEmpty, "a running cycle was left behind")
            // The connection is not in error, and the schedule resumes at once.
            let connection = try #require(try await h.warehouse.metadata.connection(id: id))
            #expect(connection.status == .connected)
            #expect(UpdateSchedule.dueDate(connection, lastCycle: record) == .distantPast)
            // The next cycle resumes and ends equal to the org.
            try await h.control("/_sandbox/faults", method: .DELETE)
            let next = try await h.sync()
            #expect(next.status == .succeeded, "\(next.error ?? "")")
            try await h.expectWarehouseEqualsOrg(["Account", "Contact", "Lead", "Opportunity"])
        }
    }
}
