import Foundation
import SalesforceKit

/// A Salesforce sign-in in progress: bound to the browser session that started it (by its
/// token's hash: a stored row signs nobody in), with the PKCE verifier and what to connect.
struct PendingSignIn: Sendable, Codable, Equatable {
    var sessionTokenHash: String
    var verifier: String
    var connectionName: String
    /// The login host's URL, checked when the sign-in began (`LoginHost(storedURL:)` reads it back).
    var loginHostURL: String
    /// Set when reauthenticating an existing connection.
    var connectionID: Int64?
    var startedAt: Date
}

extension PendingSignIn {
    /// As the stores keep it: JSON text.
    func storedText() throws -> String { String(decoding: try JSONEncoder().encode(self), as: UTF8.self) }

    /// A stored sign-in; nil when the text is not one (written by another version, say).
    init?(storedText: String) {
        guard let signIn = try? JSONDecoder().decode(PendingSignIn.self, from: Data(storedText.utf8)) else { return nil }
        self = signIn
    }
}

/// Salesforce sign-ins in progress: the `state` sent to the authorize endpoint names one. They
/// are kept in the app's store, so the callback may reach any replica; a state is used once
/// and expires after 10 minutes. Only the state's hash is stored.
struct PendingSignIns: Sendable {
    let store: any SignInStore
    static let lifetime: TimeInterval = 600

    struct Started: Sendable {
        var sessionToken: String
        var verifier: String
        var connectionName: String
        var loginHost: LoginHost
        var connectionID: Int64?
    }

    /// Stores the sign-in; returns its state.
    func start(_ signIn: Started, now: Date = Date()) async throws -> String {
        let state = Base64URL.random()
        let stored = PendingSignIn(sessionTokenHash: Accounts.hash(signIn.sessionToken), verifier: signIn.verifier, connectionName: signIn.connectionName,
                                   loginHostURL: signIn.loginHost.baseURL, connectionID: signIn.connectionID, startedAt: now)
        try await store.savePendingSignIn(stateHash: Accounts.hash(state), stored, prune: now.addingTimeInterval(-Self.lifetime))
        return state
    }

    /// The sign-in for `state` if `sessionToken` started it, removed so it cannot be replayed;
    /// nil when unknown, expired, or another session's.
    func take(_ state: String, sessionToken: String?, now: Date = Date()) async throws -> (signIn: PendingSignIn, loginHost: LoginHost)? {
        guard state.count < 200, let sessionToken, let signIn = try await store.takePendingSignIn(stateHash: Accounts.hash(state)),
              now.timeIntervalSince(signIn.startedAt) < Self.lifetime, signIn.sessionTokenHash == Accounts.hash(sessionToken),
              let host = try? LoginHost(storedURL: signIn.loginHostURL)
        else { return nil }
        return (signIn, host)
    }
}
