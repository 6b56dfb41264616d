import Foundation
import Testing
import Warehouse

/// Values go in as Salesforce text and come out converted; read back with their storage class.
@Suite struct ValueConversionTests {
    private func load(_ salesforceType: String, _ values: [String?]) async throws -> [[String?]] {
        let warehouse = try SQLiteWarehouse.inMemory()
        let columns = [column("Id", "id"), column("Value", salesforceType)]
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_v", columns: columns))
        let batch = makeBatch(values.enumerated().map { [String(format: "%03d", $0.offset), $0.element] })
        _ = try await warehouse.upsert(batch, columns: columns, into: "sf_v", checkpoint: nil)
        return try await warehouse.query("SELECT value, typeof(value) FROM sf_v ORDER BY id")
    }

    @Test(arguments: [
        ("2024-01-02T03:04:05.000+0000", "2024-01-02T03:04:05.000Z"),
        ("2024-01-02T03:04:05.000Z", "2024-01-02T03:04:05.000Z"),
        ("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000Z"),
        ("2024-01-02T03:04:05.1Z", "2024-01-02T03:04:05.100Z"),
        ("2024-01-02T03:04:05.123456Z", "2024-01-02T03:04:05.123Z"),
        ("2024-01-02T20:04:05.000-0700", "2024-01-03T03:04:05.000Z"),
        ("2024-03-01T01:30:00.000+01:00", "2024-03-01T00:30:00.000Z"),
        ("2024-03-01T00:30:00.000+0100", "2024-02-29T23:30:00.000Z"),
        ("2023-12-31T23:00:00.000-02", "2024-01-01T01:00:00.000Z"),
        ("2024-01-02 03:04:05+0000", "2024-01-02T03:04:05.000Z"),
    ])
    func normalisesDatetimes(_ input: String, _ expected: String) async throws {
        #expect(try await load("datetime", [input]) == [[expected, "text"]])
    }

    @Test(arguments: ["not a date", "2024-01-02", "2024-01-02T03:04:05", "2024-13-02T03:04:05Z", "2024-01-02T03:04:05+99"])
    func keepsUnparsableDatetimesAsText(_ input: String) async throws {
        #expect(try await load("datetime", [input]) == [[input, "text"]])
    }

    @Test func integers() async throws {
        let rows = try await load("int", ["42", "-7", "100.0", "9223372036854775807", "12abc", "", "1.5", nil])
        // A fraction is not an integer, but the column's affinity keeps it as the number it is.
        #expect(rows == [
            ["42", "integer"], ["-7", "integer"], ["100", "integer"], ["9223372036854775807", "integer"],
            ["12abc", "text"], [nil, "null"], ["1.5", "real"], [nil, "null"],
        ])
    }

    @Test func reals() async throws {
        let rows = try await load("currency", ["23.0", "-0.5", "61.217062", "1.5E-7", "12345678901234567890", "abc", "NaN", "inf", "0x10", "1,5"])
        #expect(rows == [
            ["23.0", "real"], ["-0.5", "real"], ["61.217062", "real"], ["1.5e-07", "real"], ["1.2345678901234567e+19", "real"],
            ["abc", "text"], ["NaN", "text"], ["inf", "text"], ["0x10", "text"], ["1,5", "text"],
        ])
    }

    @Test func booleans() async throws {
        let rows = try await load("boolean", ["true", "false", "TRUE", "yes", nil])
        #expect(rows == [["1", "integer"], ["0", "integer"], ["1", "integer"], ["yes", "text"], [nil, "null"]])
    }

    @Test func textDatesAndTimesAsTheyCame() async throws {
        #expect(try await load("string", ["", "a \"quoted\"\nline", "ünïcode"]) == [["", "text"], ["a \"quoted\"\nline", "text"], ["ünïcode", "text"]])
        #expect(try await load("date", ["2010-01-01"]) == [["2010-01-01", "text"]])
        #expect(try await load("time", ["13:30:00.000Z"]) == [["13:30:00.000Z", "text"]])
        #expect(try await load("string", ["0042"]) == [["0042", "text"]])
    }
}
