import Foundation
import GRDB
import Testing
@testable import Warehouse

/// Report SQL: one read-only statement over the warehouse's data, never Tributary's own
/// tables, with a row cap and a timeout.
@Suite struct ReportTests {
    /// A warehouse file with three accounts, a lead-score table, and the web app's secret
    /// tables (made here as the web app's migrations make them, in the same file).
    private func fixture() async throws -> (SQLiteWarehouse, URL) {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("warehouse.sqlite").path
        let warehouse = try SQLiteWarehouse(path: path)
        _ = try await warehouse.ensureTable(accountSpec)
        _ = try await warehouse.upsert(makeBatch([["001A", "Acme", "10"], ["001B", "Beta, Inc.", nil], ["001C", "Gamma", "30"]]),
                                       columns: accountColumns, into: "sf_account", checkpoint: nil)
        try await warehouse.replaceTable("tributary_lead_scores", columns: [column("Id", "id"), column("Score", "double")],
                                         rows: makeBatch([["00QA", "0.75"]]))
        let other = try DatabaseQueue(path: path)
        try await other.write { db in
            try db.execute(sql: """
                CREATE TABLE tributary_users (id INTEGER PRIMARY KEY, email TEXT, password_hash TEXT);
                INSERT INTO tributary_users VALUES (1, 'ada@example.com', '$2b$10$secret');
                CREATE TABLE tributary_sessions (token_hash TEXT PRIMARY KEY, user_id INTEGER);
                CREATE TABLE tributary_api_keys (id INTEGER PRIMARY KEY, key_hash TEXT);
                CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, secret TEXT);
                INSERT INTO notes (secret) VALUES ('secret');
                """)
        }
        try other.close()
        return (warehouse, directory)
    }

    private func refusal(_ warehouse: SQLiteWarehouse, _ sql: String, timeout: Duration = .seconds(5)) async -> WarehouseError? {
        do {
            _ = try await warehouse.report(sql, limit: 100, timeout: timeout)
            return nil
        } catch {
            return error as? WarehouseError
        }
    }

    @Test func aSelectReturnsColumnNamesAndTextWithNullsAsNil() async throws {
        // Given a warehouse with accounts
        let (warehouse, _) = try await fixture()
        // When a report selects them
        let result = try await warehouse.report("SELECT id, name, numberofemployees AS staff FROM sf_account ORDER BY id",
                                                limit: 100, timeout: .seconds(5))
        // Then names come from the statement and values are text
        #expect(result.columns == ["id", "name", "staff"])
        #expect(result.rows == [["001A", "Acme", "10"], ["001B", "Beta, Inc.", nil], ["001C", "Gamma", "30"]])
        #expect(!result.truncated)
    }

    static let refused: [String] = [
        "INSERT INTO sf_account (id) VALUES ('001Z')",
        "REPLACE INTO sf_account (id, name) VALUES ('001A', 'Hacked')",
        "UPDATE sf_account SET name = 'Hacked'",
        "DELETE FROM sf_account",
        "DROP TABLE sf_account",
        "CREATE TABLE stolen (x)",
        "CREATE TEMP VIEW users AS SELECT * FROM sf_account",
        "ALTER TABLE sf_account ADD COLUMN x TEXT",
        "CREATE INDEX sf_account_name ON sf_account (name)",
        "ATTACH DATABASE '/tmp/tributary-report-attach.sqlite' AS other",
        "DETACH DATABASE main",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA user_version = 7",
        "PRAGMA query_only = OFF",
        "pragma table_info(tributary_users)",
        "SELECT * FROM pragma_table_info('tributary_users')",
        "VACUUM",
        "ANALYZE",
        "REINDEX",
        "BEGIN",
        "SAVEPOINT s",
        "WITH doomed AS (SELECT id FROM sf_account) DELETE FROM sf_account WHERE id IN (SELECT id FROM doomed)",
        "EXPLAIN DELETE FROM sf_account",
        "SELECT 1; DELETE FROM sf_account",
        "SELECT 1; SELECT 2",
        "SELECT * FROM tributary_users",
        "select email, password_hash from TRIBUTARY_USERS",
        "SELECT count(*) FROM tributary_sessions",
        "SELECT 1 FROM tributary_api_keys LIMIT 1",
        "SELECT * FROM tributary_connections",
        "SELECT * FROM tributary_checkpoints",
        "SELECT name FROM sf_account WHERE id IN (SELECT email FROM tributary_users)",
        "WITH u AS (SELECT * FROM main.tributary_users) SELECT * FROM u",
        "SELECT load_extension('/tmp/evil')",
        "SELECT fts3_tokenizer('simple')",
        // The database's internals and tables that are not data: default-deny.
        "SELECT name, sql FROM sqlite_master",
        "SELECT sql FROM sqlite_schema",
        "SELECT * FROM sqlite_temp_master",
        "SELECT * FROM sqlite_sequence",
        "SELECT * FROM grdb_migrations",
        "SELECT * FROM notes",
        "SELECT * FROM main.\"sqlite_master\"",
        "",
        "  -- only a comment\n",
    ]

