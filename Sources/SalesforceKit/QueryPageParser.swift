import Rows

/// Reads a `/query` page straight from its bytes into a RowBatch: one pass, no intermediate
/// dictionaries, a String only for keys it has not seen at that position before. Records'
/// keys come in the same order on every record, so each key is matched by a byte comparison.
struct QueryPageParser {
    let fields: [String]
    private let exact: [String: Int]
    private let folded: [String: Int]

    init(fields: [String]) {
        self.fields = fields
        exact = Dictionary(fields.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        folded = Dictionary(fields.enumerated().map { ($1.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    }

    func parse(_ body: [UInt8]) throws -> QueryPage {
        try body.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            var page = QueryPage(totalSize: 0, done: true, nextRecordsURL: nil, records: RowBatch(columnCount: max(1, fields.count)))
            try scanner.expect(UInt8(ascii: "{"))
            var first = true
            while try scanner.nextMember(first: &first) {
                let key = try scanner.key()
                switch key {
                case "totalSize": page.totalSize = Int(try scanner.numberText()) ?? 0
                case "done": page.done = try scanner.bool()
                case "nextRecordsUrl": page.nextRecordsURL = try scanner.optionalString()
                case "records": try records(&scanner, into: &page.records)
                default: try scanner.skipValue()
                }
            }
            return page
        }
    }

    private func records(_ scanner: inout JSONScanner, into batch: inout RowBatch) throws {
        if try scanner.isNull() { return }
        try scanner.expect(UInt8(ascii: "["))
        var starts = [Int](repeating: 0, count: fields.count)
        var lengths = [Int](repeating: -1, count: fields.count)
        var knownKeys: [(bytes: [UInt8], index: Int?)] = []
        var firstRecord = true
        while try scanner.nextElement(first: &firstRecord) {
            for i in lengths.indices { lengths[i] = -1 }
            try scanner.expect(UInt8(ascii: "{"))
            var position = 0
            var firstKey = true
            while try scanner.nextMember(first: &firstKey) {
                let keyRange = try scanner.keyRange()
                let index: Int?
                if position < knownKeys.count, scanner.bytes(keyRange).elementsEqual(knownKeys[position].bytes) {
                    index = knownKeys[position].index
                } else {
                    let name = String(decoding: scanner.bytes(keyRange), as: UTF8.self)
                    index = exact[name] ?? folded[name.lowercased()]
                    let entry = (Array(scanner.bytes(keyRange)), index)
                    if position < knownKeys.count { knownKeys[position] = entry } else { knownKeys.append(entry) }
                }
                position += 1
                if let index {
                    let start = batch.byteCount
                    if try scanner.value(into: &batch) { starts[index] = start; lengths[index] = batch.byteCount - start }
                } else {
                    try scanner.skipValue()
                }
            }
            if fields.isEmpty { continue }
            for i in fields.indices {
                if lengths[i] < 0 { batch.appendNull() } else { batch.appendSpan(start: starts[i], length: lengths[i]) }
            }
        }
    }
}

/// A forward-only JSON reader over bytes, with just what query pages need.
struct JSONScanner {
    let buffer: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: buffer[range]) }

    mutating func skipSpace() {
        while i < buffer.count, buffer[i] == 0x20 || buffer[i] == 0x0A || buffer[i] == 0x0D || buffer[i] == 0x09 { i += 1 }
    }

    func fail(_ what: String) -> SalesforceError {
        .malformedResponse("JSON: \(what) at byte \(i) of \(buffer.count)")
    }

    mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard i < buffer.count, buffer[i] == byte else { throw fail("expected '\(Character(UnicodeScalar(byte)))'") }
        i += 1
    }

    /// Moves to the next member of an object; false at its `}`.
    mutating func nextMember(first: inout Bool) throws -> Bool {
        try nextItem(first: &first, closing: UInt8(ascii: "}"))
    }

    mutating func nextElement(first: inout Bool) throws -> Bool {
        try nextItem(first: &first, closing: UInt8(ascii: "]"))
    }

    private mutating func nextItem(first: inout Bool, closing: UInt8) throws -> Bool {
        skipSpace()
        guard i < buffer.count else { throw fail("unexpected end") }
        if buffer[i] == closing { i += 1; return false }
        if !first {
            guard buffer[i] == UInt8(ascii: ",") else { throw fail("expected ','") }
            i += 1
        }
        first = false
        return true
    }

