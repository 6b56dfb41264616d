import Foundation
import GRDB
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

extension UserStore {
    /// The prefix tells keys apart from other secrets in logs and secret scanners.
    static let apiKeyPrefix = "trb_"

    /// A new key: the record, and the key itself (shown once, never stored).
    public func createAPIKey(name: String, for user: User) async throws -> (APIKey, String) {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw UserError.invalidKeyName }
        let key = Self.apiKeyPrefix + Base64URL.random(bytes: 32)
        let now = Date()
        let id = try await writer.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO tributary_api_keys (name, key_hash, created_by, user_id, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, Self.hash(key), user.email, user.id, now.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
        return (APIKey(id: id, name: name, createdBy: user.email, createdAt: now, lastUsedAt: nil), key)
    }

    public func apiKeys() async throws -> [APIKey] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, created_by, created_at, last_used_at FROM tributary_api_keys ORDER BY id").map { row in
                APIKey(id: row[0], name: row[1], createdBy: row[2], createdAt: Date(timeIntervalSince1970: row[3]),
                       lastUsedAt: (row[4] as Double?).map { Date(timeIntervalSince1970: $0) })
            }
        }
    }

    public func revokeAPIKey(id: Int64) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM tributary_api_keys WHERE id = ?", arguments: [id]) }
    }

    /// The user the key acts as, as that user is now (role included); nil for a key that is
    /// not ours, revoked, or whose user was removed. Records the key's use.
    func apiKeyUser(_ key: String) async throws -> User? {
        guard key.hasPrefix(Self.apiKeyPrefix), key.count < 200 else { return nil }
        let hash = Self.hash(key)
        return try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT u.id, u.email, u.role, u.created_at FROM tributary_api_keys k JOIN tributary_users u ON u.id = k.user_id
                WHERE k.key_hash = ?
                """, arguments: [hash]) else { return nil }
            try db.execute(sql: "UPDATE tributary_api_keys SET last_used_at = ? WHERE key_hash = ?", arguments: [Date().timeIntervalSince1970, hash])
            return Self.user(row)
        }
    }
}
