import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOHTTP1
import SandboxOrg
import SandboxTestSupport
import HummingbirdTesting
import NIOCore
import SalesforceKit
import Testing
import Warehouse

@testable import WebApp

/// Connect to Salesforce end to end against a sandbox org: authorize with PKCE and state, the
/// callback, the first cycle, Reauthenticate, and every way the callback can be wrong.
@Suite(.serialized) struct ConnectFlowTests {
    static let admin = ("ada@example.com", "correct horse 1")

    /// Signs in as admin and starts Connect to Salesforce; returns the authorize URL.
    func startConnect(_ h: WebAppHarness, _ client: some TestClientProtocol, _ browser: inout Browser, name: String = "Acme") async throws -> String {
        if try await h.store.accounts.isEmpty { try await h.store.accounts.addUser(email: Self.admin.0, password: Self.admin.1, role: .admin) }
        if browser.cookie == nil { try await browser.signIn(client, email: Self.admin.0, password: Self.admin.1) }
        _ = try await browser.get(client, "/connections/new/salesforce")
        let (status, _, location) = try await browser.post(client, "/connections/new/salesforce", [("name", name), ("environment", "local")])
        #expect(status == .seeOther)
        let url = try #require(location)
        #expect(url.hasPrefix(try #require(h.sandboxURL) + "/services/oauth2/authorize?"))
        #expect(url.contains("code_challenge_method=S256"))
        #expect(url.contains("redirect_uri=" + FormEncoding.escape(h.app.configuration.callbackURL)))
        return url
    }

    /// The callback path and query Salesforce redirected to.
    func callbackPath(_ location: String) throws -> String {
        let url = try #require(URL(string: location))
        #expect(location.hasPrefix("http://127.0.0.1:8080/oauth/callback?"))
        return url.path + "?" + (url.query ?? "")
    }

