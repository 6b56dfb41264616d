/// Salesforce booleans are `true`/`false`; other spellings are accepted because REST JSON
/// scalars of `anyType` fields and hand-edited CSVs do vary.
enum BooleanText {
    /// 1, 0, or nil when the text is not a boolean.
    static func parse(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        switch field.count {
        case 1:
            if field[0] == UInt8(ascii: "1") { return 1 }
            if field[0] == UInt8(ascii: "0") { return 0 }
        case 4:
            if matches(field, "true") { return 1 }
        case 5:
            if matches(field, "false") { return 0 }
        default: break
        }
        return nil
    }

    /// Compares ASCII case-insensitively against a lower-case word.
    private static func matches(_ field: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for i in 0..<w.count where field[i] | 0x20 != w[i] { return false }
        return true
    }
}
