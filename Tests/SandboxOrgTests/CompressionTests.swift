import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import SandboxOrg

/// gzip bodies for clients that ask for them, over a real socket (the compressor is a channel
/// handler, which the in-process router client does not pass through).
@Suite struct CompressionTests {
    func token(_ client: some TestClientProtocol, _ h: SandboxHarness) async throws -> String {
        let u = h.configuration.users[0]
        let body = "grant_type=password&client_id=\(h.configuration.clientID)&client_secret=\(h.configuration.clientSecret)&username=\(u.email)&password=\(u.password)"
        return try await client.execute(uri: "/services/oauth2/token", method: .post, headers: h.form, body: ByteBuffer(string: body)) { response in
            try #require(try json(response.body)["access_token"] as? String)
        }
    }

    @Test func pagesAreGzippedOnlyForClientsThatAsk() async throws {
        let h = try SandboxHarness {
            $0.compressResponses = true
            $0.port = 0
        }
        try await h.server.makeApplication().test(.live) { client in
            let token = try await token(client, h)
            let uri = "/services/data/v62.0/query?q=SELECT+Id,Name+FROM+Account"
            var gzip = bearer(token)
            gzip[.acceptEncoding] = "gzip"
            let compressed = try await client.execute(uri: uri, method: .get, headers: gzip) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentEncoding] == "gzip")
                return Array(response.body.readableBytesView)
            }
            #expect(compressed.prefix(2) == [0x1F, 0x8B])
            let plain = try await client.execute(uri: uri, method: .get, headers: bearer(token)) { response in
                #expect(response.headers[.contentEncoding] == nil)
                return Array(response.body.readableBytesView)
            }
            #expect(plain.first == UInt8(ascii: "{"))
            #expect(compressed.count < plain.count / 3)
        }
    }

    @Test func withoutTheSwitchNothingIsCompressed() async throws {
        let h = try SandboxHarness { $0.port = 0 }
        try await h.server.makeApplication().test(.live) { client in
            let token = try await token(client, h)
            var gzip = bearer(token)
            gzip[.acceptEncoding] = "gzip"
            try await client.execute(uri: "/services/data/v62.0/query?q=SELECT+Id+FROM+Account", method: .get, headers: gzip) { response in
                #expect(response.headers[.contentEncoding] == nil)
                #expect(response.body.readableBytesView.first == UInt8(ascii: "{"))
            }
        }
    }
}
