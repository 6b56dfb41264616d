/// The comparison operators of a WHERE clause that are written as symbols.
enum ComparisonSymbol: Sendable, Hashable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
}

/// One lexical token of a SOQL statement.
struct Token: Sendable {
    enum Kind: Sendable, Hashable {
        case identifier
        /// A single-quoted string; `text` is the raw content between the quotes (escapes undecoded),
        /// because LIKE and other operators decode escapes differently.
        case string
        case number
        case date
        case dateTime
        case comma, dot, colon, leftParen, rightParen
        case comparison(ComparisonSymbol)
        case endOfInput
    }

    var kind: Kind
    var text: String
    /// UTF-8 offset of the token's first character, for caret error messages.
    var offset: Int

    /// Whether this is the given keyword; SOQL keywords are case-insensitive.
    func isKeyword(_ keyword: String) -> Bool {
        kind == .identifier && text.utf8.count == keyword.utf8.count && text.uppercased() == keyword
    }

    /// The token as Salesforce quotes it in "unexpected token: X".
    var display: String {
        switch kind {
        case .endOfInput: "<EOF>"
        case .string: "'\(text)'"
        default: text
        }
    }
}
