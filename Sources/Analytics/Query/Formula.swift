/// A formula over a query's measures (`A / B`, `(A - B) * 100`): numbers, measure names, `+ - * /`,
/// unary minus and parentheses, nothing else. Parsed once into a tree and evaluated per row;
/// it never becomes SQL. A null operand gives null, and so does a division by zero.
indirect enum Formula: Sendable, Equatable {
    case number(Double)
    case measure(String)
    case negate(Formula)
    case binary(Character, Formula, Formula)

    /// Long formulas are no use and deep nesting would recurse deeply: both are refused.
    static let maximumLength = 500
    static let maximumDepth = 50

    /// - Parameter measures: the names the formula may use.
    /// - Throws: `QueryError` naming an unknown measure or where the text stops making sense.
    static func parse(_ text: String, measures: Set<String>) throws -> Formula {
        guard text.count <= maximumLength else { throw QueryError.invalid("the formula is longer than \(maximumLength) characters") }
        var parser = FormulaParser(tokens: try FormulaParser.tokens(text), measures: measures)
        let formula = try parser.expression(depth: 0)
        if let extra = parser.peek { throw QueryError.invalid("the formula has '\(extra)' where it should end") }
        return formula
    }

    /// The measures the formula reads.
    var measureNames: Set<String> {
        switch self {
        case .number: []
        case .measure(let name): [name]
        case .negate(let f): f.measureNames
        case .binary(_, let a, let b): a.measureNames.union(b.measureNames)
        }
    }

    func evaluate(_ values: [String: Double?]) -> Double? {
        let result: Double?
        switch self {
        case .number(let n): result = n
        case .measure(let name): result = values[name] ?? nil
        case .negate(let f): result = f.evaluate(values).map { -$0 }
        case .binary(let op, let a, let b):
            guard let x = a.evaluate(values), let y = b.evaluate(values) else { return nil }
            switch op {
            case "+": result = x + y
            case "-": result = x - y
            case "*": result = x * y
            default: result = y == 0 ? nil : x / y
            }
        }
        return result.flatMap { $0.isFinite ? $0 : nil }
    }
}

/// Recursive descent over the usual grammar:
/// `expression = term (("+" | "-") term)*`, `term = factor (("*" | "/") factor)*`,
/// `factor = number | name | "-" factor | "(" expression ")"`.
struct FormulaParser {
    enum Token: Equatable, CustomStringConvertible {
        case number(Double), name(String), symbol(Character)
        var description: String {
            switch self {
            case .number(let n): String(n)
            case .name(let s): s
            case .symbol(let c): String(c)
            }
        }
    }

    var tokens: [Token]
    let measures: Set<String>
    var position = 0

    var peek: Token? { position < tokens.count ? tokens[position] : nil }

    static func tokens(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == " " || c == "\t" || c == "\n" {
                i += 1
            } else if "+-*/()".contains(c) {
                tokens.append(.symbol(c))
                i += 1
            } else if c.isASCII, c.isNumber || c == "." {
                var j = i
                while j < characters.count, characters[j].isASCII, characters[j].isNumber || characters[j] == "." { j += 1 }
                let literal = String(characters[i..<j])
                guard let number = Double(literal), number.isFinite else { throw QueryError.invalid("the formula has a bad number '\(literal)'") }
                tokens.append(.number(number))
                i = j
            } else if c.isASCII, c.isLetter || c == "_" {
                var j = i
                while j < characters.count, characters[j].isASCII, characters[j].isLetter || characters[j].isNumber || characters[j] == "_" { j += 1 }
                tokens.append(.name(String(characters[i..<j])))
                i = j
            } else {
                throw QueryError.invalid("the formula has '\(c)'; it may use measure names, numbers, + - * / and parentheses")
            }
        }
        return tokens
    }

    mutating func expression(depth: Int) throws -> Formula {
        guard depth < Formula.maximumDepth else { throw QueryError.invalid("the formula nests too deeply") }
        var left = try term(depth: depth)
        while case .symbol(let op)? = peek, op == "+" || op == "-" {
            position += 1
            left = .binary(op, left, try term(depth: depth))
        }
        return left
    }

    mutating func term(depth: Int) throws -> Formula {
        var left = try factor(depth: depth)
        while case .symbol(let op)? = peek, op == "*" || op == "/" {
            position += 1
            left = .binary(op, left, try factor(depth: depth))
        }
        return left
    }

    mutating func factor(depth: Int) throws -> Formula {
        guard depth < Formula.maximumDepth else { throw QueryError.invalid("the formula nests too deeply") }
        guard let token = peek else { throw QueryError.invalid("the formula ends where a number, measure or '(' should come") }
        position += 1
        switch token {
        case .number(let n): return .number(n)
        case .name(let name):
            guard measures.contains(name) else {
                throw QueryError.invalid("the formula names '\(name)', which is not one of the measures (\(measures.sorted().joined(separator: ", ")))")
            }
            return .measure(name)
        case .symbol("-"): return .negate(try factor(depth: depth + 1))
        case .symbol("("):
            let inner = try expression(depth: depth + 1)
            guard peek == .symbol(")") else { throw QueryError.invalid("the formula misses a ')'") }
            position += 1
            return inner
        case .symbol(let c): throw QueryError.invalid("the formula has '\(c)' where a number, measure or '(' should come")
        }
    }
}
