import Synchronization

/// Open REST query cursors (`nextRecordsUrl`). Each keeps its result (a snapshot and the
/// matching indices, never JSON) for two days, as Salesforce does since v56; the oldest are
/// dropped beyond a cap so a client that never finishes paging cannot exhaust memory. A cursor
/// belongs to the session (access token) that opened it, as Salesforce's query locators do.
final class QueryCursors: Sendable {
    struct Cursor {
        var result: QueryResult
        var user: Int
        /// The access token that opened it.
        var session: String
        var batchSize: Int
        var expires: Int64
    }

    private let state = Mutex<(cursors: [String: Cursor], order: [String], next: Int)>(([:], [], 1))
    let capacity = 2_000
    let lifetimeMs: Int64 = 2 * 86_400_000

    enum Lookup {
        case found(Cursor)
        /// The cursor is live but was opened by another session.
        case otherSession
        case missing
    }

    func open(_ result: QueryResult, user: Int, session: String, batchSize: Int, now: Int64) -> String {
        state.withLock { s in
            let id = SalesforceID.make(prefix: "01g", index: s.next)
            s.next += 1
            s.cursors[id] = Cursor(result: result, user: user, session: session, batchSize: batchSize, expires: now + lifetimeMs)
            s.order.append(id)
            while s.order.count > capacity {
                s.cursors.removeValue(forKey: s.order.removeFirst())
            }
            return id
        }
    }

    /// The cursor `id` for a request of `user` with access token `session`; with
    /// `bindToSession` false, any session of the same user may page it (the sandbox's old rule).
    func find(_ id: String, user: Int, session: String, bindToSession: Bool, now: Int64) -> Lookup {
        state.withLock { s in
            guard let c = s.cursors[id], c.user == user, c.expires > now else { return .missing }
            return !bindToSession || c.session == session ? .found(c) : .otherSession
        }
    }
}
