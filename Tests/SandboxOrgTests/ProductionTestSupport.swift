import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WebForms

@testable import SandboxOrg

/// Helpers of the production-edge suites: faults, queries and Bulk jobs in a line each.
extension SandboxHarness {
    func fault(_ client: some TestClientProtocol, _ spec: String) async throws {
        try await client.execute(uri: "/_sandbox/faults", method: .post, body: ByteBuffer(string: spec)) { #expect($0.status == .created, "\(spec)") }
    }

    /// A REST query (or queryAll): the status and the body as text.
    func query(_ client: some TestClientProtocol, _ token: String, _ soql: String, all: Bool = false, headers extra: HTTPFields = [:]) async throws -> (HTTPResponse.Status, String) {
        var headers = bearer(token)
        headers.append(contentsOf: extra)
        let uri = "/services/data/v62.0/\(all ? "queryAll" : "query")?q=\(FormData.encode(soql))"
        return try await client.execute(uri: uri, method: .get, headers: headers) { ($0.status, String(buffer: $0.body)) }
    }

    /// `SELECT COUNT() …` through query or queryAll.
    func count(_ client: some TestClientProtocol, _ token: String, _ soql: String, all: Bool = false) async throws -> Int {
        let (status, body) = try await query(client, token, soql, all: all)
        #expect(status == .ok, "\(soql): \(body)")
        return try #require(try json(ByteBuffer(string: body))["totalSize"] as? Int)
    }

    /// Creates a Bulk 2.0 query job and polls it until it is terminal: its final info.
    func bulkJob(_ client: some TestClientProtocol, _ token: String, _ soql: String, operation: String = "query") async throws -> [String: Any] {
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        let body = try JSONSerialization.data(withJSONObject: ["operation": operation, "query": soql])
        let id = try await client.execute(uri: "/services/data/v62.0/jobs/query", method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
            #expect(response.status == .ok, "\(soql)")
            return try #require(try json(response.body)["id"] as? String)
        }
        for _ in 0..<10 {
            let info = try await client.execute(uri: "/services/data/v62.0/jobs/query/\(id)", method: .get, headers: headers) { try json($0.body) }
            if let state = info["state"] as? String, ["JobComplete", "Failed", "Aborted"].contains(state) { return info }
        }
        Issue.record("job \(id) never ended")
        return [:]
    }

    /// The CSV of a completed job (all rows in one page).
    func bulkResults(_ client: some TestClientProtocol, _ token: String, job: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: "/services/data/v62.0/jobs/query/\(job)/results?maxRecords=1000000", method: .get, headers: bearer(token)) {
            ($0.status, String(buffer: $0.body))
        }
    }

    /// A refresh-token grant: the status and the parsed body.
    func refresh(_ client: some TestClientProtocol, _ refreshToken: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        let body = "grant_type=refresh_token&refresh_token=\(FormData.encode(refreshToken))&client_id=\(configuration.clientID)&client_secret=\(configuration.clientSecret)"
        return try await client.execute(uri: "/services/oauth2/token", method: .post, headers: form, body: ByteBuffer(string: body)) { ($0.status, try json($0.body)) }
    }
}

/// The first error of a Salesforce error array.
func firstError(_ body: String) throws -> (code: String, message: String) {
    let parsed = try jsonArray(ByteBuffer(string: body))
    return (parsed.first?["errorCode"] as? String ?? "", parsed.first?["message"] as? String ?? "")
}
