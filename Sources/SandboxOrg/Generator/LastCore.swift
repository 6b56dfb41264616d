import Synchronization

/// The core (lead or opportunity) a child producer computed last. Children are read in index
/// order and a parent's children are consecutive (a lead's tasks, an opportunity's history), so
/// a page recomputes each parent once instead of once per child. A single entry under a lock:
/// memory stays constant, and concurrent readers of other pages stay correct (they only miss).
final class LastCore<Core: Sendable>: Sendable {
    private let entry = Mutex<(index: Int, core: Core)?>(nil)

    /// The cached core when it is `index`'s. Callers compute and `store` on a miss; taking a
    /// closure instead would capture (copy) the whole generator context on every call.
    func cached(_ index: Int) -> Core? {
        entry.withLock { e -> Core? in
            guard let e, e.index == index else { return nil }
            return e.core
        }
    }

    func store(_ index: Int, _ core: Core) {
        entry.withLock { $0 = (index, core) }
    }
}
