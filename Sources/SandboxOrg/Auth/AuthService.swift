import Crypto
import Foundation
import Synchronization

/// A person who can sign in to the sandbox org.
public struct SandboxUser: Sendable {
    public var username: String
    public var password: String
    /// False for a profile without *API Enabled*: sign-in works, every API call is refused.
    public var apiEnabled: Bool
    /// Index of the user's User record.
    public var index: Int

    public init(username: String, password: String, apiEnabled: Bool, index: Int) {
        self.username = username
        self.password = password
        self.apiEnabled = apiEnabled
        self.index = index
    }
}

/// The connected app and every grant the org has issued: authorization codes, access tokens
/// and refresh tokens, with their expiry and revocation.
final class AuthService: Sendable {
    struct CodeGrant {
        var clientID: String
        var redirectURI: String
        var user: Int
        var challenge: String?
        var scope: String
        var expires: Int64
        var used: Bool
        var issuedRefreshToken: String?
    }

    struct AccessGrant {
        var user: Int
        var expires: Int64
        /// The token family of the refresh token it was issued from (revoked with it).
        var family: String?
    }

    struct State {
        var codes: [String: CodeGrant] = [:]
        var access: [String: AccessGrant] = [:]
        /// refresh token → user; removed when revoked or rotated out.
        var refresh: [String: Int] = [:]
        /// Every refresh token issued (live or rotated out) → its family: the first token of the
        /// chain that rotation grew from one authorization.
        var familyOf: [String: String] = [:]
        /// Refresh tokens replaced by rotation: presenting one again revokes its whole family.
        var rotatedOut: Set<String> = []
        /// Refresh tokens with a token request being processed.
        var inFlight: Set<String> = []
        /// (user, client) pairs that already clicked Allow.
        var approved: Set<String> = []
        /// Sign-in transactions in progress (hidden form id → the authorize request).
        var pending: [String: AuthorizeRequest] = [:]
    }

    let clientID: String
    let clientSecret: String
    let users: [SandboxUser]
    let organizationID: String
    let accessTokenLifetimeMs: Int64
    let callbackURLs: [String]
    let jwtPublicKeyPEM: String?
    let state = Mutex(State())
    /// Refresh Token Rotation: every refresh answers a new refresh token and retires the old one.
    let rotatesRefreshTokens: Bool
    /// How long a refresh grant takes to process; a second request with the same token meanwhile
    /// is refused, as Salesforce does.
    let refreshProcessingMs: Int
    let clock: @Sendable () -> Int64

    init(
        clientID: String, clientSecret: String, users: [SandboxUser], organizationID: String, accessTokenLifetimeMs: Int64,
        callbackURLs: [String], jwtPublicKeyPEM: String?, rotatesRefreshTokens: Bool = false, refreshProcessingMs: Int = 0,
        clock: @escaping @Sendable () -> Int64
    ) {
        self.rotatesRefreshTokens = rotatesRefreshTokens
        self.refreshProcessingMs = refreshProcessingMs
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.users = users
        self.organizationID = organizationID
        self.accessTokenLifetimeMs = accessTokenLifetimeMs
        self.callbackURLs = callbackURLs
        self.jwtPublicKeyPEM = jwtPublicKeyPEM
        self.clock = clock
    }

