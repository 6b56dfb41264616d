import AsyncHTTPClient
import Foundation
import JWTKit
import Logging
import NIOCore
import NIOHTTP1

/// The OAuth 2.0 side of Salesforce: the web-server flow's URL and code exchange, refresh,
/// username-password and JWT bearer grants, revocation and the identity URL.
public struct OAuthClient: Sendable {
    public let app: OAuthApp
    let transport: HTTPTransport

    public init(app: OAuthApp, http: HTTPClient, retry: RetryPolicy = .default, logger: Logger = Logger(label: "salesforce.oauth")) {
        self.app = app
        transport = HTTPTransport(http: http, retry: retry, logger: logger, onAttempt: { _ in })
    }

    /// Where to send the browser: the authorize endpoint with PKCE (S256) and `state`.
    public func authorizeURL(state: String, codeChallenge: String, scopes: [String] = ["api", "refresh_token", "id"]) -> String {
        var query = [
            ("response_type", "code"), ("client_id", app.clientID), ("state", state),
            ("code_challenge", codeChallenge), ("code_challenge_method", "S256"), ("scope", scopes.joined(separator: " ")),
        ]
        if let redirect = app.redirectURI { query.insert(("redirect_uri", redirect), at: 2) }
        return app.loginHost.baseURL + "/services/oauth2/authorize?" + FormEncoding.encode(query)
    }

    public func exchange(code: String, codeVerifier: String) async throws -> TokenSet {
        var form = [("grant_type", "authorization_code"), ("code", code), ("client_id", app.clientID), ("code_verifier", codeVerifier)]
        if let secret = app.clientSecret { form.append(("client_secret", secret)) }
        if let redirect = app.redirectURI { form.append(("redirect_uri", redirect)) }
        return try await token(form)
    }

    /// A new access token; the refresh token stays the one given when the answer has none.
    public func refresh(_ refreshToken: String) async throws -> TokenSet {
        var form = [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", app.clientID)]
        if let secret = app.clientSecret { form.append(("client_secret", secret)) }
        var tokens = try await token(form)
        if tokens.refreshToken == nil { tokens.refreshToken = refreshToken }
        return tokens
    }

    public func password(username: String, password: String) async throws -> TokenSet {
        var form = [("grant_type", "password"), ("client_id", app.clientID), ("username", username), ("password", password)]
        if let secret = app.clientSecret { form.append(("client_secret", secret)) }
        return try await token(form)
    }

    /// The JWT bearer flow: a short-lived assertion signed with the connected app's key (RS256).
    public func jwtBearer(username: String, privateKeyPEM: String) async throws -> TokenSet {
        let keys = JWTKeyCollection()
        do {
            await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: privateKeyPEM), digestAlgorithm: .sha256)
        } catch {
            throw SalesforceError.oauth(error: "invalid_key", description: "the JWT private key is not an RSA key in PEM form: \(error)")
        }
        let claims = BearerAssertion(
            iss: IssuerClaim(value: app.clientID), sub: SubjectClaim(value: username),
            aud: AudienceClaim(value: app.loginHost.baseURL), exp: ExpirationClaim(value: Date().addingTimeInterval(180)))
        let assertion = try await keys.sign(claims)
        return try await token([("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)])
    }

    public func revoke(token: String) async throws {
        try await transport.send(.signIn, { (formRequest("/services/oauth2/revoke", [("token", token)]), 0) }) { _ in }
    }

    /// Who signed in, in which org (the `id` URL of the token response).
    public func identity(_ tokens: TokenSet) async throws -> Identity {
        guard let url = tokens.identityURL else { throw SalesforceError.malformedResponse("the token response had no identity URL") }
        var request = HTTPClientRequest(url: url.url)
        request.headers.add(name: "Authorization", value: "Bearer \(tokens.accessToken)")
        request.headers.add(name: "Accept", value: "application/json")
        let exchange: Exchange
        do {
            exchange = try await transport.send(.signIn, { (request, 0) }) { $0 }
        } catch let error as SalesforceError where error.status == 401 || error.status == 403 {
            throw SalesforceError.reauthenticationRequired("the identity URL refused the token")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(exchange.body)) as? [String: Any],
              let user = object["user_id"] as? String, let org = object["organization_id"] as? String, let username = object["username"] as? String
        else { throw SalesforceError.malformedResponse("the identity response lacks user_id, organization_id or username") }
        return Identity(userID: user, organizationID: org, username: username, displayName: object["display_name"] as? String,
                        email: object["email"] as? String)
    }

    // MARK: - Token endpoint

    private func token(_ form: [(String, String)]) async throws -> TokenSet {
        let exchange: Exchange
        do {
            exchange = try await transport.send(.signIn, { (formRequest("/services/oauth2/token", form), 0) }) { $0 }
        } catch let error as SalesforceError where error.kind == .oauth {
            // A user whose profile lacks API access can sign in but gets no API token.
            if error.message.localizedCaseInsensitiveContains("api") && error.message.localizedCaseInsensitiveContains("disabled") {
                throw SalesforceError.apiDisabled(errorCode: "API_CURRENTLY_DISABLED", message: error.message)
            }
            throw error
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(exchange.body)) as? [String: Any],
              let access = object["access_token"] as? String, let instance = object["instance_url"] as? String
        else { throw SalesforceError.malformedResponse("the token response lacks access_token or instance_url") }
        let issued = (object["issued_at"] as? String).flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1000) }
        // The token goes to these URLs next: a forged answer must not point it anywhere else.
        let policy = app.loginHost.issuedURLPolicy
        var identity: SalesforceURL?
        if let id = object["id"] as? String { identity = try SalesforceURL(checking: id, policy: policy) }
        return TokenSet(accessToken: access, refreshToken: object["refresh_token"] as? String,
                        instanceURL: try SalesforceOrigin(checking: instance, policy: policy),
                        identityURL: identity, issuedAt: issued, scope: object["scope"] as? String)
    }

    private func formRequest(_ path: String, _ form: [(String, String)]) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: app.loginHost.baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(form)))
        return request
    }
}

/// The claims of a JWT bearer assertion (iss: client id, sub: username, aud: login host).
struct BearerAssertion: JWTPayload {
    var iss: IssuerClaim
    var sub: SubjectClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws { try exp.verifyNotExpired() }
}

/// `application/x-www-form-urlencoded`, for token requests and authorize URLs.
public enum FormEncoding {
    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    public static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
