import Foundation
import Synchronization

/// Slows down password guessing: after 5 failed sign-ins for an email (or from an address) in
/// 15 minutes, further attempts are refused until the window passes.
final class SignInThrottle: Sendable {
    private let failures = Mutex<[String: [Date]]>([:])
    let limit: Int
    let window: TimeInterval

    init(limit: Int = 5, window: TimeInterval = 900) {
        self.limit = limit
        self.window = window
    }

    func isBlocked(_ keys: [String], now: Date = Date()) -> Bool {
        failures.withLock { table in keys.contains { key in (table[key] ?? []).filter { now.timeIntervalSince($0) < window }.count >= limit } }
    }

    func recordFailure(_ keys: [String], now: Date = Date()) {
        failures.withLock { table in
            for key in keys { table[key] = (table[key] ?? []).filter { now.timeIntervalSince($0) < window } + [now] }
        }
    }

    func reset(_ keys: [String]) { failures.withLock { table in for key in keys { table[key] = nil } } }
}
