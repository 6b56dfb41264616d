/// Where users sign in: Salesforce's production or sandbox login, or an org's My Domain (or an
/// operator-named local sandbox org). A custom host is a checked `SalesforceOrigin`, so a login
/// host can never name anything else.
public enum LoginHost: Sendable, Equatable {
    case production
    case sandbox
    case custom(SalesforceOrigin)

    /// The host a typed login URL names: Salesforce's own two, else a custom one `policy` allows.
    /// - Throws: `SalesforceError.untrustedURL` for any other host.
    public init(url: String, policy: HostPolicy) throws(SalesforceError) {
        let origin = try SalesforceOrigin(checking: url, policy: policy)
        switch origin.url {
        case LoginHost.production.baseURL: self = .production
        case LoginHost.sandbox.baseURL: self = .sandbox
        default: self = .custom(origin)
        }
    }

    /// A login host stored with a connection: it was checked when the connection was made, by
    /// the policy of its maker (who may have named a local sandbox org), so loopback stays allowed.
    public init(storedURL: String) throws(SalesforceError) {
        try self.init(url: storedURL, policy: .salesforceOrLocalSandbox)
    }

    /// A local sandbox org an operator named (demo mode, `--login-url`, tests); Salesforce hosts pass too.
    public static func localSandbox(_ url: String) throws(SalesforceError) -> LoginHost {
        try LoginHost(url: url, policy: .salesforceOrLocalSandbox)
    }

    public var baseURL: String {
        switch self {
        case .production: "https://login.salesforce.com"
        case .sandbox: "https://test.salesforce.com"
        case .custom(let origin): origin.url
        }
    }

    /// What the token endpoint may name as instance and identity URL: a local sandbox org hands
    /// out its own loopback URLs, Salesforce only Salesforce hosts.
    public var issuedURLPolicy: HostPolicy {
        if case .custom(let origin) = self, origin.isLocalSandbox { return .salesforceOrLocalSandbox }
        return .salesforce
    }
}

/// The connected app Tributary signs in through.
public struct OAuthApp: Sendable {
    public var clientID: String
    public var clientSecret: String?
    public var redirectURI: String?
    public var loginHost: LoginHost

    public init(clientID: String, clientSecret: String?, redirectURI: String?, loginHost: LoginHost) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.loginHost = loginHost
    }
}
