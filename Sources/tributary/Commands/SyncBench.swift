import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SalesforceKit
import Sync
import Warehouse

/// `tributary bench sync`: a sandbox org of the given scale (its own process, so memory figures
/// are Tributary's alone) copied into a fresh warehouse, then changed and copied again.
struct SyncBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync a sandbox org into a fresh warehouse; print rows/s, MB/s, API calls and peak memory for full and incremental cycles.")

    @Option(help: "Sandbox org scale (about 10,000 records per unit).") var scale = 20
    @Option(help: "Small custom objects added to the org (Extra001__c …; 280 makes 300 objects).") var extraObjects = 0
    @Option(help: "Only these objects, comma-separated (default: all).") var objects: String?
    @Option(help: "Changes per second made in the org before the incremental cycle.") var changesPerSecond = 500
    @Option(help: "Seconds of changes before the incremental cycle.") var changeSeconds = 5
    @Option(help: "Tables synced at once.") var concurrency = 4
    @Option(help: "Records to move at or above which a table goes through Bulk API 2.0.") var bulkThreshold = 10_000
    @Option(help: "Directory for the benchmark's warehouse (emptied first).") var dataDir = "data/bench"
    @Option(help: "Benchmark a PostgreSQL warehouse instead (postgres://…): loads go to a new schema bench_<time> in it.")
    var warehouse: String?
    @Option(help: "plain, or production: run the plain org, then one with every production edge (`sandbox --profile production`), and print the hardening's cost beside the plain figures.")
    var profile = "plain"

    func validate() throws {
        guard (1...10_000).contains(scale) else { throw ValidationError("--scale must be between 1 and 10000") }
        guard changesPerSecond >= 0, changeSeconds >= 0 else { throw ValidationError("--changes-per-second and --change-seconds must not be negative") }
        guard ["plain", "production"].contains(profile) else { throw ValidationError("--profile takes plain or production (got '\(profile)')") }
    }

    /// What one profile's run measured.
    struct Run {
        var profile: String
        var full: CycleResult
        var incremental: CycleResult
    }

    func run() async throws {
        var runs = [try await measure(profile: "plain")]
        if profile == "production" {
            runs.append(try await measure(profile: "production"))
            Self.compare(runs[0], runs[1])
        }
        print(String(format: "Peak memory (RSS): %.0f MB", PeakMemory.megabytes))
    }

    /// Both profiles side by side: what the production edges (wide objects, archived activities
    /// read through queryAll, five currencies, gzip, rotating tokens) cost a cycle.
    static func compare(_ plain: Run, _ production: Run) {
        func seconds(_ r: CycleResult) -> Double { max(r.endedAt.timeIntervalSince(r.startedAt), 1e-6) }
        func rows(_ r: CycleResult) -> Int { r.tables.reduce(0) { $0 + $1.inserted + $1.updated } }
        print("\nThe hardening's cost (production against plain):")
        print("  cycle        profile      seconds      rows    rows/s  API calls  status")
        for (name, pick) in [("full", \Run.full), ("incremental", \Run.incremental)] {
            for run in [plain, production] {
                let r = run[keyPath: pick]
                print("  " + pad(name, 12) + " " + pad(run.profile, 11)
                      + String(format: " %8.2f %9d %9.0f %10d  ", seconds(r), rows(r), Double(rows(r)) / seconds(r), r.apiCalls) + r.status.rawValue)
            }
            let ratio = seconds(production[keyPath: pick]) / seconds(plain[keyPath: pick])
            print("  " + pad(name, 12) + String(format: " production takes %.2f× the plain cycle's time", ratio))
        }
    }

    /// `%-12@` does not pad a Swift string on Linux.
    static func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }

    private func measure(profile: String) async throws -> Run {
        let dataDir = profile == "plain" ? self.dataDir : self.dataDir + "-production"
        try? FileManager.default.removeItem(atPath: dataDir)
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let org = try ChildSandbox.start(scale: scale, extraObjects: extraObjects, profile: profile, directory: dataDir + "/sandbox")
        defer { org.stop() }
        print("Sandbox org (scale \(scale), \(extraObjects) extra objects, profile \(profile)) at \(org.url), in its own process")

        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let service = ConnectionService(warehouse: try await openWarehouse(dataDir: dataDir), secrets: try DataOptions.secretBox(dataDir: dataDir), http: http)
            let record = try await service.connect(
                name: "bench", loginHost: try .localSandbox(org.url), clientID: org.clientID, clientSecret: org.clientSecret,
                credentials: .password(username: org.username, password: org.password))
            var options = SyncOptions()
            options.objects = objects?.split(separator: ",").map { String($0) }
            options.concurrency = concurrency
            options.bulkThreshold = bulkThreshold
            // Throughput: every window is read, as the changes were made seconds before the
            // cycle (`bench api` measures the change probe, and waits for the minute to end).
            options.probeChanges = false

            var counted = try await org.apiCalls(http)
            let full = try await service.sync(record, options: options)
            Self.report("full", full)
            try await Self.reportOrgCalls("full", org: org, http: http, since: &counted)
            if changesPerSecond > 0, changeSeconds > 0 {
                try await org.control(http, "/_sandbox/activity", "{\"perSecond\": \(changesPerSecond)}")
                try await Task.sleep(for: .seconds(changeSeconds))
                try await org.control(http, "/_sandbox/activity", "{\"perSecond\": 0}")
            }
            try await Task.sleep(for: .seconds(1))
            counted = try await org.apiCalls(http)
            let incremental = try await service.sync(record, options: options)
            Self.report("incremental", incremental)
            try await Self.reportOrgCalls("incremental", org: org, http: http, since: &counted)
            try await http.shutdown()
            return Run(profile: profile, full: full, incremental: incremental)
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// SQLite in the data directory, or a new, empty schema of the PostgreSQL database (metadata
    /// in the data directory either way): never tables someone already has.
    private func openWarehouse(dataDir: String) async throws -> any Warehouse {
        let local = try SQLiteWarehouse(path: dataDir + "/tributary.sqlite")
        guard let warehouse else { return local }
        let url: PostgresURL
        do {
            url = try PostgresURL(warehouse).with(schema: "bench_\(Int(Date().timeIntervalSince1970))")
        } catch let error as WarehouseError {
            throw ValidationError("--warehouse: \(error.detail)")
        }
        print("Warehouse: \(url)")
        return try await PostgresWarehouse.connect(url, metadata: local.metadata)
    }

    /// The calls the org itself counted under `/services/data/` (OAuth excluded) since `counted`.
    static func reportOrgCalls(_ name: String, org: ChildSandbox, http: HTTPClient, since counted: inout Int) async throws {
        let now = try await org.apiCalls(http)
        print("\(name) cycle: the org counted \(now - counted) API calls under /services/data/")
        counted = now
    }

    static func report(_ name: String, _ result: CycleResult) {
        let seconds = max(result.endedAt.timeIntervalSince(result.startedAt), 1e-6)
        let rows = result.tables.reduce(0) { $0 + $1.inserted + $1.updated }
        let deleted = result.tables.reduce(0) { $0 + $1.deleted }
        let bytes = result.tables.reduce(0) { $0 + $1.bytes }
        print(String(format: "%@ cycle: %d rows (+%d deletes) in %.2f s = %.0f rows/s, %.1f MB/s of field data, %d API calls, status %@",
                     name, rows, deleted, seconds, Double(rows) / seconds, Double(bytes) / seconds / 1_048_576, result.apiCalls, result.status.rawValue))
        for t in result.tables.sorted(by: { $0.inserted + $0.updated > $1.inserted + $1.updated }).prefix(6) {
            let s = max((t.endedAt ?? t.startedAt).timeIntervalSince(t.startedAt), 1e-6)
            print(String(format: "  %-28@ %8d rows  %6.2f s  %8.0f rows/s  %-4@  %d API calls",
                         t.table, t.inserted + t.updated, s, Double(t.inserted + t.updated) / s, t.path, t.apiCalls))
        }
    }
}

