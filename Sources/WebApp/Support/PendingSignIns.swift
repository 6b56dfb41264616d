import Foundation
import SalesforceKit
import Synchronization

/// Salesforce sign-ins in progress: the `state` sent to the authorize endpoint, bound to the
/// browser session that started it, with the PKCE verifier. A state is used once and expires
/// after 10 minutes.
final class PendingSignIns: Sendable {
    struct SignIn: Sendable {
        var sessionToken: String
        var verifier: String
        var connectionName: String
        var loginHost: LoginHost
        /// Set when reauthenticating an existing connection.
        var connectionID: Int64?
        var startedAt: Date
    }

    private let pending = Mutex<[String: SignIn]>([:])
    let lifetime: TimeInterval = 600

    func start(_ signIn: SignIn) -> String {
        let state = Base64URL.random()
        pending.withLock { table in
            table = table.filter { Date().timeIntervalSince($0.value.startedAt) < lifetime }
            table[state] = signIn
        }
        return state
    }

    /// The sign-in for `state`, removed so it cannot be replayed; nil when unknown or expired.
    func take(_ state: String) -> SignIn? {
        pending.withLock { table in
            guard let signIn = table.removeValue(forKey: state), Date().timeIntervalSince(signIn.startedAt) < lifetime else { return nil }
            return signIn
        }
    }
}
