import Foundation

/// The web app's state as rows, for `tributary move`: every table a user made something in, in
/// an order that keeps references valid (users before what they own), columns by their meaning
/// so each store reads and writes its own types (SQLite keeps times as seconds, PostgreSQL as
/// `timestamptz`). Sign-in failures and pending sign-ins are minutes old at most and are not moved.
struct AppStateTable: Sendable {
    enum Kind: Sendable { case integer, real, text, time, flag }
    enum Value: Sendable, Equatable {
        case null, integer(Int64), real(Double), text(String), time(Date), flag(Bool)
    }

    let name: String
    let columns: [(name: String, kind: Kind)]
    /// Whether `id` is a serial the target must continue after the copied rows.
    var hasSerialID: Bool { columns.first?.name == "id" }
    var rows: [[Value]] = []

    static let schema: [AppStateTable] = [
        AppStateTable(name: "tributary_users", columns: [("id", .integer), ("email", .text), ("password_hash", .text), ("role", .text), ("created_at", .time)]),
        AppStateTable(name: "tributary_sessions", columns: [("token_hash", .text), ("user_id", .integer), ("csrf_token", .text), ("expires_at", .time)]),
        AppStateTable(name: "tributary_api_keys", columns: [("id", .integer), ("name", .text), ("key_hash", .text), ("created_by", .text), ("user_id", .integer),
                                                             ("created_at", .time), ("last_used_at", .time)]),
        AppStateTable(name: "tributary_goals", columns: [("id", .integer), ("title", .text), ("metric", .text), ("period", .text), ("start", .text),
                                                          ("target", .real), ("owner_ids", .text), ("created_by", .text), ("created_at", .time)]),
        AppStateTable(name: "tributary_reports", columns: [("id", .integer), ("title", .text), ("sql", .text), ("query", .text), ("chart", .text),
                                                            ("owner_id", .integer), ("shared", .flag), ("created_at", .time), ("updated_at", .time)]),
        AppStateTable(name: "tributary_dashboards", columns: [("id", .integer), ("title", .text), ("widgets", .text), ("shared", .flag), ("owner_id", .integer),
                                                               ("created_at", .time), ("updated_at", .time)]),
        AppStateTable(name: "tributary_dashboard_emails", columns: [("id", .integer), ("dashboard_id", .integer), ("frequency", .text), ("hour", .integer),
                                                                     ("weekday", .integer), ("day_of_month", .integer), ("time_zone", .text),
                                                                     ("recipients", .text), ("created_by", .integer), ("created_at", .time),
                                                                     ("last_sent_at", .time)]),
    ]

    func with(rows: [[Value]]) -> AppStateTable {
        var table = self
        table.rows = rows
        return table
    }
}

/// What a move of the web app's state did.
public enum AppStateMoveResult: Sendable, Equatable {
    /// Rows copied per table.
    case copied([String: Int])
    /// The target already had users: its state was kept and nothing was copied (a move run
    /// again, or a PostgreSQL warehouse that was used before).
    case targetHadUsers
}

extension AppStore {
    /// Copies the web app's state (users, sessions, API keys, goals, reports, dashboards and
    /// their emails) from this store to `target`, keeping ids so links and bookmarks still
    /// work, in one transaction of the target; nothing when the target already has users.
    public func move(to target: AppStore) async throws -> AppStateMoveResult {
        guard let source = backend as? SQLiteAppStore, let destination = target.backend as? PostgresAppStore else {
            throw AppStateMoveError(description: "the web app's state moves from the SQLite store to the PostgreSQL one (here \(kind) to \(target.kind))")
        }
        let tables = try await source.exportState()
        return try await destination.importState(tables)
    }
}

public struct AppStateMoveError: Error, CustomStringConvertible {
    public let description: String
}
