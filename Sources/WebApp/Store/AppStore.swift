import Foundation
import Warehouse

/// Everything a store of the web app's state keeps, by concept; `SQLiteAppStore` (embedded, in
/// `--data-dir`) and `PostgresAppStore` (in the PostgreSQL warehouse's database, shared by
/// replicas) implement it.
protocol AppStoreBackend: AccountStore, APIKeyStore, ReportStore, DashboardStore, GoalStore, SignInStore, CustomStringConvertible {
    /// Answers a query and has every migration applied; throws otherwise (`/readyz`).
    func check() async throws
}

/// A store that answers but lacks migrations (a newer replica has not started yet, say).
struct AppStoreNotReady: Error, CustomStringConvertible {
    var missing: [String]
    var description: String { "migrations not applied: \(missing.joined(separator: ", "))" }
}

/// A write the database took without the answer it owes (an insert that returned no id).
struct AppStoreWriteError: Error, CustomStringConvertible {
    let description: String
}

/// The web app's state: users and sessions, API keys, saved reports, dashboards (with their
/// emails), goals, and sign-ins in progress. Each concept is its own protocol, so a route or
/// service is given only what it uses; one backend implements them all.
public struct AppStore: Sendable {
    let backend: any AppStoreBackend
    public let accounts: Accounts
    public let apiKeys: APIKeys
    public var reports: any ReportStore { backend }
    public var goals: any GoalStore { backend }
    var dashboards: any DashboardStore { backend }
    var signIns: any SignInStore { backend }

    init(_ backend: any AppStoreBackend, sessionLifetime: TimeInterval = 7 * 86_400) {
        self.backend = backend
        accounts = Accounts(backend, sessionLifetime: sessionLifetime)
        apiKeys = APIKeys(store: backend, accounts: accounts)
    }

    /// The embedded store: SQLite at `path` (the warehouse's file in `--data-dir`).
    public static func sqlite(path: String, sessionLifetime: TimeInterval = 7 * 86_400) throws -> AppStore {
        AppStore(try SQLiteAppStore(path: path), sessionLifetime: sessionLifetime)
    }

    /// An empty store in memory, for tests.
    public static func inMemory(sessionLifetime: TimeInterval = 7 * 86_400) throws -> AppStore {
        AppStore(try SQLiteAppStore(inMemory: ()), sessionLifetime: sessionLifetime)
    }

    /// The store in the PostgreSQL warehouse's database, on its connection pool; its tables are
    /// made or migrated first.
    public static func postgres(_ warehouse: PostgresWarehouse, sessionLifetime: TimeInterval = 7 * 86_400) async throws -> AppStore {
        AppStore(try await PostgresAppStore.open(warehouse.pool), sessionLifetime: sessionLifetime)
    }

    /// The store for a warehouse: in its PostgreSQL database, or the SQLite file at `sqlitePath`.
    public static func forWarehouse(_ warehouse: any Warehouse, sqlitePath: String) async throws -> AppStore {
        if let postgres = warehouse as? PostgresWarehouse { return try await .postgres(postgres) }
        return try .sqlite(path: sqlitePath)
    }

    /// "SQLite" or "PostgreSQL", for messages.
    public var kind: String { backend.description }

    func check() async throws { try await backend.check() }
}
