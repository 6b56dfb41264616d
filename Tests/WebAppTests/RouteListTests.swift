import Analytics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import WebApp

/// Issue 18's Done-when: every route with the roles allowed to call it. A route added without an
/// entry here fails `everyRouteHasAnEntry`; each entry is then checked by calling the route as
/// each role: a role left out gets the policy's refusal, a role let in gets anything else.
@Suite(.serialized) struct RouteListTests {
    enum Who: String { case everyone, readOnly, standard, admin }

    /// `METHOD path` → the least role that may call it.
    static let routes: [String: Who] = [
        "GET /": .everyone, "GET /healthz": .everyone, "GET /readyz": .everyone,
        "GET /setup": .everyone, "POST /setup": .everyone, "GET /sign-in": .everyone, "POST /sign-in": .everyone, "POST /sign-out": .everyone,
        "GET /assets/sortable-tables.js": .everyone, "GET /assets/cycle-progress.js": .everyone, "GET /assets/report-builder.js": .everyone,
        "GET /api/v1/openapi.json": .everyone,
        // Analyses: Read-Only users look; Standard users build.
        "GET /dashboards": .readOnly, "GET /dashboards/{key}": .readOnly, "GET /dashboards/{key}/widgets/{file}": .readOnly,
        "GET /dashboards/new": .standard, "POST /dashboards": .standard, "GET /dashboards/{key}/edit": .standard,
        "POST /dashboards/{key}": .standard, "POST /dashboards/{key}/delete": .standard,
        "POST /dashboards/{key}/emails": .standard, "POST /dashboards/{key}/emails/{email}/delete": .standard,
        "GET /reports": .readOnly, "GET /reports/{id}": .readOnly, "GET /reports/new": .standard, "POST /reports/run": .standard,
        "POST /reports": .standard, "POST /reports/{id}": .standard, "POST /reports/{id}/delete": .standard, "POST /reports/{id}/dashboard": .standard,
        "GET /reports/build": .standard, "POST /reports/build": .standard, "POST /reports/build/preview": .standard,
        "GET /goals": .readOnly, "POST /goals": .admin, "POST /goals/{id}/delete": .admin,
        "GET /leads": .readOnly,
        // Manage Data: Standard users see; admins change.
        "GET /connections": .standard, "GET /connections/new": .admin, "POST /connections/new/salesforce": .admin,
        "POST /connections/{id}/reauthenticate": .admin, "POST /connections/{id}/sync": .admin, "POST /connections/{id}/settings": .admin,
        "POST /connections/{id}/disconnect": .admin, "GET /connections/new/salesforce": .admin, "GET /connections/{id}/disconnect": .admin, "GET /connections/{id}/settings": .admin,
        "GET /warehouse": .standard, "POST /warehouse/{id}/check": .admin, "POST /warehouse/{id}/{table}": .admin,
        "GET /oauth/callback": .admin,
        // The API: Standard users (or their keys) read and query; admins change.
        "GET /api/v1/connections": .standard, "GET /api/v1/connections/{id}": .standard, "GET /api/v1/connections/{id}/progress": .standard,
        "GET /api/v1/connections/{id}/cycles/latest": .standard, "GET /api/v1/connections/{id}/tables": .standard,
        "GET /api/v1/connections/{id}/tables/{table}": .standard, "POST /api/v1/connections/{id}/check": .admin,
        "POST /api/v1/connections/{id}/tables/{table}": .admin, "POST /api/v1/connections/{id}/sync": .admin, "POST /api/v1/query": .standard,
        "GET /metrics": .admin,
        // Account settings.
        "GET /users": .admin, "POST /users": .admin, "POST /users/{id}/role": .admin, "POST /users/{id}/remove": .admin,
        "GET /api-keys": .admin, "POST /api-keys": .admin, "POST /api-keys/{id}/revoke": .admin,
    ]

    @Test func everyRouteHasAnEntry() async throws {
        try await WebAppHarness.withApp { h, _ in
            let registered = Set(h.app.makeRouter().routes.map { "\($0.method) \($0.path)" })
            let missing = registered.subtracting(Self.routes.keys).sorted()
            let stale = Set(Self.routes.keys).subtracting(registered).sorted()
            #expect(missing.isEmpty, "routes without an entry in RouteListTests.routes: \(missing)")
            #expect(stale.isEmpty, "entries for routes that do not exist: \(stale)")
        }
    }

    @Test(arguments: [Role.readOnly, .standard, .admin])
    func eachRoleCallsOnlyTheRoutesItsEntryAllows(_ role: Role) async throws {
        try await WebAppHarness.withApp { h, client in
            try await h.store.accounts.addUser(email: "root@example.com", password: "correct horse 1", role: .admin)
            let email = "\(role.rawValue)@example.com"
            let user = role == .admin ? try #require(try await h.store.accounts.users().first) : try await h.store.accounts.addUser(email: email, password: "correct horse 1", role: role)
            // A dashboard of the user's own, so that its routes meet no owner's refusal, only the role's.
            let own = try await h.store.dashboards.saveDashboard(Dashboard(key: "", title: "Mine", widgets: [.analysis(.winRate)], ownerID: user.id,
                                                                ownerEmail: user.email, shared: false))
            var browser = Browser()
            try await browser.signIn(client, email: role == .admin ? "root@example.com" : email, password: "correct horse 1")
            _ = try await browser.get(client, "/dashboards")
            let rank: [Who: Int] = [.everyone: 0, .readOnly: 1, .standard: 2, .admin: 3]
            let mine = rank[role == .readOnly ? .readOnly : role == .standard ? .standard : .admin] ?? 0
            // Signing out would end the session; setup is closed once a user exists (SetupTests).
            for (route, least) in Self.routes.sorted(by: { $0.key < $1.key }) where route != "POST /sign-out" && route != "POST /setup" {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let path = Self.concrete(parts[1].replacingOccurrences(of: "{key}", with: own.key))
                var headers = browser.headers
                headers[.contentType] = "application/x-www-form-urlencoded"
                let body = parts[0] == "POST" ? "csrf=\(browser.csrf ?? "")" : ""
                let response = try await client.execute(uri: path, method: HTTPRequest.Method(parts[0]) ?? .get, headers: headers,
                                                        body: ByteBuffer(string: body))
                let text = String(buffer: response.body)
                let refused = response.status == .forbidden && !text.contains("The form expired")
                let allowed = (rank[least] ?? 0) <= mine
                #expect(refused != allowed, "\(role.label) \(route): \(response.status) \(text.prefix(300))")
            }
        }
    }

    /// A path with its parameters filled (most then answer 404 or a form error, never the policy's 403).
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: "{key}", with: "leads").replacingOccurrences(of: "{file}", with: "0.csv")
            .replacingOccurrences(of: "{table}", with: "sf_lead").replacingOccurrences(of: "{email}", with: "1").replacingOccurrences(of: "{id}", with: "1")
    }
}
