import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import WebApp

/// Finding 13 of issue 15: a browser's cross-site POST changes nothing, with or without a session.
@Suite struct CrossSiteTests {
    private func post(_ client: some TestClientProtocol, _ uri: String, _ body: String, _ extra: [(String, String)], cookie: String? = nil) async throws -> HTTPResponse.Status {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        for (name, value) in extra { if let field = HTTPField.Name(name) { headers[field] = value } }
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)).status
    }

    static let crossSite: [[(String, String)]] = [
        [("Sec-Fetch-Site", "cross-site")], [("Sec-Fetch-Site", "same-site")],
        [("Origin", "https://evil.example")], [("Origin", "null")],
        [("Sec-Fetch-Site", "cross-site"), ("Origin", "http://localhost:8080")],
    ]

    @Test(arguments: 0..<crossSite.count)
    func firstAdminSetupAndSignInRefuseCrossSitePosts(_ index: Int) async throws {
        try await WebAppHarness.withApp { h, client in
            let headers = Self.crossSite[index]
            // A fresh install: another site must not create its own first admin...
            let setup = "email=eve%40evil.example&password=correct+horse+1&confirm=correct+horse+1"
            #expect(try await post(client, "/setup", setup, headers) == .forbidden)
            #expect(try await h.store.accounts.isEmpty)
            // ...nor sign a visitor in to an account of its choosing.
            try await h.store.accounts.addUser(email: "eve@evil.example", password: "correct horse 1", role: .standard)
            #expect(try await post(client, "/sign-in", "email=eve%40evil.example&password=correct+horse+1", headers) == .forbidden)
        }
    }

    @Test func aSignedInUsersFormsRefuseCrossSitePostsToo() async throws {
        try await WebAppHarness.withApp { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            var browser = Browser()
            try await browser.signIn(client, email: "ada@example.com", password: "correct horse 1")
            let body = "email=eve%40evil.example&password=correct+horse+1&role=admin&csrf=\(Browser.encode(browser.csrf ?? ""))"
            #expect(try await post(client, "/users", body, [("Origin", "https://evil.example")], cookie: browser.cookie) == .forbidden)
            #expect(try await h.store.accounts.users().count == 1)
        }
    }

    @Test(arguments: [[("Sec-Fetch-Site", "same-origin")], [("Origin", "http://localhost")], [("Origin", "http://127.0.0.1:8080")], []])
    func sameOriginAndNonBrowserPostsGoThrough(_ headers: [(String, String)]) async throws {
        try await WebAppHarness.withApp { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            // The router test client sends Host "localhost"; the configured base URL is http://127.0.0.1:8080.
            #expect(try await post(client, "/sign-in", "email=ada%40example.com&password=correct+horse+1", headers) == .seeOther)
        }
    }
}
