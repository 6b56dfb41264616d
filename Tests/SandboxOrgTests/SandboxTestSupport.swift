import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import SandboxOrg

/// Builds a small sandbox org in a temporary directory and drives it through Hummingbird's
/// in-process test client (no sockets).
struct SandboxHarness {
    let server: SandboxServer
    var configuration: SandboxConfiguration { server.configuration }

    init(scale: Int = 1, configure: (inout SandboxConfiguration) -> Void = { _ in }) throws {
        var config = SandboxConfiguration()
        config.port = 7_999
        config.scale = scale
        config.directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-tests-\(UUID().uuidString)").path
        config.asOf = 1_767_225_600_000  // 2026-01-01: tests see the same org every day
        configure(&config)
        server = try SandboxServer(configuration: config)
    }

    func run(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await server.makeApplication().test(.router) { client in try await test(client) }
    }

    var form: HTTPFields { [.contentType: "application/x-www-form-urlencoded"] }

    func passwordGrant(_ client: some TestClientProtocol, user: Int = 0) async throws -> String {
        let u = configuration.users[user]
        let body = "grant_type=password&client_id=\(configuration.clientID)&client_secret=\(configuration.clientSecret)&username=\(u.email)&password=\(u.password)"
        return try await client.execute(uri: "/services/oauth2/token", method: .post, headers: form, body: ByteBuffer(string: body)) { response in
            #expect(response.status == .ok)
            return try #require(try json(response.body)["access_token"] as? String)
        }
    }
}

func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
}

func jsonArray(_ buffer: ByteBuffer) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [[String: Any]])
}

func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

extension String {
    /// The value of a hidden input in an HTML form.
    func hiddenValue(_ name: String) -> String? {
        guard let r = range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = self[r.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
