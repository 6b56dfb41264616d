/// Decodes the escapes of SOQL string literals.
enum StringLiteral {
    struct InvalidEscape: Error {
        var description: String
    }

    enum Piece {
        case character(Character)
        /// An unescaped `%` or `_`, meaningful only to LIKE.
        case wildcard(LikePattern.Wildcard)
    }

    /// Splits raw literal text into characters and LIKE wildcards. `\%` and `\_` are legal only
    /// in LIKE; any other unknown escape is an error, as in Salesforce.
    static func pieces(_ raw: String, forLike: Bool) throws(InvalidEscape) -> [Piece] {
        var pieces: [Piece] = []
        var iterator = raw.makeIterator()
        while let c = iterator.next() {
            if c != "\\" {
                if forLike, c == "%" {
                    pieces.append(.wildcard(.any))
                } else if forLike, c == "_" {
                    pieces.append(.wildcard(.one))
                } else {
                    pieces.append(.character(c))
                }
                continue
            }
            let escaped = iterator.next()
            switch escaped {
            case "'": pieces.append(.character("'"))
            case "\"": pieces.append(.character("\""))
            case "\\": pieces.append(.character("\\"))
            case "n": pieces.append(.character("\n"))
            case "r": pieces.append(.character("\r"))
            case "t": pieces.append(.character("\t"))
            case "b": pieces.append(.character("\u{8}"))
            case "f": pieces.append(.character("\u{C}"))
            case "%" where forLike: pieces.append(.character("%"))
            case "_" where forLike: pieces.append(.character("_"))
            default:
                let sequence = "\\" + (escaped.map { String($0) } ?? "")
                throw InvalidEscape(description: "Invalid string literal '\(raw)'. Illegal character sequence '\(sequence)' in string literal.")
            }
        }
        return pieces
    }

    static func text(of pieces: [Piece]) -> String {
        var text = ""
        for piece in pieces {
            switch piece {
            case .character(let c): text.append(c)
            case .wildcard(.any): text.append("%")
            case .wildcard(.one): text.append("_")
            }
        }
        return text
    }
}
