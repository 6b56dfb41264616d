import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import SalesforceKit
import Sync
import Warehouse
import WebApp

/// Options every data command takes: where Tributary keeps its files, which warehouse it loads,
/// and extra trust for a Salesforce (or sandbox org) served with a private certificate.
///
/// Environment: `TRIBUTARY_WAREHOUSE` (as `--warehouse`), `TRIBUTARY_CA_FILE` (as `--ca-file`).
struct DataOptions: ParsableArguments {
    @Option(help: "Directory for Tributary's files (the SQLite warehouse and metadata, the key for secrets).") var dataDir = "data"
    @Option(help: ArgumentHelp(
        "The warehouse: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME&sslmode=disable|prefer|require]. Also TRIBUTARY_WAREHOUSE.",
        discussion: "Without it the warehouse is the SQLite file in --data-dir. With PostgreSQL the metadata (connections, settings, cycles), the work queue and the web app's state (users, sessions, API keys, reports, dashboards, goals) are kept in PostgreSQL too, so workers and `serve` replicas on other machines share them; only the key for secrets stays in --data-dir (or comes from TRIBUTARY_SECRET_KEY).",
        valueName: "url"))
    var warehouse: String?
    @Option(help: "PEM file of extra certificates to trust (a sandbox org started with --tls prints one). Also TRIBUTARY_CA_FILE.")
    var caFile: String?
    @Option(help: ArgumentHelp(
        "How much the log on stderr says: trace, debug, info, notice (default), warning, error or critical. Also TRIBUTARY_LOG_LEVEL.",
        discussion: "info adds a line for each table's start and end (rows, path, API calls); notice keeps each retry, restart, split and fallback with its reason.",
        valueName: "level"))
    var logLevel: String?

    mutating func validate() throws {
        try LogSetup.bootstrap(flag: logLevel)
    }

    var warehousePath: String { dataDir + "/tributary.sqlite" }

    /// The PostgreSQL URL chosen by `--warehouse` or `TRIBUTARY_WAREHOUSE`; nil for SQLite.
    func postgresURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresURL? {
        guard let text = warehouse ?? WebAppConfiguration.environmentSetting("tributary.warehouse", isSecret: true, environment: environment),
              !text.isEmpty else { return nil }
        return try Self.postgresURL(text, option: warehouse == nil ? "TRIBUTARY_WAREHOUSE" : "--warehouse")
    }

    /// `text` as a PostgreSQL URL; a bad one is a usage error naming `option`.
    static func postgresURL(_ text: String, option: String) throws -> PostgresURL {
        do {
            return try PostgresURL(text)
        } catch let error as WarehouseError {
            throw ValidationError("\(option): \(error.detail)")
        }
    }

    /// Connects to a PostgreSQL warehouse that keeps its own metadata; a server that does not
    /// answer is said in one line.
    static func connect(_ url: PostgresURL) async throws -> PostgresWarehouse {
        do {
            return try await PostgresWarehouse.connect(url, metadata: nil)
        } catch let error as WarehouseError {
            throw WarehouseOpenError(message: "cannot use the PostgreSQL warehouse: \(error.detail)")
        }
    }

    /// Opens the SQLite warehouse, or connects to the PostgreSQL one (which then keeps the metadata).
    /// - Throws: a `ValidationError` for a bad URL, `WarehouseOpenError` for a server that does not answer.
    func openWarehouse() async throws -> any Warehouse {
        let url = try postgresURL()
        // The key for secrets (and with SQLite everything) lives here: owner only.
        try PrivateFiles.prepareDataDirectory(dataDir)
        guard let url else { return try SQLiteWarehouse(path: warehousePath) }
        return try await Self.connect(url)
    }

    /// Runs `body` on the web app's store: in the PostgreSQL warehouse's database with
    /// `--warehouse` (so `users add` and `api-keys` write where every `serve` replica reads),
    /// else in the SQLite file in `--data-dir`. The connection closes after.
    func withAppStore<T: Sendable>(_ body: (AppStore) async throws -> T) async throws -> T {
        let warehouse = try await openWarehouse()
        let postgres = warehouse as? PostgresWarehouse
        do {
            let value = try await body(try await AppStore.forWarehouse(warehouse, sqlitePath: warehousePath))
            await postgres?.close()
            return value
        } catch {
            await postgres?.close()
            throw error
        }
    }

    /// Where the warehouse is, for messages (never with a password).
    func warehouseDescription() -> String { (try? postgresURL())?.description ?? warehousePath }

    func secretBox() throws -> SecretBox { try Self.secretBox(dataDir: dataDir) }

    /// The key for the connections' secrets: `TRIBUTARY_SECRET_KEY` (read, marked secret, with
    /// the command's other settings), else the key file in `dataDir`.
    static func secretBox(dataDir: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SecretBox {
        let key = WebAppConfiguration.environmentSetting("tributary.secret.key", isSecret: true, environment: environment)
        // Set but empty (a secret that was never filled in): refused, not read as unset, or each
        // machine would make a key file of its own and seal with a different key.
        if key == nil, environment[SecretBox.environmentVariable] != nil {
            throw WarehouseError.secretKey("\(SecretBox.environmentVariable) is set but empty")
        }
        return try SecretBox.load(dataDirectory: dataDir, encodedKey: key)
    }

    /// One HTTP client for the command's whole run (connection pooling matters for paging).
    func makeHTTPClient() throws -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(20), read: .seconds(120))
        // Salesforce's APIs never redirect; a followed `Location` would be a URL Salesforce (or a
        // forger) handed back that no check has seen, with the bearer token along.
        configuration.redirectConfiguration = .disallow
        // gzip from Salesforce (the service asks for it), inflated as the bytes stream in.
        configuration.inflateSalesforceBodies()
        if let file = caFile ?? WebAppConfiguration.environmentSetting("tributary.ca.file") {
            guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("--ca-file: cannot read '\(file)'") }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(file)]
            configuration.tlsConfiguration = tls
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func service() async throws -> (ConnectionService, HTTPClient) {
        // The key first: a bad one then stops the command before there is a client to shut down
        // (an HTTPClient dropped unclosed is a crash in a debug build).
        let secrets = try secretBox()
        let warehouse = try await openWarehouse()
        let http = try makeHTTPClient()
        var service = ConnectionService(warehouse: warehouse, secrets: secrets, http: http)
        service.compressedResponses = true
        return (service, http)
    }
}

/// A warehouse that cannot be opened, said in one line without a usage text.
struct WarehouseOpenError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Runs `body` with the command's connection service and shuts the HTTP client down after.
func withService<T>(_ options: DataOptions, _ body: (ConnectionService) async throws -> T) async throws -> T {
    let (service, http) = try await options.service()
    do {
        let value = try await body(service)
        try await http.shutdown()
        return value
    } catch {
        try? await http.shutdown()
        throw error
    }
}

/// A line on stdout, unbuffered: scripts and tests read the command's output through a pipe,
/// where `print` would hold it in a buffer until exit.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
