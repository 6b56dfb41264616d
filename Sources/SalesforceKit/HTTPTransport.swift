import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

/// A response read whole.
struct Exchange: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
}

/// Sends requests: the one retry loop of SalesforceKit. Whether a failure is retried, answered
/// by renewing the session, or thrown is `SalesforceErrorClassifier`'s decision, for answers
/// (any status outside 2xx), transport failures and bodies that do not parse alike.
struct HTTPTransport: Sendable {
    let http: HTTPClient
    let retry: RetryPolicy
    let logger: Logger
    /// Called for every attempt's response head (API usage) and attempt (call counting).
    let onAttempt: @Sendable (HTTPHeaders?) -> Void

    static let maxBody = 512 * 1024 * 1024
    /// Error answers are short; an HTML page from the edge is cut here.
    static let maxErrorBody = 1 << 20

    /// A request as one attempt sends it, and the session generation it carries (to renew once
    /// for every caller that saw the same expired token).
    typealias Attempt = (request: HTTPClientRequest, session: Int)

    /// Sends `attempt()`'s request until `receive` accepts a 2xx answer or the classifier says
    /// stop. Retries happen before `receive` returns, never after: a streamed body that breaks
    /// later is its reader's to resume.
    func perform<T>(_ operation: SalesforceOperation, timeout: Duration? = nil, _ attempt: () throws -> Attempt,
                    renewSession: ((Int) async throws -> Void)? = nil, receive: (HTTPClientResponse) async throws -> T) async throws -> T {
        var attempts = 0
        // Up to two renewals: the first may bring tokens another client or process stored,
        // which may themselves have expired since; the second then spends the refresh token.
        var renewals = 0
        while true {
            attempts += 1
            let (request, session) = try attempt()
            let name = "\(request.method) \(Self.redacted(request.url))"
            do {
                let response: HTTPClientResponse
                do {
                    response = try await http.execute(request, timeout: .init(timeout ?? retry.requestTimeout))
                } catch {
                    onAttempt(nil)
                    throw error
                }
                onAttempt(response.headers)
                let status = Int(response.status.code)
                // 304 answers a conditional request (`If-Modified-Since`): the reader's to read.
                guard (200..<300).contains(status) || status == 304 else {
                    let body = try await response.body.collect(upTo: Self.maxErrorBody)
                    throw SalesforceError.from(status: status, body: Array(buffer: body))
                }
                return try await receive(response)
            } catch {
                guard let failure = SalesforceErrorClassifier.normalize(error, request: name) else { throw error }
                switch SalesforceErrorClassifier.decide(failure, during: operation) {
                case .refreshSession where renewals > 0 && SalesforceErrorClassifier.decideAfterRenewal(during: operation) == .restartPiece:
                    throw SalesforceError(kind: .invalidQueryLocator, status: failure.status, errorCode: failure.errorCode,
                                          message: "the query cursor belongs to the expired session: \(failure.message)")
                case .refreshSession where renewSession != nil && renewals < 2:
                    try await renewSession?(session)
                    renewals += 1
                case .refreshSession:
                    throw SalesforceError.reauthenticationRequired(
                        renewSession == nil ? "the session expired and the connection has no way to renew it" : "Salesforce refused the renewed access token")
                case .retry where attempts < retry.attempts:
                    logger.info("retrying", metadata: ["request": "\(name)", "attempt": "\(attempts)", "reason": "\(failure.shortDescription)"])
                    try await Task.sleep(for: retry.delay(afterAttempt: attempts))
                case .retry where failure.kind == .transport:
                    throw SalesforceError.transport("\(failure.message) (after \(attempts) attempts)")
                default:
                    throw failure
                }
            }
        }
    }

    /// A request read whole and parsed by `read`; a body that does not parse is fetched again.
    func send<T>(_ operation: SalesforceOperation, timeout: Duration? = nil, _ attempt: () throws -> Attempt,
                 renewSession: ((Int) async throws -> Void)? = nil, read: (Exchange) throws -> T) async throws -> T {
        try await perform(operation, timeout: timeout, attempt, renewSession: renewSession) { response in
            let body = try await response.body.collect(upTo: Self.maxBody)
            let exchange = Exchange(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body))
            do { return try read(exchange) } catch let error as SalesforceError {
                throw error
            } catch {
                throw SalesforceError.malformedResponse("\(error)")
            }
        }
    }

    /// URLs without their query (which may hold a code or token) for messages.
    static func redacted(_ url: String) -> String { String(url.prefix { $0 != "?" }) }
}

extension Duration {
    /// AsyncHTTPClient takes NIO's TimeAmount.
    var timeAmount: TimeAmount { .nanoseconds(Int64(components.seconds) * 1_000_000_000 + components.attoseconds / 1_000_000_000) }
}

extension TimeAmount {
    init(_ duration: Duration) { self = duration.timeAmount }
}
