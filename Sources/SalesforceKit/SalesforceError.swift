import Foundation

/// Everything that can go wrong talking to Salesforce. A struct rather than an enum so it can
/// grow (a new kind, a new field) without breaking callers, as AsyncHTTPClient's
/// `HTTPClientError` does: callers compare `kind`, never match cases, and ask
/// `SalesforceErrorClassifier` what to do instead of reading codes themselves.
public struct SalesforceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, without its details: safe as a metric label.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case oauth, api, reauthenticationRequired, apiDisabled, requestLimitExceeded, queryTimeout, invalidQueryLocator, transport,
                 malformedResponse, untrustedURL, bulkJobEnded
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The token endpoint refused: `invalid_grant`, `invalid_client_id`, `redirect_uri_mismatch`…
        public static let oauth = Kind(.oauth)
        /// An error answer of the REST or Bulk API not named below.
        public static let api = Kind(.api)
        /// The refresh token was revoked or expired: a person must sign in again.
        public static let reauthenticationRequired = Kind(.reauthenticationRequired)
        /// `API_DISABLED_FOR_ORG` (the edition) or `API_CURRENTLY_DISABLED` (the user's profile).
        public static let apiDisabled = Kind(.apiDisabled)
        /// `REQUEST_LIMIT_EXCEEDED`: the daily quota, or (with "ConcurrentPerOrgLongTxn") too
        /// many long requests at once; the classifier tells them apart.
        public static let requestLimitExceeded = Kind(.requestLimitExceeded)
        /// `QUERY_TIMEOUT`: the query must be split into smaller ones.
        public static let queryTimeout = Kind(.queryTimeout)
        /// `INVALID_QUERY_LOCATOR`: a query cursor expired.
        public static let invalidQueryLocator = Kind(.invalidQueryLocator)
        /// Connection errors and timeouts that outlasted the retries.
        public static let transport = Kind(.transport)
        /// A body that is not what Salesforce sends: bad JSON, a truncated CSV, missing fields.
        public static let malformedResponse = Kind(.malformedResponse)
        /// A URL that is not a Salesforce host over https (or an operator-named local sandbox
        /// org), or a path that would leave the instance: nothing is sent to it.
        public static let untrustedURL = Kind(.untrustedURL)
        /// A Bulk API job that ended `Failed` or `Aborted` (its state is the error's `errorCode`).
        public static let bulkJobEnded = Kind(.bulkJobEnded)

        public var description: String { base.rawValue }
    }

    public let kind: Kind
    /// The HTTP status of the answer, when there was one.
    public let status: Int?
    /// Salesforce's `errorCode` (REST, Bulk), the OAuth `error`, or a Bulk job's end state.
    public let errorCode: String?
    /// Salesforce's message, or ours for failures without an answer.
    public let message: String

    public init(kind: Kind, status: Int? = nil, errorCode: String? = nil, message: String) {
        self.kind = kind
        self.status = status
        self.errorCode = errorCode
        self.message = message
    }

    public static func oauth(error: String, description: String) -> Self { Self(kind: .oauth, errorCode: error, message: description) }
    public static func api(status: Int, errorCode: String, message: String) -> Self { Self(kind: .api, status: status, errorCode: errorCode, message: message) }
    public static func reauthenticationRequired(_ message: String) -> Self { Self(kind: .reauthenticationRequired, message: message) }
    public static func apiDisabled(errorCode: String, message: String) -> Self { Self(kind: .apiDisabled, errorCode: errorCode, message: message) }
    public static func requestLimitExceeded(_ message: String, status: Int? = 403) -> Self {
        Self(kind: .requestLimitExceeded, status: status, errorCode: "REQUEST_LIMIT_EXCEEDED", message: message)
    }
    public static func queryTimeout(_ message: String) -> Self { Self(kind: .queryTimeout, status: 400, errorCode: "QUERY_TIMEOUT", message: message) }
    public static func invalidQueryLocator(_ message: String) -> Self {
        Self(kind: .invalidQueryLocator, status: 400, errorCode: "INVALID_QUERY_LOCATOR", message: message)
    }
    public static func transport(_ message: String) -> Self { Self(kind: .transport, message: message) }
    public static func malformedResponse(_ message: String) -> Self { Self(kind: .malformedResponse, message: message) }
    public static func untrustedURL(_ message: String) -> Self { Self(kind: .untrustedURL, message: message) }
    public static func bulkJobEnded(state: String, message: String) -> Self { Self(kind: .bulkJobEnded, errorCode: state, message: message) }

    /// The kind and code without the message (which may hold data): for logs' summaries and
    /// metric labels.
    public var shortDescription: String {
        [kind.description, status.map(String.init), errorCode].compactMap { $0 }.joined(separator: " ")
    }

    public var description: String {
        switch kind {
        case .oauth: "Salesforce sign-in failed: \(errorCode ?? "error"): \(message)"
        case .reauthenticationRequired: "Reauthentication required: \(message)"
        case .apiDisabled: "No API access (\(errorCode ?? "API_DISABLED")): \(message)"
        case .requestLimitExceeded: "REQUEST_LIMIT_EXCEEDED: \(message)"
        case .queryTimeout: "QUERY_TIMEOUT: \(message)"
        case .invalidQueryLocator: "INVALID_QUERY_LOCATOR: \(message)"
        case .transport: "Could not reach Salesforce: \(message)"
        case .malformedResponse: "Unexpected response from Salesforce: \(message)"
        case .untrustedURL: "Refused to send Salesforce credentials: \(message)"
        case .bulkJobEnded: "the Bulk API job ended \(errorCode ?? "Failed"): \(message)"
        default: "Salesforce answered \(status.map(String.init) ?? "") \(errorCode ?? ""): \(message)"
        }
    }

    /// The typed error for an error response: `[{"message","errorCode"}]` (REST, Bulk),
    /// `{"error","error_description"}` (OAuth), or anything else (an HTML page from the edge).
    static func from(status: Int, body: [UInt8]) -> SalesforceError {
        let json = try? JSONSerialization.jsonObject(with: Data(body))
        if let object = json as? [String: Any], let error = object["error"] as? String {
            return .oauth(error: error, description: object["error_description"] as? String ?? "")
        }
        // A composite refused whole (over its limits) answers in the composite's shape: one
        // entry, `referenceId` null, whose body is the usual error array.
        let composite = ((json as? [String: Any])?["compositeResponse"] as? [[String: Any]])?.first?["body"] as? [[String: Any]]
        let first = composite?.first ?? (json as? [[String: Any]])?.first ?? (json as? [String: Any])
        guard let code = first?["errorCode"] as? String else {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            return .api(status: status, errorCode: status >= 500 ? "SERVER_ERROR" : "HTTP_\(status)", message: text)
        }
        let message = first?["message"] as? String ?? ""
        switch code {
        case "API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED": return Self(kind: .apiDisabled, status: status, errorCode: code, message: message)
        case "REQUEST_LIMIT_EXCEEDED": return .requestLimitExceeded(message, status: status)
        case "QUERY_TIMEOUT": return Self(kind: .queryTimeout, status: status, errorCode: code, message: message)
        case "INVALID_QUERY_LOCATOR": return Self(kind: .invalidQueryLocator, status: status, errorCode: code, message: message)
        default: return .api(status: status, errorCode: code, message: message)
        }
    }
}

/// The org's API usage, from `Sforce-Limit-Info: api-usage=used/max`.
public struct APIUsage: Sendable, Equatable {
    public var used: Int
    public var max: Int

    public init(used: Int, max: Int) {
        self.used = used
        self.max = max
    }

    init?(header: String) {
        guard let range = header.range(of: "api-usage=") else { return nil }
        let parts = header[range.upperBound...].prefix { $0 != "," && $0 != ";" && $0 != " " }.split(separator: "/")
        guard parts.count == 2, let used = Int(parts[0]), let max = Int(parts[1]) else { return nil }
        self.init(used: used, max: max)
    }
}
