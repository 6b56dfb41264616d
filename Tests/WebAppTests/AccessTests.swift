import Foundation
import HTTPTypes
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import Testing

@testable import WebApp

@Suite struct AccessTests {
    @Test func aFreshDataDirectoryOffersTheFirstAdminOnce() async throws {
        try await WebAppHarness.withApp { h, client in
            var browser = Browser()
            #expect(try await browser.get(client, "/").2 == "/setup")
            let (status, _, location) = try await browser.post(client, "/setup", [("email", "ada@example.com"), ("password", "correct horse 1"), ("confirm", "correct horse 1")])
            #expect(status == .seeOther)
            #expect(location == "/connections")
            #expect(try await h.store.accounts.users().map(\.role) == [.admin])
            // Afterwards /setup is closed: nobody makes themselves admin.
            let again = try await browser.post(client, "/setup", [("email", "eve@example.com"), ("password", "correct horse 2"), ("confirm", "correct horse 2")])
            #expect(again.0 == .forbidden)
            #expect(try await h.store.accounts.users().count == 1)
        }
    }

    @Test func signInChecksThePasswordAndThrottlesGuessing() async throws {
        try await WebAppHarness.withApp { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            let browser = Browser()
            #expect(try await browser.post(client, "/sign-in", [("email", "ada@example.com"), ("password", "wrong")]).0 == .unauthorized)
            #expect(try await browser.post(client, "/sign-in", [("email", "nobody@example.com"), ("password", "wrong")]).0 == .unauthorized)
            for _ in 0..<4 { _ = try await browser.post(client, "/sign-in", [("email", "ada@example.com"), ("password", "wrong")]) }
            let blocked = try await browser.post(client, "/sign-in", [("email", "ada@example.com"), ("password", "correct horse 1")])
            #expect(blocked.0 == .tooManyRequests)
            // Pages need a session.
            var anonymous = Browser()
            #expect(try await anonymous.get(client, "/connections").2 == "/sign-in")
        }
    }