    /// A member's key (without escapes, as Salesforce's field names are) and its colon.
    mutating func keyRange() throws -> Range<Int> {
        skipSpace()
        guard i < buffer.count, buffer[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
        let start = i + 1
        var j = start
        while j < buffer.count, buffer[j] != UInt8(ascii: "\"") { j += buffer[j] == UInt8(ascii: "\\") ? 2 : 1 }
        guard j < buffer.count else { throw fail("unterminated key") }
        i = j + 1
        try expect(UInt8(ascii: ":"))
        return start..<j
    }

    mutating func key() throws -> String { String(decoding: bytes(try keyRange()), as: UTF8.self) }

    mutating func isNull() throws -> Bool {
        skipSpace()
        guard i + 4 <= buffer.count, buffer[i] == UInt8(ascii: "n") else { return false }
        guard buffer[i + 1] == UInt8(ascii: "u"), buffer[i + 2] == UInt8(ascii: "l"), buffer[i + 3] == UInt8(ascii: "l") else { throw fail("bad literal") }
        i += 4
        return true
    }

    mutating func bool() throws -> Bool {
        skipSpace()
        if literal("true") { return true }
        if literal("false") { return false }
        throw fail("expected true or false")
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard i + count <= buffer.count else { return false }
        for k in 0..<count where buffer[i + k] != word.utf8Start[k] { return false }
        i += count
        return true
    }

    mutating func numberText() throws -> String {
        skipSpace()
        let start = i
        while i < buffer.count, Self.isNumberByte(buffer[i]) { i += 1 }
        guard i > start else { throw fail("expected a number") }
        return String(decoding: bytes(start..<i), as: UTF8.self)
    }

    mutating func optionalString() throws -> String? {
        if try isNull() { return nil }
        var scratch = RowBatch(columnCount: 1)
        let start = scratch.byteCount
        guard try value(into: &scratch) else { return nil }
        return String(decoding: scratch.bytes[start...], as: UTF8.self)
    }

    static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    /// Writes a scalar's Salesforce text into the batch's bytes; false for null, objects and arrays.
    mutating func value(into batch: inout RowBatch) throws -> Bool {
        skipSpace()
        guard i < buffer.count else { throw fail("unexpected end") }
        switch buffer[i] {
        case UInt8(ascii: "\""):
            try string(into: &batch)
            return true
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            let start = i
            _ = try bool()
            batch.appendBytes(UnsafeRawBufferPointer(bytes(start..<i)))
            return true
        case UInt8(ascii: "n"):
            _ = try isNull()
            return false
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipValue()
            return false
        default:
            let start = i
            while i < buffer.count, Self.isNumberByte(buffer[i]) { i += 1 }
            guard i > start else { throw fail("unexpected character") }
            batch.appendBytes(UnsafeRawBufferPointer(bytes(start..<i)))
            return true
        }
    }

    /// A string's content, unescaped, copied in runs between escapes.
    private mutating func string(into batch: inout RowBatch) throws {
        i += 1
        var run = i
        while true {
            guard i < buffer.count else { throw fail("unterminated string") }
            let b = buffer[i]
            if b == UInt8(ascii: "\"") {
                batch.appendBytes(UnsafeRawBufferPointer(bytes(run..<i)))
                i += 1
                return
            }
            guard b == UInt8(ascii: "\\") else { i += 1; continue }
            batch.appendBytes(UnsafeRawBufferPointer(bytes(run..<i)))
            guard i + 1 < buffer.count else { throw fail("unterminated escape") }
            let e = buffer[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): batch.appendByte(0x0A)
            case UInt8(ascii: "t"): batch.appendByte(0x09)
            case UInt8(ascii: "r"): batch.appendByte(0x0D)
            case UInt8(ascii: "b"): batch.appendByte(0x08)
            case UInt8(ascii: "f"): batch.appendByte(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 1 < buffer.count, buffer[i] == UInt8(ascii: "\\"), buffer[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                for unit in String(UnicodeScalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8 { batch.appendByte(unit) }
            default: batch.appendByte(e)  // \" \\ \/
            }
            run = i
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= buffer.count else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = buffer[i]
            let digit: UInt8
            switch b {
            case 48...57: digit = b - 48
            case 65...70: digit = b - 55
            case 97...102: digit = b - 87
            default: throw fail("bad \\u escape")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    /// Skips any value, nested or not.
    mutating func skipValue() throws {
        skipSpace()
        guard i < buffer.count else { throw fail("unexpected end") }
        var depth = 0
        repeat {
            guard i < buffer.count else { throw fail("unexpected end") }
            let b = buffer[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                while i < buffer.count, buffer[i] != UInt8(ascii: "\"") { i += buffer[i] == UInt8(ascii: "\\") ? 2 : 1 }
                guard i < buffer.count else { throw fail("unterminated string") }
                i += 1
            } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                depth += 1
                i += 1
            } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                depth -= 1
                i += 1
            } else if depth == 0 {
                // A scalar at the top: a literal or a number.
                let start = i
                while i < buffer.count, buffer[i] != UInt8(ascii: ","), buffer[i] != UInt8(ascii: "}"), buffer[i] != UInt8(ascii: "]"),
                      buffer[i] != 0x20, buffer[i] != 0x0A, buffer[i] != 0x0D, buffer[i] != 0x09 { i += 1 }
                guard i > start else { throw fail("expected a value") }
            } else {
                i += 1
            }
        } while depth > 0
    }
}
