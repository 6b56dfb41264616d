import Foundation
import Synchronization
import Testing
import Warehouse

@testable import WebApp

/// Finding 17 of issue 15: webhooks reach no internal address (after resolving the name) unless
/// the operator allows it, and never follow redirects.
@Suite(.serialized) struct WebhookTargetTests {
    @Test func cycleEndWebhooksDoNotReachLoopbackUnlessAllowed() async throws {
        let hook = WebhookReceiver()
        let url = try await hook.start()
        defer { hook.stop() }
        try await WebAppHarness.withApp(sandbox: true) { h, _ in
            var record = try await h.connect()
            record.notifyWebhook = url
            record = try await h.warehouse.metadata.saveConnection(record)
            let task = try #require(h.app.runner.startTask(record))
            await task.value
            #expect(hook.bodies.withLock { $0.isEmpty }, "a webhook on loopback was posted without --webhook-allow")
        }
    }

    @Test func namesAndLiteralsThatPointInsideAreRefused() async throws {
        let hook = WebhookReceiver()
        let url = try await hook.start()
        defer { hook.stop() }
        let port = try #require(URLComponents(string: url)?.port)
        let sender = WebhookSender(allow: .publicOnly)
        for target in [url, "http://localhost:\(port)/hook", "http://[::ffff:127.0.0.1]:\(port)/hook", "http://0x7f000001:\(port)/hook"] {
            await #expect(throws: (any Error).self, "\(target)") { _ = try await sender.post(target, json: Array("{}".utf8)) }
        }
        #expect(hook.bodies.withLock { $0.isEmpty })

        let allowed = WebhookSender(allow: try WebhookAllowlist(parsing: "127.0.0.1"))
        let status = try await allowed.post(url, json: Array("{}".utf8))
        #expect(status == 204)
        #expect(hook.bodies.withLock { $0.count } == 1)
    }

    @Test func redirectsAreNotFollowed() async throws {
        let hook = WebhookReceiver()
        let url = try await hook.start()
        defer { hook.stop() }
        let sender = WebhookSender(allow: try WebhookAllowlist(parsing: "127.0.0.0/8"))
        let status = try await sender.post(url.replacingOccurrences(of: "/hook", with: "/redirect"), json: Array("{}".utf8))
        #expect(status == 307)
        #expect(hook.bodies.withLock { $0.isEmpty })
    }

    @Test func internalRangesAreRefusedAndTheAllowlistOpensThem() throws {
        let inside = ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
                        "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"]
        for text in inside {
            let address = try #require(IPAddress(text), "\(text)")
            #expect(!WebhookAllowlist.publicOnly.permits(address), "\(text)")
        }
        for text in ["93.184.216.34", "2606:4700::1111", "::ffff:93.184.216.34"] {
            let address = try #require(IPAddress(text))
            #expect(WebhookAllowlist.publicOnly.permits(address), "\(text)")
        }
        let allow = try WebhookAllowlist(parsing: " 127.0.0.1, 10.0.0.0/8 ,fd00::/8")
        for text in ["127.0.0.1", "10.200.0.1", "fd12::1"] {
            let address = try #require(IPAddress(text))
            #expect(allow.permits(address), "\(text)")
        }
        for text in ["127.0.0.2", "169.254.169.254"] {
            let address = try #require(IPAddress(text))
            #expect(!allow.permits(address), "\(text)")
        }
        for bad in ["localhost", "10.0.0.0/33", "10.0.0.0/", "1.2.3", "::1/129"] {
            #expect(throws: WebhookAllowlistError.self, "\(bad)") { _ = try WebhookAllowlist(parsing: bad) }
        }
    }
}
