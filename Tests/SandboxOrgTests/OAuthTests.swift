import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import WebForms

@testable import SandboxOrg

@Suite struct OAuthTests {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    var challenge: String { AuthService.s256(verifier) }
    let redirect = "http://127.0.0.1:9876/callback"

    @Test func pkceChallengeMatchesRFC7636Example() {
        #expect(AuthService.s256(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    /// Signs in through the pages and returns the redirect's query (code/state or error).
    func signIn(_ h: SandboxHarness, _ client: some TestClientProtocol, state: String = "xyz", decision: String = "allow", password: String? = nil) async throws -> [String: String] {
        let config = h.configuration
        let authorize = "/services/oauth2/authorize?response_type=code&client_id=\(config.clientID)&redirect_uri=\(FormData.encode(redirect))&state=\(state)&code_challenge=\(challenge)&code_challenge_method=S256&scope=api%20refresh_token"
        let page = try await client.execute(uri: authorize, method: .get) { String(buffer: $0.body) }
        #expect(page.contains("Log In"))
        let tx = try #require(page.hiddenValue("tx"))
        let login = "tx=\(tx)&step=login&username=\(FormData.encode(config.users[0].email))&password=\(FormData.encode(password ?? config.users[0].password))"
        let (allowPage, location) = try await client.execute(uri: "/services/oauth2/authorize", method: .post, headers: h.form, body: ByteBuffer(string: login)) {
            (String(buffer: $0.body), $0.headers[.location])
        }
        if let location {
            // Approved before: straight back to the app.
            return FormData.parse(String(location.split(separator: "?", maxSplits: 1).last ?? ""))
        }
        guard allowPage.contains("Allow Access?") else { return ["page": allowPage] }
        let allow = "tx=\(tx)&step=allow&user=\(allowPage.hiddenValue("user") ?? "")&allowToken=\(FormData.encode(allowPage.hiddenValue("allowToken") ?? ""))&decision=\(decision)"
        return try await client.execute(uri: "/services/oauth2/authorize", method: .post, headers: h.form, body: ByteBuffer(string: allow)) { response in
            #expect(response.status == .found)
            let location = try #require(response.headers[.location])
            #expect(location.hasPrefix(redirect + "?"))
            return FormData.parse(String(location.split(separator: "?", maxSplits: 1).last ?? ""))
        }
    }

    func exchange(_ h: SandboxHarness, _ client: some TestClientProtocol, code: String, verifier: String?) async throws -> (HTTPResponse.Status, [String: Any]) {
        var body = "grant_type=authorization_code&code=\(FormData.encode(code))&client_id=\(h.configuration.clientID)&client_secret=\(h.configuration.clientSecret)&redirect_uri=\(FormData.encode(redirect))"
        if let verifier { body += "&code_verifier=\(verifier)" }
        return try await client.execute(uri: "/services/oauth2/token", method: .post, headers: h.form, body: ByteBuffer(string: body)) { ($0.status, try json($0.body)) }
    }

    @Test func webServerFlowWithPKCEIssuesTokensOnce() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let callback = try await signIn(h, client, state: "st4te")
            #expect(callback["state"] == "st4te")
            let code = try #require(callback["code"])
            let (status, tokens) = try await exchange(h, client, code: code, verifier: verifier)
            #expect(status == .ok)
            let access = try #require(tokens["access_token"] as? String)
            let refresh = try #require(tokens["refresh_token"] as? String)
            let id = try #require(tokens["id"] as? String)
            let issuedAt = try #require(tokens["issued_at"] as? String)
            #expect(tokens["instance_url"] as? String == h.server.baseURL)
            #expect(access.hasPrefix(String(h.server.organizationID.prefix(15)) + "!"))
            // signature = base64(HMAC-SHA256(client secret, id + issued_at))
            let mac = HMAC<SHA256>.authenticationCode(for: Data((id + issuedAt).utf8), using: SymmetricKey(data: Data(h.configuration.clientSecret.utf8)))
            #expect(tokens["signature"] as? String == Data(mac).base64EncodedString())
            // The identity URL answers for the token's user.
            let path = String(id.dropFirst(h.server.baseURL.count))
            try await client.execute(uri: path, method: .get, headers: bearer(access)) { response in
                #expect(response.status == .ok)
                let parsed = try json(response.body)
                #expect(parsed["organization_id"] as? String == h.server.organizationID)
            }
            // A replayed code is refused and revokes what the first exchange issued.
            let (replayStatus, replay) = try await exchange(h, client, code: code, verifier: verifier)
            #expect(replayStatus == .badRequest && replay["error"] as? String == "invalid_grant")
            let refreshBody = "grant_type=refresh_token&refresh_token=\(FormData.encode(refresh))&client_id=\(h.configuration.clientID)"
            try await client.execute(uri: "/services/oauth2/token", method: .post, headers: h.form, body: ByteBuffer(string: refreshBody)) { response in
                let parsed = try json(response.body)
                #expect(parsed["error_description"] as? String == "expired access/refresh token")
            }
        }
    }

    @Test func wrongOrMissingVerifierFails() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let first = try #require(try await signIn(h, client)["code"])
            let (s1, b1) = try await exchange(h, client, code: first, verifier: "wrong-verifier-wrong-verifier-wrong-verifier")
            #expect(s1 == .badRequest && b1["error"] as? String == "invalid_grant")
            // The second sign-in skips Allow (already approved) and still needs the verifier.
            let second = try #require(try await signIn(h, client)["code"])
            let (s2, b2) = try await exchange(h, client, code: second, verifier: nil)
            #expect(s2 == .badRequest && b2["error"] as? String == "invalid_grant")
        }
    }

    @Test func denyRedirectsWithAccessDenied() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let callback = try await signIn(h, client, state: "s1", decision: "deny")
            #expect(callback["error"] == "access_denied")
            #expect(callback["state"] == "s1")
        }
    }

    @Test func wrongPasswordShowsTheSignInPageAgain() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let result = try await signIn(h, client, password: "nope")
            #expect(result["page"]?.contains("Please check your username and password") == true)
        }
    }

    @Test func unknownClientAndForeignRedirectAreRefusedOnAPage() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            try await client.execute(uri: "/services/oauth2/authorize?response_type=code&client_id=nope&redirect_uri=\(FormData.encode(redirect))", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("invalid_client_id"))
            }
            try await client.execute(uri: "/services/oauth2/authorize?response_type=code&client_id=\(h.configuration.clientID)&redirect_uri=https%3A%2F%2Fevil.example%2Fcb", method: .get) { response in
                #expect(String(buffer: response.body).contains("redirect_uri_mismatch"))
            }
        }
    }

    @Test func tokenEndpointErrors() async throws {
        let h = try SandboxHarness()
        let c = h.configuration
        let cases: [(String, String, String)] = [
            ("grant_type=password&client_id=\(c.clientID)&client_secret=\(c.clientSecret)&username=\(c.users[0].email)&password=bad", "invalid_grant", "authentication failure"),
            ("grant_type=password&client_id=unknown&client_secret=x&username=a&password=b", "invalid_client_id", "client identifier invalid"),
            ("grant_type=password&client_id=\(c.clientID)&client_secret=wrong&username=a&password=b", "invalid_client", "invalid client credentials"),
            ("grant_type=magic", "unsupported_grant_type", "grant type not supported"),
            ("client_id=x", "invalid_request", "grant type is missing"),
            ("grant_type=refresh_token&client_id=\(c.clientID)&refresh_token=5Aep861bogus", "invalid_grant", "expired access/refresh token"),
        ]
        try await h.run { client in
            for (body, error, description) in cases {
                try await client.execute(uri: "/services/oauth2/token", method: .post, headers: h.form, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    let b = try json(response.body)
                    #expect(b["error"] as? String == error, "\(body)")
                    #expect(b["error_description"] as? String == description, "\(body)")
                }
            }
        }
    }

    @Test func revokedAccessTokenAndExpiredSessionsGetInvalidSession() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(token)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/services/oauth2/revoke", method: .post, headers: h.form, body: ByteBuffer(string: "token=\(FormData.encode(token))")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .unauthorized)
                let parsed = try jsonArray(response.body)
                #expect(parsed.first?["errorCode"] as? String == "INVALID_SESSION_ID")
            }
            let second = try await h.passwordGrant(client)
            try await client.execute(uri: "/_sandbox/sessions/expire", method: .post) { #expect($0.status == .ok) }
            try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(second)) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func expiredAccessTokensStopWorking() async throws {
        // The org's own clock, moved by hand: a loaded machine must not expire the token early.
        let now = Mutex<Int64>(1_767_312_000_000)
        let h = try SandboxHarness {
            $0.accessTokenLifetimeSeconds = 1
            $0.clock = { now.withLock { $0 } }
        }
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            try await client.execute(uri: "/services/data/v62.0/", method: .get, headers: bearer(token)) { #expect($0.status == .ok) }
            now.withLock { $0 += 1_100 }
            try await client.execute(uri: "/services/data/v62.0/", method: .get, headers: bearer(token)) { #expect($0.status == .unauthorized) }
        }
    }
}
