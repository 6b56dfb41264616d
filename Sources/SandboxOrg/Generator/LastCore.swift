import Synchronization

/// The core (lead or opportunity) a child producer computed last. Children are read in index
/// order and a parent's children are consecutive (a lead's tasks, an opportunity's history), so
/// a page recomputes each parent once instead of once per child. A single entry under a lock:
/// memory stays constant, and concurrent readers of other pages stay correct (they only miss).
final class LastCore<Core: Sendable>: Sendable {
    private let entry = Mutex<(index: Int, core: Core)?>(nil)

    func get(_ index: Int, _ make: (Int) -> Core) -> Core {
        let hit = entry.withLock { e -> Core? in
            guard let e, e.index == index else { return nil }
            return e.core
        }
        if let hit { return hit }
        let core = make(index)
        entry.withLock { $0 = (index, core) }
        return core
    }
}
