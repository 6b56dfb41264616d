import Foundation
import NIOCore
import Rows
import Testing

@testable import SalesforceKit

@Suite struct CSVStreamParserTests {
    static let csv = "\"Id\",\"Name\",\"Notes\",\"Amount\"\r\n"
        + "\"001A\",\"Acme, Inc.\",\"said \"\"hi\"\"\nthen left\",\"100.0\"\r\n"
        + "\"001B\",\"\",,\"-3.5\"\r\n"
        + "001C,Plain,\"\",7\n"

    /// Parses `text` delivered in pieces cut at `cuts` (byte offsets), collecting every batch.
    func parse(_ text: String, cuts: [Int] = [], chunkRows: Int = 2) throws -> (CSVStreamParser, [RowBatch], SalesforceError?) {
        let bytes = Array(text.utf8)
        var parser = CSVStreamParser(chunkRows: chunkRows)
        var batches: [RowBatch] = []
        var start = 0
        for cut in cuts + [bytes.count] where cut >= start {
            batches += try parser.consume(ByteBuffer(bytes: bytes[start..<cut]))
            start = cut
        }
        let (rest, problem) = parser.finish()
        if rest.rowCount > 0 { batches.append(rest) }
        return (parser, batches, problem)
    }

    func rows(_ batches: [RowBatch]) -> [[String?]] {
        batches.flatMap { b in (0..<b.rowCount).map { r in (0..<b.columnCount).map { b.string(row: r, column: $0) } } }
    }

    static let expected: [[String?]] = [
        ["001A", "Acme, Inc.", "said \"hi\"\nthen left", "100.0"],
        ["001B", nil, nil, "-3.5"],
        ["001C", "Plain", nil, "7"],
    ]

    @Test func quotesEscapesNewlinesAndNulls() throws {
        let (parser, batches, problem) = try parse(Self.csv)
        #expect(problem == nil)
        #expect(parser.header == ["Id", "Name", "Notes", "Amount"])
        #expect(rows(batches) == Self.expected)
        #expect(batches.map(\.rowCount) == [2, 1])
    }

    @Test func everySplitPointGivesTheSameRows() throws {
        let length = Self.csv.utf8.count
        for cut in 1..<length {
            let (_, batches, problem) = try parse(Self.csv, cuts: [cut])
            #expect(problem == nil, "cut at \(cut)")
            #expect(rows(batches) == Self.expected, "cut at \(cut)")
        }
        let (_, batches, _) = try parse(Self.csv, cuts: Array(1..<length))
        #expect(rows(batches) == Self.expected, "one byte at a time")
    }

    @Test func aTruncatedBodyKeepsOnlyCompleteRows() throws {
        let text = Self.csv
        let cut = text.utf8.count - 4
        let (_, batches, problem) = try parse(String(decoding: Array(text.utf8)[..<cut], as: UTF8.self))
        #expect(problem != nil)
        #expect(rows(batches) == Array(Self.expected.prefix(2)))
    }

    @Test func aRowWithTheWrongFieldCountIsRefused() {
        #expect(throws: SalesforceError.self) { try parse("\"A\",\"B\"\n\"1\",\"2\",\"3\"\n") }
        #expect(throws: SalesforceError.self) { try parse("\"A\",\"B\"\n\"1\"x,\"2\"\n") }
    }

    @Test func batchesEndAtTheirMemoryBudgetBeforeTheirRowCount() throws {
        let body = "Id,Name\n" + (0..<50).map { "00\($0),name \($0)\n" }.joined()
        var parser = CSVStreamParser(chunkRows: 1_000, chunkBytes: 256)
        var batches = try parser.consume(ByteBuffer(string: body))
        let (rest, problem) = parser.finish()
        #expect(problem == nil)
        if rest.rowCount > 0 { batches.append(rest) }
        #expect(rows(batches) == (0..<50).map { ["00\($0)", "name \($0)"] })
        #expect(batches.count > 3)
        // Each batch ends with the row that reached the budget: spans (8 bytes a field) and text.
        for batch in batches.dropLast() {
            let memory = batch.byteCount + batch.rowCount * 2 * 8
            #expect(memory >= 256 && memory < 256 + 40)
        }
    }

    @Test func anEmptyResultHasAHeaderAndNoRows() throws {
        let (parser, batches, problem) = try parse("\"Id\"\n")
        #expect(problem == nil)
        #expect(parser.header == ["Id"])
        #expect(batches.isEmpty)
    }
}

@Suite struct QueryPageParserTests {
    @Test func recordsInAnyKeyOrderWithEscapesAndNestedObjects() throws {
        let json = #"""
        {"totalSize": 3, "done": false, "nextRecordsUrl": "/services/data/v62.0/query/01gX-2000",
         "records": [
          {"attributes": {"type": "Account", "url": "/x"}, "Id": "001A", "Name": "Caf\u00e9 \"Q\" \ud83d\ude00", "NumberOfEmployees": 12, "IsDeleted": false, "BillingAddress": {"city": "Paris"}},
          {"attributes": {"type": "Account"}, "Name": null, "Id": "001B", "IsDeleted": true, "NumberOfEmployees": -1.5e3},
          {"Id": "001C", "Extra": [1, {"a": "]"}], "isdeleted": false}
         ]}
        """#
        let page = try QueryPageParser(fields: ["Id", "Name", "NumberOfEmployees", "IsDeleted", "BillingAddress"]).parse(Array(json.utf8))
        #expect(page.totalSize == 3)
        #expect(!page.done)
        #expect(page.nextRecordsURL == "/services/data/v62.0/query/01gX-2000")
        let r = page.records
        #expect(r.rowCount == 3)
        #expect(r.string(row: 0, column: 1) == "Café \"Q\" 😀")
        #expect(r.string(row: 0, column: 2) == "12")
        #expect(r.string(row: 0, column: 3) == "false")
        #expect(r.string(row: 0, column: 4) == nil)
        #expect(r.string(row: 1, column: 0) == "001B")
        #expect(r.string(row: 1, column: 1) == nil)
        #expect(r.string(row: 1, column: 2) == "-1.5e3")
        #expect(r.string(row: 2, column: 2) == nil)
        #expect(r.string(row: 2, column: 3) == "false")  // keys match case-insensitively, as Salesforce's do
    }

    @Test func damagedJSONIsAMalformedResponse() {
        #expect(throws: SalesforceError.self) { try QueryPageParser(fields: ["Id"]).parse(Array(#"{"totalSize": 1, "records": [{"Id": "00"#.utf8)) }
        #expect(throws: SalesforceError.self) { try QueryPageParser(fields: ["Id"]).parse(Array("<html>".utf8)) }
    }

    @Test func theRecordedRESTPageParses() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/salesforce/query_paginated_page1_restforce.json")
        let data = try Data(contentsOf: url)
        let page = try QueryPageParser(fields: ["Id", "Name"]).parse(Array(data))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(page.totalSize == object["totalSize"] as? Int)
        #expect(page.records.rowCount == (object["records"] as? [Any])?.count)
        #expect(page.nextRecordsURL == object["nextRecordsUrl"] as? String)
    }
}
