import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import SalesforceKit
import SandboxOrg
import SandboxTestSupport
import Sync
import Testing
import Warehouse

@testable import WebApp

/// The web app in process (Hummingbird's test client), a warehouse in a temporary directory,
/// and, for the sign-in flows, a sandbox org on a loopback port.
struct WebAppHarness {
    /// A connection to the sandbox org made with the password grant (no browser dance).
    func connect(name: String = "Acme") async throws -> ConnectionRecord {
        let server = try #require(sandbox)
        let user = server.configuration.users[0]
        return try await app.service.connect(name: name, loginHost: .localSandbox(try #require(sandboxURL)), clientID: server.configuration.clientID,
                                             clientSecret: server.configuration.clientSecret, credentials: .password(username: user.email, password: user.password))
    }

    /// Waits until no whole cycle of the connection runs.
    func waitForCycles(_ id: Int64) async throws {
        for _ in 0..<600 {
            if try await !app.runner.isRunning(id) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the cycle did not end")
    }

    let app: WebApp
    let store: AppStore
    let warehouse: SQLiteWarehouse
    let http: HTTPClient
    let sandbox: SandboxServer?
    let sandboxURL: String?

    /// - Parameters:
    ///   - logger: where the app logs (tests that read the log pass a recording one).
    ///   - extraRoutes: routes a test adds behind the app's middleware (an endpoint that fails, say).
    ///   - live: a real server on a loopback port, so requests have a peer address (the router
    ///     test client has none).
    static func withApp(sandbox: Bool = false, configure: (inout WebAppConfiguration) -> Void = { _ in }, logger: Logger? = nil,
                        extraRoutes: (Router<AppContext>) -> Void = { _ in }, live: Bool = false,
                        _ body: @escaping @Sendable (WebAppHarness, any TestClientProtocol) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("webapp-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let running = sandbox ? try await RunningSandbox.start() : nil
        let server = running?.server
        let url = running?.url
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let warehouse = try SQLiteWarehouse(path: directory + "/tributary.sqlite")
        let store = try AppStore.sqlite(path: directory + "/tributary.sqlite")
        let service = ConnectionService(warehouse: warehouse, secrets: try SecretBox.load(dataDirectory: directory, encodedKey: nil), http: http)
        var configuration = WebAppConfiguration()
        configuration.port = 8080
        // The tests' cycles do not wait for their minute to end before the change probe.
        configuration.probeWaitsForMinute = false
        configuration.sandboxLoginURL = url
        configuration.clientID = server?.configuration.clientID
        configuration.clientSecret = server?.configuration.clientSecret
        configure(&configuration)
        let app = logger.map { WebApp(configuration: configuration, store: store, service: service, logger: $0) }
            ?? WebApp(configuration: configuration, store: store, service: service)
        let harness = WebAppHarness(app: app, store: store, warehouse: warehouse, http: http, sandbox: server, sandboxURL: url)
        let router = app.makeRouter()
        extraRoutes(router)
        do {
            if live {
                try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in try await body(harness, client) }
            } else {
                try await Application(router: router).test(.router) { client in try await body(harness, client) }
            }
        } catch {
            try? await http.shutdown()
            await running?.stop()
            throw error
        }
        try await http.shutdown()
        await running?.stop()
    }
}

/// A browser's cookie and the CSRF token of the last page it loaded.
struct Browser {
    var cookie: String?
    var csrf: String?

    mutating func signIn(_ client: some TestClientProtocol, email: String, password: String) async throws {
        let response = try await client.execute(uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: ByteBuffer(string: "email=\(Self.encode(email))&password=\(Self.encode(password))"))
        #expect(response.status == .seeOther)
        cookie = response.headers[.setCookie]?.split(separator: ";").first.map(String.init)
        _ = try await get(client, "/connections")
    }

    var headers: HTTPFields {
        var fields: HTTPFields = [:]
        if let cookie { fields[.cookie] = cookie }
        return fields
    }

    mutating func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String, String?) {
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        let body = String(buffer: response.body)
        if let token = body.hiddenValue("csrf") { csrf = token }
        return (response.status, body, response.headers[.location])
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ form: [(String, String)], csrf include: Bool = true) async throws -> (HTTPResponse.Status, String, String?) {
        var fields = form
        if include, let csrf { fields.append(("csrf", csrf)) }
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        return (response.status, String(buffer: response.body), response.headers[.location])
    }

    static func encode(_ text: String) -> String { FormEncoding.escape(text) }
}

