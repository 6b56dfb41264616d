import AsyncHTTPClient
import Foundation
import Rows
import SandboxOrg
import Synchronization
import SandboxTestSupport
import Testing

@testable import SalesforceKit

/// Composite requests and conditional describes: batching, recorded shapes, and the client
/// against a sandbox org on a loopback port.
@Suite struct CompositeTests {
    // MARK: Batching

    @Test func batchesStayWithin25SubrequestsAnd5Queries() throws {
        // Given 60 describes: 25, 25, 10
        let describes = (0..<60).map { CompositeSubrequest.describe("Object\($0)") }
        #expect(CompositeLimits.batches(describes) == [0..<25, 25..<50, 50..<60])
        // Given queries among describes: a sixth query starts a new composite
        var mixed: [CompositeSubrequest] = []
        for i in 0..<12 { mixed += [.query("SELECT Id FROM Lead"), .describe("Object\(i)")] }
        #expect(CompositeLimits.batches(mixed) == [0..<10, 10..<20, 20..<24])
        #expect(CompositeLimits.batches([]) == [])
        // A next page is a query operation too; `updated`, `deleted` and describes are not
        #expect(try CompositeSubrequest.queryMore("/services/data/v62.0/query/01gXX-2000").isQuery)
        #expect(CompositeSubrequest.query("SELECT Id FROM Lead", includeDeleted: true).isQuery)
        let window = (Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 3_600))
        #expect(!CompositeSubrequest.updated("Lead", start: window.0, end: window.1).isQuery)
        #expect(!CompositeSubrequest.deleted("Lead", start: window.0, end: window.1).isQuery)
        #expect(!CompositeSubrequest.describeGlobal().isQuery)
        #expect(throws: SalesforceError.self) { _ = try CompositeSubrequest.queryMore("https://evil.example/services/data/v62.0/query/01g") }
    }

    @Test func ifModifiedSinceIsAnHTTPDate() {
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 1_372_880_611)) == "Wed, 03 Jul 2013 19:43:31 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 1_709_251_199.9)) == "Thu, 29 Feb 2024 23:59:59 GMT")
        #expect(CompositeSubrequest.describe("Account", ifModifiedSince: Date(timeIntervalSince1970: 0)).httpHeaders
            == ["If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"])
    }

    // MARK: Recorded shapes

    /// The REST API Developer Guide's *Composite Subrequest Result* examples.
    @Test func subresponsesCarryTheirOwnStatusAndError() throws {
        let body = #"""
            {"compositeResponse":[
             {"body":{"id":"001R00000064wdtIAA","success":true,"errors":[]},
              "httpHeaders":{"Location":"/services/data/v62.0/sobjects/Account/001R00000064wdtIAA"},"httpStatusCode":201,"referenceId":"refAccount"},
             {"body":[{"message":"Email: invalid email address: Not a real email address","errorCode":"INVALID_EMAIL_ADDRESS","fields":["Email"]}],
              "httpHeaders":{},"httpStatusCode":400,"referenceId":"badContact"},
             {"body":null,"httpHeaders":{},"httpStatusCode":304,"referenceId":"describe"}]}
            """#
        let answers = try SalesforceClient.parseComposite(Array(body.utf8))
        #expect(answers.map(\.referenceId) == ["refAccount", "badContact", "describe"])
        #expect(answers[0].error == nil && answers[0].httpHeaders["Location"] != nil)
        #expect(answers[1].error == .api(status: 400, errorCode: "INVALID_EMAIL_ADDRESS", message: "Email: invalid email address: Not a real email address"))
        #expect(answers[2].notModified && answers[2].body.isEmpty && answers[2].error == nil)
    }

    /// `PROCESSING_HALTED` as Salesforce sends it (CumulusCI's recorded responses): a rolled-back
    /// subrequest may pass alone; an unresolved reference never does.
    @Test func processingHaltedIsClassified() throws {
        let body = #"""
            {"compositeResponse":[
             {"body":[{"errorCode":"PROCESSING_HALTED","message":"Invalid reference specified. No value for schoolRt.records[0].Id found in schoolRt"}],
              "httpHeaders":{},"httpStatusCode":400,"referenceId":"badref"},
             {"body":[{"errorCode":"PROCESSING_HALTED","message":"The transaction was rolled back since another operation in the same transaction failed."}],
              "httpHeaders":{},"httpStatusCode":400,"referenceId":"rollback"}]}
            """#
        let errors = try SalesforceClient.parseComposite(Array(body.utf8)).map { try #require($0.error) }
        #expect(SalesforceErrorClassifier.decide(errors[0], during: .other) == .fail)
        #expect(SalesforceErrorClassifier.decide(errors[1], during: .describe) == .retry)
    }

    /// A composite over its limits is refused whole, in the composite's shape
    /// (guardian/support-service-lambdas PR #766).
    @Test func aRefusedCompositeReadsAsItsError() {
        let body = #"{"compositeResponse":[{"body":[{"errorCode":"LIMIT_EXCEEDED","message":"The request can’t contain more than 25 operations."}],"httpHeaders":{},"httpStatusCode":400,"referenceId":null}]}"#
        let error = SalesforceError.from(status: 400, body: Array(body.utf8))
        #expect(error.errorCode == "LIMIT_EXCEEDED" && error.status == 400)
        #expect(SalesforceErrorClassifier.decide(error, during: .composite) == .fail)
    }

    // MARK: Against the sandbox org

    func withClient(_ configure: (inout SandboxConfiguration) -> Void = { _ in },
                    _ body: (SandboxServer, SalesforceClient) async throws -> Void) async throws {
        try await withSandboxOrg(configure) { server, url, http in
            let app = try OAuthApp(clientID: server.configuration.clientID, clientSecret: server.configuration.clientSecret,
                                   redirectURI: nil, loginHost: .localSandbox(url))
            let user = server.configuration.users[0]
            let tokens = try await OAuthClient(app: app, http: http).password(username: user.email, password: user.password)
            try await body(server, SalesforceClient(http: http, tokens: tokens, reauthorize: nil))
        }
    }

    @Test func manySubrequestsGoAsFewCompositesAndEachAnswersAlone() async throws {
        try await withClient({ $0.extraObjects = 30 }) { server, client in
            // Given 36 describes (one of an object that does not exist) and 6 queries
            let objects = (1...30).map { "Extra\($0 < 10 ? "00" : "0")\($0)__c" } + ["Account", "Lead", "Contact", "Case", "Task", "Nope__c"]
            let subrequests = objects.map { CompositeSubrequest.describe($0) } + (0..<6).map { _ in CompositeSubrequest.query("SELECT Id FROM Lead LIMIT 3") }
            // When they are sent
            let answers = try await client.composite(subrequests, allOrNone: false)
            // Then three composites carried them: 25 describes; 11 describes and 5 queries; the sixth query
            #expect(client.callCount == 3)
            #expect(client.apiUsage?.used == 3)
            #expect(answers.count == 42)
            #expect(answers.map(\.referenceId) == (0..<42).map { "r\($0)" })
            let describes = try answers.prefix(35).map { try $0.decode(ObjectDescribe.self) }
            #expect(describes.map(\.name) == Array(objects.prefix(35)))
            // The missing object fails alone, and the classifier skips it as any describe's 404
            let missing = try #require(answers[35].error)
            #expect(missing.status == 404 && missing.errorCode == "NOT_FOUND")
            #expect(SalesforceErrorClassifier.decide(missing, during: subrequests[35].operation) == .skipObject("describe answered 404 NOT_FOUND: The requested resource does not exist"))
            let page = try answers[36].decode(CompositeQueryPage.self)
            #expect(page.totalSize == 3 && page.done)
            _ = server
        }
    }

    @Test func updatedDeletedAndQueryPagesReadFromSubresponses() async throws {
        // An org clock the test moves: `updated` and `deleted` cover whole minutes that have passed
        let clock = Mutex<Int64>(Int64(Date().timeIntervalSince1970 * 1000))
        try await withClient({ $0.clock = { clock.withLock { $0 } } }) { _, client in
            // Given a lead created and another deleted three minutes ago, by the org's clock
            let kept = try await client.create("Lead", fields: ["LastName": .string("Composite Kept"), "Company": .string("C")])
            let gone = try await client.create("Lead", fields: ["LastName": .string("Composite Gone"), "Company": .string("C")])
            try await client.delete("Lead", id: gone)
            let now = Date(timeIntervalSince1970: Double(clock.withLock { $0 += 180_000; return $0 }) / 1000)
            let start = now.addingTimeInterval(-600)
            let end = now
            // When one composite asks `updated`, `deleted` and a query
            let answers = try await client.composite([
                .updated("Lead", start: start, end: end), .deleted("Lead", start: start, end: end),
                .query("SELECT Id, LastName FROM Lead WHERE Id = '\(kept)'"),
            ])
            // Then each reads as the standalone call would
            let updated = try answers[0].updated()
            #expect(updated.ids.contains(kept) && updated.latestDateCovered != nil)
            let deleted = try answers[1].deleted()
            #expect(deleted.records.map(\.id) == [gone])
            let page = try answers[2].queryPage(fields: ["Id", "LastName"])
            #expect(page.totalSize == 1 && page.records.string(row: 0, column: 1) == "Composite Kept")
        }
    }

    @Test func describesAnswerNotModified() async throws {
        try await withClient { _, client in
            let future = Date().addingTimeInterval(3_600)
            let past = Date(timeIntervalSince1970: 1_000_000_000)
            #expect(try await client.describe("Account", ifModifiedSince: future) == .notModified)
            guard case .modified(let account) = try await client.describe("Account", ifModifiedSince: past) else {
                Issue.record("a describe since 2001 should be read")
                return
            }
            #expect(account.name == "Account")
            #expect(try await client.describeGlobal(ifModifiedSince: future) == .notModified)
            guard case .modified(let objects) = try await client.describeGlobal(ifModifiedSince: nil) else {
                Issue.record("describeGlobal without a date is always read")
                return
            }
            #expect(objects.contains { $0.name == "Lead" })
            // Inside a composite
            let answers = try await client.composite([.describe("Lead", ifModifiedSince: future), .describe("Lead", ifModifiedSince: past)])
            #expect(answers.map(\.status) == [304, 200])
            #expect(answers[0].notModified && answers[0].error == nil)
            #expect(client.callCount == 5)
        }
    }
}

/// The fields of a query page this test reads.
struct CompositeQueryPage: Decodable {
    var totalSize: Int
    var done: Bool
}
