import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import WebApp

/// `/healthz` and `/readyz` answer load balancers without a session, and `/readyz` says which
/// part does not answer.
@Suite struct HealthTests {
    @Test func bothAnswerWithoutASessionAndShowNoData() async throws {
        try await WebAppHarness.withApp { _, client in
            let live = try await client.execute(uri: "/healthz", method: .get)
            #expect(live.status == .ok && String(buffer: live.body) == "ok\n")
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok, "\(String(buffer: ready.body))")
            let body = try #require(try JSONSerialization.jsonObject(with: Data(ready.body.readableBytesView)) as? [String: Any])
            #expect(body["ready"] as? Bool == true)
            #expect(body["checks"] as? [String: String] == ["warehouse": "ok", "metadata": "ok", "store": "ok"])
            #expect(ready.headers[.cacheControl] == "no-store")
            // Changing anything there is not a thing
            #expect(try await client.execute(uri: "/readyz", method: .post).status != .ok)
        }
    }

    @Test func aPartThatFailsOrHangsIsNamedNotExplained() async {
        struct Secret: Error {}
        #expect(await HealthController.answers(within: .seconds(5)) { throw Secret() } == "failed")
        let started = ContinuousClock.now
        let hung = await HealthController.answers(within: .milliseconds(200)) { try await Task.sleep(for: .seconds(30)) }
        #expect(hung.hasPrefix("no answer within"))
        #expect(ContinuousClock.now - started < .seconds(10), "the check was not cut short")
        #expect(await HealthController.answers(within: .seconds(5)) {} == "ok")
    }
}
