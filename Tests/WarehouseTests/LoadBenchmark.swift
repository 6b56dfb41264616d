import Foundation
import Rows
import Testing
import Warehouse
import WarehouseTestSupport

extension Tag {
    @Tag static var benchmark: Self
}

/// Loads 200,000 rows × 40 columns of Salesforce-like text into a file warehouse, and into
/// PostgreSQL when the test server is there, and prints the rates; it also writes the same data
/// as Bulk-style CSV so `sqlite3 .import` or psql's `\copy` can be timed against it. Off by
/// default (TRIBUTARY_BENCH=1 runs it); it reports, it does not assert a speed.
@Suite(.tags(.benchmark), .serialized, .enabled(if: ProcessInfo.processInfo.environment["TRIBUTARY_BENCH"] == "1"))
struct LoadBenchmark {
    static let rows = 200_000
    static let batchRows = 10_000

    @Test(arguments: Backend.available) func loadTwoHundredThousandRows(_ backend: Backend) async throws {
        let columns = Self.columns()
        let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["TRIBUTARY_BENCH_DIR"] ?? "/tmp/tributary-bench-\(backend)")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let warehouse: any Warehouse = backend == .sqlite
            ? try SQLiteWarehouse(path: directory.appendingPathComponent("warehouse.sqlite").path) : try await makePostgresWarehouse()
        _ = try await warehouse.ensureTable(TableSpec(name: "sf_benchmark", columns: columns))

        // Batches are built before timing: extracting is the SalesforceKit's cost, not ours.
        var generator = RecordGenerator()
        var batches: [RowBatch] = []
        var csv = Data()
        csv.append(Data((columns.map { "\"\($0.sourceName)\"" }.joined(separator: ",") + "\n").utf8))
        for start in stride(from: 0, to: Self.rows, by: Self.batchRows) {
            var batch = RowBatch(columnCount: columns.count, reservingRows: Self.batchRows, bytesPerField: 16)
            for row in start..<min(start + Self.batchRows, Self.rows) {
                let record = generator.record(row)
                for field in record { batch.append(field) }
                csv.append(Data((record.map { $0.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" } ?? "" }
                    .joined(separator: ",") + "\n").utf8))
            }
            batches.append(batch)
        }
        try csv.write(to: directory.appendingPathComponent("benchmark.csv"))

        let clock = ContinuousClock()
        var inserted = 0
        let elapsed = try await clock.measure {
            for (i, batch) in batches.enumerated() {
                let checkpoint = Checkpoint(connectionID: 1, table: "sf_benchmark", highWaterMark: "batch \(i)")
                inserted += try await warehouse.upsert(batch, columns: columns, into: "sf_benchmark", checkpoint: checkpoint).inserted
            }
        }
        let updateElapsed = try await clock.measure {
            for batch in batches.prefix(5) { _ = try await warehouse.upsert(batch, columns: columns, into: "sf_benchmark", checkpoint: nil) }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let updateSeconds = Double(updateElapsed.components.seconds) + Double(updateElapsed.components.attoseconds) / 1e18
        let megabytes = Double(batches.reduce(0) { $0 + $1.byteCount }) / 1_000_000
        print(String(
            format: "LoadBenchmark (\(backend.rawValue)): %d rows × %d columns (%.1f MB of field text, CSV %.1f MB) inserted in %.2f s: %.0f rows/s, %.1f MB/s; re-upsert of %d rows: %.0f rows/s",
            inserted, columns.count, megabytes, Double(csv.count) / 1_000_000, seconds, Double(Self.rows) / seconds, megabytes / seconds,
            5 * Self.batchRows, Double(5 * Self.batchRows) / updateSeconds))
        print("LoadBenchmark: CSV at \(directory.appendingPathComponent("benchmark.csv").path)")
        #expect(inserted == Self.rows)
        #expect(try await warehouse.rowCount("sf_benchmark") == Self.rows)
    }

    static func columns() -> [ColumnSpec] {
        var columns = [ColumnSpec(sourceName: "Id", salesforceType: "id")]
        let kinds: [(String, String)] = [
            ("Name", "string"), ("FirstName", "string"), ("LastName", "string"), ("Email", "email"), ("Phone", "phone"),
            ("Website", "url"), ("Industry", "picklist"), ("Rating", "picklist"), ("OwnerId", "reference"),
            ("ParentId", "reference"), ("Description", "textarea"), ("BillingStreet", "textarea"), ("BillingCity", "string"),
            ("BillingCountry", "string"), ("AnnualRevenue", "currency"), ("Amount", "currency"), ("Probability", "percent"),
            ("Latitude", "double"), ("Longitude", "double"), ("Score", "double"), ("Discount", "percent"),
            ("Cost", "currency"), ("NumberOfEmployees", "int"), ("Quantity", "int"), ("Views", "long"), ("Rank", "int"),
            ("IsDeleted", "boolean"), ("IsActive", "boolean"), ("IsClosed", "boolean"), ("IsWon", "boolean"),
            ("CloseDate", "date"), ("BirthDate", "date"), ("CreatedDate", "datetime"), ("LastModifiedDate", "datetime"),
            ("SystemModstamp", "datetime"), ("LastActivityDate", "datetime"), ("LastViewedDate", "datetime"),
            ("Start_Time__c", "time"), ("Status__c", "picklist"),
        ]
        columns += kinds.map { ColumnSpec(sourceName: $0.0, salesforceType: $0.1) }
        return columns
    }
}

/// Deterministic Salesforce-looking values (a linear congruential generator, no Foundation random).
private struct RecordGenerator {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    private let words = ["Acme", "Global", "United", "Oil", "Gas", "Burlington", "Edge", "Pyramid", "Grand", "Hotels", "Express", "Dickenson", "Sierra", "Cloud"]
    private let industries = ["Energy", "Apparel", "Banking", "Biotechnology", "Construction", "Education", "Electronics", "Retail"]

