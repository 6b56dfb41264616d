import SOQL

/// Renders field values the way Salesforce prints them: REST JSON and Bulk 2.0 CSV differ in
/// datetime style (`+0000` against `Z`) and in how nulls look.
enum ValueWriter {
    /// REST JSON: explicit nulls, datetimes `2024-01-02T03:04:05.000+0000`, whole doubles `300.0`.
    static func writeJSON(_ value: SOQLValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .boolean(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
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
        case .boolean(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .number(let d): JSON.writeNumber(d, into: &out)
        case .string(let s):
            var text = s
            text.withUTF8 { bytes in
                // Most values hold no quote: copy them whole instead of byte by byte.
                guard bytes.contains(UInt8(ascii: "\"")) else {
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
