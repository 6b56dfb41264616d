import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import WebApp

/// Finding 14 of issue 15: every response carries the security headers, and pages carry no
/// inline script for the Content-Security-Policy to have to allow.
@Suite struct SecurityHeaderTests {
    private func header(_ response: TestResponse, _ name: String) -> String? {
        HTTPField.Name(name).flatMap { response.headers[$0] }
    }

    @Test(arguments: ["/sign-in", "/setup", "/no-such-page", "/assets/sortable-tables.js", "/api/v1/connections"])
    func everyResponseCarriesTheSecurityHeaders(_ uri: String) async throws {
        try await WebAppHarness.withApp { _, client in
            let response = try await client.execute(uri: uri, method: .get)
            let policy = try #require(header(response, "Content-Security-Policy"))
            #expect(policy.contains("frame-ancestors 'none'"))
            let scripts = policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("script-src") }
            #expect(scripts == "script-src 'self'")
            #expect(header(response, "X-Content-Type-Options") == "nosniff")
            #expect(header(response, "Referrer-Policy") == "same-origin")
            #expect(header(response, "X-Frame-Options") == "DENY")
        }
    }

    @Test func pagesLoadTheirScriptsFromFilesAndHaveNoInlineScript() async throws {
        try await WebAppHarness.withApp { h, client in
            try await h.store.accounts.addUser(email: "ada@example.com", password: "correct horse 1", role: .admin)
            var browser = Browser()
            try await browser.signIn(client, email: "ada@example.com", password: "correct horse 1")
            for uri in ["/connections", "/dashboards", "/reports", "/reports/new", "/goals", "/leads", "/warehouse", "/users", "/api-keys"] {
                let (status, page, _) = try await browser.get(client, uri)
                #expect(status == .ok, "\(uri)")
                #expect(!page.contains("<script>") && !page.contains("javascript:") && !page.contains(" onclick="), "\(uri)")
            }
            // The scripts the pages name are served, as JavaScript.
            for script in Scripts.allCases {
                let response = try await client.execute(uri: script.path, method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(String(buffer: response.body).contains("querySelectorAll"))
            }
            let session = try #require(try await browser.session(h))
            #expect(Pages.connections([], session: session).contains(Scripts.cycleProgress.tag))
        }
    }
}

extension Browser {
    /// The browser's session, read from the store by its cookie.
    func session(_ h: WebAppHarness) async throws -> Session? {
        guard let token = cookie?.split(separator: "=", maxSplits: 1).last.map(String.init) else { return nil }
        return try await h.store.accounts.session(token: token)
    }
}
