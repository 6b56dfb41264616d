import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import WebForms

@testable import SandboxOrg

@Suite struct RESTTests {
    func headers(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    @Test func versionsNeedNoTokenAndListEveryVersion() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            try await client.execute(uri: "/services/data/", method: .get) { response in
                #expect(response.status == .ok)
                let versions = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: String]])
                #expect(versions.first?["version"] == "31.0" && versions.last?["version"] == "64.0")
                #expect(versions.first?["label"] == "Summer '14")
                #expect(response.headers[.sforceLimitInfo] == nil)
            }
        }
    }

    @Test func unknownVersionsRoutesAndMethods() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            for uri in ["/services/data/v30.0/sobjects", "/services/data/v65.0/sobjects", "/services/data/v62.0/nope", "/nowhere", "/services/data/v62.0/sobjects/Nope/describe"] {
                try await client.execute(uri: uri, method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    let body = try jsonArray(response.body)
                    #expect(body.first?["errorCode"] as? String == "NOT_FOUND", "\(uri)")
                }
            }
            try await client.execute(uri: "/services/data/v62.0/sobjects", method: .put, headers: bearer(token)) { response in
                #expect(response.status == .methodNotAllowed)
            }
            try await client.execute(uri: "/services/data/v62.0/sobjects", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func everyAPIResponseCarriesLimitInfo() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(token)) { response in
                #expect(response.headers[.sforceLimitInfo] == "api-usage=1/1000000")
                let limits = try json(response.body)
                #expect((limits["DailyApiRequests"] as? [String: Int])?["Max"] == 1_000_000)
            }
            try await client.execute(uri: "/services/data/v62.0/sobjects/Nope", method: .get, headers: bearer(token)) { response in
                #expect(response.headers[.sforceLimitInfo] == "api-usage=2/1000000")
            }
        }
    }

    @Test func createReadUpdateDelete() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            let body = #"{"LastName": "Lovelace", "FirstName": "Ada", "Company": "Analytical Engines", "LeadSource": "Web", "NumberOfEmployees": 12}"#
            let id = try await client.execute(uri: "/services/data/v62.0/sobjects/Lead", method: .post, headers: headers(token), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                let created = try json(response.body)
                #expect(created["success"] as? Bool == true)
                return try #require(created["id"] as? String)
            }
            #expect(id.hasPrefix("00Q") && id.count == 18)
            let created = try await client.execute(uri: "/services/data/v62.0/sobjects/Lead/\(id)", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                let lead = try json(response.body)
                #expect(lead["Company"] as? String == "Analytical Engines")
                #expect(lead["NumberOfEmployees"] as? Int == 12)
                #expect(lead["IsDeleted"] as? Bool == false)
                #expect((lead["attributes"] as? [String: String])?["url"] == "/services/data/v62.0/sobjects/Lead/\(id)")
                return try #require(lead["SystemModstamp"] as? String)
            }
            try await Task.sleep(for: .milliseconds(5))
            try await client.execute(uri: "/services/data/v62.0/sobjects/Lead/\(id)", method: .patch, headers: headers(token), body: ByteBuffer(string: #"{"Rating": "Hot"}"#)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/services/data/v62.0/sobjects/Lead/\(id)?fields=Rating,SystemModstamp", method: .get, headers: bearer(token)) { response in
                let lead = try json(response.body)
                #expect(lead["Rating"] as? String == "Hot")
                #expect(lead.count == 3)  // attributes + two fields
                #expect((lead["SystemModstamp"] as? String ?? "") > created)
            }
            try await client.execute(uri: "/services/data/v62.0/sobjects/Lead/\(id)", method: .delete, headers: bearer(token)) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/services/data/v62.0/sobjects/Lead/\(id)", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .notFound)
                let errors = try jsonArray(response.body)
                #expect(errors.first?["errorCode"] as? String == "ENTITY_IS_DELETED")
            }
        }
    }

    @Test func refusesBadRecordInput() async throws {
        let h = try SandboxHarness()
        let cases: [(String, String)] = [
            (#"{"LastName": "X", "Company": "Y", "Bogus__c": 1}"#, "INVALID_FIELD"),
            (#"{"FirstName": "X"}"#, "REQUIRED_FIELD_MISSING"),
            (#"{"LastName": "X", "Company": "Y""#, "JSON_PARSER_ERROR"),
            (#"[1, 2]"#, "JSON_PARSER_ERROR"),
            (#"{"LastName": "X", "Company": "Y", "NumberOfEmployees": "many"}"#, "JSON_PARSER_ERROR"),
            (#"{"LastName": "X", "Company": "Y", "OwnerId": "005notanid"}"#, "MALFORMED_ID"),
            (#"{"LastName": "X", "Company": "Y", "IsConverted": true, "Id": "00Q5e0000000001EAA"}"#, "INVALID_FIELD_FOR_INSERT_UPDATE"),
            ("{\"LastName\": \"\(String(repeating: "x", count: 81))\", \"Company\": \"Y\"}", "STRING_TOO_LONG"),
        ]
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            for (body, code) in cases {
                try await client.execute(uri: "/services/data/v62.0/sobjects/Lead", method: .post, headers: headers(token), body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    let errors = try jsonArray(response.body)
                    #expect(errors.first?["errorCode"] as? String == code, "\(body)")
                }
            }
        }
    }

    @Test func apiAccessSwitches() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let noAPI = try await h.passwordGrant(client, user: 1)
            try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(noAPI)) { response in
                #expect(response.status == .forbidden)
                let errors = try jsonArray(response.body)
                #expect(errors.first?["errorCode"] as? String == "API_CURRENTLY_DISABLED")
            }
            let token = try await h.passwordGrant(client)
            try await client.execute(uri: "/_sandbox/org", method: .post, body: ByteBuffer(string: #"{"apiDisabled": true}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .forbidden)
                let errors = try jsonArray(response.body)
                #expect(errors.first?["errorCode"] as? String == "API_DISABLED_FOR_ORG")
            }
        }
    }

    @Test func faultsFireAndWearOff() async throws {
        let h = try SandboxHarness()
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            try await client.execute(uri: "/_sandbox/faults", method: .post, body: ByteBuffer(string: #"{"kind": "http503", "count": 2}"#)) { #expect($0.status == .created) }
            for expected in [HTTPResponse.Status.serviceUnavailable, .serviceUnavailable, .ok] {
                try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(token)) { #expect($0.status == expected) }
            }
            try await client.execute(uri: "/_sandbox/faults", method: .post, body: ByteBuffer(string: #"{"kind": "requestLimit", "afterCalls": 1, "count": 0}"#)) { _ in }
            try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(token)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .forbidden)
                let errors = try jsonArray(response.body)
                #expect(errors.first?["errorCode"] as? String == "REQUEST_LIMIT_EXCEEDED")
            }
            try await client.execute(uri: "/_sandbox/faults", method: .delete) { _ in }
            try await client.execute(uri: "/_sandbox/faults", method: .post, body: ByteBuffer(string: #"{"kind": "malformedJSON"}"#)) { _ in }
            try await client.execute(uri: "/services/data/v62.0/limits", method: .get, headers: bearer(token)) { response in
                #expect((try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) == nil)
            }
            try await client.execute(uri: "/_sandbox/faults", method: .post, body: ByteBuffer(string: #"{"kind": "nonsense"}"#)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func updatedAndDeletedResources() async throws {
        // The resources answer in whole minutes up to now: a test clock moves time on.
        let offset = Mutex<Int64>(0)
        let h = try SandboxHarness { $0.clock = { Int64(Date().timeIntervalSince1970 * 1000) + offset.withLock { $0 } } }
        try await h.run { client in
            let token = try await h.passwordGrant(client)
            let start = Date().addingTimeInterval(-120)
            let ids = try await (0..<3).asyncMap { i in
                try await client.execute(uri: "/services/data/v62.0/sobjects/Account", method: .post, headers: headers(token), body: ByteBuffer(string: #"{"Name": "Replica \#(i)"}"#)) {
                    try #require(try json($0.body)["id"] as? String)
                }
            }
            try await client.execute(uri: "/services/data/v62.0/sobjects/Account/\(ids[0])", method: .delete, headers: bearer(token)) { _ in }
            offset.withLock { $0 = 120_000 }
            let f = ISO8601DateFormatter()
            let window = "start=\(FormData.encode(f.string(from: start)))&end=\(FormData.encode(f.string(from: Date().addingTimeInterval(120))))"
            try await client.execute(uri: "/services/data/v62.0/sobjects/Account/deleted/?\(window)", method: .get, headers: bearer(token)) { response in
                let body = try json(response.body)
                let deleted = (body["deletedRecords"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                #expect(deleted == [ids[0]])
            }
            try await client.execute(uri: "/services/data/v62.0/sobjects/Account/updated/?\(window)", method: .get, headers: bearer(token)) { response in
                let body = try json(response.body)
                #expect(Set(body["ids"] as? [String] ?? []) == Set(ids.dropFirst()))
            }
            try await client.execute(uri: "/services/data/v62.0/sobjects/Account/updated/?start=bad&end=worse", method: .get, headers: bearer(token)) { response in
                let errors = try jsonArray(response.body)
                #expect(errors.first?["errorCode"] as? String == "INVALID_REPLICATION_DATE")
            }
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
