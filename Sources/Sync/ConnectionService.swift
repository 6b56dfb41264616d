import AsyncHTTPClient
import Foundation
import SalesforceKit
import Warehouse

/// What Tributary keeps secret for a connection, sealed with the data directory's key.
public struct ConnectionSecrets: Codable, Sendable, Equatable {
    public var tokens: TokenSet
    public var clientSecret: String?
    /// For the username-password flow (headless use): the password, to sign in again.
    public var password: String?
    /// For the JWT bearer flow: the connected app's private key.
    public var jwtPrivateKeyPEM: String?

    public init(tokens: TokenSet, clientSecret: String? = nil, password: String? = nil, jwtPrivateKeyPEM: String? = nil) {
        self.tokens = tokens
        self.clientSecret = clientSecret
        self.password = password
        self.jwtPrivateKeyPEM = jwtPrivateKeyPEM
    }
}

/// How a new connection signs in.
public enum ConnectionCredentials: Sendable {
    case password(username: String, password: String)
    case jwt(username: String, privateKeyPEM: String)
    /// Tokens from the web-server flow (the web app's Connect to Salesforce).
    case tokens(TokenSet)
}

public enum ConnectionError: Error, CustomStringConvertible, Equatable {
    case noAPIAccess(String)
    case unknownConnection(String)
    case differentOrg(expected: String, got: String)
    /// A connection name that is empty, too long, or holds a control character (CR/LF...).
    case invalidName

    public var description: String {
        switch self {
        case .noAPIAccess(let detail):
            "This Salesforce org or user has no API access (\(detail)). Tributary reads Salesforce through its API, which "
                + "Enterprise, Unlimited, Performance and Developer editions include (Professional edition only as an add-on). "
                + "Ask your Salesforce admin to turn on the 'API Enabled' permission in the user's profile or a permission set, then connect again."
        case .unknownConnection(let name): "No connection named '\(name)'. `tributary status` lists the connections."
        case .differentOrg(let expected, let got):
            "You signed in to a different Salesforce org (\(got)) than the one this connection copies (\(expected)). Sign in to the same org."
        case .invalidName: "A connection name has 1 to 100 characters and no line breaks or other control characters."
        }
    }
}

/// Creating connections and opening API clients for them; shared by the CLI and the web app.
public struct ConnectionService: Sendable {
    public let warehouse: any Warehouse
    public let secrets: SecretBox
    public let http: HTTPClient
    /// Retries and timeouts of every API call (tests shorten them).
    public var retry: RetryPolicy
    /// Ask Salesforce for gzip bodies; only when `http` decompresses them
    /// (`HTTPClient.Configuration.decompression`, as the CLI's client does).
    public var compressedResponses = false

    public init(warehouse: any Warehouse, secrets: SecretBox, http: HTTPClient, retry: RetryPolicy = .default) {
        self.warehouse = warehouse
        self.secrets = secrets
        self.http = http
        self.retry = retry
    }

    /// Signs in, checks API access, and saves the connection (tokens sealed). Nothing is saved
    /// when the org or user lacks API access.
    public func connect(name: String, loginHost: LoginHost, clientID: String, clientSecret: String?,
                        credentials: ConnectionCredentials, redirectURI: String? = nil) async throws -> ConnectionRecord {
        // Every way in (web form, `tributary connect`, demo) passes here: the name goes into email
        // headers and logs later.
        guard let name = DisplayName.checked(name) else { throw ConnectionError.invalidName }
        let oauth = OAuthClient(app: OAuthApp(clientID: clientID, clientSecret: clientSecret, redirectURI: redirectURI, loginHost: loginHost), http: http)
        var sealed: ConnectionSecrets
        let authKind: ConnectionRecord.AuthKind
        do {
            switch credentials {
            case .password(let username, let password):
                sealed = ConnectionSecrets(tokens: try await oauth.password(username: username, password: password), clientSecret: clientSecret, password: password)
                authKind = .password
            case .jwt(let username, let pem):
                sealed = ConnectionSecrets(tokens: try await oauth.jwtBearer(username: username, privateKeyPEM: pem), clientSecret: clientSecret, jwtPrivateKeyPEM: pem)
                authKind = .jwt
            case .tokens(let tokens):
                sealed = ConnectionSecrets(tokens: tokens, clientSecret: clientSecret)
                authKind = .oauth
            }
        } catch let error as SalesforceError where error.kind == .apiDisabled {
            throw ConnectionError.noAPIAccess("\(error.errorCode ?? "API_DISABLED"): \(error.message)")
        }
        let identity = try await oauth.identity(sealed.tokens)
        let client = SalesforceClient(http: http, tokens: sealed.tokens, reauthorize: nil, retry: retry, compressedResponses: compressedResponses)
        do {
            _ = try await client.describeGlobal()
        } catch let error as SalesforceError where error.kind == .apiDisabled {
            throw ConnectionError.noAPIAccess("\(error.errorCode ?? "API_DISABLED"): \(error.message)")
        }
        // What the user can see is known from the start: the Connections page says it at once.
        let viewAllData = try? await AccessCheck.viewAllData(client)
        sealed.tokens = client.tokens

        var record = try await warehouse.metadata.connection(named: name)
            ?? ConnectionRecord(name: name, loginURL: loginHost.baseURL, authKind: authKind)
        if let org = record.organizationID, !org.isEmpty, org != identity.organizationID {
            throw ConnectionError.differentOrg(expected: org, got: identity.organizationID)
        }
        record.kind = "salesforce"
        record.loginURL = loginHost.baseURL
        record.instanceURL = sealed.tokens.instanceURL.url
        record.organizationID = identity.organizationID
        record.username = identity.username
        record.authKind = authKind
        record.clientID = clientID
        record.secretsCiphertext = try secrets.seal(JSONEncoder().encode(sealed))
        record.status = .connected
        record.lastError = nil
        var saved = try await warehouse.metadata.saveConnection(record)
        if let id = saved.id {
            let findings = AccessCheck.findings(previous: saved.access, viewAllData: viewAllData ?? nil, hidden: [:], planned: [], at: Date())
            try await warehouse.metadata.updateConnectionAccess(id: id, findings)
            saved.access = findings
        }
        return saved
    }

