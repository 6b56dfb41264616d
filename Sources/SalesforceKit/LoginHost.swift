/// Where users sign in: Salesforce's production or sandbox login, or an org's My Domain (also
/// the sandbox org server's URL).
public enum LoginHost: Sendable, Equatable {
    case production
    case sandbox
    case custom(String)

    /// The host a stored or typed login URL names: Salesforce's own two, else a custom one.
    public init(url: String) {
        switch LoginHost.custom(url).baseURL {
        case LoginHost.production.baseURL: self = .production
        case LoginHost.sandbox.baseURL: self = .sandbox
        default: self = .custom(url)
        }
    }

    public var baseURL: String {
        switch self {
        case .production: "https://login.salesforce.com"
        case .sandbox: "https://test.salesforce.com"
        case .custom(let url):
            String(url.reversed().drop { $0 == "/" }.reversed())
        }
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
