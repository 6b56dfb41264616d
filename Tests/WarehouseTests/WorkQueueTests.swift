import Foundation
import Testing
import Warehouse
import WarehouseTestSupport

@Suite struct WorkQueueTests {
    @Test(arguments: Backend.available) func jobsAreLeasedOnceRenewedAndFinished(_ backend: Backend) async throws {
        // Given three queued jobs of one cycle
        let warehouse = try await makeMetadataWarehouse(backend)
        defer { withExtendedLifetime(warehouse) {} }  // the pool closes with the warehouse
        let queue = warehouse.workQueue
        let cycle = Int64.random(in: 1...1_000_000)
        for table in ["sf_a", "sf_b", "sf_c"] { _ = try await queue.enqueue(connectionID: 1, cycleID: cycle, table: table, plan: "{}") }

        // When two workers lease, each gets its own job, oldest first
        let a = try #require(try await queue.lease(worker: "w1", for: 30))
        let b = try #require(try await queue.lease(worker: "w2", for: 30))
        #expect([a.table, b.table] == ["sf_a", "sf_b"])
        #expect(a.state == .leased && a.leasedBy == "w1" && a.attempts == 1)

        // Then only the holder renews and finishes its job
        #expect(try await queue.renew(jobID: a.id, worker: "w1", for: 30))
        #expect(try await !queue.renew(jobID: a.id, worker: "w2", for: 30))
        #expect(try await !queue.complete(jobID: a.id, worker: "w2", result: "x"))
        #expect(try await queue.complete(jobID: a.id, worker: "w1", result: #"{"inserted":3}"#))
        #expect(try await queue.fail(jobID: b.id, worker: "w2", error: "boom"))
        #expect(try await !queue.renew(jobID: a.id, worker: "w1", for: 30))
        let c = try #require(try await queue.lease(worker: "w1", for: 30))
        #expect(c.table == "sf_c")
        #expect(try await queue.lease(worker: "w3", for: 30) == nil)

        let jobs = try await queue.jobs(cycleID: cycle)
        #expect(jobs.map(\.state) == [.done, .failed, .leased])
        #expect(jobs[0].result == #"{"inserted":3}"#)
        #expect(jobs[1].error == "boom")
    }

    @Test(arguments: Backend.available) func aTableIsNeverLeasedTwiceAtOnce(_ backend: Backend) async throws {
        // Given a job of sf_lead still held by a worker of an interrupted cycle, and the resumed
        // cycle's jobs of sf_lead and sf_account
        let warehouse = try await makeMetadataWarehouse(backend)
        defer { withExtendedLifetime(warehouse) {} }  // the pool closes with the warehouse
        let queue = warehouse.workQueue
        let old = Int64.random(in: 1...1_000_000)
        let resumed = old + 1
        _ = try await queue.enqueue(connectionID: 7, cycleID: old, table: "sf_lead", plan: "{}")
        let held = try #require(try await queue.lease(worker: "old", for: 30))
        _ = try await queue.enqueue(connectionID: 7, cycleID: resumed, table: "sf_lead", plan: "{}")
        _ = try await queue.enqueue(connectionID: 7, cycleID: resumed, table: "sf_account", plan: "{}")
        _ = try await queue.enqueue(connectionID: 8, cycleID: resumed, table: "sf_lead", plan: "{}")

        // When workers lease, the held table waits; other tables and other connections do not
        let account = try #require(try await queue.lease(worker: "new", for: 30))
        #expect(account.table == "sf_account")
        let otherConnection = try #require(try await queue.lease(worker: "new", for: 30))
        #expect(otherConnection.connectionID == 8)
        #expect(try await queue.lease(worker: "new", for: 30) == nil)

        // Then once the old job ends, the resumed cycle's sf_lead goes
        #expect(try await queue.complete(jobID: held.id, worker: "old", result: "{}"))
        let lead = try #require(try await queue.lease(worker: "new", for: 30, cycleID: resumed))
        #expect(lead.table == "sf_lead" && lead.connectionID == 7)
    }

    @Test(arguments: Backend.available) func anExpiredLeaseGoesToAnotherWorker(_ backend: Backend) async throws {
        // Given a job leased for a moment by a worker that then stops renewing
        let warehouse = try await makeMetadataWarehouse(backend)
        defer { withExtendedLifetime(warehouse) {} }  // the pool closes with the warehouse
        let queue = warehouse.workQueue
        let cycle = Int64.random(in: 1...1_000_000)
        let id = try await queue.enqueue(connectionID: 1, cycleID: cycle, table: "sf_a", plan: "{}")
        // (long enough that a loaded machine still asks again before it ends)
        _ = try #require(try await queue.lease(worker: "dead", for: 3))
        #expect(try await queue.lease(worker: "live", for: 30) == nil)

        // When the lease expires, another worker takes the job
        try await Task.sleep(for: .milliseconds(3_500))
        let job = try #require(try await queue.lease(worker: "live", for: 30))
        #expect(job.id == id && job.attempts == 2 && job.leasedBy == "live")

        // Then the first worker's late result is refused
        #expect(try await !queue.complete(jobID: id, worker: "dead", result: "late"))
        #expect(try await queue.complete(jobID: id, worker: "live", result: "on time"))
        #expect(try await queue.jobs(cycleID: cycle).map(\.result) == ["on time"])
    }

    @Test(arguments: Backend.available) func workersLeasingAtOnceNeverShareAJob(_ backend: Backend) async throws {
        let warehouse = try await makeMetadataWarehouse(backend)
        defer { withExtendedLifetime(warehouse) {} }  // the pool closes with the warehouse
        let queue = warehouse.workQueue
        let cycle = Int64.random(in: 1...1_000_000)
        for n in 0..<40 { _ = try await queue.enqueue(connectionID: 1, cycleID: cycle, table: "sf_\(n)", plan: "{}") }
        let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mine: [Int64] = []
                    while let job = try await queue.lease(worker: "w\(worker)", for: 30) {
                        mine.append(job.id)
                        #expect(try await queue.complete(jobID: job.id, worker: "w\(worker)", result: "{}"))
                    }
                    return mine
                }
            }
            return try await group.reduce([], +)
        }
        #expect(ids.count == 40 && Set(ids).count == 40)
        #expect(try await queue.jobs(cycleID: cycle).allSatisfy { $0.state == .done && $0.attempts == 1 })
    }
}
