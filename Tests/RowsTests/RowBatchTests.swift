import Rows
import Testing

@Suite struct RowBatchTests {
    @Test func fieldsRoundTripWithNulls() {
        var batch = RowBatch(columnCount: 2)
        batch.append("001A")
        batch.appendNull()
        batch.append("")
        batch.append("Ünïcode, \"quoted\"")
        #expect(batch.rowCount == 2)
        #expect(batch.string(row: 0, column: 0) == "001A")
        #expect(batch.string(row: 0, column: 1) == nil)
        #expect(batch.string(row: 1, column: 0) == "")
        #expect(batch.string(row: 1, column: 1) == "Ünïcode, \"quoted\"")
    }

    @Test func piecewiseFieldsAndTruncatedRows() {
        var batch = RowBatch(columnCount: 2)
        let start = batch.beginField()
        batch.appendByte(UInt8(ascii: "a"))
        "bc".utf8CString.withUnsafeBytes { batch.appendBytes(UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
        batch.endField(startedAt: start)
        batch.append("x")
        batch.append("partial")
        #expect(batch.rowCount == 1)
        #expect(batch.dropIncompleteRow() == 1)
        #expect(batch.spans.count == 2)
        #expect(batch.byteCount == 4)
        #expect(batch.string(row: 0, column: 0) == "abc")
    }
}

@Suite struct RowBatchSlicingTests {
    @Test func rowsFromSkipsLoadedRows() {
        var batch = RowBatch(columnCount: 2)
        for i in 0..<4 { batch.append("id\(i)"); i == 2 ? batch.appendNull() : batch.append("2024-0\(i + 1)-01T00:00:00.000Z") }
        let rest = batch.rows(from: 2)
        #expect(rest.rowCount == 2)
        #expect(rest.string(row: 0, column: 0) == "id2")
        #expect(rest.string(row: 0, column: 1) == nil)
        #expect(rest.string(row: 1, column: 1) == "2024-04-01T00:00:00.000Z")
        #expect(batch.rows(from: 9).rowCount == 0)
        #expect(batch.maxValue(column: 1) == "2024-04-01T00:00:00.000Z")
        #expect(rest.maxValue(column: 1) == "2024-04-01T00:00:00.000Z")
    }
}
