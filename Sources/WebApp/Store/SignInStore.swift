import Foundation

/// What sign-ins leave behind that every replica must see: failed password attempts (the
/// throttle counts them across processes) and Salesforce sign-ins in progress (the OAuth
/// callback may reach another replica than the one that sent the browser to Salesforce).
protocol SignInStore: Sendable {
    /// How many failures each key had since `since` (keys without any are absent).
    func failureCounts(keys: [String], since: Date) async throws -> [String: Int]
    /// Records a failure for each key at `at`, dropping those older than `prune`.
    func recordFailure(keys: [String], at: Date, prune: Date) async throws
    func clearFailures(keys: [String]) async throws

    /// Stores a sign-in in progress under its state's hash, dropping those started before `prune`.
    func savePendingSignIn(stateHash: String, _ signIn: PendingSignIn, prune: Date) async throws
    /// The sign-in stored under the hash, removed in the same step so it cannot be replayed.
    func takePendingSignIn(stateHash: String) async throws -> PendingSignIn?
}
