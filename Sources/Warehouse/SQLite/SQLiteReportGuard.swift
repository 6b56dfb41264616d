import GRDBSQLite
import Synchronization

/// The rules and the clock of one report run, consulted by SQLite's callbacks: the authorizer
/// (while the statement compiles) and the progress handler (while it runs).
///
/// A default-deny authorizer rather than matching words in the SQL: SQLite tells it every table
/// and column a statement reads, through views and CTEs, and every kind of action, in whatever
/// spelling, comment or case the user wrote.
final class ReportGuard: Sendable {
    let timeout: Duration
    let deadline: ContinuousClock.Instant
    private let cancelled = Atomic<Bool>(false)
    /// The first refusal, for the error message (SQLite only says "not authorized").
    private let firstRefusal = Mutex<String?>(nil)
    /// The tables and views of the file, lower-cased, read before the statement compiles.
    let fileTables = Mutex<Set<String>>([])

    init(timeout: Duration) {
        self.timeout = timeout
        deadline = .now + timeout
    }

    func cancel() { cancelled.store(true, ordering: .relaxed) }
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
    var refusal: String? { firstRefusal.withLock { $0 } }

    /// Whether the running statement must stop (the progress handler's answer).
    var shouldStop: Bool { isCancelled || ContinuousClock.now >= deadline }

    /// SQLite's authorizer: SQLITE_OK for what a read-only report may do, SQLITE_DENY for
    /// the rest. `first` and `second` are the action's arguments (table and column for a read,
    /// the function name second for a call).
    func authorize(_ action: Int32, _ first: String?, _ second: String?) -> Int32 {
        switch action {
        case SQLITE_SELECT, SQLITE_RECURSIVE:
            return SQLITE_OK
        case SQLITE_READ:
            guard let table = first, ReportPolicy.isRefused(table: table, fileTables: fileTables.withLock { $0 }) else { return SQLITE_OK }
            return refuse("Reports cannot read \(table): they read the synced sf_ tables and the lead scores, never Tributary's own tables (users, sessions, keys, credentials) or the database's internals.")
        case SQLITE_FUNCTION:
            guard let name = second, !ReportPolicy.isCallable(function: name) else { return SQLITE_OK }
            return refuse("Reports cannot call \(name)().")
        case SQLITE_UPDATE where first == "sqlite_master" || first == "sqlite_temp_master":
            // SQLite asks this while it sets up a table-valued function such as json_each on a
            // fresh connection; it writes nothing (the statement is still checked read-only).
            return SQLITE_OK
        case SQLITE_PRAGMA:
            return refuse("PRAGMA is refused: reports cannot read or change settings.")
        case SQLITE_ATTACH, SQLITE_DETACH:
            return refuse("ATTACH, DETACH and VACUUM INTO are refused: reports cannot open or write files.")
        case SQLITE_TRANSACTION, SQLITE_SAVEPOINT:
            return refuse("Transaction statements are refused: a report is one read-only query.")
        default:
            return refuse("Reports only read: statements that write or change the schema are refused.")
        }
    }

    private func refuse(_ reason: String) -> Int32 {
        firstRefusal.withLock { if $0 == nil { $0 = reason } }
        return SQLITE_DENY
    }
}