    func waitForCycle(_ h: WebAppHarness) async throws {
        for _ in 0..<400 {
            let connections = try await h.warehouse.metadata.connections()
            if let id = connections.first?.id, try await !h.app.runner.isRunning(id) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the first cycle did not end")
    }

    @Test func connectSyncsAndReauthenticateResumes() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            var browser = Browser()
            let authorize = try await startConnect(h, client, &browser)
            let user = try #require(h.sandbox?.configuration.users[0])
            let back = try await signInAtSandbox(authorize, base: try #require(h.sandboxURL), email: user.email, password: user.password)
            let callback = try callbackPath(back)
            let (status, _, location) = try await browser.get(client, callback)
            #expect(status == .seeOther)
            #expect(location == "/connections")
            try await waitForCycle(h)
            var (_, page, _) = try await browser.get(client, "/connections")
            #expect(page.contains("Connected"))
            #expect(page.contains("sf_account"))
            let record = try #require(try await h.warehouse.metadata.connection(named: "Acme"))
            #expect(record.organizationID == h.sandbox?.organizationID)
            #expect(record.lastSuccessfulUpdateBegan != nil)
            let accounts = try await h.warehouse.rowCount("sf_account")
            #expect(accounts > 0)

            // The same callback again: the state was used once and is gone.
            #expect(try await browser.get(client, callback).0 == .badRequest)

            // Salesforce revokes the tokens: the next cycle asks for reauthentication.
            try await sandboxControl(try #require(h.sandboxURL), "/_sandbox/refresh-tokens/revoke", http: h.http)
            try await sandboxControl(try #require(h.sandboxURL), "/_sandbox/sessions/expire", http: h.http)
            _ = try await browser.post(client, "/connections/\(try #require(record.id))/sync", [])
            try await waitForCycle(h)
            (_, page, _) = try await browser.get(client, "/connections")
            #expect(page.contains("Reauthentication required"))
            #expect(page.contains("Reauthenticate"))

            let (reStatus, _, reLocation) = try await browser.post(client, "/connections/\(try #require(record.id))/reauthenticate", [])
            #expect(reStatus == .seeOther)
            let again = try await signInAtSandbox(try #require(reLocation), base: try #require(h.sandboxURL), email: user.email, password: user.password)
            #expect(try await browser.get(client, try callbackPath(again)).2 == "/connections")
            try await waitForCycle(h)
            (_, page, _) = try await browser.get(client, "/connections")
            #expect(page.contains("Connected"))
            let resumed = try #require(try await h.warehouse.metadata.connection(named: "Acme"))
            #expect(resumed.id == record.id)
            #expect(try await h.warehouse.rowCount("sf_account") == accounts)

            // Disconnect, dropping the tables after the confirmation page lists them.
            let (_, confirm, _) = try await browser.get(client, "/connections/\(try #require(record.id))/disconnect")
            #expect(confirm.contains("sf_account"))
            #expect(try await browser.post(client, "/connections/\(try #require(record.id))/disconnect", [("tables", "drop")]).2 == "/connections")
            #expect(try await h.warehouse.metadata.connections().isEmpty)
            #expect(try await h.warehouse.tableSpec("sf_account") == nil)
        }
    }

    @Test func deniedAccessAndForeignStatesConnectNothing() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            var browser = Browser()
            let user = try #require(h.sandbox?.configuration.users[0])
            let base = try #require(h.sandboxURL)

            // The person clicks Deny at Salesforce.
            let denied = try await signInAtSandbox(try await startConnect(h, client, &browser), base: base, email: user.email, password: user.password, decision: "deny")
            let (status, page, _) = try await browser.get(client, try callbackPath(denied))
            #expect(status == .badRequest)
            #expect(page.contains("did not allow"))

            // A state that this app never issued, or issued to another browser session.
            #expect(try await browser.get(client, "/oauth/callback?code=abc&state=forged").0 == .badRequest)
            let authorize = try await startConnect(h, client, &browser)
            let back = try await signInAtSandbox(authorize, base: base, email: user.email, password: user.password)
            var other = Browser()
            try await other.signIn(client, email: Self.admin.0, password: Self.admin.1)
            #expect(try await other.get(client, try callbackPath(back)).0 == .badRequest)
            #expect(try await h.warehouse.metadata.connections().isEmpty)
        }
    }

    @Test func aCodeRedeemedWithTheWrongVerifierIsRefused() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            var browser = Browser()
            let user = try #require(h.sandbox?.configuration.users[0])
            let base = try #require(h.sandboxURL)
            // Two sign-ins started; the code of the first comes back with the state of the second,
            // so it is redeemed with the second one's PKCE verifier.
            let first = try await signInAtSandbox(try await startConnect(h, client, &browser, name: "One"), base: base, email: user.email, password: user.password)
            let second = try await startConnect(h, client, &browser, name: "Two")
            let code = try #require(URLComponents(string: first)?.queryItems?.first { $0.name == "code" }?.value)
            let state = try #require(URLComponents(string: second)?.queryItems?.first { $0.name == "state" }?.value)
            let (status, page, _) = try await browser.get(client, "/oauth/callback?code=\(FormEncoding.escape(code))&state=\(FormEncoding.escape(state))")
            #expect(status == .badGateway)
            #expect(page.contains("Nothing was connected"))
            #expect(try await h.warehouse.metadata.connections().isEmpty)
        }
    }

    @Test func aUserWithoutAPIAccessGetsAClearPageAndNothingIsSaved() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            var browser = Browser()
            let noAPI = try #require(h.sandbox?.configuration.users.first { !$0.apiEnabled })
            let back = try await signInAtSandbox(try await startConnect(h, client, &browser), base: try #require(h.sandboxURL), email: noAPI.email, password: noAPI.password)
            let (status, page, _) = try await browser.get(client, try callbackPath(back))
            #expect(status == .badRequest)
            #expect(page.contains("API Enabled"))
            #expect(try await h.warehouse.metadata.connections().isEmpty)
        }
    }
}
