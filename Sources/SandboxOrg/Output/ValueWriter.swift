import SOQL

/// Renders field values the way Salesforce prints them: REST JSON and Bulk 2.0 CSV differ in
/// datetime style (`+0000` against `Z`) and in how nulls look.
enum ValueWriter {
    /// REST JSON: explicit nulls, datetimes `2024-01-02T03:04:05.000+0000`, whole doubles `300.0`.
    static func writeJSON(_ value: SOQLValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: Literal.null)
        case .boolean(let b): out.append(contentsOf: b ? Literal.true : Literal.false)
        case .integer(let i): appendInteger(i, to: &out)
        case .number(let d): writeJavaDouble(d, into: &out)
        case .string(let s): JSON.writeString(s, into: &out)
        case .date(let days):
            out.append(UInt8(ascii: "\""))
            SOQLDate.appendDate(days, to: &out)
            out.append(UInt8(ascii: "\""))
        case .dateTime(let ms):
            out.append(UInt8(ascii: "\""))
            SOQLDate.appendDateTime(ms, style: .rest, to: &out)
            out.append(UInt8(ascii: "\""))
        case .time(let ms):
            out.append(UInt8(ascii: "\""))
            SOQLDate.appendTime(ms, to: &out)
            out.append(UInt8(ascii: "\""))
        }
    }

    /// Byte arrays, not `"null".utf8`: appending a String's UTF-8 view takes the generic (slow)
    /// path, and REST pages write these for most cells.
    enum Literal {
        static let null: [UInt8] = Array("null".utf8)
        static let `true`: [UInt8] = Array("true".utf8)
        static let `false`: [UInt8] = Array("false".utf8)
    }

    /// Decimal digits of `i`, written in one append (what `String(i)` prints).
    static func appendInteger(_ i: Int64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { p in
            var v = i.magnitude
            var start = 20
            repeat {
                start -= 1
                p[start] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v > 0
            if i < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<20]))
        }
    }

    static func json(_ value: SOQLValue) -> JSON {
        switch value {
        case .null: .null
        case .boolean(let b): .bool(b)
        case .integer(let i): .int(i)
        case .number(let d): .double(d)
        case .string(let s): .string(s)
        default:
            // Dates and times are strings in JSON; reuse the byte writer and strip the quotes.
            {
                var out: [UInt8] = []
                writeJSON(value, into: &out)
                return .string(String(decoding: out.dropFirst().dropLast(), as: UTF8.self))
            }()
        }
    }

    /// Bulk 2.0 CSV cell: every cell quoted, quotes doubled, null as `""`, datetimes with `Z`.
    static func writeCSV(_ value: SOQLValue, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        switch value {
        case .null: break
        case .boolean(let b): out.append(contentsOf: b ? Literal.true : Literal.false)
        case .integer(let i): appendInteger(i, to: &out)
        case .number(let d): JSON.writeNumber(d, into: &out)
        case .string(let s):
            var text = s
            text.withUTF8 { bytes in
                // Most values hold no quote: copy them whole instead of byte by byte.
                guard containsQuote(bytes) else {
                    out.append(contentsOf: bytes)
                    return
                }
                for byte in bytes {
                    if byte == UInt8(ascii: "\"") { out.append(byte) }
                    out.append(byte)
                }
            }
        case .date(let days): SOQLDate.appendDate(days, to: &out)
        case .dateTime(let ms): SOQLDate.appendDateTime(ms, style: .bulk, to: &out)
        case .time(let ms): SOQLDate.appendTime(ms, to: &out)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether a `"` occurs, eight bytes at a time (every Bulk cell is scanned).
    static func containsQuote(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        var i = 0
        while i + 8 <= bytes.count {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ (ones &* 0x22)
            if (x &- ones) & ~x & (ones &* 0x80) != 0 { return true }
            i += 8
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\"") { return true }
            i += 1
        }
        return false
    }

    /// Java's `Double.toString`, which Salesforce's JSON uses: `300.0`, `61.217062`, `1.5E7`.
    static func writeJavaDouble(_ d: Double, into out: inout [UInt8]) {
        guard d.isFinite else { out.append(contentsOf: "null".utf8); return }
        let magnitude = abs(d)
        if magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7) {
            JSON.writeNumber(d, into: &out)
            return
        }
        var exponent = Int(magnitude.log10Floor)
        var mantissa = d / pow10(exponent)
        if abs(mantissa) >= 10 { mantissa /= 10; exponent += 1 }
        JSON.writeNumber((mantissa * 1e12).rounded() / 1e12, into: &out)
        out.append(UInt8(ascii: "E"))
        out.append(contentsOf: String(exponent).utf8)
    }

    private static func pow10(_ e: Int) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<e { r *= 10 } } else { for _ in 0..<(-e) { r /= 10 } }
        return r
    }
}

extension Double {
    fileprivate var log10Floor: Double {
        var e = 0.0
        var m = self
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        return e
    }
}
