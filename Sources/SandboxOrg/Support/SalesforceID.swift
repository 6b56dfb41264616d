/// Salesforce record ids: a 3-character key prefix, a 3-character pod marker and a 9-character
/// base-62 counter, then the 3-character case-safety checksum that makes the 18-character form.
/// The counter is the record's index in its object's store, so an id maps back to its record
/// without any lookup table, and ids sort in creation order.
public enum SalesforceID {
    static let base62: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let checksumAlphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".utf8)
    /// Marks ids minted by the sandbox org (a real pod id has the same shape).
    static let pod: [UInt8] = Array("5e0".utf8)

    /// The 18-character id of record `index` of the object with `prefix`.
    /// Written straight into the String's storage: ids are made for every lookup of every
    /// generated record, and the array-building version cost five allocations each.
    public static func make(prefix: String, index: Int) -> String {
        guard prefix.utf8.count >= 3 else { return String(decoding: bytes(prefix: prefix, index: index), as: UTF8.self) }
        return String(unsafeUninitializedCapacity: 18) { buffer in
            fill(buffer, prefix: prefix, index: index)
            return 18
        }
    }

    /// Writes the id into the first 18 bytes of `p` (the prefix has at least 3 bytes).
    private static func fill(_ p: UnsafeMutableBufferPointer<UInt8>, prefix: String, index: Int) {
        var k = 0
        for b in prefix.utf8 where k < 3 {
            p[k] = b
            k += 1
        }
        for (j, b) in pod.enumerated() { p[3 + j] = b }
        var n = index
        var i = 8
        while i >= 0 {
            if n > 0 {
                p[6 + i] = base62[n % 62]
                n /= 62
            } else {
                p[6 + i] = UInt8(ascii: "0")
            }
            i -= 1
        }
        for chunk in 0..<3 {
            var bits = 0
            for j in 0..<5 {
                let c = p[chunk * 5 + j]
                if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") { bits |= 1 << j }
            }
            p[15 + chunk] = checksumAlphabet[bits]
        }
    }

    /// The general form, for prefixes shorter than three characters (never minted by the org).
    private static func bytes(prefix: String, index: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: prefix.utf8.prefix(3))
        out.append(contentsOf: pod)
        var n = index
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 9)
        var i = 8
        while n > 0 && i >= 0 {
            digits[i] = base62[n % 62]
            n /= 62
            i -= 1
        }
        out.append(contentsOf: digits)
        out.append(contentsOf: checksum(out.prefix(15)))
        return out
    }

    /// The 3-character suffix of a 15-character id: per 5-character chunk, a bit per capital letter.
    public static func checksum<C: Collection<UInt8>>(_ id15: C) -> [UInt8] {
        let chars = Array(id15)
        return (0..<3).map { chunk in
            var bits = 0
            for j in 0..<5 where chunk * 5 + j < chars.count {
                let c = chars[chunk * 5 + j]
                if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") { bits |= 1 << j }
            }
            return checksumAlphabet[bits]
        }
    }

    /// Splits an id (15 or 18 characters) into its key prefix and record index, or nil when it
    /// is not an id this org minted (or its checksum is wrong).
    public static func parse(_ id: String) -> (prefix: String, index: Int)? {
        var bytes = Array(id.utf8)
        guard bytes.count == 15 || bytes.count == 18 else { return nil }
        if bytes.count == 18 {
            // The suffix records which of the first 15 characters are capitals, which is what
            // makes the 18-character form case-insensitive: restore the case from it.
            for chunk in 0..<3 {
                guard let bits = checksumAlphabet.firstIndex(of: uppercase(bytes[15 + chunk])) else { return nil }
                for j in 0..<5 {
                    let k = chunk * 5 + j
                    bytes[k] = bits & (1 << j) != 0 ? uppercase(bytes[k]) : lowercase(bytes[k])
                }
            }
            guard checksum(bytes[0..<15]) == bytes[15..<18].map(uppercase) else { return nil }
        }
        guard Array(bytes[3..<6]) == pod else { return nil }
        var n = 0
        for c in bytes[6..<15] {
            guard let d = base62.firstIndex(of: c) else { return nil }
            n = n * 62 + d
        }
        return (String(decoding: bytes[0..<3], as: UTF8.self), n)
    }

    private static func uppercase(_ c: UInt8) -> UInt8 { c >= 0x61 && c <= 0x7A ? c - 32 : c }
    private static func lowercase(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }

    /// The canonical 18-character form of a 15- or 18-character id.
    public static func canonical(_ id: String) -> String? {
        parse(id).map { make(prefix: $0.prefix, index: $0.index) }
    }
}
