import Foundation
import GRDB

extension SQLiteAppStore {
    func insertUser(email: String, passwordHash: String, role: Role, createdAt: Date) async throws -> Int64 {
        do {
            return try await writer.write { db -> Int64 in
                try db.execute(sql: "INSERT INTO tributary_users (email, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                               arguments: [email, passwordHash, role.rawValue, createdAt.timeIntervalSince1970])
                return db.lastInsertedRowID
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw UserError.duplicate(email)
        }
    }

    func users() async throws -> [User] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, email, role, created_at FROM tributary_users ORDER BY email").compactMap(Self.user)
        }
    }

    func userCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM tributary_users") ?? 0 }
    }

    func userWithPasswordHash(email: String) async throws -> (User, String)? {
        try await writer.read { db in
            // The column is COLLATE NOCASE: any spelling of the email finds its user.
            guard let row = try Row.fetchOne(db, sql: "SELECT id, email, role, created_at, password_hash FROM tributary_users WHERE email = ?",
                                             arguments: [email]),
                  let user = Self.user(row), let hash = row["password_hash"] as String?
            else { return nil }
            return (user, hash)
        }
    }

    func setRole(_ role: Role, userID: Int64) async throws {
        try await writer.write { db in
            if role != .admin { try Self.keepAnAdmin(db, without: userID) }
            try db.execute(sql: "UPDATE tributary_users SET role = ? WHERE id = ?", arguments: [role.rawValue, userID])
            guard db.changesCount == 1 else { throw UserError.unknownUser("#\(userID)") }
        }
    }

    func removeUser(id: Int64) async throws {
        try await writer.write { db in
            try Self.keepAnAdmin(db, without: id)
            try db.execute(sql: "DELETE FROM tributary_sessions WHERE user_id = ?", arguments: [id])
            // The foreign key cascades too; said here so no key outlives its user even without it.
            try db.execute(sql: "DELETE FROM tributary_api_keys WHERE user_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM tributary_users WHERE id = ?", arguments: [id])
        }
    }

    private static func keepAnAdmin(_ db: Database, without userID: Int64) throws {
        let others = try Int.fetchOne(db, sql: "SELECT count(*) FROM tributary_users WHERE role = 'admin' AND id <> ?", arguments: [userID]) ?? 0
        guard others > 0 else { throw UserError.lastAdmin }
    }

    func insertSession(tokenHash: String, userID: Int64, csrfToken: String, expiresAt: Date, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM tributary_sessions WHERE expires_at < ?", arguments: [now.timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO tributary_sessions (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [tokenHash, userID, csrfToken, expiresAt.timeIntervalSince1970])
        }
    }

    func session(tokenHash: String, now: Date) async throws -> Session? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT u.id, u.email, u.role, u.created_at, s.csrf_token, s.expires_at
                FROM tributary_sessions s JOIN tributary_users u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ?
                """, arguments: [tokenHash, now.timeIntervalSince1970]),
                let user = Self.user(row), let csrf = row["csrf_token"] as String?, let expires = row["expires_at"] as Double?
            else { return nil }
            return Session(user: user, csrfToken: csrf, expiresAt: Date(timeIntervalSince1970: expires))
        }
    }

    func deleteSession(tokenHash: String) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM tributary_sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }
}