    private mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    private mutating func word() -> String { words[next(words.count)] }

    private mutating func datetime() -> String {
        String(format: "20%02d-%02d-%02dT%02d:%02d:%02d.000+0000", 15 + next(10), 1 + next(12), 1 + next(28), next(24), next(60), next(60))
    }

    mutating func record(_ row: Int) -> [String?] {
        let id = String(format: "001Da%010dIAE", row)
        let first = word(), last = word()
        return [
            id, "\(first) \(last) \(word()) Inc.", first, last, "\(first.lowercased()).\(last.lowercased())@example.com",
            String(format: "(%03d) %03d-%04d", next(1000), next(1000), next(10000)), "https://www.\(last.lowercased()).com",
            industries[next(industries.count)], ["Hot", "Warm", "Cold"][next(3)], String(format: "005Da%010dAAA", next(500)),
            next(4) == 0 ? nil : String(format: "001Da%010dIAE", next(row + 1)),
            "\(word()) \(word()) account, \"key\" customer since \(2000 + next(24)).\nNotes: \(word()) \(word()) \(word())",
            "\(next(9999)) \(word()) Street", word(), ["USA", "France", "Germany", "Japan"][next(4)],
            "\(next(100_000_000)).0", "\(next(1_000_000)).\(next(100))", "\(next(101)).0",
            String(format: "%.6f", Double(next(180_000_000)) / 1_000_000 - 90), String(format: "%.6f", Double(next(360_000_000)) / 1_000_000 - 180),
            "\(next(1000)).\(next(1000))", "\(next(50)).0", "\(next(100_000)).0",
            "\(next(200_000))", "\(next(1000))", "\(next(10_000_000))", "\(next(100))",
            "false", next(2) == 0 ? "true" : "false", next(2) == 0 ? "true" : "false", next(3) == 0 ? "true" : "false",
            String(format: "20%02d-%02d-%02d", 15 + next(10), 1 + next(12), 1 + next(28)),
            next(3) == 0 ? nil : String(format: "19%02d-%02d-%02d", 50 + next(50), 1 + next(12), 1 + next(28)),
            datetime(), datetime(), datetime(), next(5) == 0 ? nil : datetime(), datetime(),
            String(format: "%02d:%02d:00.000Z", next(24), next(60)), ["New", "Working", "Closed"][next(3)],
        ]
    }
}
