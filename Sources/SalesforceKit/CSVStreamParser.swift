import NIOCore
import Rows

/// Bulk API 2.0 CSV (RFC 4180: a header row, `,` between fields, `"` quoting with `""` inside,
/// LF or CRLF between rows) parsed as the bytes arrive: fields may span network chunks, rows are
/// handed over in batches of at most `chunkRows` rows and about `chunkBytes` of memory, and
/// nothing holds the whole result.
///
/// An empty field, quoted or not, is null: Salesforce stores no empty strings (a text field
/// set to "" reads back as null), and Bulk CSV writes null as `""`.
struct CSVStreamParser {
    enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterCR }

    let chunkRows: Int
    /// A batch is also handed over once its field bytes and spans take this much memory. A
    /// reader holds two or three batches per table (one loading, one waiting, one filling) and
    /// loads several tables at once, so it is batches' memory, not their row count, that adds
    /// up: 10,000 rows of a 65-field Account take 10 MB (8 bytes of span per field besides its
    /// text), of a 39-field Task 6 MB. Past a few MB a bigger load transaction is no faster.
    let chunkBytes: Int
    private(set) var header: [String]?
    private(set) var rowsParsed = 0
    private var state = State.fieldStart
    private var batch = RowBatch(columnCount: 1)
    private var fieldStart = 0
    private var fieldsInRow = 0
    /// Bytes of the header row (names never hold newlines; the header is parsed on its own).
    private var headerBytes: [UInt8] = []
    /// Field bytes per row of the last batch handed over: the next batch reserves what its rows
    /// will need (a guess of 12 bytes a field over-reserves sparse objects, and growing an array
    /// by doubling briefly holds both copies).
    private var bytesPerRow: Int?

    static let defaultChunkBytes = 2 << 20
    /// What a span costs (start and length, `Int32` each).
    static let spanBytes = MemoryLayout<RowBatch.Span>.stride

    init(chunkRows: Int, chunkBytes: Int = CSVStreamParser.defaultChunkBytes) {
        self.chunkRows = max(1, chunkRows)
        self.chunkBytes = max(1, chunkBytes)
    }

    var columnCount: Int { header?.count ?? 0 }
    var isAtRowStart: Bool { state == .fieldStart && fieldsInRow == 0 }

    /// Parses a network chunk; returns the batches that filled up.
    mutating func consume(_ buffer: ByteBuffer) throws -> [RowBatch] {
        var ready: [RowBatch] = []
        try buffer.withUnsafeReadableBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            if header == nil {
                guard let newline = bytes.firstIndex(of: 0x0A) else {
                    headerBytes.append(contentsOf: bytes)
                    return
                }
                headerBytes.append(contentsOf: bytes[..<newline])
                try parseHeader()
                i = newline + 1
            }
            try parse(bytes, from: i, ready: &ready)
        }
        return ready
    }

    private mutating func parseHeader() throws {
        if headerBytes.last == 0x0D { headerBytes.removeLast() }
        var names: [String] = []
        var current: [UInt8] = []
        var quoted = false
        var k = 0
        while k < headerBytes.count {
            let b = headerBytes[k]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if k + 1 < headerBytes.count, headerBytes[k + 1] == UInt8(ascii: "\"") { current.append(b); k += 1 } else { quoted = false }
                } else { current.append(b) }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
            } else if b == UInt8(ascii: ",") {
                names.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(b)
            }
            k += 1
        }
        names.append(String(decoding: current, as: UTF8.self))
        guard !names.isEmpty, !names.contains(where: \.isEmpty) else {
            throw SalesforceError.malformedResponse("Bulk CSV: the header row is not a list of field names")
        }
        header = names
        batch = nextBatch()
    }

    /// An empty batch reserving room for the rows that will fit in it: `chunkRows`, or fewer
    /// when `chunkBytes` fills first.
    private func nextBatch() -> RowBatch {
        let columns = max(1, columnCount)
        let rowBytes = bytesPerRow ?? columns * 12
        let perRow = columns * Self.spanBytes + rowBytes
        let rows = max(1, min(chunkRows, chunkBytes / max(1, perRow)))
        // An eighth more than the last batch's average, for rows longer than it.
        return RowBatch(columnCount: columns, reservingRows: rows, reservingBytes: rows * rowBytes + rows * rowBytes / 8)
    }

    private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, ready: inout [RowBatch]) throws {
        var i = start
        let n = bytes.count
        while i < n {
            switch state {
            case .fieldStart:
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    fieldStart = batch.beginField()
                    state = .quoted
                    i += 1
                } else if b == UInt8(ascii: ",") {
                    try endNull()
                    i += 1
                } else if b == 0x0A {
                    try endNull()
                    try endRow(&ready)
                    i += 1
                } else if b == 0x0D {
                    try endNull()
                    state = .afterCR
                    i += 1
                } else {
                    fieldStart = batch.beginField()
                    state = .unquoted
                }
            case .unquoted:
                var j = i
                while j < n, bytes[j] != UInt8(ascii: ","), bytes[j] != 0x0A, bytes[j] != 0x0D { j += 1 }
                batch.appendBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[i..<j]))
                i = j
                guard j < n else { break }
                try endField()
                let b = bytes[j]
                i += 1
                if b == 0x0A { try endRow(&ready) } else if b == 0x0D { state = .afterCR }
            case .quoted:
                var j = i
                while j < n, bytes[j] != UInt8(ascii: "\"") { j += 1 }
                batch.appendBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[i..<j]))
                i = j
                if j < n {
                    state = .quoteInQuoted
                    i += 1
                }
            case .quoteInQuoted:
                let b = bytes[i]
                i += 1
                if b == UInt8(ascii: "\"") {
                    batch.appendByte(b)
                    state = .quoted
                } else if b == UInt8(ascii: ",") {
                    try endField()
                } else if b == 0x0A {
                    try endField()
                    try endRow(&ready)
                } else if b == 0x0D {
                    try endField()
                    state = .afterCR
                } else {
                    throw SalesforceError.malformedResponse("Bulk CSV: a character after a closing quote in row \(rowsParsed + 1)")
                }
            case .afterCR:
                if bytes[i] == 0x0A { i += 1 }
                try endRow(&ready)
            }
        }
    }

    private mutating func endField() throws {
        if batch.byteCount == fieldStart { batch.appendNull() } else { batch.endField(startedAt: fieldStart) }
        try countField()
    }

    private mutating func endNull() throws {
        batch.appendNull()
        try countField()
    }

    private mutating func countField() throws {
        fieldsInRow += 1
        state = .fieldStart
        guard fieldsInRow <= columnCount else {
            throw SalesforceError.malformedResponse("Bulk CSV: row \(rowsParsed + 1) has more than the header's \(columnCount) fields")
        }
    }

    private mutating func endRow(_ ready: inout [RowBatch]) throws {
        state = .fieldStart
        guard fieldsInRow == columnCount else {
            throw SalesforceError.malformedResponse("Bulk CSV: row \(rowsParsed + 1) has \(fieldsInRow) fields, the header \(columnCount)")
        }
        fieldsInRow = 0
        rowsParsed += 1
        if batch.rowCount >= chunkRows || batch.byteCount + batch.spans.count * Self.spanBytes >= chunkBytes {
            bytesPerRow = batch.byteCount / batch.rowCount
            ready.append(batch)
            batch = nextBatch()
        }
    }

    /// The complete rows not yet handed over (the partial row, if any, is dropped).
    mutating func takeCompleteRows() -> RowBatch {
        var rest = batch
        rest.dropIncompleteRow()
        batch = RowBatch(columnCount: max(1, columnCount))
        return rest
    }

    /// At the end of the body: the complete rows not yet handed over, and what is wrong when
    /// the body did not end cleanly after a row.
    mutating func finish() -> (rows: RowBatch, problem: SalesforceError?) {
        if state == .afterCR {
            var ignored: [RowBatch] = []
            try? endRow(&ignored)
        }
        var problem: SalesforceError?
        if header == nil {
            if !headerBytes.isEmpty { problem = .malformedResponse("Bulk CSV: the body ended inside the header row") }
        } else if !isAtRowStart {
            problem = .malformedResponse("Bulk CSV: the body ended in the middle of row \(rowsParsed + 1) (truncated)")
        }
        return (takeCompleteRows(), problem)
    }
}
