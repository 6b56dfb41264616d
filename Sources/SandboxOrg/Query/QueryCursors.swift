import Synchronization

/// Open REST query cursors (`nextRecordsUrl`). Each keeps its result (a snapshot and the
/// matching indices, never JSON) for two days, as Salesforce does since v56; the oldest are
/// dropped beyond a cap so a client that never finishes paging cannot exhaust memory.
final class QueryCursors: Sendable {
    struct Cursor {
        var result: QueryResult
        var user: Int
        var batchSize: Int
        var expires: Int64
    }

    private let state = Mutex<(cursors: [String: Cursor], order: [String], next: Int)>(([:], [], 1))
    let capacity = 2_000
    let lifetimeMs: Int64 = 2 * 86_400_000

    func open(_ result: QueryResult, user: Int, batchSize: Int, now: Int64) -> String {
        state.withLock { s in
            let id = SalesforceID.make(prefix: "01g", index: s.next)
            s.next += 1
            s.cursors[id] = Cursor(result: result, user: user, batchSize: batchSize, expires: now + lifetimeMs)
            s.order.append(id)
            while s.order.count > capacity {
                s.cursors.removeValue(forKey: s.order.removeFirst())
            }
            return id
        }
    }

    func find(_ id: String, user: Int, now: Int64) -> Cursor? {
        state.withLock { s in
            guard let c = s.cursors[id], c.user == user, c.expires > now else { return nil }
            return c
        }
    }
}
