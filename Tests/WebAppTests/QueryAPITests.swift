import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Analytics
import Warehouse

@testable import WebApp

/// `POST /api/v1/query`: who may run it, and that every bad body answers 400 with JSON naming
/// the problem (the answers themselves are compared in AnalyticsTests' QuerySandboxTests).
@Suite struct QueryAPITests {
    static let password = "correct horse 1"
    static let count = #"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["StageName"]}"#

    private func post(_ client: some TestClientProtocol, _ body: String, key: String? = nil, cookie: String? = nil) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if let cookie { headers[.cookie] = cookie }
        let response = try await client.execute(uri: "/api/v1/query", method: .post, headers: headers, body: ByteBuffer(string: body))
        return (response.status, String(buffer: response.body))
    }

    private func opportunities(_ h: WebAppHarness) async throws {
        _ = try await h.warehouse.ensureTable(TableSpec(name: "sf_opportunity", columns: [
            ColumnSpec(sourceName: "Id", salesforceType: "id"), ColumnSpec(sourceName: "StageName", salesforceType: "picklist"),
            ColumnSpec(sourceName: "Amount", salesforceType: "currency"),
        ]))
    }

    @Test func keysOfStandardAndAdminUsersAndSessionsRunQueriesReadOnlyUsersDoNot() async throws {
        try await WebAppHarness.withApp { h, client in
            try await opportunities(h)
            let admin = try await h.store.accounts.addUser(email: "root@example.com", password: Self.password, role: .admin)
            let standard = try await h.store.accounts.addUser(email: "sam@example.com", password: Self.password, role: .standard)
            let reader = try await h.store.accounts.addUser(email: "rita@example.com", password: Self.password, role: .readOnly)
            let adminKey = try await h.store.apiKeys.create(name: "a", for: admin).1
            let standardKey = try await h.store.apiKeys.create(name: "s", for: standard).1
            let readerKey = try await h.store.apiKeys.create(name: "r", for: reader).1

            let (status, body) = try await post(client, Self.count, key: standardKey)
            #expect(status == .ok)
            #expect(body == #"{"columns":["StageName","value"],"rows":[]}"#)
            #expect(try await post(client, #"{"object": "Opportunity", "measure": {"aggregate": "count"}}"#, key: adminKey).1 == #"{"columns":["value"],"rows":[[0]]}"#)
            #expect(try await post(client, Self.count, key: readerKey).0 == .forbidden)
            #expect(try await post(client, Self.count).0 == .unauthorized)
            #expect(try await post(client, Self.count, key: "trb_not-a-key").0 == .unauthorized)

            var browser = Browser()
            try await browser.signIn(client, email: "sam@example.com", password: Self.password)
            #expect(try await post(client, Self.count, cookie: browser.cookie).0 == .ok)
            var readerBrowser = Browser()
            try await readerBrowser.signIn(client, email: "rita@example.com", password: Self.password)
            #expect(try await post(client, Self.count, cookie: readerBrowser.cookie).0 == .forbidden)
        }
    }

    @Test func theQueryIsAReadForThePolicyThoughItIsAPost() {
        #expect(AccessPolicy.requirement(method: .post, path: "/api/v1/query") == .atLeast(.standard))
        #expect(AccessPolicy.rule(for: "/api/v1/query").acceptsAPIKeys)
        // The rest of the API keeps its rule: changes need an admin.
        #expect(AccessPolicy.requirement(method: .post, path: "/api/v1/queryx") == .atLeast(.admin))
        #expect(AccessPolicy.requirement(method: .post, path: "/api/v1/connections/1/sync") == .atLeast(.admin))
    }

    @Test func badBodiesAnswer400WithJSONThatNamesTheProblem() async throws {
        try await WebAppHarness.withApp { h, client in
            try await opportunities(h)
            let user = try await h.store.accounts.addUser(email: "sam@example.com", password: Self.password, role: .standard)
            let key = try await h.store.apiKeys.create(name: "s", for: user).1
            let cases: [(String, String)] = [
                ("not json", "the body is not JSON"),
                ("", "the body is not JSON"),
                (#"{"measure": {"aggregate": "count"}}"#, "'object' is missing in the query"),
                (#"{"object": 7, "measure": {"aggregate": "count"}}"#, "object must be a string"),
                (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": "StageName"}"#, "groupBy must be a list"),
                (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "sql": "DROP TABLE sf_opportunity"}"#, "unknown key 'sql'"),
                (#"{"object": "Quote", "measure": {"aggregate": "count"}}"#, "unknown object 'Quote'"),
                (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["Stage"]}"#, "unknown field 'Stage' on Opportunity"),
                (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "groupBy": ["Account.Industry"]}"#, "unknown lookup 'Account' on Opportunity"),
                (#"{"object": "Opportunity", "measure": {"aggregate": "count"}, "filters": [{"field": "Amount", "op": "~", "value": 1}]}"#, "unknown operator '~'"),
            ]
            for (body, expected) in cases {
                let (status, answer) = try await post(client, body, key: key)
                #expect(status == .badRequest, "\(body): \(status)")
                let message = try? JSONDecoder().decode([String: String].self, from: Data(answer.utf8))["error"]
                #expect(message?.contains(expected) == true, "\(body): \(answer)")
            }
        }
    }

    /// Over a synced sandbox org: the route answers the issue's example shape with what the
    /// query layer computes (whose answers AnalyticsTests compares with plain Swift).
    @Test func theIssuesExampleAnswersOverASyncedOrg() async throws {
        try await WebAppHarness.withApp(sandbox: true) { h, client in
            let user = try await h.store.accounts.addUser(email: "sam@example.com", password: Self.password, role: .standard)
            let key = try await h.store.apiKeys.create(name: "s", for: user).1
            let record = try await h.connect()
            let task = try #require(h.app.runner.startTask(record))
            await task.value
            let specs = [
                #"{"object": "Opportunity", "measure": {"aggregate": "sum", "field": "Amount"}, "time": {"field": "CloseDate", "from": "2025-01-01", "to": "2026-01-01", "interval": "month"}, "filters": [{"field": "StageName", "op": "=", "value": "Closed Won"}], "groupBy": ["Account.Industry"], "currency": "corporate"}"#,
                #"{"object": "Lead", "measures": {"A": {"aggregate": "count", "filters": [{"field": "IsConverted", "op": "=", "value": true}]}, "B": {"aggregate": "count"}}, "formula": "A / B", "groupBy": ["OwnerId"]}"#,
            ]
            for json in specs {
                let (status, body) = try await post(client, json, key: key)
                #expect(status == .ok, "\(body)")
                let answer = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                let expected = try await AnalyticsService(warehouse: h.warehouse).query(JSONDecoder().decode(QuerySpec.self, from: Data(json.utf8)))
                #expect(answer["columns"] as? [String] == expected.columns)
                let rows = try #require(answer["rows"] as? [[Any]])
                #expect(rows.count == expected.rows.count && rows.count > 3)
                for (got, want) in zip(rows, expected.rows) {
                    #expect(got.count == want.count)
                    for (cell, wanted) in zip(got, want) {
                        switch wanted {
                        case .null: #expect(cell is NSNull)
                        case .text(let text): #expect(cell as? String == text)
                        // Foundation's JSON reader may round the last digit of a double.
                        case .int, .double:
                            let got = try #require((cell as? NSNumber)?.doubleValue), want = try #require(wanted.number)
                            #expect(abs(got - want) <= 1e-12 * max(1, abs(want)))
                        }
                    }
                }
            }
            let (_, example) = try await post(client, specs[0], key: key)
            #expect(example.hasPrefix(#"{"columns":["period","Account.Industry","value"],"rows":[["2025-01","#))
        }
    }

    @Test func theCLIsKeyChoiceTakesAnIdOrAUniqueName() async throws {
        try await WebAppHarness.withApp { h, _ in
            _ = try await h.store.accounts.addUser(email: "sam@example.com", password: Self.password, role: .standard)
            let (first, secret, user) = try await h.store.apiKeys.create(name: "nightly", forEmail: " Sam@Example.com ")
            #expect(user.email == "sam@example.com" && secret.hasPrefix("trb_"))
            let (second, _, _) = try await h.store.apiKeys.create(name: "nightly", forEmail: "sam@example.com")
            let (third, _, _) = try await h.store.apiKeys.create(name: "export", forEmail: "sam@example.com")
            await #expect(throws: UserError.unknownUser("nobody@example.com")) { try await h.store.apiKeys.create(name: "x", forEmail: "nobody@example.com") }
            await #expect(throws: UserError.invalidKeyName) { try await h.store.apiKeys.create(name: " ", forEmail: "sam@example.com") }
            // Two keys share a name: revoking by it is refused, by id it works.
            await #expect(throws: APIKeyChoiceError.self) { try await h.store.apiKeys.revoke(idOrName: "nightly") }
            #expect(try await h.store.apiKeys.revoke(idOrName: String(first.id)).id == first.id)
            #expect(try await h.store.apiKeys.revoke(idOrName: "nightly").id == second.id)
            #expect(try await h.store.apiKeys.revoke(idOrName: "export").id == third.id)
            await #expect(throws: APIKeyChoiceError.self) { try await h.store.apiKeys.revoke(idOrName: "export") }
            #expect(try await h.store.apiKeys.all().isEmpty)
        }
    }
}
