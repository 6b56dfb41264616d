import SOQL
import Foundation

/// One subrequest of a composite request (`POST /composite`): a read of an sObject resource
/// (describe, describeGlobal, `updated`, `deleted`, a record) or a query page. Build them with
/// the static constructors, which know the resources' paths.
public struct CompositeSubrequest: Sendable, Equatable {
    public enum Method: String, Sendable { case GET, POST, PATCH, PUT, DELETE }

    public var method: Method
    /// The resource under `/services/data/vXX.X` (`/sobjects/Account/describe`), or a path on
    /// the instance that already names its version (a `nextRecordsUrl`).
    public var path: String
    /// Letters, digits and underscores, unique within the composite; the client numbers them
    /// when left empty.
    public var referenceId: String
    public var body: JSONValue?
    public var httpHeaders: [String: String]
    /// What the subrequest is, for the error classifier (a 404 means the object is gone on a
    /// describe, the job on a Bulk poll).
    public var operation: SalesforceOperation

    public init(method: Method = .GET, path: String, referenceId: String = "", body: JSONValue? = nil, httpHeaders: [String: String] = [:],
                operation: SalesforceOperation = .other) {
        self.method = method
        self.path = path
        self.referenceId = referenceId
        self.body = body
        self.httpHeaders = httpHeaders
        self.operation = operation
    }

    /// Query operations (query, queryAll, next pages): at most `CompositeLimits.queries` in one composite.
    public var isQuery: Bool {
        let resource = path.hasPrefix("/services/") ? path.split(separator: "/").dropFirst(3).first : path.split(separator: "/").first
        return resource == "query" || resource == "queryAll"
    }

    public static func describeGlobal(ifModifiedSince: Date? = nil, referenceId: String = "") -> Self {
        Self(path: "/sobjects/", referenceId: referenceId, httpHeaders: conditional(ifModifiedSince), operation: .describeGlobal)
    }

    public static func describe(_ object: String, ifModifiedSince: Date? = nil, referenceId: String = "") -> Self {
        Self(path: "/sobjects/\(SalesforceClient.pathComponent(object))/describe/", referenceId: referenceId,
             httpHeaders: conditional(ifModifiedSince), operation: .describe)
    }

    public static func query(_ soql: String, includeDeleted: Bool = false, referenceId: String = "") -> Self {
        Self(path: (includeDeleted ? "/queryAll/" : "/query/") + "?q=" + FormEncoding.escape(soql), referenceId: referenceId, operation: .query)
    }

    /// The next page of a query: `nextRecordsUrl` must be a path on the instance.
    public static func queryMore(_ nextRecordsURL: String, referenceId: String = "") throws -> Self {
        Self(path: try InstancePath(checking: nextRecordsURL).path, referenceId: referenceId, operation: .queryMore)
    }

    public static func updated(_ object: String, start: Date, end: Date, referenceId: String = "") -> Self {
        Self(path: "/sobjects/\(SalesforceClient.pathComponent(object))/updated/?" + SalesforceClient.window(start, end), referenceId: referenceId)
    }

    public static func deleted(_ object: String, start: Date, end: Date, referenceId: String = "") -> Self {
        Self(path: "/sobjects/\(SalesforceClient.pathComponent(object))/deleted/?" + SalesforceClient.window(start, end), referenceId: referenceId)
    }

    /// `If-Modified-Since` in HTTP's date format (`Wed, 3 Jul 2013 19:43:31 GMT`).
    static func conditional(_ since: Date?) -> [String: String] {
        since.map { ["If-Modified-Since": HTTPDate.format($0)] } ?? [:]
    }
}

/// One entry of `compositeResponse`: the subrequest's own status, headers and body.
public struct CompositeSubresponse: Sendable, Equatable {
    public var referenceId: String
    public var status: Int
    public var httpHeaders: [String: String]
    /// The body's JSON as it came (empty when it was `null`: a 304 or a 204).
    public var body: [UInt8]

    public init(referenceId: String, status: Int, httpHeaders: [String: String] = [:], body: [UInt8]) {
        self.referenceId = referenceId
        self.status = status
        self.httpHeaders = httpHeaders
        self.body = body
    }

    /// `304 Not Modified` (a describe asked `If-Modified-Since`).
    public var notModified: Bool { status == 304 }

    /// The error of a failed subrequest, read from its body as any error answer is; nil when it
    /// succeeded. What to do about it is `SalesforceErrorClassifier`'s to say.
    public var error: SalesforceError? {
        (200..<400).contains(status) ? nil : SalesforceError.from(status: status, body: body)
    }

    /// A query subrequest's page, one column per field of `fields`, as `query` reads it.
    public func queryPage(fields: [String]) throws -> QueryPage { try QueryPageParser(fields: fields).parse(body) }

    /// An `updated` subrequest's ids and `latestDateCovered`.
    public func updated() throws -> UpdatedResult { UpdatedResult(json: try object()) }

    /// A `deleted` subrequest's records, `earliestDateAvailable` and `latestDateCovered`.
    public func deleted() throws -> DeletedResult { DeletedResult(json: try object()) }

    private func object() throws -> [String: Any] {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw SalesforceError.malformedResponse("composite subrequest \(referenceId): expected a JSON object")
        }
        return json
    }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(body)) } catch {
            throw SalesforceError.malformedResponse("composite subrequest \(referenceId): \(error)")
        }
    }
}

/// A result that may not have changed since the caller last read it (`If-Modified-Since`).
public enum Conditional<Value: Sendable>: Sendable {
    case modified(Value)
    case notModified
}

extension Conditional: Equatable where Value: Equatable {}

/// Salesforce's limits on one composite request (REST API Developer Guide, *Composite*).
public enum CompositeLimits {
    public static let subrequests = 25
    /// Query operations (query, queryAll, next pages) and sObject Collections.
    public static let queries = 5

    /// Splits subrequests, in order, into composites that each stay within both limits:
    /// the indices of each composite's subrequests.
    public static func batches(_ items: [CompositeSubrequest]) -> [Range<Int>] {
        var batches: [Range<Int>] = []
        var start = 0
        var queries = 0
        for (i, sub) in items.enumerated() {
            let query = sub.isQuery ? 1 : 0
            if i - start == subrequests || queries + query > Self.queries {
                batches.append(start..<i)
                start = i
                queries = 0
            }
            queries += query
        }
        if start < items.count { batches.append(start..<items.count) }
        return batches
    }
}

/// HTTP's date format for `If-Modified-Since` (RFC 1123, always GMT).
enum HTTPDate {
    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - day * 86_400
        let weekday = days[Int(((day % 7) + 7) % 7)]
        let (y, m, d) = SOQLDate.civil(fromDays: Int32(clamping: day))
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(two(Int64(d))) \(months[m - 1]) \(y) \(two(time / 3_600)):\(two(time % 3_600 / 60)):\(two(time % 60)) GMT"
    }
}
