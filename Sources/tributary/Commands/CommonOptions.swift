import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import Sync
import Warehouse

/// Options every data command takes: where Tributary keeps its files, and extra trust for a
/// Salesforce (or sandbox org) served with a private certificate.
struct DataOptions: ParsableArguments {
    @Option(help: "Directory for Tributary's files (the SQLite warehouse, the key for secrets).") var dataDir = "data"
    @Option(help: "PEM file of extra certificates to trust (a sandbox org started with --tls prints one). Also TRIBUTARY_CA_FILE.")
    var caFile: String?

    var warehousePath: String { dataDir + "/tributary.sqlite" }

    func openWarehouse() throws -> SQLiteWarehouse {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        return try SQLiteWarehouse(path: warehousePath)
    }

    func secretBox() throws -> SecretBox { try SecretBox.load(dataDirectory: dataDir) }

    /// One HTTP client for the command's whole run (connection pooling matters for paging).
    func makeHTTPClient() throws -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(20), read: .seconds(120))
        if let file = caFile ?? ProcessInfo.processInfo.environment["TRIBUTARY_CA_FILE"] {
            guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("--ca-file: cannot read '\(file)'") }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(file)]
            configuration.tlsConfiguration = tls
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func service() throws -> (ConnectionService, HTTPClient) {
        let http = try makeHTTPClient()
        return (ConnectionService(warehouse: try openWarehouse(), secrets: try secretBox(), http: http), http)
    }
}

/// Runs `body` with the command's connection service and shuts the HTTP client down after.
func withService<T>(_ options: DataOptions, _ body: (ConnectionService) async throws -> T) async throws -> T {
    let (service, http) = try options.service()
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
