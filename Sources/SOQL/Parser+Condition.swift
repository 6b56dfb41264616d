/// WHERE clause grammar:
///   condition := unary (AND unary)* | unary (OR unary)*
///   unary     := NOT unary | '(' condition ')' | path operator value
/// AND and OR may not be mixed at one level without parentheses: Salesforce rejects it.
extension Parser {
    mutating func parseCondition() throws(SOQLError) -> Condition {
        let first = try parseUnary()
        guard current.isKeyword("AND") || current.isKeyword("OR") else { return first }
        let isAnd = current.isKeyword("AND")
        var terms = [first]
        while current.isKeyword(isAnd ? "AND" : "OR") {
            advance()
            terms.append(try parseUnary())
        }
        if current.isKeyword(isAnd ? "OR" : "AND") { throw unexpected() }
        return isAnd ? .and(terms) : .or(terms)
    }

    mutating func parseUnary() throws(SOQLError) -> Condition {
        if takeKeyword("NOT") {
            return .not(try parseUnary())
        }
        if current.kind == .leftParen {
            advance()
            let inner = try parseCondition()
            try expect(.rightParen)
            return inner
        }
        return .comparison(try parseComparison())
    }

    mutating func parseComparison() throws(SOQLError) -> Comparison {
        let path = try parsePath()
        let op: FilterOperator
        if case .comparison(let symbol) = current.kind {
            op = .compare(symbol)
        } else if current.isKeyword("LIKE") {
            op = .like
        } else if current.isKeyword("IN") {
            op = .in
        } else if current.isKeyword("INCLUDES") {
            op = .includes
        } else if current.isKeyword("EXCLUDES") {
            op = .excludes
        } else if current.isKeyword("NOT"), next.isKeyword("IN") {
            advance()
            op = .notIn
        } else {
            throw unexpected()
        }
        advance()
        switch op {
        case .in, .notIn, .includes, .excludes:
            try expect(.leftParen)
            var values: [Literal] = []
            repeat {
                if current.kind == .comma { advance() }
                values.append(try parseLiteral(forLike: false))
            } while current.kind == .comma
            try expect(.rightParen)
            return Comparison(field: path, op: op, values: values)
        default:
            return Comparison(field: path, op: op, values: [try parseLiteral(forLike: op == .like)])
        }
    }

    mutating func parseLiteral(forLike: Bool) throws(SOQLError) -> Literal {
        let token = current
        let value: Literal.Value
        switch token.kind {
        case .string:
            do throws(StringLiteral.InvalidEscape) {
                let pieces = try StringLiteral.pieces(token.text, forLike: forLike)
                value = .string(StringLiteral.text(of: pieces), like: forLike ? LikePattern(pieces: pieces) : nil)
            } catch {
                throw self.error(at: token.offset, error.description)
            }
        case .number:
            guard let number = Double(token.text) else { throw unexpected() }
            value = .number(number)
        case .date:
            guard let days = SOQLDate.parseDate(token.text) else { throw unexpected() }
            value = .date(days)
        case .dateTime:
            guard let ms = SOQLDate.parseDateTime(token.text) else { throw unexpected() }
            value = .dateTime(ms)
        case .identifier:
            switch token.text.uppercased() {
            case "NULL": value = .null
            case "TRUE": value = .boolean(true)
            case "FALSE": value = .boolean(false)
            default:
                guard let relative = RelativeDateLiteral.named(token.text) else { throw unexpected() }
                var count = 0
                if relative.needsCount {
                    advance()
                    try expect(.colon)
                    guard current.kind == .number, let n = Int(current.text), n >= 0 else { throw unexpected() }
                    count = n
                }
                value = .relative(relative.make(count))
            }
        default:
            throw unexpected()
        }
        advance()
        return Literal(value: value, offset: token.offset)
    }
}
