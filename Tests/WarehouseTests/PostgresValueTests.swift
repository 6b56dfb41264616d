import Foundation
import Rows
import Testing
import Warehouse
import WarehouseTestSupport

/// What only PostgreSQL does: native types, values the type cannot hold kept in
/// `tributary_rejects`, and result text spelled like the SQLite warehouse's where it can be.
@Suite struct PostgresValueTests {
    /// Loads `values` into a one-column table and reads back (value, its PostgreSQL type).
    private func load(_ salesforceType: String, _ values: [String?]) async throws -> (rows: [[String?]], rejects: [[String?]]) {
        let warehouse = try await makePostgresWarehouse()
        let columns = [column("Id", "id"), column("Value", salesforceType)]
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_v", columns: columns))
        let batch = makeBatch(values.enumerated().map { [String(format: "%03d", $0.offset), $0.element] })
        _ = try await warehouse.upsert(batch, columns: columns, into: "sf_v", checkpoint: nil)
        let rows = try await warehouse.query("SELECT value FROM sf_v ORDER BY id")
        let rejects = try await warehouse.query("SELECT row_id, column_name, value FROM tributary_rejects ORDER BY row_id")
        return (rows.map { [$0[0]] }, rejects)
    }

    @Test(.enabled(if: Backend.postgresURL != nil), arguments: [
        ("2024-01-02T03:04:05.000+0000", "2024-01-02T03:04:05.000Z"),
        ("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000Z"),
        ("2024-01-02T03:04:05.123456Z", "2024-01-02T03:04:05.123Z"),
        ("2024-01-02T20:04:05.000-0700", "2024-01-03T03:04:05.000Z"),
        ("2024-03-01T00:30:00.000+0100", "2024-02-29T23:30:00.000Z"),
        ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
    ])
    func datetimesAreTimestamptzReadBackInTheSQLiteForm(_ input: String, _ expected: String) async throws {
        let (rows, rejects) = try await load("datetime", [input])
        #expect(rows == [[expected]])
        #expect(rejects.isEmpty)
    }

    @Test(.enabled(if: Backend.postgresURL != nil))
    func unconvertibleValuesAreNullWithTheirTextKept() async throws {
        let (rows, rejects) = try await load("datetime", ["not a date", "2024-02-30T00:00:00Z", "2024-01-02", "", nil])
        #expect(rows == [[nil], [nil], [nil], [nil], [nil]])
        #expect(rejects == [["000", "value", "not a date"], ["001", "value", "2024-02-30T00:00:00Z"], ["002", "value", "2024-01-02"]])
    }

    @Test(.enabled(if: Backend.postgresURL != nil))
    func numbersBooleansAndDates() async throws {
        let integers = try await load("int", ["42", "-7", "100.0", "9223372036854775807", "1.5", "12abc", ""])
        #expect(integers.rows == [["42"], ["-7"], ["100"], ["9223372036854775807"], [nil], [nil], [nil]])
        #expect(integers.rejects.map { $0[2] } == ["1.5", "12abc"])
        // numeric keeps every digit it was given.
        let reals = try await load("currency", ["23.0", "-0.5", "12345678901234567890.123", "1.5E-7", "NaN", "1,5"])
        #expect(reals.rows == [["23.0"], ["-0.5"], ["12345678901234567890.123"], ["0.00000015"], [nil], [nil]])
        #expect(reals.rejects.map { $0[2] } == ["NaN", "1,5"])
        let booleans = try await load("boolean", ["true", "false", "TRUE", "yes", nil])
        #expect(booleans.rows == [["true"], ["false"], ["true"], [nil], [nil]])
        #expect(booleans.rejects.map { $0[2] } == ["yes"])
        let dates = try await load("date", ["2010-01-01", "0001-01-01", "2023-02-29", "2010-1-1"])
        #expect(dates.rows == [["2010-01-01"], ["0001-01-01"], [nil], [nil]])
        #expect(dates.rejects.map { $0[2] } == ["2023-02-29", "2010-1-1"])
    }

