import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Rows

/// Bulk API 2.0 query jobs: create, poll, stream result pages by `Sforce-Locator`, abort, delete.
extension SalesforceClient {
    public func createBulkQuery(_ soql: String, includeDeleted: Bool = false) async throws -> BulkJob {
        let body = try JSONSerialization.data(withJSONObject: ["operation": includeDeleted ? "queryAll" : "query", "query": soql])
        return try await send(.createBulkJob, .POST, dataURL("/jobs/query"), json: Array(body)) { try Self.job($0.body) }
    }

    public func bulkJob(_ id: String) async throws -> BulkJob {
        try await getParsed(.pollBulkJob, dataURL("/jobs/query/\(Self.pathComponent(id))")) { try Self.job($0) }
    }

    /// Polls until the job is complete, backing off to `maxInterval`.
    public func waitForBulkJob(_ id: String, pollInterval: Duration = .milliseconds(500), maxInterval: Duration = .seconds(10)) async throws -> BulkJob {
        let job = try await Self.pollUntilEnded(pollInterval: pollInterval, maxInterval: maxInterval) { try await bulkJob(id) }
        guard job.state == .jobComplete else {
            throw SalesforceError.bulkJobEnded(state: job.state.rawValue, message: job.errorMessage ?? "no message")
        }
        return job
    }

    /// Polls a Bulk job with `poll` until it ends (`JobComplete`, `Failed` or `Aborted`), the
    /// wait doubling from `pollInterval` up to `maxInterval`; returns the ended job. Callers
    /// poll through their own retry policy, and say in their own terms why a job failed.
    public static func pollUntilEnded(
        isolation: isolated (any Actor)? = #isolation, pollInterval: Duration, maxInterval: Duration = .seconds(10), _ poll: () async throws -> BulkJob
    ) async throws -> BulkJob {
        var interval = pollInterval
        while true {
            let job = try await poll()
            if job.state.hasEnded { return job }
            try await Task.sleep(for: interval)
            interval = min(interval * 2, maxInterval)
        }
    }

    public func abortBulkJob(_ id: String) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["state": "Aborted"])
        try await send(.other, .PATCH, dataURL("/jobs/query/\(Self.pathComponent(id))"), json: Array(body)) { _ in }
    }

    public func deleteBulkJob(_ id: String) async throws {
        try await send(.deleteBulkJob, .DELETE, dataURL("/jobs/query/\(Self.pathComponent(id))")) { _ in }
    }

    /// One result page (locator nil: the first), to be pulled chunk by chunk as it streams.
    public func bulkResults(_ jobID: String, locator: String?, maxRecords: Int? = nil, chunkRows: Int = 5_000) async throws -> BulkResultStream {
        var query: [(String, String)] = []
        if let locator { query.append(("locator", locator)) }
        if let maxRecords { query.append(("maxRecords", String(maxRecords))) }
        let path = "/jobs/query/\(Self.pathComponent(jobID))/results" + (query.isEmpty ? "" : "?" + FormEncoding.encode(query))
        let response = try await stream(.bulkResults, dataURL(path), accept: "text/csv")
        return BulkResultStream(body: response.body, numberOfRecords: response.headers.first(name: "Sforce-NumberOfRecords"),
                                locator: response.headers.first(name: "Sforce-Locator"), chunkRows: chunkRows)
    }

    static func job(_ body: [UInt8]) throws -> BulkJob {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let id = json["id"] as? String, let state = json["state"] as? String
        else { throw SalesforceError.malformedResponse("a Bulk job answer without id and state") }
        return BulkJob(id: id, state: BulkJobState(rawValue: state), numberRecordsProcessed: json["numberRecordsProcessed"] as? Int, errorMessage: json["errorMessage"] as? String)
    }
}
