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

/// Sends requests and retries what is worth retrying: 5xx, 429, timeouts and dropped
/// connections, with exponential backoff and full jitter. 4xx answers are returned, not retried.
struct HTTPTransport: Sendable {
    let http: HTTPClient
    let retry: RetryPolicy
    let logger: Logger
    /// Called for every attempt's response head (API usage) and attempt (call counting).
    let onAttempt: @Sendable (HTTPHeaders?) -> Void

    static let maxBody = 512 * 1024 * 1024

    func send(_ request: HTTPClientRequest, timeout: Duration? = nil) async throws -> Exchange {
        var attempt = 0
        while true {
            attempt += 1
            let last = attempt >= retry.attempts
            do {
                let response = try await http.execute(request, timeout: .init(timeout ?? retry.requestTimeout))
                onAttempt(response.headers)
                let code = Int(response.status.code)
                if (code >= 500 || code == 429) && !last {
                    _ = try? await response.body.collect(upTo: Self.maxBody)
                    logger.debug("retrying after \(code)", metadata: ["url": "\(request.url)", "attempt": "\(attempt)"])
                    try await Task.sleep(for: retry.delay(afterAttempt: attempt))
                    continue
                }
                let body = try await response.body.collect(upTo: Self.maxBody)
                return Exchange(status: code, headers: response.headers, body: Array(buffer: body))
            } catch let error where Self.isTransient(error) {
                onAttempt(nil)
                if last { throw SalesforceError.transport("\(request.method) \(Self.redacted(request.url)): \(error) (after \(attempt) attempts)") }
                logger.debug("retrying after \(error)", metadata: ["url": "\(request.url)", "attempt": "\(attempt)"])
                try await Task.sleep(for: retry.delay(afterAttempt: attempt))
            }
        }
    }

    /// Timeouts and connection failures; not cancellation, not TLS or URL mistakes.
    static func isTransient(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        if let error = error as? HTTPClientError {
            let permanent: [HTTPClientError] = [.invalidURL, .emptyHost, .emptyScheme, .cancelled, .redirectLimitReached, .redirectCycleDetected]
            return !permanent.contains(error) && !String(describing: error).contains("unsupportedScheme")
        }
        if error is SalesforceError { return false }
        let text = String(describing: error)
        return !text.contains("NIOSSL") && !text.contains("handshake")
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
