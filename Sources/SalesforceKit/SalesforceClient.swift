import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// How the client gets new tokens when Salesforce rejects the access token (refresh grant, or
/// signing in again with a JWT or password), given the tokens it rejected: a renewer shared by
/// several clients or processes can tell that another already replaced them, and return those
/// instead of spending (or, under refresh token rotation, reusing) the refresh token again.
public typealias Reauthorizer = @Sendable (_ rejected: TokenSet) async throws -> TokenSet

/// A client of one org's REST and Bulk API 2.0, safe to use from many tasks at once. It keeps
/// the tokens fresh (one refresh at a time, shared by every caller), reads the API usage off
/// every response and counts its calls.
public final class SalesforceClient: Sendable {
    let apiVersion: String
    let reauthorize: Reauthorizer?
    let retry: RetryPolicy
    /// Whether requests ask for gzip: only for an `HTTPClient` that decompresses
    /// (`HTTPClient.Configuration.decompression`), which inflates bodies as their bytes stream in.
    let compressedResponses: Bool
    let logger: Logger
    let transport: HTTPTransport
    private let clientState: ClientState

    public init(http: HTTPClient, tokens: TokenSet, reauthorize: Reauthorizer?,
                apiVersion: String = SalesforceClient.defaultAPIVersion, retry: RetryPolicy = .default, compressedResponses: Bool = false,
                logger: Logger = Logger(label: "salesforce")) {
        self.compressedResponses = compressedResponses
        let state = ClientState(tokens: tokens)
        clientState = state
        self.apiVersion = apiVersion
        self.reauthorize = reauthorize
        self.retry = retry
        self.logger = logger
        transport = HTTPTransport(http: http, retry: retry, logger: logger) { headers in state.recordAttempt(headers) }
    }

    public var tokens: TokenSet { clientState.snapshot.tokens }
    /// The last `Sforce-Limit-Info: api-usage=used/max` seen.
    public var apiUsage: APIUsage? { clientState.snapshot.usage }
    /// HTTP requests this client sent to the org's API, retries included.
    public var callCount: Int { clientState.snapshot.calls }

    func state<T>(_ read: (ClientState) -> T) -> T { read(clientState) }
    func recordAttempt(_ headers: HTTPHeaders?) { clientState.recordAttempt(headers) }

    /// `/services/data/vXX.X` + `path`.
    func dataURL(_ path: String) -> @Sendable (TokenSet) -> String {
        let version = apiVersion
        return { $0.instanceURL.appending("/services/data/v\(version)" + path) }
    }

    /// One API request through the transport's retry loop, with this client's token; an
    /// expired session is renewed once (for every caller that saw the same token) and the
    /// request sent again.
    func send<T>(_ operation: SalesforceOperation, _ method: HTTPMethod = .GET, _ url: @Sendable (TokenSet) -> String, json body: [UInt8]? = nil,
                 headers: [(String, String)] = [], timeout: Duration? = nil, read: (Exchange) throws -> T) async throws -> T {
        try await transport.send(operation, timeout: timeout, { request(method, url, json: body, headers: headers, accept: "application/json") },
                                 renewSession: { try await self.renewTokens(after: $0) }, read: read)
    }

    /// A streaming GET: retries and token renewal happen before the body starts, never after.
    func stream(_ operation: SalesforceOperation, _ url: @Sendable (TokenSet) -> String, accept: String) async throws -> HTTPClientResponse {
        try await transport.perform(operation, timeout: retry.streamTimeout, { request(.GET, url, json: nil, headers: [], accept: accept) },
                                    renewSession: { try await self.renewTokens(after: $0) }, receive: { $0 })
    }

