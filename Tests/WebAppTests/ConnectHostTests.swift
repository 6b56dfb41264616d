import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import WebApp

/// Finding 6 of issue 15: the Connect form's My Domain field sends the browser (and later the
/// client secret and PKCE verifier) only to a Salesforce host over https, read as the browser
/// and the HTTP client read it; the local sandbox org only when `serve --demo` offers one.
@Suite(.serialized) struct ConnectHostTests {
    static let admin = ("ada@example.com", "correct horse 1")

    @Test func myDomainMustBeASalesforceHostAfterDecoding() async throws {
        try await WebAppHarness.withApp(configure: { $0.clientID = "cid"; $0.clientSecret = "secret" }) { h, client in
            try await h.store.accounts.addUser(email: Self.admin.0, password: Self.admin.1, role: .admin)
            var browser = Browser()
            try await browser.signIn(client, email: Self.admin.0, password: Self.admin.1)
            _ = try await browser.get(client, "/connections/new/salesforce")
            for myDomain in ["https://evil.example%2F.salesforce.com", "https://evil.example%2f.my.salesforce.com", "https://acme.my.salesforce.com@evil.invalid",
                             "http://acme.my.salesforce.com", "https://127.0.0.1", "https://evil.invalid%23.salesforce.com", "https://acme.lightning.force.com.evil.invalid"] {
                let (status, _, location) = try await browser.post(client, "/connections/new/salesforce",
                                                                  [("name", "Acme"), ("environment", "mydomain"), ("mydomain", myDomain)])
                #expect(status == .badRequest, "\(myDomain) → \(location ?? "")")
                #expect(location == nil, "\(myDomain)")
            }
            // Without --demo there is no local sandbox org to choose.
            let (local, _, _) = try await browser.post(client, "/connections/new/salesforce", [("name", "Acme"), ("environment", "local")])
            #expect(local == .badRequest)

            let (status, _, location) = try await browser.post(client, "/connections/new/salesforce",
                                                              [("name", "Acme"), ("environment", "mydomain"), ("mydomain", "https://acme.my.salesforce.com/")])
            #expect(status == .seeOther)
            #expect(location?.hasPrefix("https://acme.my.salesforce.com/services/oauth2/authorize?") == true)
        }
    }
}
