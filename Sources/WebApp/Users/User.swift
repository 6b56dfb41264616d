import Foundation

/// What a person may do, as BI users expect.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Users, connections, the warehouse, SQL reports.
    case admin
    /// Writes and shares SQL reports and dashboards, sees data.
    case standard
    /// Views the reports and dashboards shared with them; runs no SQL of their own.
    case readOnly = "read-only"

    public var label: String {
        switch self {
        case .admin: "Admin"
        case .standard: "Standard"
        case .readOnly: "Read-Only"
        }
    }
}

public struct User: Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var role: Role
    public var createdAt: Date
}

/// A signed-in browser: the user, and the token its forms must carry.
public struct Session: Sendable, Equatable {
    public var user: User
    public var csrfToken: String
    public var expiresAt: Date
}
