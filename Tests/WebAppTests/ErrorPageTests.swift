import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import WebApp

/// Finding 16 of issue 15: an unexpected error shows an id, never its text; the log has the
/// text under the same id.
@Suite struct ErrorPageTests {
    struct LeakyError: Error, CustomStringConvertible {
        var description: String { "SELECT password_hash FROM tributary_users at /srv/tributary/data" }
    }

    @Test func anUnexpectedErrorShowsAnIDAndLogsTheDetailUnderIt() async throws {
        let record = LogRecord()
        try await WebAppHarness.withApp(logger: record.logger, extraRoutes: { router in
            router.get("/test/boom") { _, _ -> Response in throw LeakyError() }
        }) { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            var browser = Browser()
            try await browser.signIn(client, email: "ada@example.com", password: "correct horse 1")
            // When: a route fails in a way the app did not foresee.
            let response = try await client.execute(uri: "/test/boom", method: .get, headers: browser.headers)
            let body = String(buffer: response.body)
            // Then: 500, a page without the error's text, and an id that the log has with the detail.
            #expect(response.status == .internalServerError)
            #expect(!body.contains("password_hash") && !body.contains("/srv/tributary"))
            let id = try #require(body.firstMatch(of: /<code id="error-id">([0-9a-f]{12})<\/code>/)?.1)
            let logged = record.entries.filter { $0.metadata["error.id"]?.description == String(id) }
            #expect(logged.count == 1)
            #expect(logged.first?.metadata["error"]?.description.contains("password_hash") == true)
        }
    }
}