    /// Random token text in Salesforce's alphabet.
    static func randomToken(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._")
        var g = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] })
    }

    func user(named username: String) -> SandboxUser? {
        users.first { $0.username.lowercased() == username.lowercased() }
    }

    func authenticate(username: String, password: String) -> SandboxUser? {
        guard let u = user(named: username), u.password == password else { return nil }
        return u
    }

    /// Whether Salesforce would accept this callback: an exact match with a configured one, or,
    /// when none is configured, any loopback URL (the sandbox only serves local apps).
    func acceptsRedirect(_ uri: String) -> Bool {
        if !callbackURLs.isEmpty { return callbackURLs.contains(uri) }
        guard let url = URL(string: uri), let host = url.host, let scheme = url.scheme else { return false }
        return ["http", "https"].contains(scheme) && ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
    }

    // MARK: Sign-in transactions

    func beginSignIn(_ request: AuthorizeRequest) -> String {
        let id = AuthService.randomToken(24)
        state.withLock { $0.pending[id] = request }
        return id
    }

    func pendingSignIn(_ id: String) -> AuthorizeRequest? { state.withLock { $0.pending[id] } }

    func finishSignIn(_ id: String) { _ = state.withLock { $0.pending.removeValue(forKey: id) } }

    func hasApproved(user: Int, client: String) -> Bool { state.withLock { $0.approved.contains("\(user)|\(client)") } }

    func approve(user: Int, client: String) { _ = state.withLock { $0.approved.insert("\(user)|\(client)") } }

    // MARK: Grants

    func issueCode(for request: AuthorizeRequest, user: Int) -> String {
        let code = "aPrx" + AuthService.randomToken(60) + "=="
        let grant = CodeGrant(
            clientID: request.clientID, redirectURI: request.redirectURI, user: user, challenge: request.codeChallenge,
            scope: request.scope, expires: clock() + 15 * 60_000, used: false)
        state.withLock { $0.codes[code] = grant }
        return code
    }

    enum CodeRedemption {
        case granted(CodeGrant)
        case failed(OAuthError)
    }

    /// Redeems a code once. A replayed code fails and revokes what the first redemption issued,
    /// as RFC 6749 §4.1.2 advises.
    func redeem(code: String, clientID: String, redirectURI: String?, verifier: String?) -> CodeRedemption {
        state.withLock { s in
            guard var grant = s.codes[code] else { return .failed(.init("invalid_grant", "invalid authorization code")) }
            if grant.used {
                if let refresh = grant.issuedRefreshToken { AuthService.revokeRefresh(refresh, in: &s) }
                return .failed(.init("invalid_grant", "invalid authorization code"))
            }
            guard grant.expires > clock() else { return .failed(.init("invalid_grant", "expired authorization code")) }
            guard grant.clientID == clientID else { return .failed(.init("invalid_grant", "invalid authorization code")) }
            guard redirectURI == grant.redirectURI else {
                return .failed(.init("redirect_uri_mismatch", "redirect_uri must match configuration"))
            }
            if let challenge = grant.challenge {
                guard let verifier else { return .failed(.init("invalid_grant", "invalid code verifier")) }
                guard AuthService.s256(verifier) == challenge else { return .failed(.init("invalid_grant", "invalid code verifier")) }
            }
            grant.used = true
            s.codes[code] = grant
            return .granted(grant)
        }
    }

    func noteRefreshToken(_ refresh: String, forCode code: String) {
        state.withLock { $0.codes[code]?.issuedRefreshToken = refresh }
    }

    static func s256(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    func issueAccessToken(user: Int, refreshToken: String?) -> String {
        let token = String(organizationID.prefix(15)) + "!" + AuthService.randomToken(96)
        state.withLock { s in
            let family = refreshToken.map { s.familyOf[$0] ?? $0 }
            s.access[token] = AccessGrant(user: user, expires: clock() + accessTokenLifetimeMs, family: family)
        }
        return token
    }

    func issueRefreshToken(user: Int) -> String {
        let token = AuthService.newRefreshToken()
        state.withLock { s in
            s.refresh[token] = user
            s.familyOf[token] = token
        }
        return token
    }

    static func newRefreshToken() -> String { "5Aep861" + AuthService.randomToken(80) }

    func refreshUser(_ token: String) -> Int? { state.withLock { $0.refresh[token] } }

    /// The user behind a live access token, or nil when it is unknown, expired or revoked.
    func session(_ token: String) -> Int? {
        state.withLock { s in
            guard let grant = s.access[token], grant.expires > clock() else { return nil }
            return grant.user
        }
    }

    /// Revokes a refresh token (and the access tokens issued from it) or a single access token.
    func revoke(_ token: String) -> Bool {
        state.withLock { s in
            if s.refresh[token] != nil {
                AuthService.revokeRefresh(token, in: &s)
                return true
            }
            return s.access.removeValue(forKey: token) != nil
        }
    }

    /// Revokes the token's whole family: every refresh token rotation made from the same
    /// authorization, and every access token issued from them.
    static func revokeRefresh(_ token: String, in s: inout State) {
        let family = s.familyOf[token] ?? token
        for member in s.familyOf.filter({ $0.value == family }).keys {
            s.refresh.removeValue(forKey: member)
        }
        s.access = s.access.filter { $0.value.family != family }
    }

    /// Fault: every access token stops working at once (sessions expired), refresh still works.
    func expireAllSessions() -> Int {
        state.withLock { s in
            let n = s.access.count
            s.access.removeAll()
            return n
        }
    }

    /// Fault: every refresh token is revoked (as when an admin revokes the app's access).
    func revokeAllRefreshTokens() -> Int {
        state.withLock { s in
            let n = s.refresh.count
            s.refresh.removeAll()
            s.access = s.access.filter { $0.value.family == nil }
            return n
        }
    }

    /// `signature` of a token response: base64(HMAC-SHA256(client secret, id + issued_at)).
    func signature(identityURL: String, issuedAt: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data((identityURL + issuedAt).utf8), using: SymmetricKey(data: Data(clientSecret.utf8)))
        return Data(mac).base64EncodedString()
    }
}

/// What `/services/oauth2/authorize` was asked.
struct AuthorizeRequest: Sendable {
    var clientID: String
    var redirectURI: String
    var state: String?
    var scope: String
    var codeChallenge: String?
    var prompt: String?
}

/// An OAuth error body: `{"error": "...", "error_description": "..."}`.
struct OAuthError: Error, Sendable {
    var error: String
    var description: String
    var status: Int

    init(_ error: String, _ description: String, status: Int = 400) {
        self.error = error
        self.description = description
        self.status = status
    }

    var json: JSON { .object([("error", .string(error)), ("error_description", .string(description))]) }
}
