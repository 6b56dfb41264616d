import NIOCore
import Rows
import SOQL

/// A value the column's type cannot hold (`abc` in a number column): the row gets NULL there,
/// and the text is kept in `tributary_rejects` so nothing Salesforce sent is lost.
struct RejectedValue: Sendable, Equatable {
    var id: String
    var column: String
    var value: String
}

/// Salesforce text to PostgreSQL's COPY text format, per column type, straight from a batch's
/// bytes. Every value written is one PostgreSQL parses for the column's type, so the COPY cannot
/// fail on a value; what does not convert becomes `\N` plus a `RejectedValue`.
///
/// The rules match the SQLite warehouse's (same parsers): an empty field is NULL except in text
/// columns, datetimes are normalised to UTC milliseconds, `100.0` is an integer.
struct PostgresCopyText {
    private(set) var buffer: ByteBuffer
    private(set) var rejects: [RejectedValue] = []

    init(capacity: Int) { buffer = ByteBufferAllocator().buffer(capacity: capacity) }

    /// Appends the given rows of `batch` (all of `columns`, in order) as COPY lines.
    mutating func append(_ batch: RowBatch, columns: [ColumnSpec], rows: some Sequence<Int>, idIndex: Int) {
        // One normalised datetime at a time, reused field after field.
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: DatetimeText.normalizedLength)
        defer { scratch.deallocate() }
        batch.withBytes { bytes in
            for row in rows {
                for (i, column) in columns.enumerated() {
                    if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                    let span = batch.span(row: row, column: i)
                    guard !span.isNull else {
                        writeNull()
                        continue
                    }
                    let field = UnsafeBufferPointer(rebasing: bytes[Int(span.start)..<Int(span.start + span.length)])
                    if !write(field, as: column.type, scratch: scratch) {
                        writeNull()
                        rejects.append(RejectedValue(
                            id: batch.string(row: row, column: idIndex) ?? "", column: column.name,
                            value: String(decoding: field, as: UTF8.self)))
                    }
                }
                buffer.writeInteger(UInt8(ascii: "\n"))
            }
        }
    }

    /// Writes `field` converted to `type`; false when it does not convert (nothing written then).
    private mutating func write(
        _ field: UnsafeBufferPointer<UInt8>, as type: ColumnType, scratch: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        if field.isEmpty, type != .text, type != .time {
            writeNull()
            return true
        }
        switch type {
        case .text, .time:
            writeEscaped(field)
        case .integer:
            guard let value = NumberText.parseInteger(field) else { return false }
            buffer.writeString(String(value))
        case .real:
            // Any finite decimal strtod reads is also valid numeric input; the text goes as it
            // came, so numeric keeps every digit Salesforce sent.
            guard NumberText.parseReal(field) != nil else { return false }
            buffer.writeBytes(field)
        case .boolean:
            guard let value = BooleanText.parse(field) else { return false }
            buffer.writeInteger(value == 1 ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .date:
            guard Self.isDate(field) else { return false }
            buffer.writeBytes(field)
        case .datetime:
            // The calendar check comes first: normalising with an offset would roll 02-30 into March.
            guard field.count >= 10, Self.isDate(UnsafeBufferPointer(rebasing: field[0..<10])),
                DatetimeText.normalize(field, into: scratch)
            else { return false }
            let normalized = UnsafeBufferPointer(start: scratch, count: DatetimeText.normalizedLength)
            guard Self.isDate(UnsafeBufferPointer(rebasing: normalized[0..<10])) else { return false }
            buffer.writeBytes(normalized)
        }
        return true
    }

    private mutating func writeNull() { buffer.writeStaticString("\\N") }

    /// COPY text escapes backslash and the three control characters that delimit fields and rows.
    /// NUL cannot be stored in PostgreSQL text at all and is dropped.
    private mutating func writeEscaped(_ field: UnsafeBufferPointer<UInt8>) {
        guard field.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
            buffer.writeBytes(field)
            return
        }
        for byte in field {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case 0: continue
            default: buffer.writeInteger(byte)
            }
        }
    }

    /// `YYYY-MM-DD` naming a real day from year 1 on (PostgreSQL refuses year 0 and February 30).
    static func isDate(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        guard field.count == 10, field[4] == UInt8(ascii: "-"), field[7] == UInt8(ascii: "-"),
            let year = digits(field, 0, 4), let month = digits(field, 5, 2), let day = digits(field, 8, 2),
            year >= 1, (1...12).contains(month), day >= 1
        else { return false }
        return day <= SOQLDate.daysInMonth(year: year, month: month)
    }

    private static func digits(_ field: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let d = field[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }
}
