import NIOCore
import PostgresNIO
import SOQL

/// A result cell as the text `Warehouse.query` returns. PostgresNIO receives every column in
/// binary, so the types the warehouse stores are spelled out here, as close to the SQLite
/// warehouse's text as the types allow:
///
/// - datetimes: `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC, milliseconds), exactly as SQLite stores them;
/// - dates: `YYYY-MM-DD`;
/// - numeric: PostgreSQL's own text, every digit kept (`12.50` stays `12.50`; SQLite's REAL
///   prints `12.5`);
/// - booleans: `true`/`false` (SQLite stores and returns `1`/`0`);
/// - text, json, jsonb, uuid as text;
/// - anything else (bytea, interval, arrays…) is an error that says to cast it to text, rather
///   than binary bytes shown as if they were characters.
enum PostgresCellText {
    /// Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01.
    private static let postgresEpochMicroseconds: Int64 = 946_684_800_000_000

    static func text(_ cell: PostgresCell) throws -> String? {
        guard var bytes = cell.bytes else { return nil }
        guard cell.format == .binary else { return bytes.readString(length: bytes.readableBytes) }
        switch cell.dataType {
        case .bool:
            return bytes.readInteger(as: UInt8.self).map { $0 != 0 ? "true" : "false" }
        case .int2:
            return bytes.readInteger(as: Int16.self).map { String($0) }
        case .int4, .oid:
            return bytes.readInteger(as: Int32.self).map { String($0) }
        case .int8:
            return bytes.readInteger(as: Int64.self).map { String($0) }
        case .float4:
            return bytes.readInteger(as: UInt32.self).map { String(Float(bitPattern: $0)) }
        case .float8:
            return bytes.readInteger(as: UInt64.self).map { String(Double(bitPattern: $0)) }
        case .numeric:
            return numeric(&bytes)
        case .date:
            return bytes.readInteger(as: Int32.self).map(date)
        case .timestamptz, .timestamp:
            return bytes.readInteger(as: Int64.self).map(timestamp)
        case .text, .varchar, .bpchar, .name, .char, .json, .jsonb, .uuid, .unknown:
            return try cell.decode(String.self)
        default:
            throw WarehouseError.database(
                "column \(cell.columnName) has a type (OID \(cell.dataType.rawValue)) that query() does not spell; cast it with ::text")
        }
    }

    /// A report's cell: as `text`, but a type it does not spell is a report error that says
    /// what to do, without the server's internals (the type's OID).
    static func reportText(_ cell: PostgresCell) throws -> String? {
        do {
            return try text(cell)
        } catch {
            throw WarehouseError.reportFailed("column \(cell.columnName) has a type reports do not show; cast it with ::text")
        }
    }

    private static func date(_ days: Int32) -> String {
        switch days {
        case .max: "infinity"
        case .min: "-infinity"
        default: SOQLDate.formatDate(days &+ 10_957)  // 2000-01-01 is day 10,957 of the Unix epoch
        }
    }

    private static func timestamp(_ microseconds: Int64) -> String {
        switch microseconds {
        case .max: return "infinity"
        case .min: return "-infinity"
        default:
            let unix = microseconds + postgresEpochMicroseconds
            return SOQLDate.formatDateTime(SOQLDate.floorDivide(unix, 1000), style: .bulk)
        }
    }

    /// PostgreSQL's binary numeric: digit count, weight of the first base-10,000 digit, sign,
    /// display scale, then the digits. Written back as PostgreSQL's text output would be.
    private static func numeric(_ bytes: inout ByteBuffer) -> String? {
        guard let header = bytes.readMultipleIntegers(as: (Int16, Int16, UInt16, Int16).self) else { return nil }
        let (count, weight, sign, scale) = header
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: break
        }
        var digits: [Int16] = []
        for _ in 0..<max(0, Int(count)) {
            guard let digit = bytes.readInteger(as: Int16.self) else { return nil }
            digits.append(digit)
        }
        func digit(_ position: Int) -> Int16 { position >= 0 && position < digits.count ? digits[position] : 0 }
        func padded(_ group: Int16) -> String {
            let text = String(group)
            return String(repeating: "0", count: 4 - text.count) + text
        }
        var text = sign == 0x4000 ? "-" : ""
        if weight < 0 {
            text += "0"
        } else {
            for position in 0...Int(weight) { text += position == 0 ? String(digit(0)) : padded(digit(position)) }
        }
        if scale > 0 {
            var fraction = ""
            var position = Int(weight) + 1
            while fraction.count < scale {
                fraction += padded(digit(position))
                position += 1
            }
            text += "." + fraction.prefix(Int(scale))
        }
        return text
    }
}
