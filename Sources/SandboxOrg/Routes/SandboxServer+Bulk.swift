import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import SOQL

/// `/jobs/query`: Bulk API 2.0 query jobs.
extension SandboxServer {
    /// Rows per results page when the client gives no `maxRecords`.
    static let defaultMaxRecords = 50_000

    func bulk(_ request: APIRequest, rest: [String], user: Int) throws -> Response {
        switch (rest.count, request.method) {
        case (0, .post): return Reply.json(try createJob(request, user: user).json(detail: false))
        case (0, .get):
            return Reply.json(.object([("done", true), ("records", .array(jobs.all.map { $0.json(detail: false) })), ("nextRecordsUrl", .null)]))
        case (1, .get): return Reply.json(try poll(rest[0], path: request.path).json(detail: true))
        case (1, .patch): return Reply.json(try abort(rest[0], body: request.body).json(detail: false))
        case (1, .delete):
            guard let job = jobs.get(rest[0]) else { throw SalesforceFault.notFound }
            guard job.isTerminal else {
                throw SalesforceFault(status: 400, "API_ERROR", "Error encountered when deleting the job because the job is not terminated")
            }
            jobs.remove(rest[0])
            return Reply.noContent()
        case (2, .get) where rest[1] == "results": return try results(request, jobID: rest[0])
        case (2, .get) where rest[1] == "resultPages": return try resultPages(request, jobID: rest[0])
        case (0, _), (1, _), (2, _): throw methodNotAllowed(request, allowed: rest.isEmpty ? "GET, POST" : rest.count == 1 ? "GET, PATCH, DELETE" : "GET")
        default: throw SalesforceFault.notFound
        }
    }

    private func createJob(_ request: APIRequest, user: Int) throws -> BulkJob {
        let body: JSON
        do { body = try JSONParser.parse(request.body) } catch {
            throw SalesforceFault(status: 400, "JSON_PARSER_ERROR", "\(error.message) at [line:\(error.line), column:\(error.column)]")
        }
        let operation = body["operation"]?.stringValue ?? ""
        guard operation == "query" || operation == "queryAll" else {
            throw SalesforceFault(status: 400, "INVALIDJOB", "Operation must be query or queryAll, not '\(operation)'")
        }
        guard let soql = body["query"]?.stringValue, !soql.isEmpty else { throw SalesforceFault(status: 400, "INVALIDJOB", "The query is missing") }
        if let contentType = body["contentType"]?.stringValue, contentType != "CSV" {
            throw SalesforceFault(status: 400, "INVALIDJOB", "Unsupported content type: \(contentType)")
        }
        let delimiterName = body["columnDelimiter"]?.stringValue ?? "COMMA"
        guard let delimiter = CSVWriter.delimiters[delimiterName] else {
            throw SalesforceFault(status: 400, "INVALIDJOB", "Unsupported column delimiter: \(delimiterName)")
        }
        let lineEnding = body["lineEnding"]?.stringValue ?? "LF"
        guard lineEnding == "LF" || lineEnding == "CRLF" else { throw SalesforceFault(status: 400, "INVALIDJOB", "Unsupported line ending: \(lineEnding)") }
        let snapshot = store.snapshot()
        let (bound, object) = try QueryEngine.bind(soql, snapshot: snapshot, access: access.access(of: user))
        let schema = snapshot.catalog.schemas[object]
        guard schema.bulkQueryable else { throw SalesforceFault(status: 400, "INVALIDENTITY", "Entity '\(schema.name)' is not supported by the Bulk API.") }
        if bound.isCount || bound.isAggregate {
            throw SalesforceFault(status: 400, "API_ERROR", "Aggregate queries are not supported by the Bulk API")
        }
        if bound.columns.contains(where: { $0.field.kind == .compound }) {
            throw SalesforceFault(status: 400, "API_ERROR", "Selecting compound data not supported in Bulk Query")
        }
        if soql.range(of: "FIELDS(", options: .caseInsensitive) != nil {
            throw SalesforceFault(status: 400, "API_ERROR", "The FIELDS function is not supported by the Bulk API")
        }
        if bound.columns.contains(where: { $0.field.kind == .base64 }) {
            throw SalesforceFault(status: 400, "API_ERROR", "Base64 fields are not supported by the Bulk API")
        }
        let now = snapshot.now
        return jobs.add { id in
            BulkJob(
                id: id, operation: operation, object: schema.name, objectIndex: object, soql: soql, createdBy: user, created: now,
                modified: now, state: .uploadComplete, apiVersion: request.version, delimiter: delimiter, delimiterName: delimiterName,
                lineEnding: lineEnding, snapshot: snapshot, bound: bound)
        }
    }

    /// Job info. Each poll moves a job one state on (UploadComplete → InProgress → JobComplete),
    /// as a real org's queue does, so clients exercise their polling loops.
    private func poll(_ id: String, path: String) throws -> BulkJob {
        guard let job = jobs.get(id) else { throw SalesforceFault.notFound }
        switch job.state {
        case .uploadComplete:
            return try jobs.update(id) { j throws(SalesforceFault) in
                j.polls += 1
                if j.state == .uploadComplete { j.state = .inProgress }
            }
        case .inProgress:
            let now = store.clock()
            let outcome = try runJob(job, path: path)
            return try jobs.update(id) { j throws(SalesforceFault) in
                j.polls += 1
                guard j.state == .inProgress else { return }
                switch outcome {
                case .complete(let result):
                    j.result = result
                    j.state = .jobComplete
                case .failed(let message, let retries):
                    j.state = .failed
                    j.errorMessage = message
                    j.retries = retries
                }
                j.modified = now
            }
        default:
            return job
        }
    }

