import Foundation

/// What `tributary api-keys` needs beyond the web page's operations: keys made for a user
/// named by email, and a key chosen by id or by name.
extension UserStore {
    /// A new key acting as the user with `email` (case-insensitive, trimmed as at sign-in).
    /// - Throws: `UserError.unknownUser` when no user has that email; `.invalidKeyName`.
    public func createAPIKey(name: String, forEmail email: String) async throws -> (APIKey, String, User) {
        let wanted = Self.signInName(email)
        guard let user = try await users().first(where: { Self.signInName($0.email) == wanted }) else { throw UserError.unknownUser(wanted) }
        let (key, secret) = try await createAPIKey(name: name, for: user)
        return (key, secret, user)
    }

    /// Revokes the key whose id is `idOrName` or, failing that, the one key of that name.
    /// - Returns: the key revoked.
    /// - Throws: `APIKeyChoiceError` when none matches or several keys share the name.
    @discardableResult
    public func revokeAPIKey(idOrName: String) async throws -> APIKey {
        let key = try APIKeyChoice.choose(idOrName, from: try await apiKeys())
        try await revokeAPIKey(id: key.id)
        return key
    }
}

/// Picks a key by id (digits) or by its exact name; a pure rule, tested on its own.
public enum APIKeyChoice {
    public static func choose(_ text: String, from keys: [APIKey]) throws -> APIKey {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let id = Int64(text), let key = keys.first(where: { $0.id == id }) { return key }
        let named = keys.filter { $0.name == text }
        switch named.count {
        case 0: throw APIKeyChoiceError(description: "no API key has the id or name '\(text)' (see `tributary api-keys list`)")
        case 1: return named[0]
        default: throw APIKeyChoiceError(description: "\(named.count) API keys are named '\(text)' (ids \(named.map { String($0.id) }.joined(separator: ", "))); revoke one by its id")
        }
    }
}

public struct APIKeyChoiceError: Error, CustomStringConvertible, Equatable {
    public let description: String
}
