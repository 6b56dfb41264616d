/// A refusal in Salesforce's REST error shape: `[{"message", "errorCode", "fields"}]`.
public struct SalesforceFault: Error, Sendable, Equatable {
    public var status: Int
    public var errorCode: String
    public var message: String
    public var fields: [String]?

    public init(status: Int, _ errorCode: String, _ message: String, fields: [String]? = nil) {
        self.status = status
        self.errorCode = errorCode
        self.message = message
        self.fields = fields
    }

    public var json: JSON {
        var pairs: [(String, JSON)] = [("message", .string(message)), ("errorCode", .string(errorCode))]
        if let fields { pairs.append(("fields", .array(fields.map(JSON.string)))) }
        return .array([.object(pairs)])
    }

    public static let notFound = SalesforceFault(status: 404, "NOT_FOUND", "The requested resource does not exist")
    public static let entityDeleted = SalesforceFault(status: 404, "ENTITY_IS_DELETED", "entity is deleted")
    public static let invalidSession = SalesforceFault(status: 401, "INVALID_SESSION_ID", "Session expired or invalid")
    public static let apiDisabledForOrg = SalesforceFault(status: 403, "API_DISABLED_FOR_ORG", "The REST API is not enabled for this Organization.")
    public static let apiDisabledForUser = SalesforceFault(status: 403, "API_CURRENTLY_DISABLED", "API is disabled for this User")
    public static let requestLimitExceeded = SalesforceFault(status: 403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
    /// Too many long-running requests (over 20 s) at once in the org: transient, unlike the daily
    /// `TotalRequests` limit that shares its error code.
    public static let concurrentLimitExceeded = SalesforceFault(status: 403, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.")
    public static let queryTimeout = SalesforceFault(
        status: 400, "QUERY_TIMEOUT", "Your query request was running for too long.")
    public static let serverUnavailable = SalesforceFault(status: 503, "SERVER_UNAVAILABLE", "Server too busy")
    public static let unknownException = SalesforceFault(
        status: 500, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)")
}