    @Test(arguments: refused)
    func statementsThatWriteChangeSettingsOrReadSecretsAreRefused(_ sql: String) async throws {
        let (warehouse, _) = try await fixture()
        let error = await refusal(warehouse, sql)
        #expect(error == WarehouseError.reportRefused(""), "\(sql): \(String(reflecting: error))")
        #expect(error?.isReportProblem == true)
        // Nothing changed, and the refusal message leaks no secret.
        #expect(try await warehouse.query("SELECT count(*) FROM sf_account") == [["3"]])
        #expect(try await warehouse.query("SELECT name FROM sf_account WHERE id = '001A'") == [["Acme"]])
        #expect(try await warehouse.query("PRAGMA user_version") == [["0"]])
        #expect(error?.detail.contains("secret") != true)
    }

    @Test func vacuumIntoWritesNoFile() async throws {
        let (warehouse, directory) = try await fixture()
        let copy = directory.appendingPathComponent("copy.sqlite").path
        let error = await refusal(warehouse, "VACUUM INTO '\(copy)'")
        #expect(error == WarehouseError.reportRefused(""))
        #expect(!FileManager.default.fileExists(atPath: copy))
    }

    @Test func theRefusalSaysWhy() async throws {
        let (warehouse, _) = try await fixture()
        #expect(await refusal(warehouse, "SELECT * FROM tributary_users")?.detail.contains("tributary_users") == true)
        #expect(await refusal(warehouse, "SELECT 1; SELECT 2")?.detail.contains("one statement") == true)
        #expect(await refusal(warehouse, "PRAGMA user_version = 7")?.detail.contains("PRAGMA") == true)
        #expect(await refusal(warehouse, "ATTACH 'x.sqlite' AS x")?.detail.contains("ATTACH") == true)
        #expect(await refusal(warehouse, "DELETE FROM sf_account")?.detail.contains("only read") == true)
    }

    @Test func derivedTablesCommentsStringsAndTableFunctionsAreAllowed() async throws {
        let (warehouse, _) = try await fixture()
        #expect(try await warehouse.report("SELECT id, score FROM tributary_lead_scores", limit: 10, timeout: .seconds(5)).rows == [["00QA", "0.75"]])
        // A ';' inside a string or a trailing comment is not a second statement.
        #expect(try await warehouse.report("SELECT ';' AS semi; -- done\n", limit: 10, timeout: .seconds(5)).rows == [[";"]])
        #expect(try await warehouse.report("SELECT value FROM json_each('[1,2]')", limit: 10, timeout: .seconds(5)).rows == [["1"], ["2"]])
    }

