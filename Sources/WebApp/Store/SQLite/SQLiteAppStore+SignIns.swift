import Foundation
import GRDB

extension SQLiteAppStore {
    func failureCounts(keys: [String], since: Date) async throws -> [String: Int] {
        try await writer.read { db in
            var counts: [String: Int] = [:]
            for key in keys {
                let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM tributary_sign_in_failures WHERE key_hash = ? AND failed_at > ?",
                                         arguments: [key, since.timeIntervalSince1970]) ?? 0
                if n > 0 { counts[key] = n }
            }
            return counts
        }
    }

    func recordFailure(keys: [String], at: Date, prune: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM tributary_sign_in_failures WHERE failed_at <= ?", arguments: [prune.timeIntervalSince1970])
            for key in keys {
                try db.execute(sql: "INSERT INTO tributary_sign_in_failures (key_hash, failed_at) VALUES (?, ?)", arguments: [key, at.timeIntervalSince1970])
            }
        }
    }

    func clearFailures(keys: [String]) async throws {
        try await writer.write { db in
            for key in keys { try db.execute(sql: "DELETE FROM tributary_sign_in_failures WHERE key_hash = ?", arguments: [key]) }
        }
    }

    func savePendingSignIn(stateHash: String, _ signIn: PendingSignIn, prune: Date) async throws {
        let text = try signIn.storedText()
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM tributary_pending_sign_ins WHERE started_at < ?", arguments: [prune.timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO tributary_pending_sign_ins (state_hash, sign_in, started_at) VALUES (?, ?, ?)",
                           arguments: [stateHash, text, signIn.startedAt.timeIntervalSince1970])
        }
    }

    func takePendingSignIn(stateHash: String) async throws -> PendingSignIn? {
        let text = try await writer.write { db -> String? in
            let text = try String.fetchOne(db, sql: "SELECT sign_in FROM tributary_pending_sign_ins WHERE state_hash = ?", arguments: [stateHash])
            try db.execute(sql: "DELETE FROM tributary_pending_sign_ins WHERE state_hash = ?", arguments: [stateHash])
            return text
        }
        return text.flatMap(PendingSignIn.init(storedText:))
    }
}