    @Test(.enabled(if: Backend.postgresURL != nil))
    func textSurvivesCopyEscapingAndEmptyIsNotNull() async throws {
        let values = [
            "", "tab\there", "line\nbreak\r\n", "back\\slash \\N", "ünïcode ✓", "\\.", "13:30:00.000Z", nil,
            // Past the first eight bytes, where the escape scan reads a word at a time.
            "a longer value, then a tab\tand a backslash \\ and\na newline", "eight ok\\", "ünïcode ✓ ünïcode ✓ ünïcode\t✓",
        ]
        let (rows, rejects) = try await load("string", values)
        #expect(rows == values.map { [$0] })
        #expect(rejects.isEmpty)
    }

    @Test(.enabled(if: Backend.postgresURL != nil))
    func invalidUTF8IsRejectedNotFatal() async throws {
        // Given a batch whose second row holds a broken two-byte sequence (0xC3 then "(")
        let warehouse = try await makePostgresWarehouse()
        let columns = [column("Id", "id"), column("Name", "string")]
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_v", columns: columns))
        var batch = RowBatch(columnCount: 2)
        batch.append("1")
        batch.append("Zoë")
        batch.append("2")
        batch.append([0x41, 0xC3, 0x28, 0x42] as [UInt8])
        // When it loads, then the good row is kept whole and the bad value is a reject
        #expect(try await warehouse.upsert(batch, columns: columns, into: "sf_v", checkpoint: nil) == LoadCounts(inserted: 2))
        #expect(try await warehouse.query("SELECT name FROM sf_v ORDER BY id") == [["Zoë"], [nil]])
        #expect(try await warehouse.query("SELECT value FROM tributary_rejects") == [["A\u{FFFD}(B"]])
    }

    @Test(.enabled(if: Backend.postgresURL != nil))
    func aGoodValueLaterReplacesTheReject() async throws {
        let warehouse = try await makePostgresWarehouse()
        let columns = [column("Id", "id"), column("Amount", "currency")]
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_v", columns: columns))
        _ = try await warehouse.upsert(makeBatch([["1", "n/a"], ["2", "oops"]]), columns: columns, into: "sf_v", checkpoint: nil)
        _ = try await warehouse.upsert(makeBatch([["1", "5.25"]]), columns: columns, into: "sf_v", checkpoint: nil)
        #expect(try await warehouse.query("SELECT row_id, value FROM tributary_rejects") == [["2", "oops"]])
        _ = try await warehouse.delete(ids: ["2"], from: "sf_v", checkpoint: nil)
        #expect(try await warehouse.query("SELECT count(*) FROM tributary_rejects") == [["0"]])
        #expect(try await warehouse.query("SELECT amount FROM sf_v") == [["5.25"]])
    }

