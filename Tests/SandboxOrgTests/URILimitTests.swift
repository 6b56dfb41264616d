import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WebForms

@testable import SandboxOrg

/// The edge's 16,384-byte limit on the request line and headers, and the wide objects that
/// meet it.
@Suite struct URILimitTests {
    /// A SOQL query whose encoded URI is about `bytes` long.
    func longQuery(_ bytes: Int) -> String {
        "SELECT Id FROM Account WHERE Name != '\(String(repeating: "x", count: bytes))'"
    }

    @Test func aRequestLineOverTheLimitGets414WithAnHTMLBody() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            let (status, body) = try await h.query(client, token, longQuery(16_400))
            #expect(status == .uriTooLong)
            #expect(body == "<h1>Bad Message 414</h1><pre>reason: URI Too Long</pre>")
            // Just under the limit the API answers (the query itself is fine).
            let (under, _) = try await h.query(client, token, longQuery(15_000))
            #expect(under == .ok)
        }
    }

    @Test func headersThatPushTheHeadOverTheLimitGet431() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            let padding = try #require(HTTPField.Name("X-Padding"))
            // The URI alone is fine; with the header the head is over 16,384 bytes.
            let (status, body) = try await h.query(client, token, longQuery(9_000), headers: [padding: String(repeating: "p", count: 8_000)])
            #expect(status == .requestHeaderFieldsTooLarge)
            #expect(body.contains("431"))
            let (small, _) = try await h.query(client, token, longQuery(9_000), headers: [padding: "p"])
            #expect(small == .ok)
        }
    }

    @Test func requestHeadBytesCountTheLineAndEveryField() {
        #expect(SandboxServer.requestLineBytes(method: .get, target: "/a") == "GET /a HTTP/1.1\r\n".utf8.count)
        let fields: HTTPFields = [.authorization: "Bearer t", .accept: "*/*"]
        #expect(SandboxServer.headerBytes(fields) == "Authorization: Bearer t\r\nAccept: */*\r\n\r\n".utf8.count)
    }

    @Test func wideObjectsCarryNamespacedFieldsWithData() async throws {
        let h = try SandboxHarness { $0.wideObjectFields = 400 }
        let plain = try SandboxHarness()
        let catalog = h.server.store.catalog
        for name in ["Account", "Contact", "Lead", "Opportunity"] {
            let wide = catalog.schemas[try #require(catalog.objectIndex(name: name))].fields
            let usual = plain.server.store.catalog.schemas[try #require(plain.server.store.catalog.objectIndex(name: name))].fields
            #expect(wide.count == usual.count + 400, "\(name)")
            let extra = wide.suffix(400)
            #expect(extra.allSatisfy { $0.custom && $0.name.hasSuffix("__c") && $0.name.split(separator: "_", omittingEmptySubsequences: false).count > 4 })
            let average = Double(extra.reduce(0) { $0 + $1.name.count }) / 400
            #expect((35...45).contains(average), "\(name): \(average)")
            #expect(Set(extra.map(\.name)).count == 400)
        }
        let task = try #require(catalog.objectIndex(name: "Task"))
        #expect(catalog.schemas[task].fields.count == plain.server.store.catalog.schemas[task].fields.count)

        try await h.run { client in
            let token = try await h.passwordGrant(client)
            let account = try #require(catalog.objectIndex(name: "Account"))
            let fields = catalog.schemas[account].fields.suffix(400).map(\.name)
            let soql = "SELECT Id, \(fields.joined(separator: ", ")) FROM Account"
            // Too long for a GET: the edge refuses it before the API sees it.
            let (status, _) = try await h.query(client, token, soql)
            #expect(status == .uriTooLong)
            // Through Bulk (a POST) it runs, and the fields hold values.
            let job = try await h.bulkJob(client, token, soql)
            #expect(job["state"] as? String == "JobComplete")
            let (ok, csv) = try await h.bulkResults(client, token, job: try #require(job["id"] as? String))
            #expect(ok == .ok)
            let lines = csv.split(separator: "\n")
            #expect(lines.first?.split(separator: ",").count == 401)
            let values = lines.dropFirst().prefix(50).flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst() }
            #expect(values.filter { !$0.isEmpty && $0 != "\"\"" }.count > values.count / 3)
        }
    }

    @Test func wideFieldsLeaveEveryUsualValueAsItWas() throws {
        // The plain org is pinned by FingerprintTests; wide fields must only add columns to it.
        let wide = try SandboxHarness { $0.wideObjectFields = 40 }
        let plain = try SandboxHarness()
        for name in ["Account", "Contact", "Lead", "Opportunity", "Task"] {
            let object = try #require(plain.server.store.catalog.objectIndex(name: name))
            for index in [0, 1, 7, 99] {
                let usual = plain.server.store.generator.record(object: object, index: index)
                let widened = wide.server.store.generator.record(object: object, index: index)
                #expect(Array(widened.prefix(usual.count)) == usual, "\(name) #\(index)")
            }
        }
    }
}
