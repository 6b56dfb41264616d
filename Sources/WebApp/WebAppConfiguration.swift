import Foundation

/// What the web app needs to run: where it listens, where its files are, and the Salesforce
/// connected app it signs users in through (from flags, environment variables or defaults).
public struct WebAppConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDir = "data"
    /// The address browsers reach the app at; the OAuth callback is `publicURL/oauth/callback`,
    /// which must be one of the connected app's callback URLs.
    public var publicURL: String?
    /// The connected app's consumer key and secret (`TRIBUTARY_SALESFORCE_CLIENT_ID`,
    /// `TRIBUTARY_SALESFORCE_CLIENT_SECRET`).
    public var clientID: String?
    public var clientSecret: String?
    /// A local sandbox org offered as an environment (`serve --demo`).
    public var sandboxLoginURL: String?
    /// The SMTP relay for *Email me when complete* (`TRIBUTARY_SMTP_HOST`, `_PORT`, `_FROM`).
    /// How often lead scores are retrained after cycles (seconds; 0: after every cycle with leads).
    public var scoreLeadsEvery: TimeInterval = 6 * 3600
    public var smtpHost: String?
    public var smtpPort = 25
    public var smtpFrom = "tributary@localhost"
    /// Internal addresses webhooks may reach (`--webhook-allow`, `TRIBUTARY_WEBHOOK_ALLOW`);
    /// public addresses are always allowed.
    public var webhookAllow = WebhookAllowlist.publicOnly
    /// How long one report query may run before it is stopped (`TRIBUTARY_REPORT_TIMEOUT`, seconds).
    public var reportTimeout: Duration = .seconds(30)
    /// Rows a report page shows; past it the page says the result was cut.
    public var reportRowLimit = 10_000
    /// Rows a CSV export holds; it has no page to say so, so it is larger.
    public var reportExportRowLimit = 100_000
    /// Reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxies`,
    /// `TRIBUTARY_TRUSTED_PROXIES`); none by default, so the client is the TCP peer.
    public var trustedProxies = TrustedProxies.none
    /// Cycles wait for their minute to end before asking which tables changed
    /// (`SyncOptions.probeWaitsForMinute`), so a change made just before *Force update* is in it.
    public var probeWaitsForMinute = true

    public init() {}

    /// Fills what flags left unset from the environment.
    public mutating func applyEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        clientID = clientID ?? environment["TRIBUTARY_SALESFORCE_CLIENT_ID"]
        clientSecret = clientSecret ?? environment["TRIBUTARY_SALESFORCE_CLIENT_SECRET"]
        publicURL = publicURL ?? environment["TRIBUTARY_PUBLIC_URL"]
        smtpHost = smtpHost ?? environment["TRIBUTARY_SMTP_HOST"]
        if let port = environment["TRIBUTARY_SMTP_PORT"].flatMap(Int.init), (1...65_535).contains(port) { smtpPort = port }
        if let from = environment["TRIBUTARY_SMTP_FROM"], UserStore.isEmail(from) { smtpFrom = from }
        if let seconds = environment["TRIBUTARY_REPORT_TIMEOUT"].flatMap(Int.init), (1...3_600).contains(seconds) { reportTimeout = .seconds(seconds) }
    }

    var smtp: SMTPClient? { smtpHost.map { SMTPClient(host: $0, port: smtpPort, from: smtpFrom) } }

    public var baseURL: String { (publicURL ?? "http://\(host):\(port)").trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
    public var callbackURL: String { baseURL + "/oauth/callback" }
    /// Cookies are `Secure` when browsers reach the app over HTTPS.
    public var secureCookies: Bool { baseURL.hasPrefix("https://") }
}
