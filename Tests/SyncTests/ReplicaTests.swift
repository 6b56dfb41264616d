import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SandboxTestSupport
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// Issue 18: `tributary serve` processes on one PostgreSQL warehouse behave as one app, each a
/// real process spawned from the built executable: the schedulers start the first cycle once; a
/// session made on one works on the other; a report saved on one opens on the other; a replica
/// stopped with SIGTERM during a cycle leaves it interrupted with every committed row, and the
/// other resumes it; *Force update* pressed on both at once starts one cycle; the sign-in
/// throttle counts failures made on both. With the embedded SQLite store the same steps run against one `serve`
/// (restarted after its SIGTERM).
@Suite(.serialized) struct ReplicaTests {
    static let binary = KillAndResumeTests.binary
    static let admin = (email: "ada@example.com", password: "correct horse battery staple")

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary), "needs the built tributary executable"), arguments: Backend.available)
    func replicasOnOneWarehouseBehaveAsOneApp(_ backend: Backend) async throws {
        try await withHarness(backend, systemClock: true) { h in
            let web = Web()
            var replicas = ReplicaSet()
            do {
                try await run(h, web: web, replicas: &replicas)
            } catch {
                await replicas.stopAll()
                try? await web.client.shutdown()
                throw error
            }
            await replicas.stopAll()
            try await web.client.shutdown()
        }
    }

    private func run(_ h: SyncHarness, web: Web, replicas: inout ReplicaSet) async throws {
        // The connection, made as `connect` does; replicas share the key through the environment.
        let key = try String(contentsOfFile: h.directory + "/" + SecretBox.keyFileName, encoding: .utf8)
        let warehouse: any Warehouse
        let arguments: [String]
        let record: ConnectionRecord
        switch h.backend {
        case .sqlite:
            record = try await h.connect()
            (warehouse, arguments) = (h.warehouse, [])
        case .postgres:
            let url = try testPostgresURL()
            let connected = try await h.connectInPostgres(url)
            (warehouse, arguments, record) = (connected.0, ["--warehouse", url.description], connected.2)
        }
        let id = try #require(record.id)
        let metadata = warehouse.metadata
        try await runCommand(["users", "add", "--email", Self.admin.email, "--role", "admin", "--data-dir", h.directory] + arguments, stdin: Self.admin.password + "\n")

        let replicated = h.backend == .postgres
        let a = try await replicas.start(Serve.arguments(dataDir: h.directory, arguments), key: key, web: web)
        let replicaDirectory = try Self.temporaryDirectory()
        let b = replicated ? try await replicas.start(Serve.arguments(dataDir: replicaDirectory, arguments), key: key, web: web) : a

        // 1. The schedulers start the connection's first cycle once, whichever replica wins.
        let first = try await Self.waitFor("the first cycle to start", timeout: 60) { try await metadata.runningWholeCycles(connectionID: id).first }
        #expect(replicas.serve(owning: first) != nil, "cycle owned by \(first.owner ?? "nobody"), not a replica")
        let firstEnded = try await Self.waitFor("the first cycle to end", timeout: 240) {
            try await metadata.latestCycles(connectionID: id, limit: 1).first.flatMap { $0.id == first.id && $0.status != .running ? $0 : nil }
        }
        #expect(firstEnded.status == .succeeded, "\(firstEnded)")
        #expect(try await metadata.latestCycles(connectionID: id, limit: 10).filter { $0.objects == nil }.count == 1)

        // 2. A session made on one works on the other.
        let cookie = try await web.signIn(a, Self.admin.email, Self.admin.password)
        let page = try await web.get(b, "/connections", cookie: cookie)
        #expect(page.status == 200 && page.body.contains(record.name), "\(page.status)")
        let csrf = try #require(Web.csrf(in: page.body))

        // 3. A report saved on the second opens on the first.
        let saved = try await web.post(b, "/reports", ["title": "Accounts by replica", "sql": "SELECT count(*) AS accounts FROM sf_account",
                                                       "chart": "none", "csrf": csrf], cookie: cookie)
        #expect(saved.status == 303)
        let location = try #require(saved.headers.first(name: "location"))
        let opened = try await web.get(a, location, cookie: cookie)
        #expect(opened.status == 200 && opened.body.contains("Accounts by replica"), "\(location): \(opened.status)")

        // 4. SIGTERM to a replica during a cycle (Salesforce answering nothing, so the cycle
        // cannot end first however loaded the machine): it stops, records the cycle interrupted
        // and keeps every committed row.
        let committed = try await Self.syncedRows(warehouse)
        try await h.control("/_sandbox/faults", #"{"kind": "hang", "count": 0, "pathContains": "/services/data"}"#)
        #expect(try await web.post(a, "/connections/\(id)/sync", ["csrf": csrf], cookie: cookie).status == 303)
        let stuck = try await Self.waitFor("the forced cycle to start", timeout: 60) { try await metadata.runningWholeCycles(connectionID: id).first }
        #expect(replicas.serve(owning: stuck)?.port == a.port)
        try await Task.sleep(for: .seconds(1))
        let stopping = ContinuousClock.now
        let status = try await replicas.terminate(a)
        #expect(status == 0, "serve exited \(status) on SIGTERM")
        // A request Salesforce never answers does not hold the stop up.
        #expect(ContinuousClock.now - stopping < .seconds(20), "SIGTERM took \(ContinuousClock.now - stopping)")
        #expect(try await metadata.runningWholeCycles(connectionID: id).isEmpty, "a running cycle was left behind")
        let interrupted = try #require(try await metadata.latestCycles(connectionID: id, limit: 1).first)
        #expect(interrupted.id == stuck.id && interrupted.error?.hasPrefix(UpdateSchedule.interruptedReason) == true,
                "\(interrupted)\n\(ReplicaSet.tail(a.log))")
        #expect(try await Self.syncedRows(warehouse) == committed, "committed rows were lost")

        // The other replica's scheduler resumes it at its next tick (a single serve: when it
        // starts again), and the warehouse ends exactly as the org.
        try await h.control("/_sandbox/faults", method: .DELETE)
        let other = replicated ? b : try await replicas.start(Serve.arguments(dataDir: h.directory, arguments), key: key, web: web)
        let resumed = try await Self.waitFor("the cycle to resume and succeed", timeout: 240) {
            try await metadata.latestCycles(connectionID: id, limit: 1).first.flatMap { $0.id != stuck.id && $0.status == .succeeded ? $0 : nil }
        }
        #expect(replicas.serve(owning: resumed)?.port == other.port)
        try await h.expectWarehouseEqualsOrg(["Account", "Contact", "Lead", "Opportunity"], in: warehouse)
        let (one, two) = replicated ? (try await replicas.start(Serve.arguments(dataDir: h.directory, arguments), key: key, web: web), other) : (other, other)

        // 5. Force update pressed on both at once starts one cycle.
        try await h.control("/_sandbox/faults", #"{"kind": "slow", "count": 0, "pathContains": "/services/data", "delayMs": 200}"#)
        let before = try await metadata.latestCycles(connectionID: id, limit: 50).filter { $0.objects == nil }.count
        async let pressOne = web.post(one, "/connections/\(id)/sync", ["csrf": csrf], cookie: cookie)
        async let pressTwo = web.post(two, "/connections/\(id)/sync", ["csrf": csrf], cookie: cookie)
        let statuses = [try await pressOne.status, try await pressTwo.status].sorted()
        #expect(statuses.allSatisfy { $0 == 303 || $0 == 409 } && statuses.contains(303), "\(statuses)")
        try await Task.sleep(for: .milliseconds(500))
        _ = try await Self.waitFor("the forced cycle to end", timeout: 120) { try await metadata.runningWholeCycles(connectionID: id).isEmpty ? true : nil }
        try await h.control("/_sandbox/faults", method: .DELETE)
        let forced = try await metadata.latestCycles(connectionID: id, limit: 50).filter { $0.objects == nil }
        #expect(forced.count == before + 1, "\(forced.count - before) cycles started for two presses")

        // 6. The sign-in throttle counts the failures made on both (5 per email in 15 minutes).
        for serve in [one, one, one, two, two] {
            #expect(try await web.post(serve, "/sign-in", ["email": Self.admin.email, "password": "wrong password"]).status == 401)
        }
        let locked = try await web.post(one, "/sign-in", ["email": Self.admin.email, "password": Self.admin.password])
        #expect(locked.status == 429, "the sixth sign-in was not refused: \(locked.status)")

        // A replica keeps nothing on its disk (its key came from the environment).
        if replicated { #expect(try FileManager.default.contentsOfDirectory(atPath: replicaDirectory) == []) }
    }

    /// Rows in the synced tables (0 before any is made).
    static func syncedRows(_ warehouse: any Warehouse) async throws -> Int {
        var total = 0
        for table in try await warehouse.tableNames() where table.hasPrefix("sf_") { total += try await warehouse.rowCount(table) }
        return total
    }

    static func waitFor<T: Sendable>(_ what: String, timeout: Double, _ probe: () async throws -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw SandboxTestError("timed out waiting for \(what)")
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("replica-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs a `tributary` command to its end; throws when it fails.
    func runCommand(_ arguments: [String], stdin: String) async throws {
        let process = try ChildProcess.start(Self.binary, arguments, stdin: stdin)
        guard try await process.waitForExit() == 0 else { throw SandboxTestError("tributary \(arguments.first ?? ""): \(process.output())") }
    }
}

/// One `tributary serve` process on a loopback port.
struct Serve: Sendable {
    let port: Int
    let pid: Int32
    let log: String
    var base: String { "http://127.0.0.1:\(port)" }

    static func arguments(dataDir: String, _ warehouse: [String]) -> [String] {
        ["serve", "--data-dir", dataDir, "--no-probe-wait"] + warehouse
    }
}

/// The `serve` processes a test started: it stops only these, by their pid.
struct ReplicaSet {
    private var processes: [Int32: ChildProcess] = [:]
    private var serves: [Serve] = []

    mutating func start(_ arguments: [String], key: String, web: Web) async throws -> Serve {
        for _ in 0..<5 {
            let port = try Self.freePort()
            let process = try ChildProcess.start(ReplicaTests.binary, arguments + ["--port", String(port)],
                                                 environment: ProcessInfo.processInfo.environment.merging([SecretBox.environmentVariable: key]) { $1 })
            let serve = Serve(port: port, pid: process.pid, log: process.outputPath)
            processes[serve.pid] = process
            serves.append(serve)
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, process.isRunning {
                if (try? await web.get(serve, "/readyz").status) == 200 { return serve }
                try await Task.sleep(for: .milliseconds(100))
            }
            // The port was taken between the probe and the bind: another one.
            if process.isRunning { throw SandboxTestError("serve did not become ready: \(Self.tail(serve.log))") }
        }
        throw SandboxTestError("serve could not start on a free port")
    }

    /// The replica whose process owns the cycle (`host:pid:space`).
    func serve(owning cycle: CycleRecord) -> Serve? {
        guard let owner = cycle.owner?.split(separator: ":"), owner.count >= 2, let pid = Int32(owner[1]) else { return nil }
        return serves.first { $0.pid == pid }
    }

    /// SIGTERM, then the exit status.
    mutating func terminate(_ serve: Serve) async throws -> Int32 {
        guard let process = processes.removeValue(forKey: serve.pid) else { throw SandboxTestError("not a replica of this test") }
        kill(serve.pid, SIGTERM)
        do {
            return try await process.waitForExit(within: .seconds(60))
        } catch {
            throw SandboxTestError("serve did not stop within a minute of SIGTERM: \(error)")
        }
    }

    /// SIGTERM to every replica still running, then their exits (SIGKILL after a minute).
    mutating func stopAll() async {
        for (pid, process) in processes where process.isRunning { kill(pid, SIGTERM) }
        for process in processes.values { _ = try? await process.waitForExit(within: .seconds(60)) }
        processes.removeAll()
    }

    static func tail(_ log: String) -> String {
        String((try? String(contentsOfFile: log, encoding: .utf8))?.suffix(2_000) ?? "")
    }

    /// A loopback port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SandboxTestError("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw SandboxTestError("bind: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A browser's requests, without following redirects (the test reads them).
struct Web: Sendable {
    let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    struct Answer: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: String
    }

    func get(_ serve: Serve, _ path: String, cookie: String? = nil) async throws -> Answer {
        try await send(serve, path, method: .GET, body: nil, cookie: cookie)
    }

    func post(_ serve: Serve, _ path: String, _ form: [String: String], cookie: String? = nil) async throws -> Answer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return try await send(serve, path, method: .POST, body: body, cookie: cookie)
    }

    private func send(_ serve: Serve, _ path: String, method: HTTPMethod, body: String?, cookie: String?) async throws -> Answer {
        var request = HTTPClientRequest(url: serve.base + path)
        request.method = method
        if let cookie { request.headers.add(name: "Cookie", value: "tributary_session=\(cookie)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 8 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }

    /// Signs in; returns the session cookie's value.
    func signIn(_ serve: Serve, _ email: String, _ password: String) async throws -> String {
        let answer = try await post(serve, "/sign-in", ["email": email, "password": password])
        guard answer.status == 303,
              let cookie = answer.headers["set-cookie"].first(where: { $0.hasPrefix("tributary_session=") })?.split(separator: ";").first?.dropFirst("tributary_session=".count)
        else { throw SandboxTestError("sign-in answered \(answer.status)") }
        return String(cookie)
    }

    static func csrf(in page: String) -> String? {
        guard let start = page.range(of: #"name="csrf" value=""#) else { return nil }
        return page[start.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }
}
