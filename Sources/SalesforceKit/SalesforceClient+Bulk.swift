import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Rows

public struct BulkJob: Sendable, Equatable {
    public var id: String
    /// UploadComplete, InProgress, JobComplete, Failed, Aborted.
    public var state: String
    public var numberRecordsProcessed: Int?
    public var errorMessage: String?
}

public struct BulkResultPage: Sendable {
    public var columns: [String]
    public var rows: Int
    public var bytes: Int
    /// The next page's locator; nil when Salesforce says `null` (the last page).
    public var nextLocator: String?
}

/// Bulk API 2.0 query jobs: create, poll, stream result pages by `Sforce-Locator`, abort, delete.
extension SalesforceClient {
    public func createBulkQuery(_ soql: String, includeDeleted: Bool = false) async throws -> BulkJob {
        let body = try JSONSerialization.data(withJSONObject: ["operation": includeDeleted ? "queryAll" : "query", "query": soql])
        let exchange = try checked(try await send(.POST, dataURL("/jobs/query"), json: Array(body)))
        return try Self.job(exchange.body)
    }

    public func bulkJob(_ id: String) async throws -> BulkJob {
        try await getParsed(dataURL("/jobs/query/\(Self.pathComponent(id))")) { try Self.job($0) }
    }

    /// Polls until the job is complete, backing off to `maxInterval`.
    public func waitForBulkJob(_ id: String, pollInterval: Duration = .milliseconds(500), maxInterval: Duration = .seconds(10)) async throws -> BulkJob {
        let job = try await Self.pollUntilEnded(pollInterval: pollInterval, maxInterval: maxInterval) { try await bulkJob(id) }
        guard job.state == "JobComplete" else {
            throw SalesforceError.api(status: 200, errorCode: "BULK_JOB_\(job.state.uppercased())", message: job.errorMessage ?? "the Bulk API job ended \(job.state)")
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
            if ["JobComplete", "Failed", "Aborted"].contains(job.state) { return job }
            try await Task.sleep(for: interval)
            interval = min(interval * 2, maxInterval)
        }
    }

    public func abortBulkJob(_ id: String) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["state": "Aborted"])
        _ = try checked(try await send(.PATCH, dataURL("/jobs/query/\(Self.pathComponent(id))"), json: Array(body)))
    }

    public func deleteBulkJob(_ id: String) async throws {
        _ = try checked(try await send(.DELETE, dataURL("/jobs/query/\(Self.pathComponent(id))")))
    }

    /// Streams one result page (locator nil: the first) to `onChunk` in batches of about
    /// `chunkRows` rows as the body arrives. A damaged page (cut short, bad CSV, fewer rows than
    /// `Sforce-NumberOfRecords`) throws `.malformedResponse` after handing over only the complete
    /// rows before the damage, so the caller can resume at this page's locator plus those rows.
    public func bulkResults(_ jobID: String, locator: String?, maxRecords: Int? = nil, chunkRows: Int = 5_000,
                            onChunk: @Sendable (RowBatch) async throws -> Void) async throws -> BulkResultPage {
        var query: [(String, String)] = []
        if let locator { query.append(("locator", locator)) }
        if let maxRecords { query.append(("maxRecords", String(maxRecords))) }
        let path = "/jobs/query/\(Self.pathComponent(jobID))/results" + (query.isEmpty ? "" : "?" + FormEncoding.encode(query))
        let response = try await openStream(dataURL(path))
        var parser = CSVStreamParser(chunkRows: chunkRows)
        var bytes = 0
        do {
            for try await buffer in response.body {
                bytes += buffer.readableBytes
                for batch in try parser.consume(buffer) {
                    do { try await onChunk(batch) } catch { throw ChunkHandlerError(underlying: error) }
                }
            }
        } catch let error as ChunkHandlerError {
            // The caller's own failure (its warehouse, say): not a damaged page.
            throw error.underlying
        } catch let error as SalesforceError {
            try await deliverBeforeDamage(&parser, onChunk)
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try await deliverBeforeDamage(&parser, onChunk)
            throw SalesforceError.malformedResponse("the Bulk result page was cut after \(parser.rowsParsed) rows: \(error)")
        }
        let (rest, problem) = parser.finish()
        if rest.rowCount > 0 { try await onChunk(rest) }
        if let problem { throw problem }
        if let expected = response.headers.first(name: "Sforce-NumberOfRecords").flatMap(Int.init), expected != parser.rowsParsed {
            throw SalesforceError.malformedResponse("the Bulk result page has \(parser.rowsParsed) rows, Salesforce announced \(expected) (truncated)")
        }
        let next = response.headers.first(name: "Sforce-Locator")
        return BulkResultPage(columns: parser.header ?? [], rows: parser.rowsParsed, bytes: bytes,
                              nextLocator: next == nil || next == "null" || next == "" ? nil : next)
    }

    private struct ChunkHandlerError: Error { let underlying: any Error }

    private func deliverBeforeDamage(_ parser: inout CSVStreamParser, _ onChunk: @Sendable (RowBatch) async throws -> Void) async throws {
        let rows = parser.takeCompleteRows()
        if rows.rowCount > 0 { try await onChunk(rows) }
    }

    /// Opens a streaming GET: retries and token renewal happen before the body starts, never after.
    private func openStream(_ url: @Sendable (TokenSet) -> String) async throws -> HTTPClientResponse {
        var attempt = 0
        var renewed = false
        while true {
            attempt += 1
            let (tokens, generation) = state(\.current)
            var request = HTTPClientRequest(url: url(tokens))
            request.headers.add(name: "Authorization", value: "Bearer \(tokens.accessToken)")
            request.headers.add(name: "Accept", value: "text/csv")
            let response: HTTPClientResponse
            do {
                response = try await transport.http.execute(request, timeout: .init(retry.streamTimeout))
            } catch where HTTPTransport.isTransient(error) && attempt < retry.attempts {
                recordAttempt(nil)
                try await Task.sleep(for: retry.delay(afterAttempt: attempt))
                continue
            } catch where HTTPTransport.isTransient(error) {
                throw SalesforceError.transport("\(error) (after \(attempt) attempts)")
            }
            recordAttempt(response.headers)
            let status = Int(response.status.code)
            if (200..<300).contains(status) { return response }
            let body = Array(buffer: try await response.body.collect(upTo: 1 << 20))
            if status == 401 && !renewed {
                try await renewTokens(after: generation)
                renewed = true
                continue
            }
            if status == 401 { throw SalesforceError.reauthenticationRequired("Salesforce refused the renewed access token") }
            if (status >= 500 || status == 429) && attempt < retry.attempts {
                try await Task.sleep(for: retry.delay(afterAttempt: attempt))
                continue
            }
            throw SalesforceError.from(status: status, body: body)
        }
    }

    static func job(_ body: [UInt8]) throws -> BulkJob {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let id = json["id"] as? String, let state = json["state"] as? String
        else { throw SalesforceError.malformedResponse("a Bulk job answer without id and state") }
        return BulkJob(id: id, state: state, numberRecordsProcessed: json["numberRecordsProcessed"] as? Int, errorMessage: json["errorMessage"] as? String)
    }
}
