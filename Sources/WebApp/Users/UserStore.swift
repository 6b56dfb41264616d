import Crypto
import Foundation
import Warehouse
import GRDB
import HummingbirdBcrypt
import SalesforceKit

public enum UserError: Error, CustomStringConvertible, Equatable {
    case invalidEmail(String)
    case weakPassword
    case duplicate(String)
    case unknownUser(String)
    case lastAdmin
    case invalidKeyName

    public var description: String {
        switch self {
        case .invalidEmail(let email): "'\(email)' is not an email address"
        case .weakPassword: "a password needs at least 10 characters"
        case .duplicate(let email): "a user with the email \(email) already exists"
        case .unknownUser(let email): "no user with the email \(email)"
        case .lastAdmin: "Tributary needs at least one admin: make another user admin first"
        case .invalidKeyName: "give the API key a name of up to 100 characters"
        }
    }
}

/// Users and browser sessions, in the same SQLite file as the warehouse's metadata. Passwords
/// are bcrypt hashes; session cookies are random tokens of which only a SHA-256 is stored, so a
/// copy of the database signs nobody in.
public final class UserStore: Sendable {
    let writer: any DatabaseWriter
    public let sessionLifetime: TimeInterval

    public init(path: String, sessionLifetime: TimeInterval = 7 * 86_400) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // Password hashes and sessions: the file (and SQLite's -wal/-shm after it) is 0600.
        try PrivateFiles.prepareSQLiteFile(path)
        writer = try DatabasePool(path: path, configuration: configuration)
        self.sessionLifetime = sessionLifetime
        try Self.migrator.migrate(writer)
    }

    public init(inMemory: Void = (), sessionLifetime: TimeInterval = 7 * 86_400) throws {
        writer = try DatabaseQueue()
        self.sessionLifetime = sessionLifetime
        try Self.migrator.migrate(writer)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("webapp-v1-users") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_users (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    created_at REAL NOT NULL);
                CREATE TABLE tributary_sessions (
                    token_hash TEXT PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES tributary_users(id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL,
                    expires_at REAL NOT NULL);
                """)
        }
        migrator.registerMigration("webapp-v2-api-keys") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_api_keys (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    key_hash TEXT NOT NULL UNIQUE,
                    created_by TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    last_used_at REAL);
                """)
        }
        migrator.registerMigration("webapp-v3-goals") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_goals (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    title TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    period TEXT NOT NULL,
                    start TEXT NOT NULL,
                    target REAL NOT NULL,
                    owner_ids TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at REAL NOT NULL);
                """)
        }
        // A removed user's reports stay (shared ones may be in use); they lose their owner
        // and admins can still edit or delete them.
        migrator.registerMigration("webapp-v3-reports") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_reports (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    title TEXT NOT NULL,
                    sql TEXT NOT NULL,
                    chart TEXT NOT NULL,
                    owner_id INTEGER REFERENCES tributary_users(id) ON DELETE SET NULL,
                    shared INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL);
                CREATE INDEX tributary_reports_owner ON tributary_reports(owner_id);
                """)
        }
        migrator.registerMigration("webapp-v4-dashboards") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_dashboards (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    title TEXT NOT NULL,
                    widgets TEXT NOT NULL,
                    shared INTEGER NOT NULL,
                    owner_id INTEGER REFERENCES tributary_users(id) ON DELETE CASCADE,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL);
                """)
        }
        // A key acts as the user who made it, with that user's role at the time of each request,
        // and goes when the user goes. Keys from before have only the creator's email: they keep
        // working as that user if the user still exists, and are dropped otherwise.
        migrator.registerMigration("webapp-v5-api-key-owner") { db in
            try db.execute(sql: """
                ALTER TABLE tributary_api_keys ADD COLUMN user_id INTEGER REFERENCES tributary_users(id) ON DELETE CASCADE;
                UPDATE tributary_api_keys SET user_id = (SELECT id FROM tributary_users u WHERE u.email = tributary_api_keys.created_by);
                DELETE FROM tributary_api_keys WHERE user_id IS NULL;
                CREATE INDEX tributary_api_keys_user ON tributary_api_keys(user_id);
                """)
        }
        // A report built in the report builder keeps its query as the API's JSON; its `sql` is empty.
        migrator.registerMigration("webapp-v6-report-query") { db in
            try db.execute(sql: "ALTER TABLE tributary_reports ADD COLUMN query TEXT")
        }
        // A dashboard emailed on a schedule; it goes with its dashboard. Recipients are user ids
        // (a removed user is skipped when sending).
        migrator.registerMigration("webapp-v7-dashboard-emails") { db in
            try db.execute(sql: """
                CREATE TABLE tributary_dashboard_emails (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    dashboard_id INTEGER NOT NULL REFERENCES tributary_dashboards(id) ON DELETE CASCADE,
                    frequency TEXT NOT NULL,
                    hour INTEGER NOT NULL,
                    weekday INTEGER NOT NULL,
                    day_of_month INTEGER NOT NULL,
                    time_zone TEXT NOT NULL,
                    recipients TEXT NOT NULL,
                    created_by INTEGER REFERENCES tributary_users(id) ON DELETE SET NULL,
                    created_at REAL NOT NULL,
                    last_sent_at REAL);
                CREATE INDEX tributary_dashboard_emails_dashboard ON tributary_dashboard_emails(dashboard_id);
                """)
        }
        return migrator
    }

    // MARK: - Users

    @discardableResult
    public func addUser(email: String, password: String, role: Role) async throws -> User {
        let email = email.trimmingCharacters(in: .whitespaces)
        guard Self.isEmail(email) else { throw UserError.invalidEmail(email) }
        guard password.count >= 10 else { throw UserError.weakPassword }
        let hash = Bcrypt.hash(password, cost: 10)
        let now = Date()
        do {
            let id = try await writer.write { db -> Int64 in
                try db.execute(sql: "INSERT INTO tributary_users (email, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                               arguments: [email, hash, role.rawValue, now.timeIntervalSince1970])
                return db.lastInsertedRowID
            }
            return User(id: id, email: email, role: role, createdAt: now)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw UserError.duplicate(email)
        }
    }

    public func users() async throws -> [User] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, email, role, created_at FROM tributary_users ORDER BY email").compactMap(Self.user)
        }
    }

    public var isEmpty: Bool {
        get async throws { try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM tributary_users") ?? 0 } == 0 }
    }

    /// Changes a role; the last admin stays admin.
    public func setRole(_ role: Role, userID: Int64) async throws {
        try await writer.write { db in
            if role != .admin { try Self.keepAnAdmin(db, without: userID) }
            try db.execute(sql: "UPDATE tributary_users SET role = ? WHERE id = ?", arguments: [role.rawValue, userID])
            guard db.changesCount == 1 else { throw UserError.unknownUser("#\(userID)") }
        }
    }

    /// Removes a user and their sessions; the last admin stays.
    public func removeUser(id: Int64) async throws {
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

    /// The user when the password matches; nil otherwise (no hint which part was wrong).
    public func verify(email: String, password: String) async throws -> User? {
        let row = try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT id, email, role, created_at, password_hash FROM tributary_users WHERE email = ?",
                             arguments: [Self.signInName(email)])
        }
        guard let row, let hash = row["password_hash"] as String? else {
            _ = Bcrypt.verify(password, hash: Self.dummyHash)  // the same time whether or not the user exists
            return nil
        }
        return Bcrypt.verify(password, hash: hash) ? Self.user(row) : nil
    }

    /// An email as typed on the sign-in form, in the one spelling that both the password check
    /// and the sign-in throttle use: were they to differ, `' ada@x.test'` would be checked as
    /// Ada but counted as someone else, and slip past her lock.
    static func signInName(_ typed: String) -> String {
        typed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static let dummyHash = Bcrypt.hash("not a real password", cost: 10)

    // MARK: - Sessions

    /// Starts a session; returns the cookie token (only its hash is stored).
    public func startSession(for user: User) async throws -> (token: String, session: Session) {
        let token = Base64URL.random()
        let session = Session(user: user, csrfToken: Base64URL.random(), expiresAt: Date().addingTimeInterval(sessionLifetime))
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM tributary_sessions WHERE expires_at < ?", arguments: [Date().timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO tributary_sessions (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [Self.hash(token), user.id, session.csrfToken, session.expiresAt.timeIntervalSince1970])
        }
        return (token, session)
    }

    public func session(token: String) async throws -> Session? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT u.id, u.email, u.role, u.created_at, s.csrf_token, s.expires_at
                FROM tributary_sessions s JOIN tributary_users u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ?
                """, arguments: [Self.hash(token), Date().timeIntervalSince1970]),
                let user = Self.user(row), let csrf = row["csrf_token"] as String?, let expires = row["expires_at"] as Double?
            else { return nil }
            return Session(user: user, csrfToken: csrf, expiresAt: Date(timeIntervalSince1970: expires))
        }
    }

    public func endSession(token: String) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM tributary_sessions WHERE token_hash = ?", arguments: [Self.hash(token)]) }
    }

    // MARK: - Helpers

    static func user(_ row: Row) -> User? {
        guard let id = row["id"] as Int64?, let email = row["email"] as String?, let roleText = row["role"] as String?,
              let role = Role(rawValue: roleText), let created = row["created_at"] as Double?
        else { return nil }
        return User(id: id, email: email, role: role, createdAt: Date(timeIntervalSince1970: created))
    }

    /// One address: users' sign-in names and the addresses cycle notifications go to (where
    /// `<`, `>` or a line break would let text into the SMTP envelope).
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.count <= 254
            && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) && !DisplayName.hasControlCharacters(text)
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
