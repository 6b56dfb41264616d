import Crypto
import Foundation
import HummingbirdBcrypt
import SalesforceKit
import Warehouse

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

/// Where users and their browser sessions are kept: rows only. The rules (what an email is, how
/// a password is hashed, how a token is made) are `Accounts`', the same for every store.
public protocol AccountStore: Sendable {
    /// - Throws: `UserError.duplicate` when a user has the email (compared case-insensitively).
    func insertUser(email: String, passwordHash: String, role: Role, createdAt: Date) async throws -> Int64
    /// Every user, by email.
    func users() async throws -> [User]
    func userCount() async throws -> Int
    /// The user whose email is `email` (case-insensitively) and their password's hash.
    func userWithPasswordHash(email: String) async throws -> (User, String)?
    /// Changes a role in one transaction that keeps an admin.
    /// - Throws: `UserError.lastAdmin`, `.unknownUser`.
    func setRole(_ role: Role, userID: Int64) async throws
    /// Removes a user, their sessions and API keys, in one transaction that keeps an admin.
    func removeUser(id: Int64) async throws
    /// Stores a session (and drops those expired before `now`).
    func insertSession(tokenHash: String, userID: Int64, csrfToken: String, expiresAt: Date, now: Date) async throws
    /// The unexpired session whose token hashes to `tokenHash`, with its user as they are now.
    func session(tokenHash: String, now: Date) async throws -> Session?
    func deleteSession(tokenHash: String) async throws
}

/// Users and browser sessions. Passwords are bcrypt hashes; session cookies are random tokens
/// of which only a SHA-256 is stored, so a copy of the database signs nobody in.
public struct Accounts: Sendable {
    let store: any AccountStore
    public let sessionLifetime: TimeInterval

    public init(_ store: any AccountStore, sessionLifetime: TimeInterval = 7 * 86_400) {
        self.store = store
        self.sessionLifetime = sessionLifetime
    }

    @discardableResult
    public func addUser(email: String, password: String, role: Role) async throws -> User {
        let email = email.trimmingCharacters(in: .whitespaces)
        guard Self.isEmail(email) else { throw UserError.invalidEmail(email) }
        guard password.count >= 10 else { throw UserError.weakPassword }
        let now = Date()
        let id = try await store.insertUser(email: email, passwordHash: Bcrypt.hash(password, cost: 10), role: role, createdAt: now)
        return User(id: id, email: email, role: role, createdAt: now)
    }

    public func users() async throws -> [User] { try await store.users() }

    /// The user with this email as typed at sign-in (trimmed, any case); one row read, not all.
    public func user(email: String) async throws -> User? {
        try await store.userWithPasswordHash(email: Self.signInName(email))?.0
    }

    public var isEmpty: Bool {
        get async throws { try await store.userCount() == 0 }
    }

    /// Changes a role; the last admin stays admin.
    public func setRole(_ role: Role, userID: Int64) async throws { try await store.setRole(role, userID: userID) }

    /// Removes a user, their sessions and keys; the last admin stays.
    public func removeUser(id: Int64) async throws { try await store.removeUser(id: id) }

    /// The user when the password matches; nil otherwise (no hint which part was wrong).
    public func verify(email: String, password: String) async throws -> User? {
        guard let (user, hash) = try await store.userWithPasswordHash(email: Self.signInName(email)) else {
            _ = Bcrypt.verify(password, hash: Self.dummyHash)  // the same time whether or not the user exists
            return nil
        }
        return Bcrypt.verify(password, hash: hash) ? user : nil
    }

    /// Starts a session; returns the cookie token (only its hash is stored).
    public func startSession(for user: User) async throws -> (token: String, session: Session) {
        let token = Base64URL.random()
        let now = Date()
        let session = Session(user: user, csrfToken: Base64URL.random(), expiresAt: now.addingTimeInterval(sessionLifetime))
        try await store.insertSession(tokenHash: Self.hash(token), userID: user.id, csrfToken: session.csrfToken, expiresAt: session.expiresAt, now: now)
        return (token, session)
    }

    public func session(token: String) async throws -> Session? {
        try await store.session(tokenHash: Self.hash(token), now: Date())
    }

    public func endSession(token: String) async throws {
        try await store.deleteSession(tokenHash: Self.hash(token))
    }

    /// An email as typed on the sign-in form, in the one spelling that both the password check
    /// and the sign-in throttle use: were they to differ, `' ada@x.test'` would be checked as
    /// Ada but counted as someone else, and slip past her lock.
    static func signInName(_ typed: String) -> String {
        typed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static let dummyHash = Bcrypt.hash("not a real password", cost: 10)

    /// One address: users' sign-in names and the addresses cycle notifications go to (where
    /// `<`, `>` or a line break would let text into the SMTP envelope).
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.count <= 254
            && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) && !DisplayName.hasControlCharacters(text)
    }

    /// The stored form of a secret token (sessions, API keys, sign-in states).
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
