import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import WebApp

/// Finding 12 of issue 15: what each role opens, as README's *Roles* says.
@Suite struct RolePolicyTests {
    static let password = "correct horse 1"

    private func browser(_ h: WebAppHarness, _ client: some TestClientProtocol, _ role: Role) async throws -> Browser {
        let email = "\(role.rawValue)@example.com"
        try await h.store.accounts.addUser(email: email, password: Self.password, role: role)
        var browser = Browser()
        try await browser.signIn(client, email: email, password: Self.password)
        return browser
    }

    /// A page and whether each role opens it (read-only, standard, admin).
    static let pages: [(String, [Bool])] = [
        ("/dashboards", [true, true, true]), ("/reports", [true, true, true]), ("/goals", [true, true, true]), ("/leads", [true, true, true]),
        ("/reports/new", [false, true, true]), ("/reports/build", [false, true, true]), ("/dashboards/new", [false, true, true]),
        ("/connections", [false, true, true]), ("/warehouse", [false, true, true]),
        ("/api/v1/connections", [false, true, true]), ("/metrics", [false, false, true]),
        ("/users", [false, false, true]), ("/api-keys", [false, false, true]),
    ]

    @Test(arguments: [Role.readOnly, .standard, .admin])
    func eachRoleOpensWhatThePolicySaysAndNothingElse(_ role: Role) async throws {
        try await WebAppHarness.withApp { h, client in
            // Another admin, so the first user of each role is not the only one.
            try await h.store.accounts.addUser(email: "root@example.com", password: Self.password, role: .admin)
            var browser = try await browser(h, client, role)
            let column = [Role.readOnly, .standard, .admin].firstIndex(of: role) ?? 0
            for (uri, allowed) in Self.pages {
                let status = try await browser.get(client, uri).0
                #expect(allowed[column] ? status == .ok : status == .forbidden, "\(role.label) \(uri): \(status)")
            }
            // Signing in lands on a page the role opens, and the menu links only to such pages.
            let home = try await browser.get(client, "/").2
            #expect(home == (role == .readOnly ? "/dashboards" : "/connections"))
            let menu = try await browser.get(client, "/dashboards").1
            #expect(menu.contains(#"href="/connections""#) == (role != .readOnly))
        }
    }

    @Test func theRuleTableCoversEveryPathUnderItsPrefix() {
        #expect(AccessPolicy.requirement(method: .get, path: "/reports/7.csv") == .atLeast(.readOnly))
        #expect(AccessPolicy.requirement(method: .post, path: "/reports/7") == .atLeast(.standard))
        #expect(AccessPolicy.requirement(method: .get, path: "/warehouse") == .atLeast(.standard))
        #expect(AccessPolicy.requirement(method: .post, path: "/goals") == .atLeast(.admin))
        #expect(AccessPolicy.requirement(method: .get, path: "/api/v1/connections/1/progress") == .atLeast(.standard))
        #expect(AccessPolicy.requirement(method: .post, path: "/sign-in") == .everyone)
        // Look-alike prefixes are not the route: /reportsx is an unknown path, signed in to see.
        #expect(AccessPolicy.requirement(method: .get, path: "/reportsx") == .atLeast(.readOnly))
        #expect(AccessPolicy.requirement(method: .post, path: "/unknown") == .atLeast(.admin))
    }
}

/// Finding 18 of issue 15: a key acts as its user, with the user's role now, and dies with them.
@Suite struct APIKeyOwnerTests {
    static let password = "correct horse 1"

    private func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, key: String) async throws -> HTTPResponse.Status {
        try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer \(key)"]).status
    }

    @Test func aKeyFollowsItsUsersRoleAndDiesWithTheUser() async throws {
        try await WebAppHarness.withApp { h, client in
            try await h.store.accounts.addUser(email: "root@example.com", password: Self.password, role: .admin)
            let ada = try await h.store.accounts.addUser(email: "ada@example.com", password: Self.password, role: .admin)
            // Ada makes a key on Account Settings > API Keys.
            var browser = Browser()
            try await browser.signIn(client, email: "ada@example.com", password: Self.password)
            _ = try await browser.get(client, "/api-keys")
            let page = try await browser.post(client, "/api-keys", [("name", "monitoring")]).1
            let key = String(try #require(page.firstMatch(of: /<code id="new-api-key">(trb_[A-Za-z0-9_-]+)<\/code>/)?.1))
            // As an admin's key: reads, /metrics, and changes (404: no such connection, but allowed).
            #expect(try await call(client, .get, "/api/v1/connections", key: key) == .ok)
            #expect(try await call(client, .get, "/metrics", key: key) == .ok)
            #expect(try await call(client, .post, "/api/v1/connections/999/sync", key: key) == .notFound)
            // Ada is made Standard: at once the key can no longer change anything or read /metrics.
            try await h.store.accounts.setRole(.standard, userID: ada.id)
            #expect(try await call(client, .post, "/api/v1/connections/999/sync", key: key) == .forbidden)
            #expect(try await call(client, .get, "/metrics", key: key) == .forbidden)
            #expect(try await call(client, .get, "/api/v1/connections", key: key) == .ok)
            // Read-Only: no API at all.
            try await h.store.accounts.setRole(.readOnly, userID: ada.id)
            #expect(try await call(client, .get, "/api/v1/connections", key: key) == .forbidden)
            // Ada is removed: the key is refused, and gone from the list.
            try await h.store.accounts.setRole(.admin, userID: ada.id)
            try await h.store.accounts.removeUser(id: ada.id)
            #expect(try await call(client, .get, "/api/v1/connections", key: key) == .unauthorized)
            #expect(try await h.store.apiKeys.all().isEmpty)
        }
    }
}
