import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import SandboxOrg

/// Sessions as Salesforce keeps them: cursors bound to the token that opened them, and refresh
/// tokens that rotate, with reuse detection and one token request at a time.
@Suite struct SessionTests {
    /// The first page's `nextRecordsUrl` of a query paged by 200.
    func openCursor(_ h: SandboxHarness, _ client: some TestClientProtocol, _ token: String) async throws -> String {
        let (status, body) = try await h.query(client, token, "SELECT Id FROM Account", headers: [.sforceQueryOptions: "batchSize=200"])
        #expect(status == .ok)
        return try #require(try json(ByteBuffer(string: body))["nextRecordsUrl"] as? String)
    }

    @Test func aCursorAnswersOnlyTheSessionThatOpenedIt() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let first = try await h.passwordGrant(client)
            let second = try await h.passwordGrant(client)
            let next = try await openCursor(h, client, first)
            try await client.execute(uri: next, method: .get, headers: bearer(second)) { response in
                #expect(response.status == .unauthorized)
                let error = try firstError(String(buffer: response.body))
                #expect(error.code == "INVALID_SESSION_ID")
            }
            try await client.execute(uri: next, method: .get, headers: bearer(first)) { #expect($0.status == .ok) }
            // A fresh query with the new session pages fine.
            let fresh = try await openCursor(h, client, second)
            try await client.execute(uri: fresh, method: .get, headers: bearer(second)) { #expect($0.status == .ok) }
        }
    }

    @Test func withoutSessionBindingAnyTokenOfTheUserPages() async throws {
        let h = try SandboxHarness { $0.sessionBoundCursors = false }
        try await h.run { client in
            let first = try await h.passwordGrant(client)
            let second = try await h.passwordGrant(client)
            let next = try await openCursor(h, client, first)
            try await client.execute(uri: next, method: .get, headers: bearer(second)) { #expect($0.status == .ok) }
        }
    }

    @Test func anExpiredSessionsCursorIsDeadForTheRenewedSession() async throws {
        let now = Mutex<Int64>(1_767_312_000_000)
        let h = try SandboxHarness {
            $0.accessTokenLifetimeSeconds = 30
            $0.clock = { now.withLock { $0 } }
        }
        try await h.run { client in
            let old = try await h.passwordGrant(client)
            let next = try await openCursor(h, client, old)
            now.withLock { $0 += 31_000 }
            try await client.execute(uri: next, method: .get, headers: bearer(old)) { #expect($0.status == .unauthorized) }
            let renewed = try await h.passwordGrant(client)
            try await client.execute(uri: next, method: .get, headers: bearer(renewed)) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func rotationAnswersANewRefreshTokenAndReuseRevokesTheFamily() async throws {
        let h = try SandboxHarness { $0.rotateRefreshTokens = true }
        try await h.run { client in
            let r1 = h.server.auth.issueRefreshToken(user: 0)
            let (s1, b1) = try await h.refresh(client, r1)
            #expect(s1 == .ok)
            let r2 = try #require(b1["refresh_token"] as? String)
            #expect(r2 != r1)
            let a2 = try #require(b1["access_token"] as? String)
            let (s2, b2) = try await h.refresh(client, r2)
            #expect(s2 == .ok)
            let r3 = try #require(b2["refresh_token"] as? String)
            let a3 = try #require(b2["access_token"] as? String)
            try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(a3)) { #expect($0.status == .ok) }

            // r1 was rotated out: presenting it again revokes r3 and every access token of the family.
            let (reuse, reuseBody) = try await h.refresh(client, r1)
            #expect(reuse == .badRequest)
            #expect(reuseBody["error"] as? String == "invalid_grant")
            let (latest, latestBody) = try await h.refresh(client, r3)
            #expect(latest == .badRequest && latestBody["error"] as? String == "invalid_grant")
            for access in [a2, a3] {
                try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(access)) { #expect($0.status == .unauthorized) }
            }
        }
    }

    @Test func withoutRotationTheRefreshTokenStaysAndIsNotAnswered() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let r1 = h.server.auth.issueRefreshToken(user: 0)
            for _ in 0..<2 {
                let (status, body) = try await h.refresh(client, r1)
                #expect(status == .ok)
                #expect(body["refresh_token"] == nil)
            }
        }
    }

    @Test func aSecondRefreshWithTheSameTokenInFlightIsRefused() async throws {
        let h = try SandboxHarness {
            $0.rotateRefreshTokens = true
            $0.refreshProcessingMs = 400
        }
        try await h.run { client in
            let r1 = h.server.auth.issueRefreshToken(user: 0)
            let first = Task { () async throws -> (HTTPResponse.Status, String?) in
                let (status, body) = try await h.refresh(client, r1)
                return (status, body["refresh_token"] as? String)
            }
            try await Task.sleep(for: .milliseconds(100))
            let (secondStatus, secondBody) = try await h.refresh(client, r1)
            #expect(secondStatus == .badRequest)
            #expect(secondBody["error"] as? String == "invalid_grant")
            #expect(secondBody["error_description"] as? String == "token request is already being processed")
            let (firstStatus, rotated) = try await first.value
            #expect(firstStatus == .ok)
            // The refused request did not spoil the family: the new token works.
            let r2 = try #require(rotated)
            let (thirdStatus, _) = try await h.refresh(client, r2)
            #expect(thirdStatus == .ok)
        }
    }
}
