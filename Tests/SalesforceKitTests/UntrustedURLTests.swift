import AsyncHTTPClient
import Foundation
import Hummingbird
import Synchronization
import Testing

@testable import SalesforceKit

/// Finding 6 of issue 15: credentials and tokens go only to Salesforce hosts over https (or a
/// local sandbox org an operator named), decided on the URL as the HTTP client reads it.
@Suite struct UntrustedURLTests {
    @Test func encodedOrUserQualifiedHostsAreNotSalesforce() {
        for url in [
            "https://evil.example%2F.salesforce.com", "https://evil.example%2f.my.salesforce.com", "https://evil.example%2e.salesforce.com",
            "https://acme.my.salesforce.com@evil.invalid", "https://evil.invalid#.salesforce.com", "https://evil.invalid\\.salesforce.com",
            "https://evil.invalid/.salesforce.com", "https://evil.invalid?.salesforce.com", "https://acme.my.salesforce.com.evil.invalid",
            "https://salesforce.com.evil.invalid", "https://evil.invalid%00.salesforce.com", "https://acme.my.salesforce.com\r\n",
            "https://acme.my.salesforce.com:99999", "https://acme.my.salesforce.com:+443", "https:// acme.my.salesforce.com",
            "http://acme.my.salesforce.com", "ftp://acme.my.salesforce.com", "https://acme.lightning.force.com", "https://127.0.0.1",
            "https://localhost", "https://[::1]:8443",
        ] {
            #expect(throws: SalesforceError.self, "\(url)") { _ = try LoginHost(url: url, policy: .salesforce) }
        }
    }

    @Test func salesforceHostsOverHTTPSAreAccepted() throws {
        #expect(try LoginHost(url: "https://login.salesforce.com", policy: .salesforce) == .production)
        #expect(try LoginHost(url: "https://test.salesforce.com/", policy: .salesforce) == .sandbox)
        for url in ["https://acme.my.salesforce.com", "https://acme--uat.sandbox.my.salesforce.com", "https://acme-dev-ed.develop.my.salesforce.com",
                    "HTTPS://Acme.My.Salesforce.com/", "https://usa77.salesforce.com:443"] {
            #expect(throws: Never.self, "\(url)") { _ = try LoginHost(url: url, policy: .salesforce) }
        }
        #expect(try LoginHost(url: "HTTPS://Acme.My.Salesforce.com/", policy: .salesforce).baseURL == "https://acme.my.salesforce.com")
    }

    @Test func loopbackOnlyForALocalSandboxTheOperatorNamed() throws {
        for url in ["http://127.0.0.1:7777", "https://localhost:8443", "http://[::1]:7777"] {
            #expect(throws: SalesforceError.self) { _ = try LoginHost(url: url, policy: .salesforce) }
            #expect(try LoginHost.localSandbox(url).issuedURLPolicy == .salesforceOrLocalSandbox)
        }
        // Even a named sandbox org must be on this machine: other private addresses are not loopback.
        for url in ["http://10.0.0.1:7777", "http://127.0.0.1.evil.invalid", "http://0.0.0.0:7777", "http://2130706433"] {
            #expect(throws: SalesforceError.self, "\(url)") { _ = try LoginHost.localSandbox(url) }
        }
        #expect(try LoginHost(url: "https://acme.my.salesforce.com", policy: .salesforce).issuedURLPolicy == .salesforce)
    }

    @Test func nextRecordsURLMustBeAPathOnTheInstance() async throws {
        let instance = try SalesforceOrigin(checking: "http://127.0.0.1:9", policy: .salesforceOrLocalSandbox)
        let client = SalesforceClient(http: .shared, tokens: TokenSet(accessToken: "secret-token", instanceURL: instance), reauthorize: nil,
                                      retry: RetryPolicy(attempts: 1))
        for next in ["https://evil.invalid/services/data/v62.0/query/01g-2000", "//evil.invalid/services/data/v62.0/query/01g-2000",
                     "@evil.invalid/services/data/v62.0/query/01g-2000", ".evil.invalid/services/data/v62.0/query/01g-2000",
                     "/services/data/v62.0/query/01g-2000\r\nHost: evil.invalid", "/services/data\\@evil.invalid"] {
            await #expect(throws: SalesforceError.self, "\(next)") { _ = try await client.queryMore(next, fields: ["Id"]) }
            #expect(client.callCount == 0, "nothing may be sent for \(next)")
        }
        #expect(try InstancePath(checking: "/services/data/v62.0/query/01gRO0000016PIAYA2-2000").path.hasPrefix("/services/data/"))
    }

    @Test func aForgedTokenResponseCannotPointTheTokenElsewhere() async throws {
        // A token endpoint on loopback (the operator-named sandbox org) that answers with
        // instance and identity URLs on other hosts (`.invalid` never resolves, so nothing is reached).
        let answers = ["https://evil.invalid", "http://acme.my.salesforce.com", "https://evil.example%2F.salesforce.com", "http://10.0.0.1"]
        for forged in answers {
            try await withTokenEndpoint(instanceURL: forged, identityURL: "https://login.salesforce.com/id/00D/005") { login in
                let oauth = OAuthClient(app: OAuthApp(clientID: "cid", clientSecret: "s", redirectURI: nil, loginHost: try .localSandbox(login)), http: .shared)
                await #expect(throws: SalesforceError.self, "\(forged)") { _ = try await oauth.password(username: "u", password: "p") }
            }
            try await withTokenEndpoint(instanceURL: "https://acme.my.salesforce.com", identityURL: forged + "/id/00D/005") { login in
                let oauth = OAuthClient(app: OAuthApp(clientID: "cid", clientSecret: "s", redirectURI: nil, loginHost: try .localSandbox(login)), http: .shared)
                await #expect(throws: SalesforceError.self, "id \(forged)") { _ = try await oauth.password(username: "u", password: "p") }
            }
        }
    }

    /// Runs `body` with the URL of a loopback server whose token endpoint answers with the given URLs.
    func withTokenEndpoint(instanceURL: String, identityURL: String, _ body: (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/services/oauth2/token") { _, _ -> Response in
            let json = #"{"access_token":"secret-token","instance_url":"\#(instanceURL)","id":"\#(identityURL)","token_type":"Bearer"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let serving = Task { try await app.runService() }
        defer { serving.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        try await body("http://127.0.0.1:\(port)")
    }
}
