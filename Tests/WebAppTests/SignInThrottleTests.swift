import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import WebApp

/// Finding 7 of issue 15: the throttle counts an email however it is typed, and behind a
/// reverse proxy the operator names it counts each client, not the proxy.
@Suite struct SignInThrottleTests {
    static let password = "correct horse 1"

    private func signIn(_ client: some TestClientProtocol, _ email: String, _ password: String, from address: String) async throws -> HTTPResponse.Status {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let name = HTTPField.Name("X-Forwarded-For") { headers[name] = address }
        let body = "email=\(Browser.encode(email))&password=\(Browser.encode(password))"
        return try await client.execute(uri: "/sign-in", method: .post, headers: headers, body: ByteBuffer(string: body)).status
    }

    @Test func behindATrustedProxyTheThrottleCountsTheEmailHoweverTypedAndEachClientApart() async throws {
        let proxies = try TrustedProxies(parsing: "127.0.0.1, 10.0.0.0/8")
        try await WebAppHarness.withApp(configure: { $0.trustedProxies = proxies }, live: true) { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: Self.password, role: .admin)
            try await h.store.accounts.addUser(email: "bob@example.com", password: Self.password, role: .standard)
            // Given: five wrong guesses at Ada's password, each spelling her email differently and
            // each from another client (the proxy passes the client on in X-Forwarded-For).
            for (index, spelling) in [" ada@example.com", "ADA@example.com", "ada@example.com ", "\tAda@Example.com", "ada@example.com"].enumerated() {
                #expect(try await signIn(client, spelling, "wrong", from: "203.0.113.\(index + 1), 10.0.0.7") == .unauthorized)
            }
            // Then: Ada's email is locked, even with the right password from a sixth client...
            #expect(try await signIn(client, "ada@example.com", Self.password, from: "203.0.113.99") == .tooManyRequests)
            // ...and a guesser's five failures from one client lock out that client only, not
            // everyone behind the proxy.
            for _ in 0..<5 { _ = try await signIn(client, "nobody@example.com", "wrong", from: "198.51.100.66") }
            #expect(try await signIn(client, "bob@example.com", Self.password, from: "198.51.100.66") == .tooManyRequests)
            #expect(try await signIn(client, "bob@example.com", Self.password, from: "198.51.100.7") == .seeOther)
        }
    }

    @Test func withoutTrustedProxiesXForwardedForIsIgnored() async throws {
        try await WebAppHarness.withApp(live: true) { h, client in
            try await h.store.accounts.addUser(email: "bob@example.com", password: Self.password, role: .standard)
            // A guesser cannot pick a fresh address per attempt by writing the header.
            for index in 0..<5 { _ = try await signIn(client, "nobody\(index)@example.com", "wrong", from: "198.51.100.\(index)") }
            #expect(try await signIn(client, "bob@example.com", Self.password, from: "198.51.100.200") == .tooManyRequests)
        }
    }
}

@Suite struct TrustedProxiesTests {
    @Test func theClientIsTheLastAddressThatIsNotATrustedProxy() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, 192.168.1.5, ::1, fd00::/8")
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["1.1.1.1, 203.0.113.4, 192.168.1.5"]) == "203.0.113.4")
        #expect(proxies.clientAddress(peer: "::1", forwardedFor: ["2001:db8::1"]) == "2001:db8::1")
        #expect(proxies.clientAddress(peer: "fd12::3", forwardedFor: ["203.0.113.4", "10.0.0.2"]) == "203.0.113.4")
        // An untrusted peer's header is its own word: ignored.
        #expect(proxies.clientAddress(peer: "203.0.113.9", forwardedFor: ["10.0.0.1"]) == "203.0.113.9")
        // A malformed entry stops the walk at the proxy.
        #expect(proxies.clientAddress(peer: "10.0.0.1", forwardedFor: ["203.0.113.4, not-an-ip"]) == "10.0.0.1")
        #expect(proxies.clientAddress(peer: nil, forwardedFor: ["203.0.113.4"]) == nil)
        #expect(TrustedProxies.none.clientAddress(peer: "10.0.0.1", forwardedFor: ["203.0.113.4"]) == "10.0.0.1")
    }

    @Test(arguments: ["10.0.0.0/33", "300.1.1.1", "example.com", "10.0.0.1/x", "::1/129"])
    func aListThatDoesNotParseIsRefused(_ list: String) {
        #expect(throws: InvalidTrustedProxy.self) { try TrustedProxies(parsing: list) }
    }
}
