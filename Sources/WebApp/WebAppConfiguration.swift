import Configuration
import Foundation
import SystemPackage

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

    /// Fills what flags left unset from the configuration: environment variables
    /// (`TRIBUTARY_SMTP_PORT` is the key `tributary.smtp.port`) over an optional JSON file
    /// (`serve --config`, `{"tributary": {"smtp": {"port": 2525}}}`). The client secret is read as a
    /// secret (redacted wherever the reader prints or logs).
    /// - Throws: `ConfigurationProblem` naming the key and its environment variable when a value
    ///   is not what it must be; nothing bad is ignored silently.
    public mutating func apply(_ config: ConfigReader) throws {
        clientID = clientID ?? Self.nonEmpty(config.string(forKey: "tributary.salesforce.client.id"))
        clientSecret = clientSecret ?? Self.nonEmpty(config.string(forKey: "tributary.salesforce.client.secret", isSecret: true))
        if publicURL == nil, let url = Self.nonEmpty(config.string(forKey: "tributary.public.url")) {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw ConfigurationProblem(key: "tributary.public.url", wanted: "an http:// or https:// address", got: url)
            }
            publicURL = url
        }
        smtpHost = smtpHost ?? Self.nonEmpty(config.string(forKey: "tributary.smtp.host"))
        if let text = Self.nonEmpty(config.string(forKey: "tributary.smtp.port")) {
            guard let port = Int(text), (1...65_535).contains(port) else { throw ConfigurationProblem(key: "tributary.smtp.port", wanted: "a port, 1 to 65535", got: text) }
            smtpPort = port
        }
        if let from = Self.nonEmpty(config.string(forKey: "tributary.smtp.from")) {
            guard Accounts.isEmail(from) else { throw ConfigurationProblem(key: "tributary.smtp.from", wanted: "an email address", got: from) }
            smtpFrom = from
        }
        // A proxy silently left out would lock every user behind it out; an allowlist silently
        // dropped would break every internal webhook: both are refused, not ignored.
        if let list = Self.nonEmpty(config.string(forKey: "tributary.trusted.proxies")) {
            do { trustedProxies = try TrustedProxies(parsing: list) } catch {
                throw ConfigurationProblem(key: "tributary.trusted.proxies", wanted: "IP addresses or CIDR ranges, comma-separated (\(error))", got: list)
            }
        }
        if let list = Self.nonEmpty(config.string(forKey: "tributary.webhook.allow")) {
            do { webhookAllow = try WebhookAllowlist(parsing: list) } catch {
                throw ConfigurationProblem(key: "tributary.webhook.allow", wanted: "IP addresses or CIDR ranges, comma-separated (\(error))", got: list)
            }
        }
        if let text = Self.nonEmpty(config.string(forKey: "tributary.report.timeout")) {
            guard let seconds = Int(text), (1...3_600).contains(seconds) else {
                throw ConfigurationProblem(key: "tributary.report.timeout", wanted: "seconds, 1 to 3600", got: text)
            }
            reportTimeout = .seconds(seconds)
        }
    }

    /// The reader `serve` applies: the environment over the JSON file, if one is given.
    /// - Throws: `ConfigurationProblem` when the file cannot be read or is not JSON.
    public static func reader(environment: [String: String] = ProcessInfo.processInfo.environment, configFile: String?) async throws -> ConfigReader {
        var providers: [any ConfigProvider] = [environmentProvider(environment)]
        if let configFile {
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(configFile)))
            } catch {
                throw ConfigurationProblem(key: "config file", wanted: "a readable JSON file", got: "\(configFile): \(error)")
            }
        }
        return ConfigReader(providers: providers)
    }

    /// `apply` over these environment variables alone.
    public mutating func applyEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try apply(ConfigReader(provider: Self.environmentProvider(environment)))
    }

    /// The environment as a configuration provider, its secrets marked.
    public static func environmentProvider(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> EnvironmentVariablesProvider {
        // The warehouse URL may carry the database password.
        EnvironmentVariablesProvider(environmentVariables: environment,
                                     secretsSpecifier: .specific(["TRIBUTARY_SALESFORCE_CLIENT_SECRET", "TRIBUTARY_SECRET_KEY", "TRIBUTARY_WAREHOUSE"]))
    }

    /// A setting every command reads from the environment (`tributary.warehouse` is
    /// `TRIBUTARY_WAREHOUSE`), through the same provider as `serve`'s settings; nil when unset
    /// or empty.
    public static func environmentSetting(_ key: String, isSecret: Bool = false,
                                          environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        nonEmpty(ConfigReader(provider: environmentProvider(environment)).string(forKey: ConfigKey(key), isSecret: isSecret))
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    var smtp: SMTPClient? { smtpHost.map { SMTPClient(host: $0, port: smtpPort, from: smtpFrom) } }

    public var baseURL: String { (publicURL ?? "http://\(host):\(port)").trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
    public var callbackURL: String { baseURL + "/oauth/callback" }
    /// Cookies are `Secure` when browsers reach the app over HTTPS.
    public var secureCookies: Bool { baseURL.hasPrefix("https://") }
}

/// A configuration value that is not what it must be, named by its key and environment variable.
public struct ConfigurationProblem: Error, CustomStringConvertible, Equatable {
    public let key: String
    public let wanted: String
    public let got: String

    /// `TRIBUTARY_SMTP_PORT` for `tributary.smtp.port`.
    public var environmentVariable: String { key.uppercased().replacingOccurrences(of: ".", with: "_") }

    public var description: String {
        if key == "config file" { return "--config must be \(wanted): \(got.prefix(300))" }
        return "\(environmentVariable) (\(key) in a config file) must be \(wanted); it is '\(got.prefix(100))'"
    }
}
