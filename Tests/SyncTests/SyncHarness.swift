import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Rows
import SalesforceKit
import SandboxOrg
import SandboxTestSupport
import Synchronization
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// A time both the sandbox org and the sync engine read, so tests move it by hand.
final class TestClock: Sendable {
    private let ms = Mutex<Int64>(1_767_312_000_000)  // 2026-01-02T00:00:00Z, a day after the org's history ends
    /// Follow the real time (for tests where another process, with its own clock, syncs).
    let system: Bool
    init(system: Bool = false) { self.system = system }
    var milliseconds: Int64 { system ? Int64(Date().timeIntervalSince1970 * 1000) : ms.withLock { $0 } }
    var date: Date { Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000) }
    func advance(seconds: Double) { ms.withLock { $0 += Int64(seconds * 1000) } }
}

/// A sandbox org on a loopback port, a fresh warehouse of the chosen backend and a connection
/// between them. The metadata is always in the directory's SQLite file, as in the product.
final class SyncHarness: Sendable {
    let server: SandboxServer
    let baseURL: String
    let running: RunningSandbox
    let http: HTTPClient
    let directory: String
    let backend: Backend
    let warehouse: any Warehouse
    let service: ConnectionService
    let clock: TestClock

    static func start(
        backend: Backend = .sqlite, scale: Int = 1, systemClock: Bool = false, configure: @escaping (inout SandboxConfiguration) -> Void = { _ in }
    ) async throws -> SyncHarness {
        let clock = TestClock(system: systemClock)
        var config = SandboxConfiguration()
        config.port = 0
        config.scale = scale
        config.asOf = 1_767_225_600_000
        config.clock = { clock.milliseconds }
        config.directory = FileManager.default.temporaryDirectory.appendingPathComponent("sync-tests-\(UUID().uuidString)").path
        configure(&config)
        let chosen = config
        let running = try await RunningSandbox.start { $0 = chosen }
        let server = running.server
        let baseURL = running.url
        let directory = config.directory + "-warehouse"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let local = try SQLiteWarehouse(path: directory + "/tributary.sqlite")
        let warehouse: any Warehouse = switch backend {
        case .sqlite: local
        case .postgres: try await makePostgresWarehouse(metadata: local.metadata)
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        // Short retries and timeouts: faults are injected on purpose, and a hang must not stall the suite.
        let retry = RetryPolicy(attempts: 4, baseDelay: .milliseconds(10), maxDelay: .milliseconds(100), requestTimeout: .seconds(2), streamTimeout: .seconds(60))
        let service = ConnectionService(warehouse: warehouse, secrets: try SecretBox.load(dataDirectory: directory, encodedKey: nil), http: http, retry: retry)
        return SyncHarness(server: server, baseURL: baseURL, running: running, http: http, directory: directory,
                           backend: backend, warehouse: warehouse, service: service, clock: clock)
    }

    private init(server: SandboxServer, baseURL: String, running: RunningSandbox, http: HTTPClient, directory: String,
                 backend: Backend, warehouse: any Warehouse, service: ConnectionService, clock: TestClock) {
        self.server = server
        self.baseURL = baseURL
        self.running = running
        self.http = http
        self.directory = directory
        self.backend = backend
        self.warehouse = warehouse
        self.service = service
        self.clock = clock
    }

    func shutdown() async {
        try? await http.shutdown()
        await running.stop()
        await (warehouse as? PostgresWarehouse)?.close()
    }

    /// What a `tributary` command needs to use the same warehouse (the test server has no password).
    var warehouseArguments: [String] {
        (warehouse as? PostgresWarehouse).map { ["--warehouse", $0.url.description] } ?? []
    }

    /// A test's query with `?` placeholders, whatever the backend.
    func query(_ sql: String, _ arguments: [String?] = []) async throws -> [[String?]] {
        try await warehouse.query(backend.sql(sql), arguments: arguments)
    }

    var user: (email: String, password: String, apiEnabled: Bool) { server.configuration.users[0] }

    /// Connects as the org's restricted integration user (`SandboxConfiguration.restrictedUser`).
    @discardableResult
    func connectRestricted(name: String = "sandbox") async throws -> ConnectionRecord {
        let u = try #require(server.configuration.restrictedUser)
        return try await service.connect(
            name: name, loginHost: .localSandbox(baseURL), clientID: server.configuration.clientID,
            clientSecret: server.configuration.clientSecret, credentials: .password(username: u.email, password: u.password))
    }

    @discardableResult
    func connect(name: String = "sandbox", user index: Int = 0) async throws -> ConnectionRecord {
        let u = server.configuration.users[index]
        return try await service.connect(
            name: name, loginHost: .localSandbox(baseURL), clientID: server.configuration.clientID,
            clientSecret: server.configuration.clientSecret, credentials: .password(username: u.email, password: u.password))
    }

    /// A warehouse that keeps its metadata and work queue in PostgreSQL at `url` (as the CLI's
    /// does), and the sandbox org connected to it.
    func connectInPostgres(_ url: PostgresURL) async throws -> (PostgresWarehouse, ConnectionService, ConnectionRecord) {
        let warehouse = try await PostgresWarehouse.connect(url, metadata: nil)
        let service = ConnectionService(warehouse: warehouse, secrets: try SecretBox.load(dataDirectory: directory, encodedKey: nil), http: http)
        let record = try await service.connect(
            name: "sandbox", loginHost: .localSandbox(baseURL), clientID: server.configuration.clientID, clientSecret: server.configuration.clientSecret,
            credentials: .password(username: user.email, password: user.password))
        return (warehouse, service, record)
    }

    /// Signs in through the org's web pages (authorization-code flow with PKCE), as a person
    /// does from the web app, and saves the connection with the tokens it gets.
    @discardableResult
    func connectThroughSignInPage(name: String = "sandbox") async throws -> ConnectionRecord {
        let redirect = "http://127.0.0.1:9/callback"
        let config = server.configuration
        let oauth = try OAuthClient(app: OAuthApp(clientID: config.clientID, clientSecret: config.clientSecret, redirectURI: redirect,
                                              loginHost: .localSandbox(baseURL)), http: http)
        let pkce = PKCE.make()
        let location = try await signInAtSandbox(oauth.authorizeURL(state: "st", codeChallenge: pkce.challenge), base: baseURL,
                                                 email: user.email, password: user.password)
        let query = try #require(location.split(separator: "?", maxSplits: 1).last)
        let code = try #require(query.split(separator: "&").first { $0.hasPrefix("code=") }?.dropFirst(5))
        let tokens = try await oauth.exchange(code: String(code).removingPercentEncoding ?? String(code), codeVerifier: pkce.verifier)
        #expect(tokens.refreshToken != nil)
        return try await service.connect(name: name, loginHost: .localSandbox(baseURL), clientID: config.clientID, clientSecret: config.clientSecret,
                                         credentials: .tokens(tokens), redirectURI: redirect)
    }

    func options(_ configure: (inout SyncOptions) -> Void = { _ in }) -> SyncOptions {
        var options = SyncOptions()
        options.clock = { [clock] in clock.date }
        options.bulkThreshold = 1_500
        options.bulkPageRecords = 1_000
        options.chunkRows = 400
        options.restBatchSize = 500
        options.bulkPollInterval = .milliseconds(5)
        configure(&options)
        return options
    }

    func sync(_ configure: (inout SyncOptions) -> Void = { _ in }) async throws -> CycleResult {
        let record = try await service.connection(named: "sandbox")
        return try await service.sync(record, options: options(configure))
    }

    /// A client of the org for the test's own reads and writes (not the one under test), signed
    /// in as the admin, or as `login` (the restricted user, to see what it sees).
    func orgClient(as login: (email: String, password: String)? = nil) async throws -> SalesforceClient {
        let oauth = try OAuthClient(app: OAuthApp(clientID: server.configuration.clientID, clientSecret: server.configuration.clientSecret,
                                              redirectURI: nil, loginHost: .localSandbox(baseURL)), http: http)
        let (email, password) = login ?? (user.email, user.password)
        let tokens = try await oauth.password(username: email, password: password)
        return SalesforceClient(http: http, tokens: tokens, reauthorize: { _ in try await oauth.password(username: email, password: password) })
    }

    /// POSTs a JSON body to one of the sandbox org's `/_sandbox/...` controls.
    func control(_ path: String, _ json: String = "{}", method: HTTPMethod = .POST) async throws {
        try await sandboxControl(baseURL, path, json, method: method, http: http)
    }

    /// Every synced table holds exactly the org's rows: same ids, and every synced column equal.
    /// - Parameters:
    ///   - other: a warehouse to check instead of the harness's own.
    ///   - queryAll: the truth is `queryAll … WHERE IsDeleted = false` (archived rows included)
    ///     rather than `query`.
    /// Columns are read 100 at a time and merged by id, so a wide table's check stays under the
    /// URI limit.
    /// On the real clock, waits out UTC midnight when it is less than `seconds` away: formula
    /// fields such as `Days_Open__c` count days, so a copy read before midnight and compared with
    /// the org after it differs by a day without anything being wrong.
    func awayFromMidnight(seconds: Double = 180) async throws {
        guard clock.system else { return }
        let now = Date().timeIntervalSince1970
        let left = 86_400 - now.truncatingRemainder(dividingBy: 86_400)
        if left < seconds { try await Task.sleep(for: .seconds(left + 1)) }
    }

    func expectWarehouseEqualsOrg(_ objects: [String], in other: (any Warehouse)? = nil, queryAll: Bool = false,
                                  as login: (email: String, password: String)? = nil, skipping: Set<String> = [],
                                  sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let warehouse = other ?? self.warehouse
        let org = try await orgClient(as: login)
        for object in objects {
            let table = SchemaMapping.tableName(for: object)
            let spec = try #require(try await warehouse.tableSpec(table), "no table \(table)", sourceLocation: sourceLocation)
            let columns = spec.columns.filter { !$0.name.hasPrefix("_") && !skipping.contains("\(table).\($0.name)") }
            #expect(columns.first?.name == "id", sourceLocation: sourceLocation)
            var expected: [String: [String?]] = [:]
            for start in stride(from: 1, to: max(columns.count, 2), by: 100) {
                let part = [0] + Array(start..<min(start + 100, columns.count))
                let fields = part.map { columns[$0].sourceName }
                let soql = "SELECT \(fields.joined(separator: ", ")) FROM \(object)" + (queryAll ? " WHERE IsDeleted = false" : "")
                // A cursor dies with the session that opened it (short sessions in production
                // runs): the read starts again, its rows written over by id.
                for attempt in 1...3 {
                    do {
                        var page = try await org.query(soql, fields: fields, includeDeleted: queryAll, batchSize: 2_000)
                        while true {
                            for row in 0..<page.records.rowCount {
                                let id = page.records.string(row: row, column: 0) ?? ""
                                var values = expected[id] ?? [String?](repeating: nil, count: columns.count)
                                for (i, column) in part.enumerated() { values[column] = page.records.string(row: row, column: i) }
                                expected[id] = values
                            }
                            guard !page.done, let next = page.nextRecordsURL else { break }
                            page = try await org.queryMore(next, fields: fields, batchSize: 2_000)
                        }
                        break
                    } catch let error as SalesforceError where error.kind == .invalidQueryLocator && attempt < 3 {
                        continue
                    }
                }
            }
            let rows = try await warehouse.query("SELECT \(columns.map { "\"\($0.name)\"" }.joined(separator: ", ")) FROM \(table)", arguments: [])
            #expect(rows.count == expected.count, "\(table): \(rows.count) rows in the warehouse, \(expected.count) in the org", sourceLocation: sourceLocation)
            var mismatches = 0
            for row in rows {
                guard let id = row[0], let want = expected[id] else {
                    mismatches += 1
                    if mismatches <= 3 { Issue.record("\(table): row \(row[0] ?? "nil") is not in the org", sourceLocation: sourceLocation) }
                    continue
                }
                for (i, column) in columns.enumerated() where !ValueComparison.same(want[i], row[i], column.type) {
                    mismatches += 1
                    if mismatches <= 3 {
                        Issue.record("\(table).\(column.name) of \(id): org \(want[i] ?? "null"), warehouse \(row[i] ?? "null")", sourceLocation: sourceLocation)
                    }
                }
            }
            #expect(mismatches == 0, "\(table): \(mismatches) differences", sourceLocation: sourceLocation)
        }
    }
}


/// Salesforce's text against the warehouse's, by column type.
enum ValueComparison {
    static func same(_ org: String?, _ warehouse: String?, _ type: ColumnType) -> Bool {
        guard let org, let warehouse else { return org == nil && warehouse == nil }
        switch type {
        case .boolean: return (org == "true") == (warehouse == "1" || warehouse == "true")
        case .integer, .real: return Double(org).map { abs($0 - (Double(warehouse) ?? .nan)) <= 1e-9 * max(1, abs($0)) } ?? (org == warehouse)
        case .datetime: return UTCSeconds.parse(org) == UTCSeconds.parse(warehouse) && org.dropFirst(19).prefix(4) == warehouse.dropFirst(19).prefix(4)
        default: return org == warehouse
        }
    }
}
