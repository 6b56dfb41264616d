import SOQL

/// Renders field values the way Salesforce prints them: REST JSON and Bulk 2.0 CSV differ in
/// datetime style (`+0000` against `Z`) and in how nulls look.
enum ValueWriter {
    /// REST JSON: explicit nulls, datetimes `2024-01-02T03:04:05.000+0000`, whole doubles `300.0`.
    static func writeJSON<Out: ByteOutput & ~Copyable>(_ value: SOQLValue, into out: inout Out) {
        switch value {
        case .null: out.put(Literal.null)
        case .boolean(let b): out.put(b ? Literal.true : Literal.false)
        case .integer(let i): appendInteger(i, to: &out)
        case .number(let d): writeJavaDouble(d, into: &out)
        case .string(let s): JSON.writeString(s, into: &out)
        case .date(let days): quoted(&out) { SOQLDate.appendDate(days, to: &$0) } fast: { SOQLDate.putDate(days, into: $0) }
        case .dateTime(let ms): quoted(&out) { SOQLDate.appendDateTime(ms, style: .rest, to: &$0) } fast: { SOQLDate.putDateTime(ms, style: .rest, into: $0) }
        case .time(let ms): quoted(&out) { SOQLDate.appendTime(ms, to: &$0) } fast: { _ in 0 }
        }
    }

    /// `"…"` around a date: see `inPlace`.
    private static func quoted<Out: ByteOutput & ~Copyable>(_ out: inout Out, slow: (inout [UInt8]) -> Void, fast: (UnsafeMutablePointer<UInt8>) -> Int) {
        out.put(UInt8(ascii: "\""))
        inPlace(&out, slow: slow, fast: fast)
        out.put(UInt8(ascii: "\""))
    }

    /// A date written in place by `fast` (up to 28 bytes; 0 when it cannot), else by `slow`
    /// (years past 9999).
    private static func inPlace<Out: ByteOutput & ~Copyable>(_ out: inout Out, slow: (inout [UInt8]) -> Void, fast: (UnsafeMutablePointer<UInt8>) -> Int) {
        var written = 0
        out.write(upTo: 28) { p in
            written = fast(p)
            return written
        }
        guard written == 0 else { return }
        var text: [UInt8] = []
        slow(&text)
        out.put(text)
    }

    /// Static strings, not `"null".utf8` (a String's UTF-8 view takes the generic, slow path)
    /// nor lazy `[UInt8]` globals (checked on every use): REST pages write these for most cells.
    enum Literal {
        static var null: StaticString { "null" }
        static var `true`: StaticString { "true" }
        static var `false`: StaticString { "false" }
    }

    /// Decimal digits of `i`, written in one append (what `String(i)` prints).
    static func appendInteger<Out: ByteOutput & ~Copyable>(_ i: Int64, to out: inout Out) {
        out.write(upTo: 20) { p in
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
            return withUnsafeMutableBytes(of: &digits) { scratch in
                var v = i.magnitude
                var start = 20
                repeat {
                    start -= 1
                    scratch[start] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                } while v > 0
                var n = 0
                if i < 0 {
                    p[0] = UInt8(ascii: "-")
                    n = 1
                }
                for k in start..<20 {
                    p[n] = scratch[k]
                    n += 1
                }
                return n
            }
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
    static func writeCSV<Out: ByteOutput & ~Copyable>(_ value: SOQLValue, into out: inout Out) {
        out.put(UInt8(ascii: "\""))
        switch value {
        case .null: break
        case .boolean(let b): out.put(b ? Literal.true : Literal.false)
        case .integer(let i): appendInteger(i, to: &out)
        case .number(let d): JSON.writeNumber(d, into: &out)
        case .string(let s):
            var text = s
            text.withUTF8 { bytes in
                // Most values hold no quote: copy them whole instead of byte by byte.
                guard containsQuote(bytes) else {
                    out.put(bytes)
                    return
                }
                for byte in bytes {
                    if byte == UInt8(ascii: "\"") { out.put(byte) }
                    out.put(byte)
                }
            }
        case .date(let days): inPlace(&out) { SOQLDate.appendDate(days, to: &$0) } fast: { SOQLDate.putDate(days, into: $0) }
        case .dateTime(let ms): inPlace(&out) { SOQLDate.appendDateTime(ms, style: .bulk, to: &$0) } fast: { SOQLDate.putDateTime(ms, style: .bulk, into: $0) }
        case .time(let ms): inPlace(&out) { SOQLDate.appendTime(ms, to: &$0) } fast: { _ in 0 }
        }
        out.put(UInt8(ascii: "\""))
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
    static func writeJavaDouble<Out: ByteOutput & ~Copyable>(_ d: Double, into out: inout Out) {
        guard d.isFinite else { return out.put(Literal.null) }
        let magnitude = abs(d)
        if magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7) {
            JSON.writeNumber(d, into: &out)
            return
        }
        var exponent = Int(magnitude.log10Floor)
        var mantissa = d / pow10(exponent)
        if abs(mantissa) >= 10 { mantissa /= 10; exponent += 1 }
        JSON.writeNumber((mantissa * 1e12).rounded() / 1e12, into: &out)
        out.put(UInt8(ascii: "E"))
        appendInteger(Int64(exponent), to: &out)
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
