import Foundation
import GRDB

extension SQLiteAppStore {
    func insertAPIKey(name: String, keyHash: String, user: User, createdAt: Date) async throws -> Int64 {
        try await writer.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO tributary_api_keys (name, key_hash, created_by, user_id, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, keyHash, user.email, user.id, createdAt.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    func apiKeys() async throws -> [APIKey] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, created_by, created_at, last_used_at FROM tributary_api_keys ORDER BY id").map { row in
                APIKey(id: row[0], name: row[1], createdBy: row[2], createdAt: Date(timeIntervalSince1970: row[3]),
                       lastUsedAt: (row[4] as Double?).map { Date(timeIntervalSince1970: $0) })
            }
        }
    }

    func deleteAPIKey(id: Int64) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM tributary_api_keys WHERE id = ?", arguments: [id]) }
    }

    func useAPIKey(hash: String, now: Date) async throws -> User? {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT u.id, u.email, u.role, u.created_at FROM tributary_api_keys k JOIN tributary_users u ON u.id = k.user_id
                WHERE k.key_hash = ?
                """, arguments: [hash]) else { return nil }
            try db.execute(sql: "UPDATE tributary_api_keys SET last_used_at = ? WHERE key_hash = ?", arguments: [now.timeIntervalSince1970, hash])
            return Self.user(row)
        }
    }
}