    private func request(_ method: HTTPMethod, _ url: @Sendable (TokenSet) -> String, json body: [UInt8]?, headers: [(String, String)],
                         accept: String) -> HTTPTransport.Attempt {
        let (tokens, generation) = clientState.current
        var request = HTTPClientRequest(url: url(tokens))
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(tokens.accessToken)")
        request.headers.add(name: "Accept", value: accept)
        // Salesforce compresses REST pages and Bulk results alike; CSV shrinks about tenfold.
        if compressedResponses { request.headers.add(name: "Accept-Encoding", value: "gzip") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return (request, generation)
    }

    /// One refresh for every caller that saw the same expired token.
    func renewTokens(after generation: Int) async throws {
        guard let reauthorize else {
            throw SalesforceError.reauthenticationRequired("the session expired and the connection has no way to renew it")
        }
        let task = clientState.refreshTask(after: generation) { rejected in
            Task {
                do { return try await reauthorize(rejected) } catch let error as SalesforceError where error.kind == .oauth {
                    throw SalesforceError.reauthenticationRequired("Salesforce refused to renew the session (\(error.errorCode ?? "error"): \(error.message))")
                }
            }
        }
        guard let task else { return }  // another caller already renewed them
        let tokens: TokenSet
        do { tokens = try await task.value } catch {
            clientState.forgetRefresh(of: generation)
            throw error
        }
        // Whoever renews stores the tokens before handing them over (`Reauthorizer`).
        _ = clientState.install(tokens, replacing: generation)
    }

    /// GETs JSON and parses it with `parse`.
    func getParsed<T>(_ operation: SalesforceOperation, _ url: @Sendable (TokenSet) -> String, headers: [(String, String)] = [],
                      _ parse: ([UInt8]) throws -> T) async throws -> T {
        try await send(operation, .GET, url, headers: headers) { try parse($0.body) }
    }

    func getDecoded<T: Decodable>(_ operation: SalesforceOperation, _ type: T.Type, _ url: @Sendable (TokenSet) -> String) async throws -> T {
        try await getParsed(operation, url) { try JSONDecoder().decode(T.self, from: Data($0)) }
    }

    func getObject(_ url: @Sendable (TokenSet) -> String) async throws -> [String: Any] {
        try await getParsed(.other, url) { body in
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw SalesforceError.malformedResponse("expected a JSON object")
            }
            return object
        }
    }
}

/// The client's mutable state behind one lock.
final class ClientState: Sendable {
    struct Values {
        var tokens: TokenSet
        var generation = 0
        var refreshing: Task<TokenSet, any Error>?
        var usage: APIUsage?
        var calls = 0
    }

    private let values: Mutex<Values>

    init(tokens: TokenSet) { values = Mutex(Values(tokens: tokens)) }

    var snapshot: Values { values.withLock { $0 } }
    var current: (TokenSet, Int) { values.withLock { ($0.tokens, $0.generation) } }

    func recordAttempt(_ headers: HTTPHeaders?) {
        let usage = headers?.first(name: "Sforce-Limit-Info").flatMap(APIUsage.init(header:))
        values.withLock {
            $0.calls += 1
            if let usage { $0.usage = usage }
        }
    }

    /// The running refresh, a new one, or nil when the tokens changed since `generation`.
    func refreshTask(after generation: Int, start: (_ rejected: TokenSet) -> Task<TokenSet, any Error>) -> Task<TokenSet, any Error>? {
        values.withLock { v in
            guard v.generation == generation else { return nil }
            if let running = v.refreshing { return running }
            let task = start(v.tokens)
            v.refreshing = task
            return task
        }
    }

    /// A failed refresh is not kept: the next expired call tries again.
    func forgetRefresh(of generation: Int) {
        values.withLock { if $0.generation == generation { $0.refreshing = nil } }
    }

    /// Installs renewed tokens once; false when another caller already did.
    func install(_ tokens: TokenSet, replacing generation: Int) -> Bool {
        values.withLock { v in
            guard v.generation == generation else { return false }
            v.tokens = tokens
            v.generation += 1
            v.refreshing = nil
            return true
        }
    }
}
