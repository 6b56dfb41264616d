import Foundation
import Warehouse

/// The warehouses a backend-neutral test runs against. PostgreSQL needs a server:
/// `TRIBUTARY_TEST_POSTGRES_URL` (CI always sets it; `scripts/postgres-test-server start` makes
/// one); without it the PostgreSQL cases are left out and `BackendTests` says so.
/// Shared by the Warehouse, Sync and Analytics tests.
public enum Backend: String, CaseIterable, Sendable {
    case sqlite, postgres

    public static let postgresURL = ProcessInfo.processInfo.environment["TRIBUTARY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    public static let available: [Backend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    /// A test's SQL with its `?` placeholders numbered `$1`, `$2`… for PostgreSQL (tests hold no
    /// `?` in string literals).
    public func sql(_ text: String) -> String {
        guard self == .postgres else { return text }
        var numbered = ""
        var n = 0
        for character in text {
            if character == "?" {
                n += 1
                numbered += "$\(n)"
            } else {
                numbered.append(character)
            }
        }
        return numbered
    }
}

/// A fresh, empty warehouse: SQLite in memory, or a schema of its own on the PostgreSQL test
/// server, so cases run in parallel without seeing each other. The PostgreSQL one keeps its
/// metadata in SQLite, as the product does for now.
public func makeWarehouse(_ backend: Backend) async throws -> any Warehouse {
    switch backend {
    case .sqlite:
        return try SQLiteWarehouse.inMemory()
    case .postgres:
        return try await makePostgresWarehouse()
    }
}

/// A PostgreSQL warehouse in a new schema of the test server, with `metadata` (by default a
/// private in-memory SQLite store).
public func makePostgresWarehouse(metadata: (any MetadataStore)? = nil) async throws -> PostgresWarehouse {
    try await PostgresWarehouse.connect(try testPostgresURL(), metadata: metadata ?? SQLiteWarehouse.inMemory().metadata)
}

/// The test server's URL with a new schema of its own, `test_` and 16 random hex digits.
public func testPostgresURL() throws -> PostgresURL {
    guard let text = Backend.postgresURL else { throw WarehouseError.invalidURL("TRIBUTARY_TEST_POSTGRES_URL is unset") }
    let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    return try PostgresURL(text).with(schema: String(schema))
}

/// A fresh warehouse that keeps its metadata itself: SQLite in memory, or PostgreSQL with the
/// metadata tables in its own schema (as `--warehouse postgres://` does).
public func makeMetadataWarehouse(_ backend: Backend) async throws -> any Warehouse {
    switch backend {
    case .sqlite: try SQLiteWarehouse.inMemory()
    case .postgres: try await PostgresWarehouse.connect(try testPostgresURL(), metadata: nil)
    }
}
