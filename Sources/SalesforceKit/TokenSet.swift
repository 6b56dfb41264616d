import Foundation

/// What the token endpoint hands out.
public struct TokenSet: Sendable, Codable, Equatable {
    public var accessToken: String
    public var refreshToken: String?
    public var instanceURL: String
    /// The identity URL (`id`): who signed in, in which org.
    public var identityURL: String?
    public var issuedAt: Date?
    public var scope: String?

    public init(accessToken: String, refreshToken: String? = nil, instanceURL: String, identityURL: String? = nil,
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
