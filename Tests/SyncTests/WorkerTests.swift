import Foundation
import NIOHTTP1
import SalesforceKit
import SandboxOrg
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// Three `tributary worker` processes share one cycle's table jobs through PostgreSQL; one is
/// killed with SIGKILL while it holds a lease, its lease expires, and another worker finishes
/// the job: the warehouse ends exactly equal to the org. In the kill-and-resume suite, which is
/// serialized: two suites of child processes at once load the machine enough to upset the timing
/// of other tests.
extension KillAndResumeTests {

    func worker(_ h: SyncHarness, _ url: PostgresURL) throws -> ChildProcess {
        // The key file in --data-dir seals the connection's secrets, not a key from the test's environment.
        try ChildProcess.start(Self.binary, ["worker", "--data-dir", h.directory, "--warehouse", url.description, "--lease-seconds", "3", "--concurrency", "1"],
                               environment: ProcessInfo.processInfo.environment.filter { $0.key != SecretBox.environmentVariable }, keepOutput: false)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: Self.binary) && Backend.postgresURL != nil,
                   "needs the built tributary executable and TRIBUTARY_TEST_POSTGRES_URL"))
    func aKilledWorkersJobIsFinishedExactlyByAnother() async throws {
        try await withHarness(.postgres, scale: 2, systemClock: true) { h in
            // Given a warehouse that keeps its metadata and work queue in PostgreSQL, as the CLI's does
            let url = try testPostgresURL()
            let (warehouse, service, record) = try await h.connectInPostgres(url)
            let workers = try (0..<3).map { _ in try worker(h, url) }
            defer { for w in workers where w.isRunning { kill(w.pid, SIGKILL) } }

            // When a cycle leaves its tables to the workers, and one worker dies holding a lease
            var options = h.options { $0.objects = Self.objects; $0.runsJobs = false; $0.leaseSeconds = 3; $0.chunkRows = 250; $0.bulkPageRecords = 700 }
            options.clock = { Date() }
            let cycle = Task { try await service.sync(record, options: options) }
            var killed: (holder: String, job: String)?
            let deadline = Date().addingTimeInterval(60)
            var kills = 0
            while killed == nil, kills < 2, Date() < deadline {
                let leased = try await warehouse.query("SELECT id, leased_by FROM tributary_jobs WHERE state = 'leased' ORDER BY id", arguments: [])
                guard let row = leased.first, let id = row[0], let holder = row[1],
                      let victim = workers.first(where: { $0.isRunning && holder.hasSuffix(":\($0.pid)") }) else {
                    try await Task.sleep(for: .milliseconds(10))
                    continue
                }
                await victim.killAndWait()
                kills += 1
                // Proof the kill came mid-job: the dead worker still holds the lease.
                let after = try await warehouse.query("SELECT state, leased_by FROM tributary_jobs WHERE id = $1", arguments: [id])
                if after.first == ["leased", holder] { killed = (holder, id) }
            }
            // A job whose dead holder's lease never expired would hold the cycle forever.
            let result = try await withThrowingTaskGroup(of: CycleResult?.self) { group in
                group.addTask { try await cycle.value }
                group.addTask {
                    try await Task.sleep(for: .seconds(300))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                cycle.cancel()
                return first
            }
            let finished = try #require(result, "the cycle did not end within 300 s")

            // Then another worker finished the job, and the warehouse equals the org
            let (holder, id) = try #require(killed, "no worker was killed while it held a lease: the test proved nothing")
            let job = try await warehouse.query("SELECT state, leased_by, attempts FROM tributary_jobs WHERE id = $1", arguments: [id])
            #expect(job.first?[0] == "done")
            #expect(job.first?[1] != holder)
            #expect((job.first?[2]).flatMap { Int($0 ?? "") } ?? 0 >= 2)
            #expect(finished.status == .succeeded, "\(finished.error ?? "")")
            #expect(finished.tables.count == Self.objects.count)
            #expect(finished.tables.allSatisfy { $0.status == .succeeded })
            try await h.expectWarehouseEqualsOrg(Self.objects, in: warehouse)
            await warehouse.close()
        }
    }

    @Test(.enabled(if: Backend.postgresURL != nil, "needs TRIBUTARY_TEST_POSTGRES_URL"))
    func aQuotaStopThatOnlyAWorkerHitsStopsTheCycle() async throws {
        try await withHarness(.postgres, scale: 1, systemClock: true) { h in
            // Given a cycle that leaves its tables to a worker (in this process, with its own client)
            let (warehouse, service, record) = try await h.connectInPostgres(try testPostgresURL())
            let worker = Task { try await Worker(service: service, concurrency: 1, leaseSeconds: 3, idle: .milliseconds(50)).run() }
            defer { worker.cancel() }

            // When Salesforce refuses every query (the worker's calls; the coordinator only describes)
            try await h.control("/_sandbox/faults", #"{"kind": "requestLimit", "count": 0, "afterCalls": 0, "pathContains": "/query"}"#)
            var options = h.options { $0.objects = ["Account", "Lead", "Task"]; $0.runsJobs = false; $0.leaseSeconds = 3 }
            options.clock = { Date() }
            let stopped = try await service.sync(record, options: options)

            // Then the cycle stops for the quota, as if the coordinator had hit it, and resumes once it is lifted
            #expect(stopped.status == .stoppedQuota, "\(stopped.status) \(stopped.error ?? "")")
            #expect(stopped.error?.contains("API budget") == true || stopped.error?.contains("REQUEST_LIMIT") == true, "\(stopped.error ?? "")")
            try await h.control("/_sandbox/faults", method: .DELETE)
            let resumed = try await service.sync(record, options: options)
            #expect(resumed.status == .succeeded, "\(resumed.error ?? "")")
            await warehouse.close()
        }
    }
}
