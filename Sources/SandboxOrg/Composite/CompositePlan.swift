import HTTPTypes

/// A composite request's body, checked as Salesforce checks it before running anything: a body
/// it refuses is a 400 for the whole request (`JSON_PARSER_ERROR`, `LIMIT_EXCEEDED`…) and no
/// subrequest runs.
struct CompositePlan {
    struct Subrequest {
        var method: HTTPRequest.Method
        var url: String
        var referenceId: String
        var body: JSON?
        var headers: [(String, String)]
    }

    /// One entry of `compositeResponse`.
    struct Answer {
        var referenceId: String
        var status: Int
        var headers: [(String, JSON)]
        /// The body as the resource wrote it (empty: no body, written as `null`).
        var body: [UInt8]

        init(referenceId: String, status: Int, headers: [(String, JSON)], body: [UInt8]) {
            self.referenceId = referenceId
            self.status = status
            self.headers = headers
            self.body = body
        }

        init(referenceId: String, fault: any Error) {
            let fault = fault as? SalesforceFault ?? .unknownException
            self.init(referenceId: referenceId, status: fault.status, headers: [], body: fault.json.bytes)
        }

        var json: JSON {
            .object([
                ("body", body.isEmpty ? .null : .raw(body)), ("httpHeaders", .object(headers)),
                ("httpStatusCode", .int(Int64(status))), ("referenceId", .string(referenceId)),
            ])
        }
    }

    /// The resources a subrequest may name: the sObject resources and the query resources.
    static let subrequestResources: Set<String> = ["sobjects", "query", "queryAll"]
    /// Headers a subrequest inherits from the composite request and must not set itself.
    static let inheritedHeaders: Set<String> = ["accept", "authorization", "content-type"]

    var allOrNone = false
    var subrequests: [Subrequest] = []
    /// The whole request's refusal when it breaks a limit (a `compositeResponse` with one entry).
    var refusal: JSON?

    init(_ bytes: [UInt8]) throws(SalesforceFault) {
        let root: JSON
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw SalesforceFault(status: 400, "JSON_PARSER_ERROR", "\(error.message) at [line:\(error.line), column:\(error.column)]")
        }
        guard case .object = root else { throw Self.parserError("Composite request body must be a JSON object") }
        if case .bool(let b)? = root["allOrNone"] { allOrNone = b }
        guard case .array(let items)? = root["compositeRequest"] else { throw Self.parserError("'compositeRequest' is a required field.") }
        var seen: Set<String> = []
        for item in items {
            guard let method = item["method"]?.stringValue else { throw Self.parserError("'method' is a required field.") }
            guard let url = item["url"]?.stringValue else { throw Self.parserError("'url' is a required field.") }
            guard let referenceId = item["referenceId"]?.stringValue else { throw Self.parserError("'referenceId' is a required field.") }
            guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method), let parsed = HTTPRequest.Method(method) else {
                throw Self.parserError("Invalid HTTP method: \(method). Allowed are POST, PUT, PATCH, GET, DELETE")
            }
            guard !referenceId.isEmpty, referenceId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw SalesforceFault(status: 400, "INVALID_INPUT", "Invalid referenceId: '\(referenceId)'. A referenceId can contain only letters, numbers and underscores.")
            }
            guard seen.insert(referenceId).inserted else {
                throw SalesforceFault(status: 400, "INVALID_INPUT", "Duplicate ReferenceId provided in the request: \(referenceId)")
            }
            var headers: [(String, String)] = []
            if case .object(let pairs)? = item["httpHeaders"] {
                for (name, value) in pairs {
                    guard !Self.inheritedHeaders.contains(name.lowercased()) else {
                        throw SalesforceFault(status: 400, "INVALID_INPUT", "The \(name) header is inherited from the composite request and cannot be set on a subrequest.")
                    }
                    headers.append((name, value.stringValue ?? value.text))
                }
            }
            let body = item["body"].flatMap { $0 == .null ? nil : $0 }
            subrequests.append(Subrequest(method: parsed, url: url, referenceId: referenceId, body: body, headers: headers))
        }
        if subrequests.count > Self.maxSubrequests {
            refusal = Self.limitExceeded("The request can’t contain more than \(Self.maxSubrequests) operations.")
        } else if subrequests.filter(\.isQuery).count > Self.maxQueries {
            refusal = Self.limitExceeded("The request can’t contain more than \(Self.maxQueries) query operations.")
        }
    }

    static var maxSubrequests: Int { SandboxServer.compositeMaxSubrequests }
    static var maxQueries: Int { SandboxServer.compositeMaxQueries }

    static func parserError(_ message: String) -> SalesforceFault { SalesforceFault(status: 400, "JSON_PARSER_ERROR", message) }

    /// Salesforce answers a composite over its limits in the composite shape, with one entry
    /// whose `referenceId` is null (support-service-lambdas PR #766).
    static func limitExceeded(_ message: String) -> JSON {
        .object([
            ("compositeResponse", .array([.object([
                ("body", SalesforceFault(status: 400, "LIMIT_EXCEEDED", message).json), ("httpHeaders", .object([])),
                ("httpStatusCode", 400), ("referenceId", .null),
            ])]))
        ])
    }
}

extension CompositePlan.Subrequest {
    /// Query operations (query, queryAll, and their next pages) count against the limit of 5.
    var isQuery: Bool {
        let path = url.prefix { $0 != "?" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return parts.count >= 4 && (parts[3] == "query" || parts[3] == "queryAll")
    }
}
