import Analytics
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import WebApp

/// Finding 8 of issue 15: a name with CR/LF (or another control character) is refused wherever a
/// name is accepted, and the SMTP writer encodes headers so that no value can add one.
@Suite(.serialized) struct NameAndHeaderTests {
    static let admin = ("ada@example.com", "correct horse 1")
    static let injected = ["Acme\r\nBcc: victim@example.com", "Acme\nBcc: victim@example.com", "Acme\rX", "Acme\u{0}", "Acme\u{1B}[2J",
                           "Acme\u{2028}Bcc: victim@example.com", "Acme\u{202E}moc"]

    @Test func theConnectFormRefusesNamesWithControlCharacters() async throws {
        try await WebAppHarness.withApp(configure: { $0.clientID = "cid"; $0.clientSecret = "secret" }) { h, client in
            try await h.store.accounts.addUser(email: Self.admin.0, password: Self.admin.1, role: .admin)
            var browser = Browser()
            try await browser.signIn(client, email: Self.admin.0, password: Self.admin.1)
            _ = try await browser.get(client, "/connections/new/salesforce")
            for name in Self.injected {
                let (status, _, location) = try await browser.post(client, "/connections/new/salesforce", [("name", name), ("environment", "production")])
                #expect(status == .badRequest, "\(name.debugDescription)")
                #expect(location == nil)
            }
            let (status, _, _) = try await browser.post(client, "/connections/new/salesforce", [("name", "Acme Ünited"), ("environment", "production")])
            #expect(status == .seeOther)
        }
    }

    @Test func titlesAndEmailsWithControlCharactersAreRefused() throws {
        for name in Self.injected {
            #expect(throws: (any Error).self, "\(name.debugDescription)") {
                _ = try ReportDraft(title: name, sql: "SELECT 1", chart: .none, shared: false)
            }
            #expect(throws: (any Error).self, "\(name.debugDescription)") {
                _ = try GoalPages.goal(from: ["title": name, "metric": "closedWonDeals", "period": "month", "target": "5", "start": "2024-01-01"])
            }
            var dashboard = Dashboard(key: "", title: "", widgets: [], ownerID: 1, ownerEmail: nil, shared: false)
            #expect(throws: (any Error).self, "\(name.debugDescription)") {
                try DashboardPages.apply(["title": name, "widgets": "analysis:winRate"], to: &dashboard)
            }
        }
        #expect(try GoalPages.goal(from: ["title": "Q1", "metric": "closedWonDeals", "period": "month", "target": "5", "start": "2024-01-01"]).title == "Q1")
        #expect(!Accounts.isEmail("ops\u{0}@example.com"))
        #expect(!Accounts.isEmail("ops@example.com\u{1B}"))
        #expect(Accounts.isEmail("ops@example.com"))
    }

    @Test func theHeaderWriterKeepsEveryValueInItsOwnHeader() throws {
        let client = SMTPClient(host: "127.0.0.1", port: 25, from: "tributary@example.com")
        let text = try client.message(to: "ops@example.com", subject: "Tributary: update of Acme\r\nBcc: victim@example.com\rX: y\nZ: z succeeded", body: "Done.")
        let headers = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(!headers.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X:") || $0.hasPrefix("Z:") })
        #expect(headers.contains("Subject: Tributary: update of Acme  Bcc: victim@example.com X: y Z: z succeeded"))
        #expect(!text.contains("\r\r") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func nonASCIIHeadersAreRFC2047EncodedWords() throws {
        let client = SMTPClient(host: "127.0.0.1", port: 25, from: "tributary@example.com")
        let subject = "Tributary: update of Müller & Söhne GmbH — Zürich, Genève, Malmö, København succeeded"
        let text = try client.message(to: "ops@example.com", subject: subject, body: "Done.")
        let header = try #require(text.components(separatedBy: "\r\n\r\n").first)
        #expect(header.unicodeScalars.allSatisfy { $0.isASCII })
        let subjectLines = header.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject: ") }.prefix { $0.hasPrefix("Subject: ") || $0.hasPrefix(" ") }
        #expect(subjectLines.count > 1 && subjectLines.allSatisfy { $0.count <= 78 })
        let decoded = subjectLines.joined().replacingOccurrences(of: "Subject: ", with: "").split(separator: " ").map { word -> String in
            #expect(word.hasPrefix("=?utf-8?B?") && word.hasSuffix("?="))
            return String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) ?? Data(), as: UTF8.self)
        }.joined()
        #expect(decoded == subject)
        #expect(throws: (any Error).self) { _ = try client.message(to: "ops@example.com>\r\nRCPT TO:<x@example.com", subject: "s", body: "b") }
    }
}
