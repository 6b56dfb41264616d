/// A set of record ids, held small: an id reconciliation of a table with millions of rows
/// (Tasks, say) keeps every id of the org in memory while it compares them with the warehouse.
///
/// A Salesforce id (18 letters and digits) is longer than the 15 bytes a Swift `String` keeps
/// inline, so each one in a `Set<String>` costs a heap allocation besides its slot; here one that
/// fits is packed into a `UInt128` (bijective base 63: digits 1–62 for `0-9A-Za-z`, so the
/// packing is exact for any such string of up to 21 characters, case and leading zeros
/// included). Anything else (another form of key) is kept as it is.
struct IDSet: Sendable {
    private var packed: Set<UInt128> = []
    private var others: Set<String> = []

    var count: Int { packed.count + others.count }
    var isEmpty: Bool { packed.isEmpty && others.isEmpty }

    mutating func insert(_ id: String) {
        if let value = Self.pack(id) { packed.insert(value) } else { others.insert(id) }
    }

    mutating func insert(contentsOf ids: some Sequence<String>) {
        for id in ids { insert(id) }
    }

    func contains(_ id: String) -> Bool {
        if let value = Self.pack(id) { return packed.contains(value) }
        return others.contains(id)
    }

    mutating func removeAll() {
        packed = []
        others = []
    }

    /// 63^21 < 2^126: no id this accepts overflows.
    static let maxPackedLength = 21

    /// The id as a number, or nil when it is empty, longer than 21 characters or holds anything
    /// but ASCII letters and digits.
    static func pack(_ id: String) -> UInt128? {
        var value: UInt128 = 0
        var length = 0
        for byte in id.utf8 {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0") + 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = byte - UInt8(ascii: "A") + 11
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = byte - UInt8(ascii: "a") + 37
            default: return nil
            }
            length += 1
            guard length <= maxPackedLength else { return nil }
            value = value * 63 + UInt128(digit)
        }
        return length == 0 ? nil : value
    }
}
