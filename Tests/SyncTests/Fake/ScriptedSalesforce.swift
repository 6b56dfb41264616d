import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Testing
@testable import SalesforceKit

/// A Salesforce org for executor tests: it answers the calls it was told to expect, in order
/// (or, for resume tests, through a responder), with answers built the way Salesforce's are
/// (a REST page's JSON through the real parser, a Bulk page's CSV through the real stream).
/// Any other call records a test issue and fails the call.
final class ScriptedSalesforce: SalesforceAPI {
    enum Call: Equatable, Sendable, CustomStringConvertible {
        case count(String, includeDeleted: Bool = false)
        case query(String, includeDeleted: Bool)
        case queryMore(String)
        case createBulkQuery(String, includeDeleted: Bool)
        case bulkJob(String)
        case bulkResults(String, locator: String?)
        case deleteBulkJob(String)
        case describeGlobal
        case describe(String)
        case describeGlobalIfModified(since: Date?)
        case describeIfModified(String, since: Date?)
        /// A composite's subrequests, by path.
        case composite([String], allOrNone: Bool)

        var description: String {
            switch self {
            case .count(let soql, let all): "\(all ? "countAll" : "count")(\(soql))"
            case .query(let soql, let all): "\(all ? "queryAll" : "query")(\(soql))"
            case .queryMore(let next): "queryMore(\(next))"
            case .createBulkQuery(let soql, _): "createBulkQuery(\(soql))"
            case .bulkJob(let id): "bulkJob(\(id))"
            case .bulkResults(let id, let locator): "bulkResults(\(id), \(locator ?? "first"))"
            case .deleteBulkJob(let id): "deleteBulkJob(\(id))"
            case .describeGlobal: "describeGlobal"
            case .describe(let object): "describe(\(object))"
            case .describeGlobalIfModified(let since): "describeGlobal(ifModifiedSince: \(since.map { "\($0)" } ?? "nil"))"
            case .describeIfModified(let object, let since): "describe(\(object), ifModifiedSince: \(since.map { "\($0)" } ?? "nil"))"
            case .composite(let paths, let allOrNone): "composite(\(paths.joined(separator: ", ")), allOrNone: \(allOrNone))"
            }
        }
    }

    enum Answer: Sendable {
        case count(Int)
        /// A REST page: records as field → value (nil: null), and the next page's URL.
        case page([[String: String?]], next: String?)
        /// A first REST page of a query of `total` rows (its `totalSize`).
        case sizedPage([[String: String?]], next: String?, total: Int)
        case job(id: String, state: BulkJobState, message: String? = nil)
        /// A Bulk result page: its CSV and `Sforce-Locator`.
        case csv(String, locator: String?)
        /// A Bulk result page whose connection drops after `prefix` of its CSV.
        case cutCSV(String, prefix: Int)
        case error(SalesforceError)
        case done
        case globals([GlobalObject])
        case describe(ObjectDescribe)
        /// `304 Not Modified` to a conditional describe.
        case notModified
        case composite([CompositeSubresponse])
    }

    struct Unexpected: Error, CustomStringConvertible {
        let call: Call
        var description: String { "the fake org was not told to expect \(call)" }
    }

    private let state: Mutex<(script: [(Call, Answer)], calls: [Call])>
    private let responder: (@Sendable (Call) -> Answer?)?
    private let fields: Mutex<[String: [String]]> = Mutex([:])

    init(_ script: [(Call, Answer)] = [], responder: (@Sendable (Call) -> Answer?)? = nil) {
        state = Mutex((script, []))
        self.responder = responder
    }

    var callCount: Int { state.withLock { $0.calls.count } }
    var apiUsage: APIUsage? { nil }
    var calls: [Call] { state.withLock { $0.calls } }
    /// Scripted calls that never came.
    var unanswered: [Call] { state.withLock { $0.script.map(\.0) } }

    private func answer(_ call: Call) throws -> Answer {
        let scripted = state.withLock { state -> Answer? in
            state.calls.append(call)
            guard let (expected, answer) = state.script.first, expected == call else { return nil }
            state.script.removeFirst()
            return answer
        }
        if let answer = scripted ?? responder?(call) {
            if case .error(let error) = answer { throw error }
            return answer
        }
        Issue.record("unexpected call: \(call); next scripted: \(state.withLock { $0.script.first.map { "\($0.0)" } ?? "none" })")
        throw Unexpected(call: call)
    }

    func describeGlobal() async throws -> [GlobalObject] {
        _ = try answer(.describeGlobal)
        return []
    }