    public func connection(named name: String?) async throws -> ConnectionRecord {
        if let name {
            guard let record = try await warehouse.metadata.connection(named: name) else { throw ConnectionError.unknownConnection(name) }
            return record
        }
        guard let first = try await warehouse.metadata.connections().first else {
            throw ConnectionError.unknownConnection("(none yet: run `tributary connect salesforce …` first)")
        }
        return first
    }

    /// An API client for the connection that signs in again by itself (refresh token, JWT or
    /// password) through `renewTokens`.
    public func client(for record: ConnectionRecord) throws -> SalesforceClient {
        guard let ciphertext = record.secretsCiphertext, let connectionID = record.id else {
            throw SalesforceError.reauthenticationRequired("the connection has no stored credentials")
        }
        let stored = try JSONDecoder().decode(ConnectionSecrets.self, from: secrets.open(ciphertext))
        let oauth = try oauthClient(record, stored)
        let (box, metadata, username) = (secrets, warehouse.metadata, record.username ?? "")
        let reauthorize: Reauthorizer = { rejected in
            try await Self.renewTokens(connectionID: connectionID, rejected: rejected, oauth: oauth, username: username, box: box, metadata: metadata)
        }
        return SalesforceClient(http: http, tokens: stored.tokens, reauthorize: reauthorize, retry: retry, compressedResponses: compressedResponses)
    }

    private func oauthClient(_ record: ConnectionRecord, _ stored: ConnectionSecrets) throws -> OAuthClient {
        let loginHost = try LoginHost(storedURL: record.loginURL)
        // Stored URLs are read allowing loopback; only a connection made to a local sandbox org may use it.
        if stored.tokens.instanceURL.isLocalSandbox && loginHost.issuedURLPolicy != .salesforceOrLocalSandbox {
            throw SalesforceError.untrustedURL("the stored instance URL \(stored.tokens.instanceURL) is not a Salesforce host")
        }
        return OAuthClient(
            app: OAuthApp(clientID: record.clientID ?? "", clientSecret: stored.clientSecret, redirectURI: nil, loginHost: loginHost),
            http: http)
    }

    /// New tokens for a connection whose access token Salesforce rejected, once at a time per
    /// connection across every process sharing the metadata (a `serve`, its `worker`s, a
    /// `sync`). Under refresh token rotation each refresh revokes the token it spent, and
    /// spending a revoked one revokes the whole family, so:
    /// - the renewal holds the connection's lock (`MetadataStore.exclusively`) and reads the
    ///   stored tokens inside it: when another client already replaced the rejected ones, those
    ///   are used and nothing is spent;
    /// - it spends the *stored* refresh token, never one a client kept from its start;
    /// - the new tokens are sealed and stored before the lock is let go and before any request
    ///   uses them; when they cannot be stored the renewal fails rather than run on tokens that
    ///   only this process would know (the next process would spend the revoked one).
    static func renewTokens(connectionID: Int64, rejected: TokenSet, oauth: OAuthClient, username: String, box: SecretBox,
                            metadata: any MetadataStore) async throws -> TokenSet {
        try await metadata.exclusively("token-renewal-\(connectionID)") {
            guard let ciphertext = try await metadata.connection(id: connectionID)?.secretsCiphertext else {
                throw SalesforceError.reauthenticationRequired("the connection has no stored credentials")
            }
            var latest = try JSONDecoder().decode(ConnectionSecrets.self, from: box.open(ciphertext))
            if latest.tokens.accessToken != rejected.accessToken { return latest.tokens }
            let renewed: TokenSet
            if let refresh = latest.tokens.refreshToken {
                renewed = try await oauth.refresh(refresh)
            } else if let pem = latest.jwtPrivateKeyPEM {
                renewed = try await oauth.jwtBearer(username: username, privateKeyPEM: pem)
            } else if let password = latest.password {
                renewed = try await oauth.password(username: username, password: password)
            } else {
                throw SalesforceError.reauthenticationRequired("no refresh token is stored")
            }
            latest.tokens = renewed
            try await metadata.updateSecrets(connectionID: connectionID, ciphertext: try box.seal(JSONEncoder().encode(latest)))
            return renewed
        }
    }

    /// Runs one update cycle of the connection.
    public func sync(_ record: ConnectionRecord, options: SyncOptions, events: @escaping @Sendable (SyncEvent) -> Void = { _ in }) async throws -> CycleResult {
        let client = try client(for: record)
        guard let connectionID = record.id else { throw ConnectionError.unknownConnection(record.name) }
        return try await UpdateCycle(connectionID: connectionID, client: client, warehouse: warehouse, options: options, apiShare: record.apiShare,
                                     events: events).run()
    }
}
