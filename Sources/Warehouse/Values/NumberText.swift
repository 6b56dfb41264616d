import Foundation

/// Numbers as Salesforce writes them (`5`, `23.0`, `-1.5E-7`), parsed from bytes without Strings.
enum NumberText {
    /// An integer; `100.0` is accepted because Bulk CSV prints every number as a double.
    static func parseInteger(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let n = field.count
        var negative = false
        if i < n, field[i] == UInt8(ascii: "-") || field[i] == UInt8(ascii: "+") {
            negative = field[i] == UInt8(ascii: "-")
            i += 1
        }
        let digitsStart = i
        var value: Int64 = 0
        while i < n, let d = digit(field[i]) {
            // Accumulate negatively so Int64.min parses too.
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.subtractingReportingOverflow(d)
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        if i == digitsStart { return nil }
        if i < n {
            guard field[i] == UInt8(ascii: ".") else { return nil }
            i += 1
            while i < n, field[i] == UInt8(ascii: "0") { i += 1 }
            if i < n { return nil }
        }
        if negative { return value }
        let (positive, overflow) = Int64(0).subtractingReportingOverflow(value)
        return overflow ? nil : positive
    }

    /// A finite double, or nil (text that is not a plain decimal number, `NaN`, `Infinity`, overflow).
    static func parseReal(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        if let fast = parseSimpleDecimal(field) { return fast }
        // Only plain decimal and exponent syntax; strtod would also take hex, "inf" and "nan".
        guard field.count > 0, field.count < 64 else { return nil }
        var sawDigit = false
        for byte in field {
            if digit(byte) != nil { sawDigit = true; continue }
            switch byte {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): continue
            default: return nil
            }
        }
        guard sawDigit else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            for (i, byte) in field.enumerated() { base[i] = CChar(bitPattern: byte) }
            base[field.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            guard let end, end - base == field.count, value.isFinite else { return nil }
            return value
        }
    }

    /// `-123.45` with at most 15 significant digits: mantissa and power of ten are both exact
    /// doubles, so one division gives the correctly rounded result (the strtod answer), quickly.
    private static func parseSimpleDecimal(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let n = field.count
        var negative = false
        if i < n, field[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = -1
        while i < n {
            let byte = field[i]
            if let d = digit(byte) {
                mantissa = mantissa * 10 + d
                digits += 1
                if fraction >= 0 { fraction += 1 }
                if digits > 15 { return nil }
            } else if byte == UInt8(ascii: "."), fraction < 0 {
                fraction = 0
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        let value = Double(mantissa) / powersOfTen[max(fraction, 0)]
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

    @inline(__always)
    private static func digit(_ byte: UInt8) -> Int64? {
        byte &- UInt8(ascii: "0") < 10 ? Int64(byte &- UInt8(ascii: "0")) : nil
    }
}
