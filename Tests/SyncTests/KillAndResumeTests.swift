import Synchronization
import Foundation
import NIOHTTP1
import Rows
import SandboxOrg
import SalesforceKit
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// `tributary sync` killed with SIGKILL at random points resumes, cycle after cycle, to exactly
/// the org's data: no lost rows, no duplicates.
@Suite(.serialized) struct KillAndResumeTests {
    static let binary: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(".build/debug/tributary").path
    }()

    static let objects = ["Account", "Contact", "Lead", "Opportunity", "Task", "CaseStatus"]

    func tributary(_ arguments: [String], keepOutput: Bool = true) throws -> ChildProcess {
        try ChildProcess.start(Self.binary, arguments, keepOutput: keepOutput)
    }

    /// Cycles that are killed do not wait for their minute to end before the change probe;
    /// one whose result is compared with the org does, so every change made before it is in it.
    func syncArguments(_ h: SyncHarness, waiting: Bool = false) -> [String] {
        ["sync", "--data-dir", h.directory, "--objects", Self.objects.joined(separator: ","), "--bulk-threshold", "1500",
         "--bulk-page-records", "700", "--chunk-rows", "250", "--concurrency", "2"] + (waiting ? [] : ["--no-probe-wait"]) + h.warehouseArguments
    }

    /// The kill delays come from a seed that the test prints, so a failure's delays can be
    /// replayed with `TRIBUTARY_TEST_SEED=<seed>` (the process's own timing still varies).
    static let delays = SeededDelays()

    /// Starts a cycle and kills it after a seeded delay; returns whether it finished first.
    func killedCycle(_ h: SyncHarness, within maxMs: Int) async throws -> Bool {
        let process = try tributary(syncArguments(h), keepOutput: false)
        do {
            try await Task.sleep(for: .milliseconds(Self.delays.next(in: 30...maxMs)))
        } catch {
            await process.killAndWait()
            throw error
        }
        let finished = !process.isRunning
        await process.killAndWait()
        return finished
    }

    func completeCycle(_ h: SyncHarness) async throws {
        let process = try tributary(syncArguments(h, waiting: true))
        #expect(try await process.waitForExit() == 0, "\(process.outputTail())")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary), "needs the built tributary executable"), arguments: Backend.available)
    func killedFullAndIncrementalCyclesResumeToTheExactResult(_ backend: Backend) async throws {
        try await withHarness(backend, scale: 2, systemClock: true) { h in
            let config = h.server.configuration
            let connect = try tributary([
                "connect", "salesforce", "--name", "sandbox", "--login-url", h.baseURL, "--client-id", config.clientID,
                "--client-secret", config.clientSecret, "--username", h.user.email, "--password", h.user.password, "--data-dir", h.directory,
            ] + h.warehouseArguments)
            try #require(try await connect.waitForExit() == 0, "\(connect.outputTail())")

            var kills = 0
            for _ in 0..<8 where try await !killedCycle(h, within: 1_500) { kills += 1 }
            try await h.awayFromMidnight()
            try await completeCycle(h)
            try await h.expectWarehouseEqualsOrg(Self.objects)

            // Incremental cycles, killed too, while the org changes between them.
            let org = try await h.orgClient()
            for round in 0..<4 {
                let leads = try await org.query("SELECT Id FROM Lead LIMIT 3 OFFSET \(round * 3)", fields: ["Id"]).records
                if let id = leads.string(row: 0, column: 0) { try await org.update("Lead", id: id, fields: ["Rating": .string("Hot")]) }
                if let id = leads.string(row: 1, column: 0) { try await org.delete("Lead", id: id) }
                _ = try await org.create("Account", fields: ["Name": .string("Resume Test \(round)")])
                try await h.control("/_sandbox/activity", #"{"perSecond": 50}"#)
                if try await !killedCycle(h, within: 800) { kills += 1 }
                try await h.control("/_sandbox/activity", #"{"perSecond": 0}"#)
            }
            try await Task.sleep(for: .milliseconds(1_100))
            // (the last cycle waits up to a minute for its minute to end)
            try await h.awayFromMidnight()
            try await completeCycle(h)
            try await h.expectWarehouseEqualsOrg(Self.objects)
            #expect(kills > 0, "no cycle was killed before it finished: the test proved nothing")

            // `status` reports what the cycles left.
            let status = try tributary(["status", "--data-dir", h.directory] + h.warehouseArguments)
            #expect(try await status.waitForExit() == 0)
            let output = status.output()
            #expect(output.contains("Last successful update began: 20"))
            let accounts = try await h.warehouse.rowCount("sf_account")
            #expect(output.split(separator: "\n").contains { $0.contains("sf_account") && $0.contains("modifiedAt") && $0.contains(" \(accounts) ") })
            // Each table's API calls in the last cycle (the cost a person looks for per table).
            #expect(output.contains("API calls"))
        }
    }
}

/// SplitMix64 behind a lock: reproducible delays for the kill tests.
final class SeededDelays: Sendable {
    let seed: UInt64
    private let random: Mutex<RecordRandom>

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        seed = environment["TRIBUTARY_TEST_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64(UInt32.max))
        random = Mutex(RecordRandom(state: seed))
        print("KillAndResumeTests: seed \(seed) (TRIBUTARY_TEST_SEED=\(seed) replays these delays)")
    }

    func next(in range: ClosedRange<Int>) -> Int {
        let value = random.withLock { $0.next() }
        return range.lowerBound + Int(value % UInt64(range.count))
    }
}
