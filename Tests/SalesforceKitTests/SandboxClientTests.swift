import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Rows
import SandboxOrg
import SandboxTestSupport
import Synchronization
import Testing

@testable import SalesforceKit

/// The client against a sandbox org on a loopback port.
@Suite(.serialized) struct SandboxClientTests {
    func withOrg(_ configure: (inout SandboxConfiguration) -> Void = { _ in },
                 _ body: (SandboxServer, String, HTTPClient) async throws -> Void) async throws {
        try await withSandboxOrg(configure, body)
    }

    func oauth(_ server: SandboxServer, _ url: String, _ http: HTTPClient) throws -> OAuthClient {
        try OAuthClient(app: OAuthApp(clientID: server.configuration.clientID, clientSecret: server.configuration.clientSecret,
                                  redirectURI: nil, loginHost: .localSandbox(url)), http: http)
    }

    @Test func passwordJWTIdentityAndRevoke() async throws {
        try await withOrg { server, url, http in
            let oauth = try oauth(server, url, http)
            let user = server.configuration.users[0]
            let tokens = try await oauth.password(username: user.email, password: user.password)
            #expect(tokens.refreshToken == nil)  // the password flow issues none
            #expect(tokens.instanceURL.url == url)
            let identity = try await oauth.identity(tokens)
            #expect(identity.organizationID == server.organizationID)
            #expect(identity.username == user.email)

            let pem = try String(contentsOfFile: server.jwtPrivateKeyPath, encoding: .utf8)
            let jwt = try await oauth.jwtBearer(username: user.email, privateKeyPEM: pem)
            #expect(try await oauth.identity(jwt).userID == identity.userID)

            await #expect(throws: SalesforceError.oauth(error: "invalid_grant", description: "authentication failure")) {
                _ = try await oauth.password(username: user.email, password: "wrong")
            }
            try await oauth.revoke(token: tokens.accessToken)
            let client = SalesforceClient(http: http, tokens: tokens, reauthorize: nil)
            await #expect(throws: SalesforceError.self) { _ = try await client.describeGlobal() }
        }
    }

    @Test func queryPagesBulkPagesAndUsageAgree() async throws {
        try await withOrg { server, url, http in
            let user = server.configuration.users[0]
            let tokens = try await oauth(server, url, http).password(username: user.email, password: user.password)
            let client = SalesforceClient(http: http, tokens: tokens, reauthorize: nil)
            let fields = ["Id", "Subject", "ActivityDate", "IsClosed", "SystemModstamp"]
            var restIDs: [String] = []
            var page = try await client.query("SELECT \(fields.joined(separator: ", ")) FROM Task", fields: fields, batchSize: 500)
            let total = page.totalSize
            var pages = 1
            while true {
                for r in 0..<page.records.rowCount { restIDs.append(try #require(page.records.string(row: r, column: 0))) }
                guard let next = page.nextRecordsURL, !page.done else { break }
                page = try await client.queryMore(next, fields: fields, batchSize: 500)
                pages += 1
            }
            #expect(pages > 2)
            #expect(restIDs.count == total)
            #expect(try await client.count("SELECT COUNT() FROM Task") == total)

            let job = try await client.createBulkQuery("SELECT \(fields.joined(separator: ", ")) FROM Task")
            _ = try await client.waitForBulkJob(job.id, pollInterval: .milliseconds(5))
            let collected = IDs()
            var locator: String?
            var bulkPages = 0
            repeat {
                var chunks = try await client.bulkResults(job.id, locator: locator, maxRecords: 700, chunkRows: 100).makeAsyncIterator()
                while let batch = try await chunks.next() {
                    #expect(batch.rowCount <= 100)
                    await collected.add(batch)
                }
                let result = try #require(chunks.page)
                #expect(result.columns == fields)
                locator = result.nextLocator
                bulkPages += 1
            } while locator != nil
            #expect(bulkPages > 2)
            #expect(await collected.ids.sorted() == restIDs.sorted())
            #expect(client.apiUsage.map { $0.used > 0 && $0.max > 0 } == true)
            #expect(client.callCount >= pages + bulkPages + 3)
        }
    }

    @Test func anExpiredSessionIsRenewedOnceForConcurrentCallers() async throws {
        try await withOrg { server, url, http in
            let oauth = try oauth(server, url, http)
            let user = server.configuration.users[0]
            let renewals = Counter()
            let client = SalesforceClient(
                http: http, tokens: try await oauth.password(username: user.email, password: user.password),
                reauthorize: { _ in
                    await renewals.increment()
                    return try await oauth.password(username: user.email, password: user.password)
                })
            var expire = HTTPClientRequest(url: url + "/_sandbox/sessions/expire")
            expire.method = .POST
            _ = try await http.execute(expire, timeout: .seconds(5)).body.collect(upTo: 1 << 16)
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 { group.addTask { try await client.count("SELECT COUNT() FROM Account") } }
                for try await count in group { #expect(count > 0) }
            }
            #expect(await renewals.value == 1)
        }
    }

    @Test func aCursorOfAnExpiredSessionIsToBeReadAgainNotReauthenticated() async throws {
        try await withOrg { server, url, http in
            let oauth = try oauth(server, url, http)
            let user = server.configuration.users[0]
            let client = SalesforceClient(
                http: http, tokens: try await oauth.password(username: user.email, password: user.password),
                reauthorize: { _ in try await oauth.password(username: user.email, password: user.password) })
            let page = try await client.query("SELECT Id FROM Task", fields: ["Id"], batchSize: 200)
            let next = try #require(page.nextRecordsURL)
            var expire = HTTPClientRequest(url: url + "/_sandbox/sessions/expire")
            expire.method = .POST
            _ = try await http.execute(expire, timeout: .seconds(5)).body.collect(upTo: 1 << 16)
            do {
                _ = try await client.queryMore(next, fields: ["Id"], batchSize: 200)
                Issue.record("the sandbox binds cursors to the session that opened them")
            } catch let error as SalesforceError {
                #expect(SalesforceErrorClassifier.decide(error, during: .queryMore) == .restartPiece, "\(error)")
            }
            // The renewed session reads the query again.
            #expect(try await client.query("SELECT Id FROM Task", fields: ["Id"], batchSize: 200).records.rowCount > 0)
        }
    }

    @Test func usersAndOrgsWithoutAPIAccessGetTypedErrors() async throws {
        try await withOrg { server, url, http in
            let noAPI = try #require(server.configuration.users.first { !$0.apiEnabled })
            do {
                let tokens = try await oauth(server, url, http).password(username: noAPI.email, password: noAPI.password)
                _ = try await SalesforceClient(http: http, tokens: tokens, reauthorize: nil).describeGlobal()
                Issue.record("a user without API Enabled used the API")
            } catch let error as SalesforceError {
                #expect(error.errorCode == "API_CURRENTLY_DISABLED")
            }
        }
        try await withOrg({ $0.apiDisabledForOrg = true }) { server, url, http in
            let user = server.configuration.users[0]
            do {
                let tokens = try await oauth(server, url, http).password(username: user.email, password: user.password)
                _ = try await SalesforceClient(http: http, tokens: tokens, reauthorize: nil).describeGlobal()
                Issue.record("an org without API access answered")
            } catch let error as SalesforceError {
                #expect(error.errorCode == "API_DISABLED_FOR_ORG")
            }
        }
    }
}

actor IDs {
    var ids: [String] = []
    func add(_ batch: RowBatch) { for r in 0..<batch.rowCount { if let id = batch.string(row: r, column: 0) { ids.append(id) } } }
}

actor Counter {
    var value = 0
    func increment() { value += 1 }

}

extension SandboxClientTests {
    @Test func updatedAndDeletedResourcesCoverWholeMinutes() async throws {
        let clock = Clock()
        try await withOrg({ $0.clock = { clock.ms } }) { server, url, http in
            let user = server.configuration.users[0]
            let tokens = try await oauth(server, url, http).password(username: user.email, password: user.password)
            let client = SalesforceClient(http: http, tokens: tokens, reauthorize: nil)
            let start = Date(timeIntervalSince1970: TimeInterval(clock.ms / 1000))
            let ids = try await client.query("SELECT Id FROM Contact LIMIT 2", fields: ["Id"]).records
            let changed = try #require(ids.string(row: 0, column: 0))
            let gone = try #require(ids.string(row: 1, column: 0))
            clock.advance(seconds: 30)
            try await client.update("Contact", id: changed, fields: ["Title": .string("VP Data")])
            try await client.delete("Contact", id: gone)
            clock.advance(seconds: 120)
            let end = Date(timeIntervalSince1970: TimeInterval(clock.ms / 1000))
            let updated = try await client.updated("Contact", start: start, end: end)
            #expect(updated.ids.contains(changed))
            let deleted = try await client.deleted("Contact", start: start, end: end)
            #expect(deleted.records.map(\.id) == [gone])
            #expect(deleted.latestDateCovered != nil)
            #expect(try await client.record("Contact", id: changed, fields: ["Title"])["Title"] == .string("VP Data"))
            await #expect(throws: SalesforceError.self) { _ = try await client.updated("Contact", start: end, end: start) }
        }
    }
}

/// A clock the test moves (milliseconds since 1970), starting a day after the org's history.
final class Clock: Sendable {
    private let value = Mutex<Int64>(1_767_312_000_000)
    var ms: Int64 { value.withLock { $0 } }
    func advance(seconds: Int64) { value.withLock { $0 += seconds * 1000 } }
}
