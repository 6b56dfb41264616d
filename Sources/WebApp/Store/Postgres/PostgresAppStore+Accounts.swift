import Foundation
import PostgresNIO
import Warehouse

extension PostgresAppStore {
    func insertUser(email: String, passwordHash: String, role: Role, createdAt: Date) async throws -> Int64 {
        let rows = try await rows("""
            INSERT INTO tributary_users (email, password_hash, role, created_at) VALUES (\(email), \(passwordHash), \(role.rawValue), \(createdAt))
            ON CONFLICT DO NOTHING RETURNING id
            """)
        guard let id = try rows.first?.value("id", as: Int64.self) else { throw UserError.duplicate(email) }
        return id
    }

    func users() async throws -> [User] {
        try await rows("SELECT id, email, role, created_at FROM tributary_users ORDER BY lower(email), email").compactMap(Self.user)
    }

    func userCount() async throws -> Int {
        try await rows("SELECT count(*)::bigint AS n FROM tributary_users").first.map { Int(try $0.value("n", as: Int64.self)) } ?? 0
    }

    func userWithPasswordHash(email: String) async throws -> (User, String)? {
        guard let row = try await rows("""
            SELECT id, email, role, created_at, password_hash FROM tributary_users WHERE lower(email) = lower(\(email))
            """).first, let user = try Self.user(row) else { return nil }
        return (user, try row.value("password_hash"))
    }

    func setRole(_ role: Role, userID: Int64) async throws {
        try await pool.transaction { connection in
            if role != .admin { try await keepAnAdmin(connection, without: userID) }
            let updated = try await connection.rows("UPDATE tributary_users SET role = \(role.rawValue) WHERE id = \(userID) RETURNING id", logger: logger)
            guard !updated.isEmpty else { throw UserError.unknownUser("#\(userID)") }
        }
    }

    func removeUser(id: Int64) async throws {
        try await pool.transaction { connection in
            try await keepAnAdmin(connection, without: id)
            try await connection.query("DELETE FROM tributary_sessions WHERE user_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM tributary_api_keys WHERE user_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM tributary_users WHERE id = \(id)", logger: logger)
        }
    }

    /// Locks the admins' rows first: two replicas demoting the last two admins at once would
    /// otherwise each see the other still admin.
    private func keepAnAdmin(_ connection: PostgresConnection, without userID: Int64) async throws {
        let admins = try await connection.rows("SELECT id FROM tributary_users WHERE role = 'admin' ORDER BY id FOR UPDATE", logger: logger)
        let others = try admins.filter { try $0.value("id", as: Int64.self) != userID }
        guard !others.isEmpty else { throw UserError.lastAdmin }
    }

    func insertSession(tokenHash: String, userID: Int64, csrfToken: String, expiresAt: Date, now: Date) async throws {
        try await pool.transaction { connection in
            try await connection.query("DELETE FROM tributary_sessions WHERE expires_at < \(now)", logger: logger)
            try await connection.query("""
                INSERT INTO tributary_sessions (token_hash, user_id, csrf_token, expires_at) VALUES (\(tokenHash), \(userID), \(csrfToken), \(expiresAt))
                """, logger: logger)
        }
    }

    func session(tokenHash: String, now: Date) async throws -> Session? {
        guard let row = try await rows("""
            SELECT u.id, u.email, u.role, u.created_at, s.csrf_token, s.expires_at
            FROM tributary_sessions s JOIN tributary_users u ON u.id = s.user_id
            WHERE s.token_hash = \(tokenHash) AND s.expires_at > \(now)
            """).first, let user = try Self.user(row) else { return nil }
        return Session(user: user, csrfToken: try row.value("csrf_token"), expiresAt: try row.value("expires_at"))
    }

    func deleteSession(tokenHash: String) async throws {
        _ = try await rows("DELETE FROM tributary_sessions WHERE token_hash = \(tokenHash)")
    }
}