    @Test func resultsStopAtTheByteCapAsTheyAreRead() async throws {
        let (warehouse, _) = try await fixture()
        let wide = try await warehouse.report("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
            SELECT printf('%.1000c', 'x') AS a, printf('%.1000c', 'y') AS b FROM n
            """, limit: 100_000, timeout: .seconds(20), byteLimit: 50_000)
        #expect(wide.cut == .bytes && wide.truncated)
        #expect(wide.rows.count == 24)
        #expect(wide.columns == ["a", "b"])
        let narrow = try await warehouse.report("SELECT id FROM sf_account", limit: 100, timeout: .seconds(5), byteLimit: 50_000)
        #expect(narrow.cut == nil && narrow.rows.count == 3)
    }

    @Test func syntaxErrorsCarrySQLitesMessage() async throws {
        let (warehouse, _) = try await fixture()
        let syntax = await refusal(warehouse, "SELEC id FROM sf_account")
        #expect(syntax == WarehouseError.reportFailed(""))
        #expect(syntax?.detail.contains("syntax error") == true)
        #expect(await refusal(warehouse, "SELECT * FROM sf_nothing")?.detail == "no such table: sf_nothing")
    }

    @Test func rowsPastTheLimitAreLeftOutAndFlagged() async throws {
        let (warehouse, _) = try await fixture()
        let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25) SELECT i FROM n"
        let capped = try await warehouse.report(sql, limit: 10, timeout: .seconds(5))
        #expect(capped.rows.count == 10)
        #expect(capped.rows.last == ["10"])
        #expect(capped.truncated)
        let whole = try await warehouse.report(sql, limit: 25, timeout: .seconds(5))
        #expect(whole.rows.count == 25)
        #expect(!whole.truncated)
    }

    @Test func aLongQueryStopsAtTheTimeout() async throws {
        let (warehouse, _) = try await fixture()
        let clock = ContinuousClock()
        let start = clock.now
        let error = await refusal(warehouse, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT count(*) FROM n",
                                    timeout: .milliseconds(500))
        let elapsed = clock.now - start
        #expect(error == WarehouseError.reportTimedOut(after: .seconds(1)))
        #expect(error?.detail.contains("timed out after 0.5 s") == true, "\(String(reflecting: error))")
        // Unstopped, the query runs for minutes: ten seconds proves it stopped, even on a loaded machine.
        #expect(elapsed < .seconds(10), "stopped after \(elapsed)")
    }

    @Test func cancellingTheTaskStopsTheQuery() async throws {
        let (warehouse, _) = try await fixture()
        let task = Task {
            try await warehouse.report("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT count(*) FROM n",
                                       limit: 10, timeout: .seconds(60))
        }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.now - start < .seconds(10))
    }

    @Test func anInMemoryWarehouseRunsReportsButStaysReadOnly() async throws {
        let warehouse = try SQLiteWarehouse.inMemory()
        _ = try await warehouse.ensureTable(accountSpec)
        _ = try await warehouse.upsert(makeBatch([["001A", "Acme", "10"]]), columns: accountColumns, into: "sf_account", checkpoint: nil)
        #expect(try await warehouse.report("SELECT name FROM sf_account", limit: 10, timeout: .seconds(5)).rows == [["Acme"]])
        #expect(await refusal(warehouse, "DELETE FROM sf_account") == WarehouseError.reportRefused(""))
        #expect(await refusal(warehouse, "SELECT * FROM tributary_connections") == WarehouseError.reportRefused(""))
        #expect(try await warehouse.rowCount("sf_account") == 1)
    }
}

@Suite struct ReportLimiterTests {
    @Test func aFullLimiterQueuesInOrderAndHandsSlotsOn() async throws {
        let limiter = ReportLimiter(limit: 2)
        await limiter.acquire()
        await limiter.acquire()
        let order = OrderLog()
        let third = Task { await limiter.acquire(); await order.append(3) }
        while await limiter.queued < 1 { await Task.yield() }
        let fourth = Task { await limiter.acquire(); await order.append(4) }
        while await limiter.queued < 2 { await Task.yield() }
        #expect(await limiter.active == 2)
        #expect(await order.entries.isEmpty)
        await limiter.release()
        await third.value
        #expect(await order.entries == [3])
        await limiter.release()
        await fourth.value
        #expect(await order.entries == [3, 4])
        #expect(await limiter.active == 2)
        await limiter.release()
        await limiter.release()
        #expect(await limiter.active == 0)
    }

    actor OrderLog {
        var entries: [Int] = []
        func append(_ value: Int) { entries.append(value) }
    }
}
