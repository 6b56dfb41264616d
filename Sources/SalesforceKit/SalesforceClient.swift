import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// How the client gets new tokens when Salesforce rejects the access token (refresh grant, or
/// signing in again with a JWT or password).
public typealias Reauthorizer = @Sendable () async throws -> TokenSet

/// A client of one org's REST and Bulk API 2.0, safe to use from many tasks at once. It keeps
/// the tokens fresh (one refresh at a time, shared by every caller), reads the API usage off
/// every response and counts its calls.
public final class SalesforceClient: Sendable {
    let apiVersion: String
    let reauthorize: Reauthorizer?
    let onTokens: (@Sendable (TokenSet) async -> Void)?
    let retry: RetryPolicy
    let logger: Logger
    let transport: HTTPTransport
    private let clientState: ClientState

    public init(http: HTTPClient, tokens: TokenSet, reauthorize: Reauthorizer?, onTokens: (@Sendable (TokenSet) async -> Void)? = nil,
                apiVersion: String = SalesforceAPI.defaultVersion, retry: RetryPolicy = .default, logger: Logger = Logger(label: "salesforce")) {
        let state = ClientState(tokens: tokens)
        clientState = state
        self.apiVersion = apiVersion
        self.reauthorize = reauthorize
        self.onTokens = onTokens
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

    /// Sends one API request; on `INVALID_SESSION_ID` renews the tokens once and sends it again.
    func send(_ method: HTTPMethod, _ url: @Sendable (TokenSet) -> String, json body: [UInt8]? = nil,
              headers: [(String, String)] = [], timeout: Duration? = nil) async throws -> Exchange {
        var renewed = false
        while true {
            let (tokens, generation) = clientState.current
            var request = HTTPClientRequest(url: url(tokens))
            request.method = method
            request.headers.add(name: "Authorization", value: "Bearer \(tokens.accessToken)")
            request.headers.add(name: "Accept", value: "application/json")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let exchange = try await transport.send(request, timeout: timeout)
            guard exchange.status == 401 else { return exchange }
            if renewed { throw SalesforceError.reauthenticationRequired("Salesforce refused the renewed access token") }
            try await renewTokens(after: generation)
            renewed = true
        }
    }

    /// One refresh for every caller that saw the same expired token.
    func renewTokens(after generation: Int) async throws {
        guard let reauthorize else {
            throw SalesforceError.reauthenticationRequired("the session expired and the connection has no way to renew it")
        }
        let task = clientState.refreshTask(after: generation) {
            Task {
                do { return try await reauthorize() } catch let error as SalesforceError {
                    switch error {
                    case .oauth(let code, let description):
                        throw SalesforceError.reauthenticationRequired("Salesforce refused to renew the session (\(code): \(description))")
                    default: throw error
                    }
                }
            }
        }
        guard let task else { return }  // another caller already renewed them
        let tokens: TokenSet
        do { tokens = try await task.value } catch {
            clientState.forgetRefresh(of: generation)
            throw error
        }
        if clientState.install(tokens, replacing: generation) { await onTokens?(tokens) }
    }

    /// A 2xx body, or the typed error of the response.
    func checked(_ exchange: Exchange) throws -> Exchange {
        guard (200..<300).contains(exchange.status) else { throw SalesforceError.from(status: exchange.status, body: exchange.body) }
        return exchange
    }

    /// GETs JSON and parses it with `parse`; a body that does not parse (a proxy cut it) is
    /// fetched once more before it is reported.
    func getParsed<T>(_ url: @Sendable (TokenSet) -> String, headers: [(String, String)] = [], _ parse: ([UInt8]) throws -> T) async throws -> T {
        var lastError: (any Error)?
        for _ in 0..<2 {
            let exchange = try checked(try await send(.GET, url, headers: headers))
            do { return try parse(exchange.body) } catch { lastError = error }
        }
        throw SalesforceError.malformedResponse("\(lastError.map { String(describing: $0) } ?? "unreadable body")")
    }

    func getDecoded<T: Decodable>(_ type: T.Type, _ url: @Sendable (TokenSet) -> String) async throws -> T {
        try await getParsed(url) { try JSONDecoder().decode(T.self, from: Data($0)) }
    }

    func getObject(_ url: @Sendable (TokenSet) -> String) async throws -> [String: Any] {
        try await getParsed(url) { body in
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
    func refreshTask(after generation: Int, start: () -> Task<TokenSet, any Error>) -> Task<TokenSet, any Error>? {
        values.withLock { v in
            guard v.generation == generation else { return nil }
            if let running = v.refreshing { return running }
            let task = start()
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
