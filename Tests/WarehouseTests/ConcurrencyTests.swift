import Foundation
import GRDBSQLite
import Testing
import Warehouse

/// WAL: loads and readers in other processes (the web app, an analyst's sqlite3 shell) do not
/// wait for each other. A raw SQLite handle plays the other process, so its transaction can stay
/// open across awaits.
@Suite struct ConcurrencyTests {
    private final class RawConnection {
        private var handle: OpaquePointer?
        init(path: String) throws {
            guard sqlite3_open(path, &handle) == SQLITE_OK else { throw WarehouseError.unknownTable(path) }
            sqlite3_busy_timeout(handle, 100)
        }
        deinit { sqlite3_close(handle) }

        func execute(_ sql: String) -> Int32 { sqlite3_exec(handle, sql, nil, nil, nil) }

        func text(_ sql: String) -> String? {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { return nil }
            defer { sqlite3_finalize(statement) }
            guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return nil }
            return String(cString: text)
        }

        func count(_ sql: String) -> Int? {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { return nil }
            defer { sqlite3_finalize(statement) }
            guard sqlite3_step(statement) == SQLITE_ROW else { return nil }
            return Int(sqlite3_column_int64(statement, 0))
        }
    }

    private func fileWarehouse() async throws -> (SQLiteWarehouse, String) {
        let path = try temporaryDirectory().appendingPathComponent("nested/warehouse.sqlite").path
        let warehouse = try SQLiteWarehouse(path: path)
        _ = try await warehouse.ensureTable(accountSpec)
        _ = try await warehouse.upsert(makeBatch([["001A", "Acme", "1"]]), columns: accountColumns, into: "sf_account", checkpoint: nil)
        return (warehouse, path)
    }

    @Test func warehouseReadsWhileAnotherConnectionWrites() async throws {
        // Given another connection inside a write transaction
        let (warehouse, path) = try await fileWarehouse()
        let other = try RawConnection(path: path)
        #expect(other.execute("BEGIN IMMEDIATE; INSERT INTO sf_account (id) VALUES ('001X')") == SQLITE_OK)
        // Then the warehouse still reads, seeing committed rows only
        #expect(try await warehouse.ids(in: "sf_account") == ["001A"])
        #expect(other.execute("COMMIT") == SQLITE_OK)
        #expect(try await warehouse.ids(in: "sf_account") == ["001A", "001X"])
    }

    @Test func anotherConnectionReadsWhileWarehouseTransactionIsOpen() async throws {
        // Given a reader that will read after the warehouse holds the write lock
        let (warehouse, path) = try await fileWarehouse()
        let blocker = try RawConnection(path: path)
        let reader = try RawConnection(path: path)
        // When a write transaction is open (the warehouse's load holds it the same way)
        #expect(blocker.execute("BEGIN IMMEDIATE; INSERT INTO sf_account (id) VALUES ('001Y')") == SQLITE_OK)
        // Then a plain reader reads the committed state without waiting
        #expect(reader.count("SELECT count(*) FROM sf_account") == 1)
        // And once the lock is released a warehouse load goes through, seen by the same reader
        #expect(blocker.execute("ROLLBACK") == SQLITE_OK)
        let counts = try await warehouse.upsert(makeBatch([["001B", "Beta", "2"]]), columns: accountColumns, into: "sf_account", checkpoint: nil)
        #expect(counts.inserted == 1)
        #expect(reader.count("SELECT count(*) FROM sf_account") == 2)
    }

    @Test func loadWaitsForAnotherWritersLock() async throws {
        // Given another connection holding the write lock for a moment
        let (warehouse, path) = try await fileWarehouse()
        let other = try RawConnection(path: path)
        #expect(other.execute("BEGIN IMMEDIATE") == SQLITE_OK)
        let release = Task {
            try await Task.sleep(for: .milliseconds(200))
            return other.execute("COMMIT")
        }
        // When the warehouse loads, it waits for the lock instead of failing with SQLITE_BUSY
        let counts = try await warehouse.upsert(makeBatch([["001B", "Beta", "2"]]), columns: accountColumns, into: "sf_account", checkpoint: nil)
        #expect(counts.inserted == 1)
        #expect(try await release.value == SQLITE_OK)
    }

    @Test func fileIsInWALMode() async throws {
        let (_, path) = try await fileWarehouse()
        #expect(try RawConnection(path: path).text("PRAGMA journal_mode") == "wal")
    }
}
