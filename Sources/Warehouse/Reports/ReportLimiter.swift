/// Lets at most `limit` report queries run at once; the others wait their turn in order.
///
/// Each running report holds a thread and a connection until it ends or times out, so a page
/// of many reports (or many users) could otherwise take every core of a small server away
/// from syncing and serving pages.
actor ReportLimiter {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        guard running >= limit else {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the slot straight to the next waiter, so `running` stays counted for it.
    func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Reports running now (for tests).
    var active: Int { running }
    var queued: Int { waiting.count }
}
