import Foundation
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
///
/// Bytes go to a plain growable buffer with `memcpy`, and text is scanned for escapes eight bytes
/// at a time: this runs once per field of every load (8 million fields for 200,000 rows of 40).
struct PostgresCopyText {
    private let out: GrowableBytes
    private(set) var rejects: [RejectedValue] = []

    init(capacity: Int) { out = GrowableBytes(capacity: capacity) }

    /// The COPY payload written so far.
    var buffer: ByteBuffer { out.byteBuffer() }

    /// Appends the given rows of `batch` (all of `columns`, in order) as COPY lines.
    mutating func append(_ batch: RowBatch, columns: [ColumnSpec], rows: some Sequence<Int>, idIndex: Int) {
        // One normalised datetime at a time, reused field after field.
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: DatetimeText.normalizedLength)
        defer { scratch.deallocate() }
        let types = columns.map(\.type)
        batch.withBytes { bytes in
            for row in rows {
                for (i, type) in types.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: "\t")) }
                    let span = batch.span(row: row, column: i)
                    guard !span.isNull else {
                        writeNull()
                        continue
                    }
                    let field = UnsafeBufferPointer(rebasing: bytes[Int(span.start)..<Int(span.start + span.length)])
                    if !write(field, as: type, scratch: scratch) {
                        writeNull()
                        rejects.append(RejectedValue(
                            id: batch.string(row: row, column: idIndex) ?? "", column: columns[i].name,
                            value: String(decoding: field, as: UTF8.self)))
                    }
                }
                out.append(UInt8(ascii: "\n"))
            }
        }
    }

    /// Writes `field` converted to `type`; false when it does not convert (nothing written then).
    private func write(_ field: UnsafeBufferPointer<UInt8>, as type: ColumnType, scratch: UnsafeMutablePointer<UInt8>) -> Bool {
        if field.isEmpty, type != .text, type != .time {
            writeNull()
            return true
        }
        switch type {
        case .text, .time:
            // PostgreSQL refuses the whole COPY for one invalid UTF-8 sequence; such a value is
            // rejected instead (kept with its bad bytes replaced). ASCII needs no check.
            if Self.hasNonASCII(field), String(validating: field, as: UTF8.self) == nil { return false }
            writeEscaped(field)
        case .integer:
            guard let value = NumberText.parseInteger(field) else { return false }
            out.appendDecimal(value)
        case .real:
            // Any finite decimal strtod reads is also valid numeric input; the text goes as it
            // came, so numeric keeps every digit Salesforce sent.
            guard NumberText.parseReal(field) != nil else { return false }
            out.append(field)
        case .boolean:
            guard let value = BooleanText.parse(field) else { return false }
            out.append(value == 1 ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .date:
            guard Self.isDate(field) else { return false }
            out.append(field)
        case .datetime:
            // The calendar check comes first: normalising with an offset would roll 02-30 into March.
            guard field.count >= 10, Self.isDate(UnsafeBufferPointer(rebasing: field[0..<10])),
                DatetimeText.normalize(field, into: scratch)
            else { return false }
            let normalized = UnsafeBufferPointer(start: scratch, count: DatetimeText.normalizedLength)
            guard Self.isDate(UnsafeBufferPointer(rebasing: normalized[0..<10])) else { return false }
            out.append(normalized)
        }
        return true
    }

    private func writeNull() {
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "N"))
    }

    /// COPY text escapes backslash and the three control characters that delimit fields and rows.
    /// NUL cannot be stored in PostgreSQL text at all and is dropped.
    private func writeEscaped(_ field: UnsafeBufferPointer<UInt8>) {
        guard Self.needsEscaping(field) else { return out.append(field) }
        for byte in field {
            switch byte {
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0: continue
            default: out.append(byte)
            }
        }
    }

    /// Whether a backslash or a control character occurs, eight bytes at a time: a byte below
    /// 0x20 or equal to 0x5C sets its high bit in one of the two SWAR tests.
    static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs = ones &* 0x80
        var i = 0
        while i + 8 <= bytes.count {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let backslash = x ^ (ones &* 0x5C)
            if ((x &- ones &* 0x20) & ~x & highs) | ((backslash &- ones) & ~backslash & highs) != 0 { return true }
            i += 8
        }
        while i < bytes.count {
            if bytes[i] < 0x20 || bytes[i] == UInt8(ascii: "\\") { return true }
            i += 1
        }
        return false
    }

    /// Whether a byte of 0x80 or more occurs, eight bytes at a time.
    static func hasNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var i = 0
        while i + 8 <= bytes.count {
            if UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
            i += 8
        }
        while i < bytes.count {
            if bytes[i] >= 0x80 { return true }
            i += 1
        }
        return false
    }

    /// `YYYY-MM-DD` naming a real day from year 1 on (PostgreSQL refuses year 0 and February 30).
    static func isDate(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        guard field.count == 10, field[4] == UInt8(ascii: "-"), field[7] == UInt8(ascii: "-"),
            let year = DatetimeText.number(field, 0, 4), let month = DatetimeText.number(field, 5, 2), let day = DatetimeText.number(field, 8, 2),
            year >= 1, (1...12).contains(month), day >= 1
        else { return false }
        return day <= SOQLDate.daysInMonth(year: year, month: month)
    }

}