    private func abort(_ id: String, body: [UInt8]) throws -> BulkJob {
        guard (try? JSONParser.parse(body))?["state"]?.stringValue == "Aborted" else {
            throw SalesforceFault(status: 400, "INVALIDJOBSTATE", "Only a change of state to Aborted is allowed")
        }
        let now = store.clock()
        return try jobs.update(id) { j throws(SalesforceFault) in
            guard !j.isTerminal else {
                let what = j.state == .jobComplete ? "Completed" : j.state.rawValue
                throw SalesforceFault(status: 400, "INVALIDJOBSTATE", "Aborting already \(what) Job not allowed")
            }
            j.state = .aborted
            j.modified = now
        }
    }

    private func completedJob(_ request: APIRequest, _ id: String) throws -> (BulkJob, QueryResult) {
        guard let job = jobs.get(id) else { throw SalesforceFault.notFound }
        guard job.apiVersion == request.version else {
            throw SalesforceFault(status: 409, "API_ERROR", "The API version of the request (\(request.version)) does not match the API version of the job (\(job.apiVersion))")
        }
        guard job.state == .jobComplete, let result = job.result else {
            throw SalesforceFault(status: 400, "API_ERROR", "Results are not available for a job in state \(job.state.rawValue)")
        }
        return (job, result)
    }

    private func results(_ request: APIRequest, jobID: String) throws -> Response {
        let (job, result) = try completedJob(request, jobID)
        let offset: Int
        if let locator = request.query["locator"], locator != "null", !locator.isEmpty {
            guard let decoded = Locator.decode(locator), decoded <= result.indices.count else {
                throw SalesforceFault(status: 400, "INVALID_LOCATOR", "Invalid locator: \(locator)")
            }
            offset = decoded
        } else {
            offset = 0
        }
        var maxRecords = Self.defaultMaxRecords
        if let text = request.query["maxRecords"] {
            guard let n = Int(text), n > 0 else { throw SalesforceFault(status: 400, "INVALIDJOB", "maxRecords must be a positive integer") }
            maxRecords = n
        }
        let end = min(result.indices.count, offset + maxRecords)
        let truncate = faults.take(.truncatedCSV, path: request.path) != nil
        var headers: HTTPFields = [:]
        headers[.sforceLocator] = end < result.indices.count ? Locator.encode(end) : "null"
        headers[.sforceNumberOfRecords] = String(end - offset)
        headers[.contentType] = "text/csv"
        let bound = job.bound
        let writer = CSVWriter(delimiter: job.delimiter, crlf: job.lineEnding == "CRLF").reading(bound)
        let body = ResponseBody { bodyWriter in
            // Written through a `ByteSink` into reused memory, sent in chunks of about 1 MB.
            var out = ByteSink(capacity: (1 << 20) + (1 << 16), pooled: true)
            func send(_ bytes: UnsafeBufferPointer<UInt8>) -> ByteBuffer {
                var chunk = BytePools.buffer(capacity: bytes.count)
                chunk.writeBytes(bytes)
                return chunk
            }
            writer.writeHeader(bound.columns.map(\.dottedName), into: &out)
            let cut = truncate ? offset + max(1, (end - offset) / 2) : end
            for position in offset..<end {
                if position == cut {
                    // The truncated-CSV fault: stop in the middle of a row, as a dropped connection does.
                    if let row = result.row(at: position) {
                        var line: [UInt8] = []
                        writer.writeRow(row, bound: bound, into: &line)
                        out.put(Array(line.prefix(max(1, line.count / 2))))
                    }
                    break
                }
                guard let row = result.row(at: position) else { continue }
                writer.writeRow(row, bound: bound, into: &out)
                if out.count >= 1 << 20 {
                    let chunk = send(out.bytes)
                    out.removeAll()
                    try await bodyWriter.write(chunk)
                    BytePools.recycle([chunk])
                }
            }
            if out.count > 0 {
                let chunk = send(out.bytes)
                try await bodyWriter.write(chunk)
                BytePools.recycle([chunk])
            }
            try await bodyWriter.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// v58.0+: up to five result URLs a client may fetch in parallel.
    private func resultPages(_ request: APIRequest, jobID: String) throws -> Response {
        let (_, result) = try completedJob(request, jobID)
        let per = Self.defaultMaxRecords
        let base = "/services/data/v\(request.version)/jobs/query/\(jobID)"
        let starts = Array(stride(from: 0, to: max(1, result.indices.count), by: per).prefix(5))
        let pages: [JSON] = starts.map { start in
            let locator = start == 0 ? "" : "locator=\(Locator.encode(start))&"
            return .object([("resultUrl", .string("\(base)/results?\(locator)maxRecords=\(per)"))])
        }
        let covered = (starts.last ?? 0) + per
        var pairs: [(String, JSON)] = [("resultPages", .array(pages))]
        if covered < result.indices.count {
            pairs.append(("nextRecordsUrl", .string("\(base)/resultPages?locator=\(Locator.encode(covered))")))
            pairs.append(("done", false))
        } else {
            pairs.append(("done", true))
        }
        return Reply.json(.object(pairs))
    }
}

/// Bulk locators: base64 of the row offset without padding, as Salesforce's look (`MTAwMDA`).
enum Locator {
    static func encode(_ offset: Int) -> String {
        Data(String(offset).utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ locator: String) -> Int? {
        var text = locator
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let n = Int(String(decoding: data, as: UTF8.self)), n >= 0 else { return nil }
        return n
    }
}
