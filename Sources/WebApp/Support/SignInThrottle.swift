import Foundation

/// Slows down password guessing: after 5 failed sign-ins for an email (or from an address) in
/// 15 minutes, further attempts are refused until the window passes. The failures are kept in
/// the app's store, so replicas count them together: a guesser spread over them gets no more
/// tries than one. Keys are stored hashed (they hold emails and addresses).
struct SignInThrottle: Sendable {
    let store: any SignInStore
    var limit = 5
    var window: TimeInterval = 900

    func isBlocked(_ keys: [String], now: Date = Date()) async throws -> Bool {
        let counts = try await store.failureCounts(keys: keys.map(Accounts.hash), since: now.addingTimeInterval(-window))
        return counts.values.contains { $0 >= limit }
    }

    func recordFailure(_ keys: [String], now: Date = Date()) async throws {
        try await store.recordFailure(keys: keys.map(Accounts.hash), at: now, prune: now.addingTimeInterval(-window))
    }

    func reset(_ keys: [String]) async throws { try await store.clearFailures(keys: keys.map(Accounts.hash)) }
}
