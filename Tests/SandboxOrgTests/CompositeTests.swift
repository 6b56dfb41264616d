import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import SandboxOrg

/// `POST /composite`: Salesforce's limits, shapes, error bodies and accounting.
@Suite struct CompositeTests {
    static let v = "/services/data/v62.0"

    func headers(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    func sub(_ ref: String, _ url: String, method: String = "GET", body: Any? = nil, headers: [String: String]? = nil) -> [String: Any] {
        var s: [String: Any] = ["method": method, "url": url, "referenceId": ref]
        if let body { s["body"] = body }
        if let headers { s["httpHeaders"] = headers }
        return s
    }

    func post(_ client: some TestClientProtocol, _ token: String, _ subs: [[String: Any]], allOrNone: Bool = false,
              _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["allOrNone": allOrNone, "compositeRequest": subs])
        try await client.execute(uri: "\(Self.v)/composite", method: .post, headers: headers(token), body: ByteBuffer(bytes: body)) { try check($0) }
    }

    func answers(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try json(response.body)["compositeResponse"] as? [[String: Any]])
    }

    @Test func subrequestsShareTheResourcesAndCountAsOneCall() async throws {
        // Given an org and a composite of a describe, a query, a record read by reference and `updated`
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            // A window of whole minutes ending an hour ago (the resource reaches back 30 days)
            let end = (Int(Date().timeIntervalSince1970) / 60 - 60) * 60
            let iso = ISO8601DateFormatter()
            let (startText, endText) = (iso.string(from: Date(timeIntervalSince1970: Double(end - 86_400))), iso.string(from: Date(timeIntervalSince1970: Double(end))))
            let window = "start=\(startText.replacingOccurrences(of: ":", with: "%3A"))&end=\(endText.replacingOccurrences(of: ":", with: "%3A"))"
            let subs = [
                sub("describeAccount", "\(Self.v)/sobjects/Account/describe"),
                sub("accounts", "\(Self.v)/query?q=SELECT+Id,+Name+FROM+Account+ORDER+BY+Id+LIMIT+2"),
                sub("first", "\(Self.v)/sobjects/Account/@{accounts.records[0].Id}?fields=Id,Name"),
                sub("global", "\(Self.v)/sobjects"),
                sub("updated", "\(Self.v)/sobjects/Account/updated/?\(window)"),
            ]
            // When it is sent
            try await post(client, token, subs) { response in
                // Then each subrequest has its own answer, in order, and the whole is one API call
                #expect(response.status == .ok)
                #expect(response.headers[.sforceLimitInfo] == "api-usage=1/1000000")
                let results = try answers(response)
                #expect(results.map { $0["referenceId"] as? String } == ["describeAccount", "accounts", "first", "global", "updated"])
                #expect(results.allSatisfy { $0["httpStatusCode"] as? Int == 200 && $0["httpHeaders"] is [String: Any] })
                #expect((results[0]["body"] as? [String: Any])?["name"] as? String == "Account")
                let records = try #require((results[1]["body"] as? [String: Any])?["records"] as? [[String: Any]])
                #expect((results[2]["body"] as? [String: Any])?["Id"] as? String == records.first?["Id"] as? String)
                #expect((results[4]["body"] as? [String: Any])?["latestDateCovered"] as? String == endText.replacingOccurrences(of: "Z", with: ".000+0000"))
            }
            try await client.execute(uri: "\(Self.v)/limits", method: .get, headers: bearer(token)) { response in
                let limits = try json(response.body)
                #expect((limits["DailyApiRequests"] as? [String: Int])?["Remaining"] == 1_000_000 - 2)
            }
        }
    }

    @Test func overTheLimitsTheWholeRequestIsRefused() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            // 26 subrequests
            let many = (0..<26).map { sub("d\($0)", "\(Self.v)/sobjects/Account/describe") }
            try await post(client, token, many) { response in
                #expect(response.status == .badRequest)
                let entry = try #require(try answers(response).first)
                #expect(entry["referenceId"] is NSNull && entry["httpStatusCode"] as? Int == 400)
                let error = try #require((entry["body"] as? [[String: Any]])?.first)
                #expect(error["errorCode"] as? String == "LIMIT_EXCEEDED")
                #expect(error["message"] as? String == "The request can’t contain more than 25 operations.")
            }
            // 6 query operations (a next page counts too), 25 subrequests in all
            let queries = (0..<5).map { sub("q\($0)", "\(Self.v)/query?q=SELECT+Id+FROM+Lead") } + [sub("more", "\(Self.v)/queryAll/01gXX-2000")]
            let describes = (0..<19).map { sub("d\($0)", "\(Self.v)/sobjects/Lead/describe") }
            try await post(client, token, queries + describes) { response in
                #expect(response.status == .badRequest)
                let error = try #require(((try answers(response).first)?["body"] as? [[String: Any]])?.first)
                #expect(error["errorCode"] as? String == "LIMIT_EXCEEDED")
                #expect(error["message"] as? String == "The request can’t contain more than 5 query operations.")
            }
            // 25 subrequests with 5 queries pass
            try await post(client, token, Array(queries.prefix(5)) + describes + [sub("d19", "\(Self.v)/sobjects")]) { response in
                #expect(response.status == .ok)
                let count = try answers(response).count
                #expect(count == 25)
            }
            // A subrequest without its referenceId; an inherited header; a duplicate referenceId
            let bad: [([[String: Any]], String)] = [
                ([["method": "GET", "url": "\(Self.v)/sobjects"]], "JSON_PARSER_ERROR"),
                ([sub("a", "\(Self.v)/sobjects", headers: ["Authorization": "Bearer x"])], "INVALID_INPUT"),
                ([sub("a", "\(Self.v)/sobjects"), sub("a", "\(Self.v)/sobjects")], "INVALID_INPUT"),
                ([sub("a-b", "\(Self.v)/sobjects")], "INVALID_INPUT"),
            ]
            for (subs, code) in bad {
                try await post(client, token, subs) { response in
                    #expect(response.status == .badRequest)
                    let errorCode = try jsonArray(response.body).first?["errorCode"] as? String
                    #expect(errorCode == code)
                }
            }
        }
    }

    @Test func withoutAllOrNoneEachSubrequestFailsAlone() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            let subs = [
                sub("nope", "\(Self.v)/sobjects/Nope/describe"),
                sub("lead", "\(Self.v)/sobjects/Lead/describe"),
                sub("dependent", "\(Self.v)/sobjects/Lead/@{nope.name}"),
                sub("limits", "\(Self.v)/limits"),
                sub("badQuery", "\(Self.v)/query?q=SELECT+Nope+FROM+Lead"),
            ]
            try await post(client, token, subs) { response in
                #expect(response.status == .ok)
                let results = try answers(response)
                #expect(results.map { $0["httpStatusCode"] as? Int } == [404, 200, 400, 404, 400])
                func code(_ i: Int) -> String? { ((results[i]["body"] as? [[String: Any]])?.first)?["errorCode"] as? String }
                #expect(code(0) == "NOT_FOUND")
                #expect(code(2) == "PROCESSING_HALTED")
                #expect(((results[2]["body"] as? [[String: Any]])?.first)?["message"] as? String == "Invalid reference specified. No value for nope.name found in nope")
                #expect(code(3) == "NOT_FOUND")
                #expect(code(4) == "INVALID_FIELD")
            }
        }
    }

    @Test func allOrNoneRollsBackAndHaltsTheOthers() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            let before = h.server.store.liveCounts()["Account"]
            let subs = [
                sub("newAccount", "\(Self.v)/sobjects/Account", method: "POST", body: ["Name": "Composite Co"]),
                sub("contact", "\(Self.v)/sobjects/Contact", method: "POST", body: ["LastName": "Ref", "AccountId": "@{newAccount.id}"]),
                sub("nope", "\(Self.v)/sobjects/Nope/describe"),
                sub("never", "\(Self.v)/sobjects/Lead/describe"),
            ]
            try await post(client, token, subs, allOrNone: true) { response in
                #expect(response.status == .ok)
                let results = try answers(response)
                #expect(results.map { $0["httpStatusCode"] as? Int } == [400, 400, 404, 400])
                for i in [0, 1, 3] {
                    let error = try #require((results[i]["body"] as? [[String: Any]])?.first)
                    #expect(error["errorCode"] as? String == "PROCESSING_HALTED")
                    #expect(error["message"] as? String == SandboxServer.rolledBack)
                }
            }
            #expect(h.server.store.liveCounts()["Account"] == before)
            // Without allOrNone the same writes stay, and the reference carries the new id
            try await post(client, token, Array(subs.prefix(2))) { response in
                let results = try answers(response)
                #expect(results.map { $0["httpStatusCode"] as? Int } == [201, 201])
            }
            #expect(h.server.store.liveCounts()["Account"] == before.map { $0 + 1 })
        }
    }

    static func httpDate(_ ms: Int64) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, d MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    @Test func describesAnswer304WhenTheSchemaHasNotChanged() async throws {
        // Given an org whose clock a test moves
        let now = Mutex<Int64>(1_767_225_600_000 + 3_600_000)
        let h = try SandboxHarness { $0.clock = { now.withLock { $0 } } }
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            let born = now.withLock { $0 }
            func get(_ uri: String, since: Int64) async throws -> HTTPResponse.Status {
                var fields = bearer(token)
                fields[try #require(HTTPField.Name("If-Modified-Since"))] = Self.httpDate(since)
                return try await client.execute(uri: uri, method: .get, headers: fields) { response in
                    if response.status == .notModified { #expect(response.body.readableBytes == 0) }
                    return response.status
                }
            }
            // When asked since a time after the org was born: 304, no body
            #expect(try await get("\(Self.v)/sobjects/Account/describe", since: born + 1_000) == .notModified)
            #expect(try await get("\(Self.v)/sobjects", since: born) == .notModified)
            // Before the schema was made (a day before the org started): the describe
            #expect(try await get("\(Self.v)/sobjects/Account/describe", since: born - 86_400_000 - 1_000) == .ok)
            #expect(try await get("\(Self.v)/sobjects/Account/describe", since: born - 86_400_000 + 1_000) == .notModified)
            // A field added later changes Account (and describeGlobal), not Lead
            now.withLock { $0 += 60_000 }
            let field = try JSONSerialization.data(withJSONObject: ["object": "Account", "name": "Region__c", "type": "string"])
            try await client.execute(uri: "/_sandbox/fields", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: field)) {
                #expect($0.status == .created)
            }
            #expect(try await get("\(Self.v)/sobjects/Account/describe", since: born + 1_000) == .ok)
            #expect(try await get("\(Self.v)/sobjects", since: born + 1_000) == .ok)
            #expect(try await get("\(Self.v)/sobjects/Lead/describe", since: born + 1_000) == .notModified)
            // Inside a composite, through the subrequest's httpHeaders
            let subs = [
                sub("lead", "\(Self.v)/sobjects/Lead/describe", headers: ["If-Modified-Since": Self.httpDate(born + 1_000)]),
                sub("account", "\(Self.v)/sobjects/Account/describe", headers: ["If-Modified-Since": Self.httpDate(born + 1_000)]),
            ]
            try await post(client, token, subs) { response in
                let results = try answers(response)
                #expect(results.map { $0["httpStatusCode"] as? Int } == [304, 200])
                #expect(results[0]["body"] is NSNull)
            }
        }
    }

    @Test func ifModifiedSinceTakesHTTPDatesInGMTOnly() {
        #expect(SandboxServer.httpDate("Wed, 3 Jul 2013 19:43:31 GMT") == 1_372_880_611_000)
        #expect(SandboxServer.httpDate("Wed, 03 Jul 2013 19:43:31 GMT") == 1_372_880_611_000)
        // Another zone, another format, or garbage: not a date, so the header is ignored
        #expect(SandboxServer.httpDate("Wed, 03 Jul 2013 19:43:31 PST") == nil)
        #expect(SandboxServer.httpDate("2013-07-03T19:43:31Z") == nil)
        #expect(SandboxServer.httpDate("yesterday") == nil)
    }

    @Test func extraObjectsAddSmallCustomObjects() async throws {
        let h = try SandboxHarness { $0.extraObjects = 3 }
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            try await client.execute(uri: "\(Self.v)/sobjects", method: .get, headers: bearer(token)) { response in
                let names = try #require(try json(response.body)["sobjects"] as? [[String: Any]]).compactMap { $0["name"] as? String }
                #expect(["Extra001__c", "Extra002__c", "Extra003__c"].allSatisfy(names.contains))
                #expect(names.count == StandardObjects.all.count + 3)
            }
            try await client.execute(uri: "\(Self.v)/query?q=SELECT+Id,+Name,+Amount__c,+SystemModstamp+FROM+Extra002__c", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect(body["totalSize"] as? Int == ExtraObjects.recordsPerObject)
                let ids = (body["records"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
                #expect(ids.allSatisfy { $0.hasPrefix("a03") && $0.count == 18 })
            }
        }
        #expect(ExtraObjects.keyPrefix(280) == "a4X")
        #expect(ExtraObjects.name(280) == "Extra280__c")
    }
}
