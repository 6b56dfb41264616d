/// How often and how patiently requests are retried. Whether a failure is worth retrying is
/// not decided here but by `SalesforceErrorClassifier`.
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
