extension SOQLQuery {
    /// Parses a SOQL statement. Names are not checked here; see `bind(to:now:)`.
    public static func parse(_ text: String) throws(SOQLError) -> SOQLQuery {
        var parser = Parser(source: text, tokens: try Lexer.tokenize(text))
        return try parser.parseQuery()
    }
}

/// Recursive-descent parser over the token list. Clause order follows SOQL:
/// SELECT … FROM … [WHERE] [ORDER BY] [LIMIT] [OFFSET].
struct Parser {
    let source: String
    let tokens: [Token]
    var index = 0

    /// Salesforce's ceiling for OFFSET.
    static let maximumOffset = 2000

    init(source: String, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    var current: Token { tokens[index] }
    var next: Token { tokens[min(index + 1, tokens.count - 1)] }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    func unexpected() -> SOQLError {
        error(at: current.offset, "unexpected token: \(current.display)")
    }

    func error(_ code: String = SOQLError.malformedQuery, at offset: Int, _ description: String) -> SOQLError {
        SOQLError(code: code, source: source, offset: offset, description: description)
    }

    mutating func expect(_ kind: Token.Kind) throws(SOQLError) {
        guard current.kind == kind else { throw unexpected() }
        advance()
    }

    mutating func expectKeyword(_ keyword: String) throws(SOQLError) {
        guard current.isKeyword(keyword) else { throw unexpected() }
        advance()
    }

    mutating func takeKeyword(_ keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        advance()
        return true
    }

    mutating func identifier() throws(SOQLError) -> Token {
        guard current.kind == .identifier else { throw unexpected() }
        defer { advance() }
        return current
    }

    mutating func parseQuery() throws(SOQLError) -> SOQLQuery {
        try expectKeyword("SELECT")
        let items = try parseSelectList()
        try expectKeyword("FROM")
        let object = try identifier()
        var query = SOQLQuery(
            objectName: object.text, limit: nil, offset: nil, selectItems: items, objectOffset: object.offset,
            condition: nil, orderBy: [], limitOffset: nil, source: source
        )
        if takeKeyword("WHERE") {
            query.condition = try parseCondition()
        }
        if takeKeyword("ORDER") {
            try expectKeyword("BY")
            query.orderBy = try parseOrderBy()
        }
        if current.isKeyword("LIMIT") {
            advance()
            query.limitOffset = current.offset
            query.limit = try nonNegativeInteger()
        }
        if current.isKeyword("OFFSET") {
            advance()
            let offsetToken = current
            let offset = try nonNegativeInteger()
            guard offset <= Self.maximumOffset else {
                throw error(
                    SOQLError.numberOutsideValidRange, at: offsetToken.offset,
                    "Maximum SOQL offset allowed is \(Self.maximumOffset)"
                )
            }
            query.offset = offset
        }
        guard current.kind == .endOfInput else { throw unexpected() }
        return query
    }

    mutating func nonNegativeInteger() throws(SOQLError) -> Int {
        guard current.kind == .number, let value = Int(current.text), value >= 0 else { throw unexpected() }
        advance()
        return value
    }

    mutating func parseSelectList() throws(SOQLError) -> [SelectItem] {
        var items: [SelectItem] = []
        repeat {
            if current.kind == .comma { advance() }
            items.append(try parseSelectItem())
        } while current.kind == .comma
        return items
    }

    mutating func parseSelectItem() throws(SOQLError) -> SelectItem {
        let start = current
        guard start.kind == .identifier else { throw unexpected() }
        guard next.kind == .leftParen else { return .field(try parsePath()) }
        let name = start.text.uppercased()
        if name == "FIELDS" {
            advance()
            advance()
            let scopeToken = try identifier()
            let scope: FieldsScope
            switch scopeToken.text.uppercased() {
            case "ALL": scope = .all
            case "STANDARD": scope = .standard
            case "CUSTOM": scope = .custom
            default: throw error(at: scopeToken.offset, "unexpected token: \(scopeToken.display)")
            }
            try expect(.rightParen)
            return .fields(scope, offset: start.offset)
        }
        guard let function = AggregateFunction(rawValue: name) else {
            throw error(at: start.offset, "unexpected token: \(start.display)")
        }
        advance()
        advance()
        if function == .count, current.kind == .rightParen {
            advance()
            return .countAll(offset: start.offset)
        }
        let path = try parsePath()
        try expect(.rightParen)
        var alias: String?
        if current.kind == .identifier, !current.isKeyword("FROM") {
            alias = current.text
            advance()
        }
        return .aggregate(function, path, alias: alias, offset: start.offset)
    }

    mutating func parsePath() throws(SOQLError) -> FieldPath {
        let first = try identifier()
        var components = [first.text]
        while current.kind == .dot {
            advance()
            components.append(try identifier().text)
        }
        return FieldPath(components: components, offset: first.offset)
    }

    mutating func parseOrderBy() throws(SOQLError) -> [OrderItem] {
        var items: [OrderItem] = []
        repeat {
            if current.kind == .comma { advance() }
            var item = OrderItem(field: try parsePath(), descending: false, nullsFirst: nil)
            if takeKeyword("DESC") {
                item.descending = true
            } else {
                _ = takeKeyword("ASC")
            }
            if takeKeyword("NULLS") {
                if takeKeyword("FIRST") {
                    item.nullsFirst = true
                } else {
                    try expectKeyword("LAST")
                    item.nullsFirst = false
                }
            }
            items.append(item)
        } while current.kind == .comma
        return items
    }
}
