/// A compiled LIKE pattern: lowercase UTF-8 bytes and wildcards, matched case-insensitively.
@usableFromInline
struct LikePattern: Sendable {
    enum Wildcard: Sendable {
        /// `%`: any run of characters.
        case any
        /// `_`: exactly one character.
        case one
    }

    @usableFromInline static let anyMarker: UInt16 = 256
    @usableFromInline static let oneMarker: UInt16 = 257

    /// Bytes 0...255 are literal (already lowercased); the markers stand for wildcards.
    @usableFromInline let elements: [UInt16]

    init(pieces: [StringLiteral.Piece]) {
        var elements: [UInt16] = []
        var pending = ""
        func flush() {
            elements.append(contentsOf: pending.lowercased().utf8.map { UInt16($0) })
            pending = ""
        }
        for piece in pieces {
            switch piece {
            case .character(let c): pending.append(c)
            case .wildcard(let w):
                flush()
                elements.append(w == .any ? Self.anyMarker : Self.oneMarker)
            }
        }
        flush()
        self.elements = elements
    }

    @inlinable
    func matches(_ value: String) -> Bool {
        var value = value
        // Uppercase non-ASCII letters need real lowercasing; ASCII is folded while matching.
        if value.utf8.contains(where: { $0 >= 0x80 }) { value = value.lowercased() }
        if let result = value.utf8.withContiguousStorageIfAvailable({ matches(bytes: $0) }) {
            return result
        }
        return Array(value.utf8).withUnsafeBufferPointer { matches(bytes: $0) }
    }

    /// Wildcard matching with one backtracking point (the last `%`), linear for typical patterns.
    @inlinable
    func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        let m = elements.count
        var s = 0
        var p = 0
        var starPattern = -1
        var starText = 0
        while s < n {
            if p < m {
                let e = elements[p]
                if e == Self.anyMarker {
                    starPattern = p
                    starText = s
                    p += 1
                    continue
                }
                if e == Self.oneMarker {
                    s = Self.nextCharacter(bytes, after: s)
                    p += 1
                    continue
                }
                if UInt16(TextCompare.fold(bytes[s])) == e {
                    s += 1
                    p += 1
                    continue
                }
            }
            guard starPattern >= 0 else { return false }
            starText = Self.nextCharacter(bytes, after: starText)
            s = starText
            p = starPattern + 1
        }
        while p < m, elements[p] == Self.anyMarker { p += 1 }
        return p == m
    }

    /// Steps over one UTF-8 encoded scalar, so `_` matches a character rather than a byte.
    @inlinable
    static func nextCharacter(_ bytes: UnsafeBufferPointer<UInt8>, after i: Int) -> Int {
        var j = i + 1
        while j < bytes.count, bytes[j] & 0xC0 == 0x80 { j += 1 }
        return j
    }
}
