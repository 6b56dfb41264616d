import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Everything `tributary sandbox` can set. Defaults give a working org with two users.
public struct SandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 7777
    public var seed: UInt64 = 42
    public var scale = 1
    /// When the generated history ends; nil: the start of the current UTC day.
    public var asOf: Int64?
    public var clientID = "3MVG9TributarySandboxClientIdForLocalTestingOnly0000000000000000000000000000000000000"
    public var clientSecret = "TRIBUTARY0SANDBOX0SECRET"
    /// The users that can sign in. The first one with API access is the org's admin.
    public var users: [(email: String, password: String, apiEnabled: Bool)] = [
        ("admin@tributary.sandbox", "sandbox-admin-1", true),
        ("noapi@tributary.sandbox", "sandbox-noapi-1", false),
    ]
    /// Answer every API call with `API_DISABLED_FOR_ORG`, as an edition without API access does.
    public var apiDisabledForOrg = false
    public var accessTokenLifetimeSeconds = 7_200
    /// Daily API request limit reported by `/limits` and `Sforce-Limit-Info`.
    public var dailyAPIRequests = 1_000_000
    /// Allowed OAuth callback URLs; empty: any loopback URL.
    public var callbackURLs: [String] = []
    public var tls: TLS?
    /// Where the sandbox writes files it creates (a self-signed certificate, the JWT key).
    public var directory: String = "data/sandbox"
    /// Continuous activity: changes per second made in the background (0: none).
    public var activityPerSecond = 0.0
    /// The org's clock in ms since the epoch; nil: the system clock. Tests move time with it.
    public var clock: (@Sendable () -> Int64)?
    /// Largest request body accepted.
    public var maxBodyBytes = 16 * 1024 * 1024

    public struct TLS: Sendable {
        /// PEM files to serve; nil: a self-signed certificate is generated into `directory`.
        public var certificatePath: String?
        public var keyPath: String?
        public init(certificatePath: String? = nil, keyPath: String? = nil) {
            self.certificatePath = certificatePath
            self.keyPath = keyPath
        }
    }

    public init() {}

    public var scheme: String { tls == nil ? "http" : "https" }
}
