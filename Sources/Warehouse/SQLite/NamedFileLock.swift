import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A lock shared by every process that opens one SQLite warehouse (a `serve`, a `sync`, a
/// `worker`), named beside the database file: `flock` on `<database>.lock-<name>`.
///
/// `flock` rather than a row in the database: the kernel releases it when its holder dies, so a
/// `kill -9` mid-refresh never leaves it held, and waiting for it never holds SQLite's single
/// writer. Each acquisition opens the file anew, and Linux's `flock` locks belong to the open
/// file description, so two tasks of one process exclude each other as two processes do. A
/// private in-memory database has no file and no other process: an in-process lock serves.
struct NamedFileLock: Sendable {
    /// The file's path; nil for a database without a file.
    let path: String?
    let name: String

    init(databasePath: String, name: String) {
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        self.name = safe
        path = databasePath.isEmpty || databasePath == ":memory:" || databasePath.hasPrefix("file:") ? nil : "\(databasePath).lock-\(safe)"
    }

    /// How long a wait may last before it fails (a refresh takes a second or two).
    static let patience: Duration = .seconds(120)

    func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        guard let path else { return try await InProcessLocks.shared.withLock(name, body) }
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw WarehouseError.database("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }  // closing the description releases the lock, whatever the body did
        let clock = ContinuousClock()
        let deadline = clock.now + Self.patience
        var pause: Duration = .milliseconds(5)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw WarehouseError.database("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
            guard clock.now < deadline else { throw WarehouseError.database("\(name) stayed locked by another process for \(Self.patience)") }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(100))
        }
        return try await body()
    }
}

/// Named locks within this process, for databases that no other process can open.
actor InProcessLocks {
    static let shared = InProcessLocks()
    private var held: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    func withLock<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T {
        while held.contains(name) {
            await withCheckedContinuation { waiting[name, default: []].append($0) }
        }
        held.insert(name)
        defer {
            held.remove(name)
            if var queue = waiting[name], !queue.isEmpty {
                queue.removeFirst().resume()
                waiting[name] = queue.isEmpty ? nil : queue
            }
        }
        return try await body()
    }
}