/// The process's peak resident memory.
enum PeakMemory {
    static var megabytes: Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}

/// `tributary sandbox` started as a child process on a free port; its banner gives the URL.
struct ChildSandbox {
    let process: Process
    let url: String
    let clientID: String
    let clientSecret: String
    let username: String
    let password: String

    static func start(scale: Int, extraObjects: Int = 0, profile: String = "plain", directory: String) throws -> ChildSandbox {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["sandbox", "--port", "0", "--scale", String(scale), "--extra-objects", String(extraObjects), "--profile", profile,
                             "--data-dir", directory]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var banner = ""
        let handle = pipe.fileHandleForReading
        while !banner.contains("Controls:") {
            let data = handle.availableData
            guard !data.isEmpty else { throw ValidationError("the sandbox org exited before it started:\n\(banner)") }
            banner += String(decoding: data, as: UTF8.self)
        }
        func value(_ label: String) -> String? {
            banner.split(separator: "\n").first { $0.contains(label) }.map {
                String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        guard let url = value("Login URL:"), let id = value("Client id:"), let secret = value("Client secret:"),
              let user = value("User:")?.components(separatedBy: " / "), user.count == 2
        else { throw ValidationError("could not read the sandbox org's banner:\n\(banner)") }
        return ChildSandbox(process: process, url: url, clientID: id, clientSecret: secret, username: user[0],
                            password: user[1].trimmingCharacters(in: .whitespaces))
    }

    func control(_ http: HTTPClient, _ path: String, _ json: String) async throws {
        var request = HTTPClientRequest(url: url + path)
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: json))
        _ = try await http.execute(request, timeout: .seconds(10)).body.collect(upTo: 1 << 20)
    }

    /// API calls the org has counted (`GET /_sandbox/state`'s `apiCalls`).
    func apiCalls(_ http: HTTPClient) async throws -> Int {
        let response = try await http.execute(HTTPClientRequest(url: url + "/_sandbox/state"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard let state = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any], let calls = state["apiCalls"] as? Int else {
            throw ValidationError("the sandbox org's /_sandbox/state has no apiCalls")
        }
        return calls
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
