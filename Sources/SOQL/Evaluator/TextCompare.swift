/// Case-insensitive text comparison without allocating for ASCII text, which is what almost every
/// Salesforce value is; other text falls back to `lowercased()`.
@usableFromInline
enum TextCompare {
    @inlinable
    static func fold(_ b: UInt8) -> UInt8 {
        b &- 0x41 < 26 ? b | 0x20 : b
    }

    /// Whether `value` equals `lowered` (already lowercased) ignoring case.
    @inlinable
    static func equals(_ value: String, lowered: String) -> Bool {
        var a = value.utf8.makeIterator()
        var b = lowered.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil):
                return true
            case (let x?, let y?):
                if x >= 0x80 || y >= 0x80 { return value.lowercased() == lowered }
                if fold(x) != y { return false }
            case (let x?, nil):
                return x >= 0x80 && value.lowercased() == lowered
            case (nil, _?):
                return value.lowercased() == lowered
            }
        }
    }

    /// Orders two strings ignoring case: negative, zero or positive.
    @inlinable
    static func compare(_ lhs: String, _ rhs: String) -> Int {
        var a = lhs.utf8.makeIterator()
        var b = rhs.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil):
                return 0
            case (nil, _?):
                return -1
            case (_?, nil):
                return 1
            case (let x?, let y?):
                if x >= 0x80 || y >= 0x80 { return slowCompare(lhs, rhs) }
                let fx = fold(x)
                let fy = fold(y)
                if fx != fy { return fx < fy ? -1 : 1 }
            }
        }
    }

    @usableFromInline
    static func slowCompare(_ lhs: String, _ rhs: String) -> Int {
        let a = lhs.lowercased()
        let b = rhs.lowercased()
        return a == b ? 0 : (a < b ? -1 : 1)
    }

    /// Byte-wise (case-sensitive) order, used for ids.
    @inlinable
    static func compareBytes(_ lhs: String, _ rhs: String) -> Int {
        var a = lhs.utf8.makeIterator()
        var b = rhs.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return 0
            case (nil, _?): return -1
            case (_?, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    /// Whether an id value equals an id literal reduced to its 15 case-sensitive characters.
    @inlinable
    static func idEquals(_ value: String, prefix15: String) -> Bool {
        var a = value.utf8.makeIterator()
        for y in prefix15.utf8 {
            guard let x = a.next(), x == y else { return false }
        }
        // A 15- or 18-character value: anything longer than 18 is not the same id.
        var rest = 0
        while a.next() != nil { rest += 1 }
        return rest == 0 || rest == 3
    }

    /// The 15-character case-sensitive form of an id, used as the key of IN sets.
    /// Fifteen ASCII bytes fit Swift's small-string storage, so this does not allocate.
    @inlinable
    static func idKey(_ value: String) -> String {
        value.utf8.count == 18 ? String(Substring(value.utf8.prefix(15))) : value
    }

    /// Whether `value`, lowercased, is in `set`; skips the lowercasing copy for lowercase ASCII values.
    @inlinable
    static func lowercasedMember(_ value: String, of set: Set<String>) -> Bool {
        for b in value.utf8 where b >= 0x80 || b &- 0x41 < 26 {
            return set.contains(value.lowercased())
        }
        return set.contains(value)
    }
}
