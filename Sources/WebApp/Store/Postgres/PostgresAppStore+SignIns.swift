import Foundation
import PostgresNIO
import Warehouse

extension PostgresAppStore {
    func failureCounts(keys: [String], since: Date) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await rows("""
            SELECT key_hash, count(*)::bigint AS n FROM tributary_sign_in_failures WHERE key_hash = ANY(\(keys)) AND failed_at > \(since) GROUP BY key_hash
            """) {
            counts[try row.value("key_hash")] = Int(try row.value("n", as: Int64.self))
        }
        return counts
    }

    func recordFailure(keys: [String], at: Date, prune: Date) async throws {
        try await pool.transaction { connection in
            try await connection.query("DELETE FROM tributary_sign_in_failures WHERE failed_at <= \(prune)", logger: logger)
            try await connection.query("INSERT INTO tributary_sign_in_failures (key_hash, failed_at) SELECT unnest(\(keys)::text[]), \(at)", logger: logger)
        }
    }

    func clearFailures(keys: [String]) async throws {
        _ = try await rows("DELETE FROM tributary_sign_in_failures WHERE key_hash = ANY(\(keys))")
    }

    func savePendingSignIn(stateHash: String, _ signIn: PendingSignIn, prune: Date) async throws {
        let text = try signIn.storedText()
        try await pool.transaction { connection in
            try await connection.query("DELETE FROM tributary_pending_sign_ins WHERE started_at < \(prune)", logger: logger)
            try await connection.query("""
                INSERT INTO tributary_pending_sign_ins (state_hash, sign_in, started_at) VALUES (\(stateHash), \(text), \(signIn.startedAt))
                """, logger: logger)
        }
    }

    func takePendingSignIn(stateHash: String) async throws -> PendingSignIn? {
        // DELETE … RETURNING: of two callbacks with one state, one gets it.
        guard let text = try await rows("DELETE FROM tributary_pending_sign_ins WHERE state_hash = \(stateHash) RETURNING sign_in").first
            .map({ try $0.value("sign_in", as: String.self) }) else { return nil }
        return PendingSignIn(storedText: text)
    }
}
