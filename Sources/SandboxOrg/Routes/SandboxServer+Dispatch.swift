import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Synchronization
import WebForms

/// A request as the routes see it: the path split into parts, the query, the body.
struct APIRequest: Sendable {
    let method: HTTPRequest.Method
    let path: String
    let parts: [String]
    let query: [String: String]
    let headers: HTTPFields
    let body: [UInt8]

    func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The API version of a `/services/data/vNN.0/...` path, as a number.
    var version: String { parts.count > 2 ? String(parts[2].dropFirst()) : "62.0" }
}

extension SandboxServer {
    func respond(to request: Request, context: BasicRequestContext) async -> Response {
        let path = request.uri.path
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var query: [String: String] = [:]
        if let q = request.uri.query { query = FormData.parse(q) }
        if let answer = edgeAnswer(request, parts: parts) { return answer }
        let body: [UInt8]
        do {
            var buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            return Reply.fault(SalesforceFault(status: 413, "REQUEST_ENTITY_TOO_LARGE", "Request body exceeds the maximum of \(configuration.maxBodyBytes) bytes"))
        }
        let api = APIRequest(method: request.method, path: path, parts: parts, query: query, headers: request.headers, body: body)
        do {
            switch parts.first {
            case "services" where parts.count >= 2 && parts[1] == "oauth2":
                return try await oauth(api)
            case "services" where parts.count >= 2 && parts[1] == "data":
                return try await dataAPI(api)
            case "id":
                return try identity(api)
            case "_sandbox":
                return try await control(api)
            case nil:
                return Reply.html(landingPage())
            default:
                throw SalesforceFault.notFound
            }
        } catch let fault as SalesforceFault {
            return Reply.fault(fault)
        } catch let error as OAuthError {
            return Reply.oauth(error)
        } catch {
            logger.error("request failed", metadata: ["path": .string(path), "error": .string("\(error)")])
            return Reply.fault(.unknownException)
        }
    }

    /// Every `/services/data` call: version check, session, the org's switches and faults,
    /// the API counter, then the resource; `Sforce-Limit-Info` on the way out.
    func dataAPI(_ request: APIRequest) async throws -> Response {
        if request.parts.count == 2 {
            guard request.method == .get else { throw SalesforceFault(status: 405, "METHOD_NOT_ALLOWED", "HTTP Method '\(request.method)' not allowed. Allowed are GET") }
            return Reply.json(versionsJSON())
        }
        let versionPart = request.parts[2]
        guard versionPart.hasPrefix("v"), let v = Double(versionPart.dropFirst()), v == v.rounded(),
            supportedVersions.contains(Int(v))
        else { throw SalesforceFault.notFound }
        let user = try authorize(request)
        if faults.apiDisabledForOrg { throw SalesforceFault.apiDisabledForOrg }
        guard auth.users.first(where: { $0.index == user })?.apiEnabled ?? true else { throw SalesforceFault.apiDisabledForUser }
        let calls = faults.countCall()
        if faults.take(.requestLimit, path: request.path) != nil || calls > configuration.dailyAPIRequests {
            throw SalesforceFault.requestLimitExceeded
        }
        if faults.take(.concurrentLimit, path: request.path) != nil { throw SalesforceFault.concurrentLimitExceeded }
        try await orgFaults(at: request.path)
        if let hang = faults.take(.hang, path: request.path) {
            try await Task.sleep(for: .milliseconds(hang.delayMs > 0 ? hang.delayMs : 600_000))
        }
        var response: Response
        do {
            response = try await dataResource(request, user: user)
        } catch let fault as SalesforceFault {
            response = Reply.fault(fault)
        }
        response.headers[.sforceLimitInfo] = "api-usage=\(min(calls, configuration.dailyAPIRequests))/\(configuration.dailyAPIRequests)"
        if response.headers[.contentType] == Reply.jsonType, faults.take(.malformedJSON, path: request.path) != nil {
            response = await Self.truncated(response)
        }
        return response
    }

    /// The org's own failures for a resource at `path`, as a call of its own and a composite
    /// subrequest both get them: 503, 500, a slow answer.
    func orgFaults(at path: String) async throws {
        if faults.take(.http503, path: path) != nil { throw SalesforceFault.serverUnavailable }
        if faults.take(.http500, path: path) != nil { throw SalesforceFault.unknownException }
        if let slow = faults.take(.slow, path: path) { try await Task.sleep(for: .milliseconds(max(1, slow.delayMs))) }
    }

    /// The user behind the request's `Authorization: Bearer` (or `OAuth`) token.
    func authorize(_ request: APIRequest) throws(SalesforceFault) -> Int {
        guard let token = bearerToken(request), let user = auth.session(token) else { throw .invalidSession }
        return user
    }

    /// The access token of the request's `Authorization: Bearer` (or `OAuth`) header.
    func bearerToken(_ request: APIRequest) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let token: Substring
        if header.hasPrefix("Bearer ") {
            token = header.dropFirst(7)
        } else if header.hasPrefix("OAuth ") {
            token = header.dropFirst(6)
        } else {
            return nil
        }
        return token.trimmingCharacters(in: .whitespaces)
    }

    func dataResource(_ request: APIRequest, user: Int) async throws -> Response {
        let rest = Array(request.parts.dropFirst(3))
        let version = request.version
        switch rest.first {
        case nil: return Reply.json(resourcesJSON(version: version, user: user))
        case "sobjects": return try sobjects(request, rest: Array(rest.dropFirst()), user: user)
        case "query", "queryAll": return try query(request, all: rest[0] == "queryAll", locator: rest.count > 1 ? rest[1] : nil, user: user)
        case "limits": return Reply.json(limitsJSON())
        case "composite": return try await composite(request, rest: rest, user: user)
        case "jobs" where rest.count >= 2 && rest[1] == "query": return try bulk(request, rest: Array(rest.dropFirst(2)), user: user)
        default: throw SalesforceFault.notFound
        }
    }

    /// Cuts a JSON body in half: the malformed-JSON fault.
    static func truncated(_ response: Response) async -> Response {
        var response = response
        var collected: [UInt8] = []
        let writer = CollectingWriter()
        try? await response.body.write(writer)
        collected = writer.bytes.withLock { $0 }
        response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: collected.prefix(max(1, collected.count / 2))))
        return response
    }
}

/// Collects a response body into memory (only for the malformed-JSON fault).
final class CollectingWriter: ResponseBodyWriter, @unchecked Sendable {
    let bytes = Mutex<[UInt8]>([])
    func write(_ buffer: ByteBuffer) async throws { bytes.withLock { $0.append(contentsOf: buffer.readableBytesView) } }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
