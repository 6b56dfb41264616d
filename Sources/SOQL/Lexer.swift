/// Splits a SOQL statement into tokens. Works on UTF-8 bytes: every SOQL symbol is ASCII, and
/// non-ASCII text can only appear inside string literals, which are copied through untouched.
struct Lexer {
    private let source: String
    private let bytes: [UInt8]
    private var position = 0

    init(_ source: String) {
        self.source = source
        self.bytes = Array(source.utf8)
    }

    static func tokenize(_ source: String) throws(SOQLError) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    private mutating func next() throws(SOQLError) -> Token {
        while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
        let start = position
        guard position < bytes.count else { return Token(kind: .endOfInput, text: "", offset: start) }
        let byte = bytes[position]

        if Self.isIdentifierStart(byte) {
            while position < bytes.count, Self.isIdentifierPart(bytes[position]) { position += 1 }
            return token(.identifier, from: start)
        }
        if Self.isDigit(byte) && looksLikeDate(at: position) {
            position += 10
            guard position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "t") else {
                return token(.date, from: start)
            }
            // The rest of a datetime literal: time, fraction and zone; validated by the parser.
            position += 1
            while position < bytes.count, Self.isDateTimePart(bytes[position]) { position += 1 }
            return token(.dateTime, from: start)
        }
        if Self.isDigit(byte) || (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) && isDigit(at: position + 1) {
            position += 1
            while isDigit(at: position) { position += 1 }
            if position < bytes.count, bytes[position] == UInt8(ascii: "."), isDigit(at: position + 1) {
                position += 1
                while isDigit(at: position) { position += 1 }
            }
            return token(.number, from: start)
        }
        if byte == UInt8(ascii: "'") {
            return try stringLiteral(from: start)
        }
        position += 1
        let twoByte: UInt8? = position < bytes.count ? bytes[position] : nil
        switch byte {
        case UInt8(ascii: ","): return token(.comma, from: start)
        case UInt8(ascii: "."): return token(.dot, from: start)
        case UInt8(ascii: ":"): return token(.colon, from: start)
        case UInt8(ascii: "("): return token(.leftParen, from: start)
        case UInt8(ascii: ")"): return token(.rightParen, from: start)
        case UInt8(ascii: "="): return token(.comparison(.equal), from: start)
        case UInt8(ascii: "!") where twoByte == UInt8(ascii: "="):
            position += 1
            return token(.comparison(.notEqual), from: start)
        case UInt8(ascii: "<"):
            if twoByte == UInt8(ascii: "=") {
                position += 1
                return token(.comparison(.lessOrEqual), from: start)
            }
            if twoByte == UInt8(ascii: ">") {
                position += 1
                return token(.comparison(.notEqual), from: start)
            }
            return token(.comparison(.less), from: start)
        case UInt8(ascii: ">"):
            if twoByte == UInt8(ascii: "=") {
                position += 1
                return token(.comparison(.greaterOrEqual), from: start)
            }
            return token(.comparison(.greater), from: start)
        default:
            // Salesforce reports stray characters with a 0-based "line:column" prefix.
            var end = start + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            let character = String(decoding: bytes[start..<end], as: UTF8.self)
            let location = SourceLocation(source: source, offset: start)
            throw SOQLError(
                code: SOQLError.malformedQuery, source: source, offset: start,
                description: "line \(location.row):\(location.column - 1) no viable alternative at character '\(character)'"
            )
        }
    }

    private mutating func stringLiteral(from start: Int) throws(SOQLError) -> Token {
        position += 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 2
            case UInt8(ascii: "'"):
                let text = String(decoding: bytes[(start + 1)..<position], as: UTF8.self)
                position += 1
                return Token(kind: .string, text: text, offset: start)
            default: position += 1
            }
        }
        throw SOQLError(
            code: SOQLError.malformedQuery, source: source, offset: start,
            description: "unexpected token: <EOF>"
        )
    }

    private func token(_ kind: Token.Kind, from start: Int) -> Token {
        Token(kind: kind, text: String(decoding: bytes[start..<position], as: UTF8.self), offset: start)
    }

    /// `dddd-dd-dd`, the start of every date and datetime literal.
    private func looksLikeDate(at i: Int) -> Bool {
        guard i + 10 <= bytes.count else { return false }
        for k in 0..<10 {
            let ok = (k == 4 || k == 7) ? bytes[i + k] == UInt8(ascii: "-") : Self.isDigit(bytes[i + k])
            if !ok { return false }
        }
        return !(i + 10 < bytes.count && Self.isDigit(bytes[i + 10]))
    }

    private func isDigit(at i: Int) -> Bool { i < bytes.count && Self.isDigit(bytes[i]) }

    private static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C
    }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b == UInt8(ascii: "_")
    }
    private static func isIdentifierPart(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }
    private static func isDateTimePart(_ b: UInt8) -> Bool {
        isDigit(b) || b == UInt8(ascii: ":") || b == UInt8(ascii: ".") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: "-") || b | 0x20 == UInt8(ascii: "z")
    }
}
