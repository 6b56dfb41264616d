import Foundation
import PostgresNIO
import Warehouse

extension PostgresAppStore {
    func insertAPIKey(name: String, keyHash: String, user: User, createdAt: Date) async throws -> Int64 {
        try await insertedID("""
            INSERT INTO tributary_api_keys (name, key_hash, created_by, user_id, created_at) VALUES (\(name), \(keyHash), \(user.email), \(user.id), \(createdAt))
            RETURNING id
            """, of: "API key")
    }

    func apiKeys() async throws -> [APIKey] {
        try await rows("SELECT id, name, created_by, created_at, last_used_at FROM tributary_api_keys ORDER BY id").map { row in
            APIKey(id: try row.value("id"), name: try row.value("name"), createdBy: try row.value("created_by"), createdAt: try row.value("created_at"),
                   lastUsedAt: try row.value("last_used_at"))
        }
    }

    func deleteAPIKey(id: Int64) async throws {
        _ = try await rows("DELETE FROM tributary_api_keys WHERE id = \(id)")
    }

    func useAPIKey(hash: String, now: Date) async throws -> User? {
        // One statement: the use is recorded and the key's user read as they are now.
        guard let row = try await rows("""
            WITH used AS (UPDATE tributary_api_keys SET last_used_at = \(now) WHERE key_hash = \(hash) RETURNING user_id)
            SELECT u.id, u.email, u.role, u.created_at FROM used JOIN tributary_users u ON u.id = used.user_id
            """).first else { return nil }
        return try Self.user(row)
    }
}
