import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import SalesforceKit
import SandboxOrg
import Sync
import Testing
import Warehouse

@testable import WebApp

/// The web app in process (Hummingbird's test client), a warehouse in a temporary directory,
/// and, for the sign-in flows, a sandbox org on a loopback port.
struct WebAppHarness {
    let app: WebApp
    let users: UserStore
    let warehouse: SQLiteWarehouse
    let http: HTTPClient
    let sandbox: SandboxServer?
    let sandboxURL: String?

    static func withApp(sandbox: Bool = false, _ body: @escaping @Sendable (WebAppHarness, any TestClientProtocol) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("webapp-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var serving: Task<Void, any Error>?
        var server: SandboxServer?
        var url: String?
        if sandbox {
            var config = SandboxConfiguration()
            config.port = 0
            config.asOf = 1_767_225_600_000
            config.directory = directory + "/sandbox"
            let started = try SandboxServer(configuration: config)
            let (urls, continuation) = AsyncStream.makeStream(of: String.self)
            serving = Task { try await started.run { continuation.yield($0) } }
            var iterator = urls.makeAsyncIterator()
            url = await iterator.next()
            server = started
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let warehouse = try SQLiteWarehouse(path: directory + "/tributary.sqlite")
        let users = try UserStore(path: directory + "/tributary.sqlite")
        let service = ConnectionService(warehouse: warehouse, secrets: try SecretBox.load(dataDirectory: directory, environment: [:]), http: http)
        var configuration = WebAppConfiguration()
        configuration.port = 8080
        configuration.sandboxLoginURL = url
        configuration.clientID = server?.configuration.clientID
        configuration.clientSecret = server?.configuration.clientSecret
        let app = WebApp(configuration: configuration, users: users, service: service)
        let harness = WebAppHarness(app: app, users: users, warehouse: warehouse, http: http, sandbox: server, sandboxURL: url)
        do {
            try await Application(router: app.makeRouter()).test(.router) { client in try await body(harness, client) }
        } catch {
            try? await http.shutdown()
            serving?.cancel()
            throw error
        }
        try await http.shutdown()
        serving?.cancel()
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

extension String {
    func hiddenValue(_ name: String) -> String? {
        guard let r = range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = self[r.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

/// Plays the person at Salesforce's sign-in page: follows the authorize URL, signs in, allows,
/// and returns where Salesforce sends the browser back to (the app's callback with code and state).
func signInAtSandbox(_ authorizeURL: String, base: String, email: String, password: String, decision: String = "allow") async throws -> String {
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .disallow
    let browser = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    func send(_ url: String, form: String?) async throws -> (String, String?) {
        var request = HTTPClientRequest(url: url)
        if let form {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let response = try await browser.execute(request, timeout: .seconds(10))
        return (String(buffer: try await response.body.collect(upTo: 1 << 20)), response.headers.first(name: "Location"))
    }
    do {
        let (page, _) = try await send(authorizeURL, form: nil)
        let tx = try #require(page.hiddenValue("tx"), "no sign-in form: \(page.prefix(300))")
        var (next, location) = try await send(base + "/services/oauth2/authorize",
                                              form: "tx=\(tx)&step=login&username=\(FormEncoding.escape(email))&password=\(FormEncoding.escape(password))")
        if location == nil {
            let allow = "tx=\(tx)&step=allow&user=\(next.hiddenValue("user") ?? "")&allowToken=\(FormEncoding.escape(next.hiddenValue("allowToken") ?? ""))&decision=\(decision)"
            (next, location) = try await send(base + "/services/oauth2/authorize", form: allow)
        }
        try await browser.shutdown()
        return try #require(location)
    } catch {
        try? await browser.shutdown()
        throw error
    }
}
