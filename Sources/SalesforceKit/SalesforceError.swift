import Foundation

/// Everything that can go wrong talking to Salesforce, typed by what the caller must do.
public enum SalesforceError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The token endpoint refused: `invalid_grant`, `invalid_client_id`, `redirect_uri_mismatch`…
    case oauth(error: String, description: String)
    case api(status: Int, errorCode: String, message: String)
    /// The refresh token was revoked or expired: a person must sign in again.
    case reauthenticationRequired(String)
    /// `API_DISABLED_FOR_ORG` (the edition) or `API_CURRENTLY_DISABLED` (the user's profile).
    case apiDisabled(errorCode: String, message: String)
    /// `REQUEST_LIMIT_EXCEEDED`: the org's daily API calls are used up.
    case requestLimitExceeded(String)
    /// `QUERY_TIMEOUT`: the query must be split into smaller ones.
    case queryTimeout(String)
    /// `INVALID_QUERY_LOCATOR`: a query cursor expired.
    case invalidQueryLocator(String)
    /// Connection errors and timeouts that outlasted the retries.
    case transport(String)
    /// A body that is not what Salesforce sends: bad JSON, a truncated CSV, missing fields.
    case malformedResponse(String)
    /// A URL that is not a Salesforce host over https (or an operator-named local sandbox org),
    /// or a path that would leave the instance: nothing is sent to it.
    case untrustedURL(String)

    public var errorCode: String? {
        switch self {
        case .oauth(let error, _): error
        case .api(_, let code, _), .apiDisabled(let code, _): code
        case .requestLimitExceeded: "REQUEST_LIMIT_EXCEEDED"
        case .queryTimeout: "QUERY_TIMEOUT"
        case .invalidQueryLocator: "INVALID_QUERY_LOCATOR"
        case .reauthenticationRequired, .transport, .malformedResponse, .untrustedURL: nil
        }
    }

    public var description: String {
        switch self {
        case .oauth(let error, let description): "Salesforce sign-in failed: \(error): \(description)"
        case .api(let status, let code, let message): "Salesforce answered \(status) \(code): \(message)"
        case .reauthenticationRequired(let message): "Reauthentication required: \(message)"
        case .apiDisabled(let code, let message): "No API access (\(code)): \(message)"
        case .requestLimitExceeded(let message): "REQUEST_LIMIT_EXCEEDED: \(message)"
        case .queryTimeout(let message): "QUERY_TIMEOUT: \(message)"
        case .invalidQueryLocator(let message): "INVALID_QUERY_LOCATOR: \(message)"
        case .transport(let message): "Could not reach Salesforce: \(message)"
        case .malformedResponse(let message): "Unexpected response from Salesforce: \(message)"
        case .untrustedURL(let message): "Refused to send Salesforce credentials: \(message)"
        }
    }

    /// The typed error for an error response: `[{"message","errorCode"}]` (REST, Bulk) or
    /// `{"error","error_description"}` (OAuth).
    static func from(status: Int, body: [UInt8]) -> SalesforceError {
        let json = try? JSONSerialization.jsonObject(with: Data(body))
        if let object = json as? [String: Any], let error = object["error"] as? String {
            return .oauth(error: error, description: object["error_description"] as? String ?? "")
        }
        let first = (json as? [[String: Any]])?.first ?? (json as? [String: Any])
        guard let code = first?["errorCode"] as? String else {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            return .api(status: status, errorCode: status >= 500 ? "SERVER_ERROR" : "HTTP_\(status)", message: text)
        }
        let message = first?["message"] as? String ?? ""
        switch code {
        case "API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED": return .apiDisabled(errorCode: code, message: message)
        case "REQUEST_LIMIT_EXCEEDED": return .requestLimitExceeded(message)
        case "QUERY_TIMEOUT": return .queryTimeout(message)
        case "INVALID_QUERY_LOCATOR": return .invalidQueryLocator(message)
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

/// Retries of transient failures (5xx, 429, timeouts, dropped connections).
public struct RetryPolicy: Sendable {
    public var attempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A request (and its whole body) that takes longer is cut and retried: a hung server.
    public var requestTimeout: Duration
    /// Bulk result pages stream for longer than an ordinary request.
    public var streamTimeout: Duration

    public init(attempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
                requestTimeout: Duration = .seconds(120), streamTimeout: Duration = .seconds(1_800)) {
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.requestTimeout = requestTimeout
        self.streamTimeout = streamTimeout
    }

    public static let `default` = RetryPolicy()

    /// Exponential backoff with full jitter: spreads the retries of many clients.
    func delay(afterAttempt attempt: Int) -> Duration {
        let cap = min(maxDelay, baseDelay * (1 << min(attempt, 16)))
        return cap * Double.random(in: 0...1)
    }
}
