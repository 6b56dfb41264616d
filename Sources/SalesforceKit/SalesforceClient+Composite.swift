import Foundation
import NIOHTTP1

/// Composite requests and conditional describes: the calls that keep a cycle's API cost low.
extension SalesforceClient {
    /// Sends `subrequests` as few composite requests as Salesforce's limits allow (25
    /// subrequests, 5 of them queries, per composite; each composite is one API call), in
    /// order, and answers one subresponse per subrequest, in the same order.
    ///
    /// - Parameters:
    ///   - subrequests: reads built with `CompositeSubrequest`'s constructors. Empty
    ///     `referenceId`s are numbered (`r0`, `r1`…); `@{ref.field}` references work only
    ///     within one composite, so a caller that uses them keeps such groups under the limits.
    ///   - allOrNone: within each composite, the first failing subrequest rolls back the others
    ///     (`PROCESSING_HALTED`); composites sent after it still run.
    /// - Returns: each subrequest's status, headers and body; a failed one's `error` is read as
    ///   any error answer, and `SalesforceErrorClassifier` decides what to do about it.
    /// - Throws: `SalesforceError` when a composite request itself fails (after the transport's
    ///   retries and one session renewal).
    public func composite(_ subrequests: [CompositeSubrequest], allOrNone: Bool = false) async throws -> [CompositeSubresponse] {
        var numbered = subrequests
        for i in numbered.indices where numbered[i].referenceId.isEmpty { numbered[i].referenceId = "r\(i)" }
        var answers: [CompositeSubresponse] = []
        answers.reserveCapacity(numbered.count)
        for batch in CompositeLimits.batches(numbered) {
            answers += try await sendComposite(Array(numbered[batch]), allOrNone: allOrNone)
        }
        return answers
    }

    private func sendComposite(_ batch: [CompositeSubrequest], allOrNone: Bool) async throws -> [CompositeSubresponse] {
        let root = "/services/data/v\(apiVersion)"
        let entries: [JSONValue] = batch.map { sub in
            var entry: [String: JSONValue] = [
                "method": .string(sub.method.rawValue), "referenceId": .string(sub.referenceId),
                "url": .string(sub.path.hasPrefix("/services/") ? sub.path : root + sub.path),
            ]
            if let body = sub.body { entry["body"] = body }
            if !sub.httpHeaders.isEmpty { entry["httpHeaders"] = .object(sub.httpHeaders.mapValues(JSONValue.string)) }
            return .object(entry)
        }
        let body = try JSONEncoder().encode(JSONValue.object(["allOrNone": .bool(allOrNone), "compositeRequest": .array(entries)]))
        return try await send(.composite, .POST, dataURL("/composite"), json: Array(body)) { exchange in
            let answers = try Self.parseComposite(exchange.body)
            guard answers.map(\.referenceId) == batch.map(\.referenceId) else {
                throw SalesforceError.malformedResponse("composite: \(answers.count) answers for \(batch.count) subrequests")
            }
            return answers
        }
    }

    /// `{"compositeResponse": [{"body", "httpHeaders", "httpStatusCode", "referenceId"}]}`.
    static func parseComposite(_ body: [UInt8]) throws -> [CompositeSubresponse] {
        guard let root = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let entries = root["compositeResponse"] as? [[String: Any]]
        else { throw SalesforceError.malformedResponse("composite: no compositeResponse") }
        return try entries.map { entry in
            guard let status = entry["httpStatusCode"] as? Int else { throw SalesforceError.malformedResponse("composite: a subresponse without httpStatusCode") }
            var bytes: [UInt8] = []
            if let value = entry["body"], !(value is NSNull) {
                bytes = Array(try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]))
            }
            let headers = (entry["httpHeaders"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
            return CompositeSubresponse(referenceId: entry["referenceId"] as? String ?? "", status: status, httpHeaders: headers, body: bytes)
        }
    }

    /// describeGlobal, or `.notModified` when no object's metadata changed since `since`.
    public func describeGlobal(ifModifiedSince since: Date?) async throws -> Conditional<[GlobalObject]> {
        try await conditionalGet(.describeGlobal, dataURL("/sobjects/"), since: since) { try JSONDecoder().decode(DescribeGlobalResponse.self, from: Data($0)).sobjects }
    }

    /// An object's describe, or `.notModified` when its metadata did not change since `since`.
    public func describe(_ object: String, ifModifiedSince since: Date?) async throws -> Conditional<ObjectDescribe> {
        try await conditionalGet(.describe, dataURL("/sobjects/\(Self.pathComponent(object))/describe/"), since: since) {
            try JSONDecoder().decode(ObjectDescribe.self, from: Data($0))
        }
    }

    private func conditionalGet<T: Sendable>(_ operation: SalesforceOperation, _ url: @escaping @Sendable (TokenSet) -> String, since: Date?,
                                             _ parse: ([UInt8]) throws -> T) async throws -> Conditional<T> {
        let headers = CompositeSubrequest.conditional(since).map { ($0.key, $0.value) }
        return try await send(operation, .GET, url, headers: headers) { exchange in
            exchange.status == 304 ? .notModified : .modified(try parse(exchange.body))
        }
    }
}
