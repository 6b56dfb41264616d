import Foundation
import SalesforceKit
import SandboxOrg
import Sync
import Testing
import Warehouse
import WarehouseTestSupport

/// Refresh token rotation (the sandbox org's `--rotate-refresh-tokens`, as Salesforce's connected
/// apps may require): each refresh spends its token, reusing a spent one revokes the whole
/// family, and a second refresh with one token while the first is in flight is refused. Clients
/// of one connection (a cycle, a table run, a worker) renew once, one at a time, from the stored
/// token, and store the new one before using it.
@Suite(.serialized) struct TokenRotationTests {
    @Test(arguments: Backend.available) func clientsOfOneConnectionRenewOnceAndTheFamilyLives(_ backend: Backend) async throws {
        try await withHarness(backend, configure: { $0.rotateRefreshTokens = true }) { h in
            try await h.connectThroughSignInPage()
            let record = try await h.service.connection(named: "sandbox")
            let stored = try secrets(h, record)
            // Two clients made from the same stored tokens, as a serve and its worker hold them.
            let first = try h.service.client(for: record)
            let second = try h.service.client(for: record)
            try await h.control("/_sandbox/sessions/expire")
            async let a = first.describeGlobal()
            async let b = second.describeGlobal()
            let (objectsA, objectsB) = try await (a, b)
            #expect(!objectsA.isEmpty && objectsA.count == objectsB.count)
            #expect(first.tokens.accessToken == second.tokens.accessToken, "the second client must take the first's renewal, not spend the token again")
            // The rotated token was stored before it was used.
            let renewed = try secrets(h, try await h.service.connection(named: "sandbox"))
            #expect(renewed != stored && renewed == first.tokens.refreshToken)

            // A client made later renews from the stored token; then the first client, which
            // began with the token spent long ago, renews from the stored one too.
            try await h.control("/_sandbox/sessions/expire")
            let third = try h.service.client(for: try await h.service.connection(named: "sandbox"))
            _ = try await third.describeGlobal()
            try await h.control("/_sandbox/sessions/expire")
            _ = try await first.describeGlobal()

            // The family is alive: a cycle renews once more and succeeds.
            try await h.control("/_sandbox/sessions/expire")
            let result = try await h.sync { $0.objects = ["Account"] }
            #expect(result.status == .succeeded, "\(result.error ?? "")")
            #expect(try await h.service.connection(named: "sandbox").status == .connected)
        }
    }

    @Test func aTokenThatCannotBeStoredIsNotUsed() async throws {
        try await withHarness(configure: { $0.rotateRefreshTokens = true }) { h in
            try await h.connectThroughSignInPage()
            let record = try await h.service.connection(named: "sandbox")
            let client = try h.service.client(for: record)
            // The connection's row is gone (deleted from the app meanwhile): nothing can hold the
            // renewed token, so the renewal fails instead of spending the stored one.
            try await h.warehouse.metadata.deleteConnection(id: try #require(record.id))
            try await h.control("/_sandbox/sessions/expire")
            await #expect(throws: SalesforceError.self) { _ = try await client.describeGlobal() }
        }
    }

    private func secrets(_ h: SyncHarness, _ record: ConnectionRecord) throws -> String? {
        let box = try SecretBox.load(dataDirectory: h.directory, encodedKey: nil)
        return try JSONDecoder().decode(ConnectionSecrets.self, from: box.open(try #require(record.secretsCiphertext))).tokens.refreshToken
    }
}