    @Test(.enabled(if: Backend.postgresURL != nil))
    func retypeMigrationKeepsValues() async throws {
        // Given text columns holding numbers, booleans and junk
        let warehouse = try await makePostgresWarehouse()
        let before = [column("Id", "id"), column("Amount", "string"), column("Flag", "string"), column("Count", "double")]
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_thing", columns: before))
        let batch = makeBatch([["1", "12.5", "true", "3.0"], ["2", "n/a", "maybe", "2.5"], ["3", nil, "false", nil]])
        _ = try await warehouse.upsert(batch, columns: before, into: "sf_thing", checkpoint: nil)
        // When they become real, boolean and integer
        let after = [column("Id", "id"), column("Amount", "currency"), column("Flag", "boolean"), column("Count", "int")]
        let change = try await warehouse.ensureTable(TableSpec(name: "sf_thing", columns: after))
        // Then values are converted where possible, and kept as rejects otherwise
        #expect(change == SchemaChange(retypedColumns: ["amount", "flag", "count"]))
        let rows = try await warehouse.query(
            "SELECT id, amount, pg_typeof(amount)::text, flag, pg_typeof(flag)::text, count, pg_typeof(count)::text FROM sf_thing ORDER BY id")
        #expect(rows == [
            ["1", "12.5", "numeric", "true", "boolean", "3", "bigint"],
            ["2", nil, "numeric", nil, "boolean", nil, "bigint"],
            ["3", nil, "numeric", "false", "boolean", nil, "bigint"],
        ])
        #expect(try await warehouse.query("SELECT row_id, column_name, value FROM tributary_rejects ORDER BY column_name") == [
            ["2", "amount", "n/a"], ["2", "count", "2.5"], ["2", "flag", "maybe"],
        ])
        #expect(try await warehouse.tableSpec("sf_thing")?.columns == after)
        // And back to text: the rejected values return to their rows
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_thing", columns: before))
        #expect(try await warehouse.query("SELECT amount, flag, count FROM sf_thing ORDER BY id") == [
            ["12.5", "true", "3"], ["n/a", "maybe", "2.5"], [nil, "false", nil],
        ])
        #expect(try await warehouse.query("SELECT count(*) FROM tributary_rejects") == [["0"]])
        // And loads keep working
        let counts = try await warehouse.upsert(makeBatch([["1", "1", "false", "7"]]), columns: before, into: "sf_thing", checkpoint: nil)
        #expect(counts == LoadCounts(inserted: 0, updated: 1, deleted: 0))
    }

    @Test(.enabled(if: Backend.postgresURL != nil))
    func datetimeToTextAndDateKeepTheirForm() async throws {
        let warehouse = try await makePostgresWarehouse()
        let before = [column("Id", "id"), column("When", "datetime"), column("Day", "date")]
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_t", columns: before))
        _ = try await warehouse.upsert(makeBatch([["1", "2024-01-02T03:04:05.678+0000", "2024-05-06"]]), columns: before, into: "sf_t", checkpoint: nil)
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_t", columns: [column("Id", "id"), column("When", "string"), column("Day", "string")]))
        #expect(try await warehouse.query("SELECT \"when\", day FROM sf_t") == [["2024-01-02T03:04:05.678Z", "2024-05-06"]])
    }

    @Test(.enabled(if: Backend.postgresURL != nil))
    func queryArgumentsTakeTheTypeTheirPlaceNeeds() async throws {
        let warehouse = try await makePostgresWarehouse()
        let columns = [column("Id", "id"), column("CloseDate", "date"), column("Amount", "currency"), column("IsWon", "boolean")]
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_opportunity", columns: columns))
        _ = try await warehouse.upsert(
            makeBatch([["1", "2024-01-01", "10", "true"], ["2", "2024-06-01", "20", "false"]]), columns: columns, into: "sf_opportunity", checkpoint: nil)
        let rows = try await warehouse.query(
            "SELECT id, avg(amount), sum(amount) FROM sf_opportunity WHERE closedate >= $1 AND amount > $2 AND iswon = $3 GROUP BY id",
            arguments: ["2023-12-31", "5", "true"])
        #expect(rows == [["1", "10.0000000000000000", "10"]])
    }

    @Test(.enabled(if: Backend.postgresURL != nil))
    func otherTypesReadAsTextOrAskForACast() async throws {
        let warehouse = try await makePostgresWarehouse()
        let rows = try await warehouse.query(
            "SELECT 1::int2, 2::int4, 1.5::float8, 'x'::varchar, '{\"a\": 1}'::jsonb, NULL::text, 'infinity'::date, -0.05::numeric, 10000::numeric")
        #expect(rows == [["1", "2", "1.5", "x", #"{"a": 1}"#, nil, "infinity", "-0.05", "10000"]])
        await #expect(throws: WarehouseError.database("")) { try await warehouse.query("SELECT interval '1 day'") }
        #expect(try await warehouse.query("SELECT (interval '1 day')::text") == [["1 day"]])
    }
}
