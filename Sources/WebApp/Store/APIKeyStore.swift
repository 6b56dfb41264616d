import Foundation
import SalesforceKit

/// An API key for scripts and monitoring (the JSON routes and `/metrics`). Made by an admin,
/// shown once; only its SHA-256 is stored, like session tokens. A key acts as the user who made
/// it, with that user's role when it is used: demote the user and the key can do less at once;
/// remove the user and the key is gone.
public struct APIKey: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var createdBy: String
    public var createdAt: Date
    public var lastUsedAt: Date?
}

/// Where API keys are kept: rows only (`APIKeys` has the rules).
public protocol APIKeyStore: Sendable {
    func insertAPIKey(name: String, keyHash: String, user: User, createdAt: Date) async throws -> Int64
    /// Every key, oldest first.
    func apiKeys() async throws -> [APIKey]
    func deleteAPIKey(id: Int64) async throws
    /// The user the key with this hash acts as, as that user is now; records the key's use at `now`.
    func useAPIKey(hash: String, now: Date) async throws -> User?
}

/// API keys: made for a user, listed, revoked, and checked on each request.
public struct APIKeys: Sendable {
    let store: any APIKeyStore
    let accounts: Accounts

    /// The prefix tells keys apart from other secrets in logs and secret scanners.
    static let prefix = "trb_"

    /// A new key: the record, and the key itself (shown once, never stored).
    public func create(name: String, for user: User) async throws -> (APIKey, String) {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw UserError.invalidKeyName }
        let key = Self.prefix + Base64URL.random(bytes: 32)
        let now = Date()
        let id = try await store.insertAPIKey(name: name, keyHash: Accounts.hash(key), user: user, createdAt: now)
        return (APIKey(id: id, name: name, createdBy: user.email, createdAt: now, lastUsedAt: nil), key)
    }

    /// A new key acting as the user with `email` (case-insensitive, trimmed as at sign-in), for
    /// `tributary api-keys add`.
    /// - Throws: `UserError.unknownUser` when no user has that email; `.invalidKeyName`.
    public func create(name: String, forEmail email: String) async throws -> (APIKey, String, User) {
        guard let user = try await accounts.user(email: email) else { throw UserError.unknownUser(Accounts.signInName(email)) }
        let (key, secret) = try await create(name: name, for: user)
        return (key, secret, user)
    }

    public func all() async throws -> [APIKey] { try await store.apiKeys() }

    public func revoke(id: Int64) async throws { try await store.deleteAPIKey(id: id) }

    /// Revokes the key whose id is `idOrName` or, failing that, the one key of that name.
    /// - Returns: the key revoked.
    /// - Throws: `APIKeyChoiceError` when none matches or several keys share the name.
    @discardableResult
    public func revoke(idOrName: String) async throws -> APIKey {
        let key = try APIKeyChoice.choose(idOrName, from: try await all())
        try await revoke(id: key.id)
        return key
    }

    /// The user the key acts as, as that user is now (role included); nil for a key that is
    /// not ours, revoked, or whose user was removed. Records the key's use.
    func user(forKey key: String) async throws -> User? {
        guard key.hasPrefix(Self.prefix), key.count < 200 else { return nil }
        return try await store.useAPIKey(hash: Accounts.hash(key), now: Date())
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