    @Test func aSessionCookieIsHttpOnlyAndLaxAndSignOutEndsIt() async throws {
        try await WebAppHarness.withApp { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            let response = try await client.execute(uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                    body: ByteBuffer(string: "email=ada%40example.com&password=correct+horse+1"))
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.lowercased().contains("samesite=lax"))
            var browser = Browser()
            try await browser.signIn(client, email: "ada@example.com", password: "correct horse 1")
            // Sign-out is a form: without the CSRF token it is refused.
            #expect(try await browser.post(client, "/sign-out", [], csrf: false).0 == .forbidden)
            #expect(try await browser.post(client, "/sign-out", []).2 == "/sign-in")
            #expect(try await browser.get(client, "/connections").2 == "/sign-in")
        }
    }

    @Test(arguments: [("standard", "standard@example.com"), ("read-only", "viewer@example.com")])
    func onlyAdminsAddOrChangeConnectionsAndUsers(_ role: String, _ email: String) async throws {
        try await WebAppHarness.withApp { h, client in
            try await h.store.accounts.addUser(email: email, password: "correct horse 1", role: try #require(Role(rawValue: role)))
            var browser = Browser()
            try await browser.signIn(client, email: email, password: "correct horse 1")
            // Standard users see the connections' state; Read-Only users not at all (README, Roles).
            let (status, page, _) = try await browser.get(client, "/connections")
            #expect(status == (role == "standard" ? .ok : .forbidden))
            #expect(!page.contains("Add a Data Source"))
            for path in ["/connections/new", "/connections/new/salesforce", "/users", "/connections/1/disconnect", "/oauth/callback?code=x&state=y",
                         "/connections/1/settings", "/api-keys"] {
                let (status, page, _) = try await browser.get(client, path)
                #expect(status == .forbidden, "\(path)")
                // The page names the role needed: Admin, or for Read-Only users below it, Standard.
                #expect(page.contains(role == "standard" ? "Admin" : "role"), "\(path)")
            }
            for path in ["/connections/new/salesforce", "/users", "/connections/1/sync", "/connections/1/reauthenticate", "/connections/1/disconnect",
                         "/users/1/role", "/users/1/remove", "/connections/1/settings", "/warehouse/1/check", "/warehouse/1/sf_account",
                         "/api-keys", "/api-keys/1/revoke", "/goals", "/goals/1/delete"] {
                #expect(try await browser.post(client, path, [("name", "x"), ("environment", "production")]).0 == .forbidden, "\(path)")
            }
        }
    }

    @Test func adminFormsNeedTheCSRFTokenAndValidInput() async throws {
        try await WebAppHarness.withApp { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            var browser = Browser()
            try await browser.signIn(client, email: "ada@example.com", password: "correct horse 1")
            _ = try await browser.get(client, "/users")
            #expect(try await browser.post(client, "/users", [("email", "bob@example.com"), ("password", "correct horse 2"), ("role", "standard")], csrf: false).0 == .forbidden)
            var wrong = browser
            wrong.csrf = "forged"
            #expect(try await wrong.post(client, "/users", [("email", "bob@example.com"), ("password", "correct horse 2"), ("role", "standard")]).0 == .forbidden)
            #expect(try await browser.post(client, "/users", [("email", "not-an-email"), ("password", "correct horse 2"), ("role", "standard")]).0 == .badRequest)
            #expect(try await browser.post(client, "/users", [("email", "bob@example.com"), ("password", "short"), ("role", "standard")]).0 == .badRequest)
            #expect(try await browser.post(client, "/users", [("email", "bob@example.com"), ("password", "correct horse 2"), ("role", "owner")]).0 == .badRequest)
            #expect(try await browser.post(client, "/users", [("email", "bob@example.com"), ("password", "correct horse 2"), ("role", "standard")]).2 == "/users")
            #expect(try await browser.post(client, "/users", [("email", "BOB@example.com"), ("password", "correct horse 2"), ("role", "standard")]).0 == .badRequest)

            // Connect to Salesforce: bad names and My Domain URLs are refused with a message.
            #expect(try await browser.post(client, "/connections/new/salesforce", [("name", ""), ("environment", "production")]).0 == .badRequest)
            let badDomain = try await browser.post(client, "/connections/new/salesforce", [("name", "x"), ("environment", "mydomain"), ("mydomain", "https://evil.example.com")])
            #expect(badDomain.0 == .badRequest)
            #expect(badDomain.1.contains("my.salesforce.com"))
            #expect(try await browser.post(client, "/connections/new/salesforce", [("name", "x"), ("environment", "moon")]).0 == .badRequest)
            // No connected app configured: a clear message, not a crash.
            let unconfigured = try await browser.post(client, "/connections/new/salesforce", [("name", "x"), ("environment", "production")])
            #expect(unconfigured.0 == .serviceUnavailable)
            #expect(unconfigured.1.contains("TRIBUTARY_SALESFORCE_CLIENT_ID"))
            #expect(try await browser.get(client, "/connections/999/disconnect").0 == .notFound)
        }
    }

    @Test func redirectsStayOnThisSite() {
        #expect(WebApp.redirect("/connections").headers[.location] == "/connections")
        #expect(WebApp.redirect("//evil.example.com/x").headers[.location] == "/")
        #expect(WebApp.redirect("https://evil.example.com").headers[.location] == "/")
        #expect(WebApp.redirect("/\\evil.example.com").headers[.location] == "/")
    }
}

@Suite struct ManageUsersTests {
    @Test func adminsChangeRolesAndRemoveUsersButKeepOneAdmin() async throws {
        try await WebAppHarness.withApp { h, client in
            let admin = try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            let bob = try await h.store.accounts.addUser(email: "bob@example.com", password: "correct horse 2", role: .standard)
            var browser = Browser()
            try await browser.signIn(client, email: "ada@example.com", password: "correct horse 1")
            _ = try await browser.get(client, "/users")
            #expect(try await browser.post(client, "/users/\(bob.id)/role", [("role", "read-only")]).2 == "/users")
            #expect(try await h.store.accounts.users().first { $0.id == bob.id }?.role == .readOnly)
            // The only admin cannot demote or remove themself.
            #expect(try await browser.post(client, "/users/\(admin.id)/role", [("role", "standard")]).0 == .conflict)
            #expect(try await browser.post(client, "/users/\(admin.id)/remove", []).0 == .conflict)
            #expect(try await browser.post(client, "/users/\(bob.id)/role", [("role", "king")]).0 == .badRequest)
            #expect(try await browser.post(client, "/users/\(bob.id)/remove", []).2 == "/users")
            #expect(try await h.store.accounts.users().map(\.email) == ["ada@example.com"])
            // A removed user's session ends with them.
            #expect(try await browser.post(client, "/users/\(bob.id)/remove", [], csrf: false).0 == .forbidden)
        }
    }
}
