/// A JSON value with ordered object keys. Salesforce's clients do not depend on key order, but
/// a stable order keeps responses readable and byte-for-byte repeatable across runs.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])
    /// Bytes already serialised (records written straight from the store on hot paths).
    case raw([UInt8])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.raw(let a), .raw(let b)): a == b
        default: false
        }
    }

    public subscript(key: String) -> JSON? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Serialises compactly into `out`.
    public func write(into out: inout [UInt8]) { write(to: &out) }

    func write<Out: ByteOutput & ~Copyable>(to out: inout Out) {
        switch self {
        case .null: out.put("null")
        case .bool(let b): out.put(b ? "true" : "false")
        case .int(let i): ValueWriter.appendInteger(i, to: &out)
        case .double(let d): JSON.writeNumber(d, into: &out)
        case .string(let s): JSON.writeString(s, into: &out)
        case .array(let items):
            out.put(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.put(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.put(UInt8(ascii: "]"))
        case .raw(let bytes): out.put(bytes)
        case .object(let pairs):
            out.put(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.put(UInt8(ascii: ",")) }
                JSON.writeString(key, into: &out)
                out.put(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.put(UInt8(ascii: "}"))
        }
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Salesforce prints whole doubles with one decimal (`300.0`), as Java does.
    static func writeNumber<Out: ByteOutput & ~Copyable>(_ d: Double, into out: inout Out) {
        guard d.isFinite else { return out.put("null") }
        if d == d.rounded(), abs(d) < 1e15 {
            ValueWriter.appendInteger(Int64(d), to: &out)
            out.put(".0")
        } else {
            var text = "\(d)"
            text.withUTF8 { out.put($0) }
        }
    }

    static func writeString<Out: ByteOutput & ~Copyable>(_ s: String, into out: inout Out) {
        var text = s
        text.withUTF8 { bytes in
            // Most strings need no escaping: copy them whole, quotes and all, in one write.
            guard needsEscaping(bytes) else {
                out.write(upTo: bytes.count + 2) { p in
                    p[0] = UInt8(ascii: "\"")
                    if let base = bytes.baseAddress { (p + 1).update(from: base, count: bytes.count) }
                    p[bytes.count + 1] = UInt8(ascii: "\"")
                    return bytes.count + 2
                }
                return
            }
            out.put(UInt8(ascii: "\""))
            writeEscaped(bytes, into: &out)
            out.put(UInt8(ascii: "\""))
        }
    }


    /// Whether any byte is a control character, `"` or `\`. Eight bytes at a time (SWAR): this
    /// scan runs over every string of every REST record, and byte by byte it showed in profiles.
    static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        /// High bit set in each byte of `x` that is zero.
        func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        var i = 0
        while i + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // Bytes below 0x20 (high bit clear), bytes equal to `"` (0x22) or `\` (0x5C).
            let control = (word &- ones &* 0x20) & ~word & highs
            if control | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C)) != 0 { return true }
            i += 8
        }
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return true }
            i += 1
        }
        return false
    }

    private static func writeEscaped<Out: ByteOutput & ~Copyable>(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout Out) {
        let hex: StaticString = "0123456789abcdef"
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.put("\\\"")
            case UInt8(ascii: "\\"): out.put("\\\\")
            case 0x0A: out.put("\\n")
            case 0x0D: out.put("\\r")
            case 0x09: out.put("\\t")
            case 0..<0x20:
                out.put("\\u00")
                out.put(hex.utf8Start[Int(byte >> 4)])
                out.put(hex.utf8Start[Int(byte & 0xF)])
            default: out.put(byte)
            }
        }
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension JSON {
    /// `nil` becomes JSON null, as Salesforce prints absent optional attributes.
    public static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
}
