/// Rows on their way from Salesforce to the warehouse, as text in Salesforce's wire format.
///
/// Every field's bytes sit in one buffer with a span per field, so a page of 10,000 records of
/// 50 fields costs a handful of allocations instead of half a million Strings. Both extract paths
/// fill it (the Bulk CSV parser copies field bytes straight in; REST pages write JSON values as
/// text) and the warehouse binds the bytes to its statements without making Strings.
public struct RowBatch: Sendable {
    /// Where a field's bytes are in `bytes`; `length == -1` is null (an empty CSV field, JSON null).
    public struct Span: Sendable, Equatable {
        public var start: Int32
        public var length: Int32
        public var isNull: Bool { length < 0 }
    }

    public let columnCount: Int
    public private(set) var bytes: [UInt8] = []
    public private(set) var spans: [Span] = []

    public init(columnCount: Int, reservingRows rows: Int = 0, bytesPerField: Int = 12) {
        self.init(columnCount: columnCount, reservingRows: rows, reservingBytes: rows * columnCount * bytesPerField)
    }

    /// Room for `rows` rows whose fields hold `reservingBytes` bytes in all (a reader that has
    /// seen earlier rows of the same object knows better than a per-field guess).
    public init(columnCount: Int, reservingRows rows: Int, reservingBytes: Int) {
        precondition(columnCount > 0, "a row batch needs at least one column")
        self.columnCount = columnCount
        spans.reserveCapacity(rows * columnCount)
        bytes.reserveCapacity(reservingBytes)
    }

    /// Complete rows only: a row is complete once `columnCount` fields were appended.
    public var rowCount: Int { spans.count / columnCount }
    public var isEmpty: Bool { spans.isEmpty }
    public var byteCount: Int { bytes.count }

    public mutating func appendNull() {
        spans.append(Span(start: Int32(truncatingIfNeeded: bytes.count), length: -1))
    }

    public mutating func append(_ field: UnsafeRawBufferPointer) {
        spans.append(Span(start: Int32(truncatingIfNeeded: bytes.count), length: Int32(truncatingIfNeeded: field.count)))
        bytes.append(contentsOf: field)
    }

    public mutating func append(_ field: some Collection<UInt8>) {
        spans.append(Span(start: Int32(truncatingIfNeeded: bytes.count), length: Int32(truncatingIfNeeded: field.count)))
        bytes.append(contentsOf: field)
    }

    public mutating func append(_ field: String?) {
        guard var field else { return appendNull() }
        field.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Starts a field whose bytes arrive piece by piece (a CSV field with escaped quotes).
    public mutating func beginField() -> Int { bytes.count }
    public mutating func appendByte(_ byte: UInt8) { bytes.append(byte) }
    public mutating func appendBytes(_ piece: UnsafeRawBufferPointer) { bytes.append(contentsOf: piece) }
    public mutating func endField(startedAt start: Int) {
        spans.append(Span(start: Int32(truncatingIfNeeded: start), length: Int32(truncatingIfNeeded: bytes.count - start)))
    }

    /// Adds a span over bytes already written (a JSON record's fields arrive in any order, so
    /// their bytes are written first and the spans added in column order at the record's end).
    public mutating func appendSpan(start: Int, length: Int) {
        spans.append(Span(start: Int32(truncatingIfNeeded: start), length: Int32(truncatingIfNeeded: length)))
    }

    /// Drops an incomplete last row (a truncated page) and returns how many fields were dropped.
    @discardableResult
    public mutating func dropIncompleteRow() -> Int {
        let extra = spans.count % columnCount
        guard extra > 0 else { return 0 }
        let firstDropped = spans[spans.count - extra]
        spans.removeLast(extra)
        bytes.removeLast(bytes.count - Int(firstDropped.start))
        return extra
    }

    public mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
        spans.removeAll(keepingCapacity: keepingCapacity)
    }

    public func span(row: Int, column: Int) -> Span { spans[row * columnCount + column] }

    /// The field as a String (for tests, ids and the odd lookup; the load path reads bytes).
    public func string(row: Int, column: Int) -> String? {
        let s = span(row: row, column: column)
        if s.isNull { return nil }
        return String(decoding: bytes[Int(s.start)..<Int(s.start + s.length)], as: UTF8.self)
    }

    /// Calls `body` with the whole byte buffer; spans index into it.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer(body)
    }
}

extension RowBatch {
    /// The rows from `row` on, as a new batch (a resumed page skips the rows it already loaded).
    public func rows(from row: Int) -> RowBatch {
        guard row > 0 else { return self }
        var out = RowBatch(columnCount: columnCount, reservingRows: max(0, rowCount - row))
        guard row < rowCount else { return out }
        let firstSpan = row * columnCount
        let base = spans[firstSpan].start
        out.bytes = Array(bytes[Int(base)...])
        out.spans = spans[firstSpan...].map { Span(start: $0.start - base, length: $0.length) }
        return out
    }

    /// The greatest value of a column by byte order (ISO datetimes of one format
    /// sort as text), for "the last data point received".
    public func maxValue(column: Int) -> String? {
        var best: Span?
        bytes.withUnsafeBufferPointer { buffer in
            for row in 0..<rowCount {
                let s = spans[row * columnCount + column]
                guard !s.isNull else { continue }
                if let b = best {
                    let lhs = UnsafeBufferPointer(rebasing: buffer[Int(s.start)..<Int(s.start + s.length)])
                    let rhs = UnsafeBufferPointer(rebasing: buffer[Int(b.start)..<Int(b.start + b.length)])
                    if lhs.lexicographicallyPrecedes(rhs) || lhs.elementsEqual(rhs) { continue }
                }
                best = s
            }
        }
        return best.map { String(decoding: bytes[Int($0.start)..<Int($0.start + $0.length)], as: UTF8.self) }
    }
}
