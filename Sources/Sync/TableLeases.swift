import Synchronization

/// The tables that runs of this process are loading now. A table's *Save and Sync Data
/// Immediately* runs beside a connection's cycle; the lease keeps the two from loading one
/// table at once (the second run skips it, and the next cycle picks it up).
public final class TableLeases: Sendable {
    private let held = Mutex<Set<Key>>([])

    private struct Key: Hashable {
        let connectionID: Int64
        let table: String
    }

    public init() {}

    /// Takes the table's lease; false when another run holds it.
    func take(connectionID: Int64, table: String) -> Bool {
        held.withLock { $0.insert(Key(connectionID: connectionID, table: table)).inserted }
    }

    func release(connectionID: Int64, table: String) {
        _ = held.withLock { $0.remove(Key(connectionID: connectionID, table: table)) }
    }

    public func isHeld(connectionID: Int64, table: String) -> Bool {
        held.withLock { $0.contains(Key(connectionID: connectionID, table: table)) }
    }
}
