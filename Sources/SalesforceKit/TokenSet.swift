import Foundation

/// What the token endpoint hands out.
public struct TokenSet: Sendable, Codable, Equatable {
    public var accessToken: String
    public var refreshToken: String?
    /// Where the org's API is: checked against the login host's policy when the token response
    /// is read, so a forged `instance_url` never receives the token.
    public var instanceURL: SalesforceOrigin
    /// The identity URL (`id`): who signed in, in which org; checked like `instanceURL`.
    public var identityURL: SalesforceURL?
    public var issuedAt: Date?
    public var scope: String?

    public init(accessToken: String, refreshToken: String? = nil, instanceURL: SalesforceOrigin, identityURL: SalesforceURL? = nil,
                issuedAt: Date? = nil, scope: String? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.instanceURL = instanceURL
        self.identityURL = identityURL
        self.issuedAt = issuedAt
        self.scope = scope
    }
}

/// The signed-in user and org, from the identity URL.
public struct Identity: Sendable, Equatable {
    public var userID: String
    public var organizationID: String
    public var username: String
    public var displayName: String?
    public var email: String?

    public init(userID: String, organizationID: String, username: String, displayName: String? = nil, email: String? = nil) {
        self.userID = userID
        self.organizationID = organizationID
        self.username = username
        self.displayName = displayName
        self.email = email
    }
}