    func describe(_ object: String) async throws -> ObjectDescribe {
        _ = try answer(.describe(object))
        throw Unexpected(call: .describe(object))
    }

    func describeGlobal(ifModifiedSince since: Date?) async throws -> Conditional<[GlobalObject]> {
        let call = Call.describeGlobalIfModified(since: since)
        switch try answer(call) {
        case .globals(let objects): return .modified(objects)
        case .notModified: return .notModified
        default: throw Unexpected(call: call)
        }
    }

    func describe(_ object: String, ifModifiedSince since: Date?) async throws -> Conditional<ObjectDescribe> {
        let call = Call.describeIfModified(object, since: since)
        switch try answer(call) {
        case .describe(let describe): return .modified(describe)
        case .notModified: return .notModified
        default: throw Unexpected(call: call)
        }
    }

    func composite(_ subrequests: [CompositeSubrequest], allOrNone: Bool) async throws -> [CompositeSubresponse] {
        let call = Call.composite(subrequests.map(\.path), allOrNone: allOrNone)
        guard case .composite(let answers) = try answer(call), answers.count == subrequests.count else { throw Unexpected(call: call) }
        return answers
    }

    func count(_ soql: String, includeDeleted: Bool) async throws -> Int {
        let call = Call.count(soql, includeDeleted: includeDeleted)
        guard case .count(let n) = try answer(call) else { throw Unexpected(call: call) }
        return n
    }

    func query(_ soql: String, fields: [String], includeDeleted: Bool, batchSize: Int?) async throws -> QueryPage {
        try page(try answer(.query(soql, includeDeleted: includeDeleted)), fields: fields, call: .query(soql, includeDeleted: includeDeleted))
    }

    func queryMore(_ nextRecordsURL: String, fields: [String], batchSize: Int?) async throws -> QueryPage {
        try page(try answer(.queryMore(nextRecordsURL)), fields: fields, call: .queryMore(nextRecordsURL))
    }

    /// The page as Salesforce's JSON, read by the client's own parser.
    private func page(_ answer: Answer, fields: [String], call: Call) throws -> QueryPage {
        let (records, next, total): ([[String: String?]], String?, Int)
        switch answer {
        case .page(let r, let n): (records, next, total) = (r, n, r.count)
        case .sizedPage(let r, let n, let t): (records, next, total) = (r, n, t)
        default: throw Unexpected(call: call)
        }
        var object: [String: Any] = ["totalSize": total, "done": next == nil]
        if let next { object["nextRecordsUrl"] = next }
        object["records"] = records.map { record -> [String: Any] in
            var json: [String: Any] = ["attributes": ["type": "Lead"]]
            for (key, value) in record { json[key] = value ?? NSNull() }
            return json
        }
        return try QueryPageParser(fields: fields).parse(Array(try JSONSerialization.data(withJSONObject: object)))
    }

    func createBulkQuery(_ soql: String, includeDeleted: Bool) async throws -> BulkJob {
        guard case .job(let id, let state, let message) = try answer(.createBulkQuery(soql, includeDeleted: includeDeleted)) else {
            throw Unexpected(call: .createBulkQuery(soql, includeDeleted: includeDeleted))
        }
        return BulkJob(id: id, state: state, errorMessage: message)
    }

    func bulkJob(_ id: String) async throws -> BulkJob {
        guard case .job(let jobID, let state, let message) = try answer(.bulkJob(id)) else { throw Unexpected(call: .bulkJob(id)) }
        return BulkJob(id: jobID, state: state, errorMessage: message)
    }

    func bulkResults(_ jobID: String, locator: String?, maxRecords: Int?, chunkRows: Int) async throws -> BulkResultStream {
        switch try answer(.bulkResults(jobID, locator: locator)) {
        case .csv(let csv, let next):
            let rows = csv.split(separator: "\n", omittingEmptySubsequences: true).count - 1
            return BulkResultStream(body: .bytes(ByteBuffer(string: csv)), numberOfRecords: "\(rows)", locator: next ?? "null", chunkRows: chunkRows)
        case .cutCSV(let csv, let prefix):
            let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
            continuation.yield(ByteBuffer(string: String(csv.prefix(prefix))))
            continuation.finish(throwing: HTTPClientError.remoteConnectionClosed)
            return BulkResultStream(body: .stream(stream), numberOfRecords: nil, locator: "null", chunkRows: chunkRows)
        default:
            throw Unexpected(call: .bulkResults(jobID, locator: locator))
        }
    }

    func deleteBulkJob(_ id: String) async throws {
        _ = try answer(.deleteBulkJob(id))
    }
}
