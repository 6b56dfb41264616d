/// Type-checks WHERE comparisons against the fields' kinds and compiles them into `Predicate`s.
extension Binder {
    /// IN lists up to this size are scanned rather than hashed.
    static let linearScanLimit = 8

    /// A literal converted to the representation of the field it is compared with.
    enum Operand {
        case null
        case text(lowered: String)
        case id(String)
        case number(Double)
        case scalar(Int64)
        case boolean(Bool)
        /// A relative date literal, half-open, in the field's unit (days or ms).
        case range(Int64, Int64)
    }

    mutating func compile(_ condition: Condition, on object: any SOQLObject) throws(SOQLError) -> Predicate {
        switch condition {
        case .and(let terms):
            var compiled: [Predicate] = []
            for term in terms { compiled.append(try compile(term, on: object)) }
            return .and(compiled)
        case .or(let terms):
            var compiled: [Predicate] = []
            for term in terms { compiled.append(try compile(term, on: object)) }
            return .or(compiled)
        case .not(let term):
            return .not(try compile(term, on: object))
        case .comparison(let comparison):
            return try compile(comparison, on: object)
        }
    }

    private mutating func compile(_ comparison: Comparison, on object: any SOQLObject) throws(SOQLError) -> Predicate {
        let path = try resolve(comparison.field, on: object)
        let field = path.field
        guard field.filterable, field.kind != .compound, field.kind != .base64 else {
            throw error(
                SOQLError.invalidField, at: comparison.field.offset, "field '\(field.name)' can not be filtered in a query call")
        }
        let access = path.access
        switch comparison.op {
        case .compare(let symbol):
            return try compare(access, field, Self.compareOp(symbol), comparison.values[0])
        case .like:
            guard field.kind == .string else {
                throw error(
                    SOQLError.invalidFilterOperator, at: comparison.field.offset,
                    "invalid operator on field '\(field.name)': LIKE works on text fields only")
            }
            let literal = comparison.values[0]
            switch literal.value {
            case .string(_, let pattern?): return .like(access, pattern)
            case .null: return .isNull(access, true)
            default: throw mismatch(field, at: literal.offset)
            }
        case .in, .notIn:
            return try member(access, field, comparison.values, negated: comparison.op == .notIn)
        case .includes, .excludes:
            guard field.kind == .string else {
                throw error(
                    SOQLError.invalidFilterOperator, at: comparison.field.offset,
                    "includes or excludes operator only valid on multipicklist field")
            }
            var terms: [[String]] = []
            for literal in comparison.values {
                guard case .string(let text, _) = literal.value else { throw mismatch(field, at: literal.offset) }
                terms.append(text.split(separator: ";").map { $0.trimmingSpaces.lowercased() })
            }
            return .includes(access, terms, excludes: comparison.op == .excludes)
        }
    }

    private func compare(_ access: FieldAccess, _ field: SOQLField, _ op: CompareOp, _ literal: Literal) throws(SOQLError)
        -> Predicate
    {
        switch try operand(literal, for: field) {
        case .null:
            switch op {
            case .equal: return .isNull(access, true)
            case .notEqual: return .isNull(access, false)
            default: return .constant(false)
            }
        case .text(let lowered): return .text(access, op, lowered)
        case .id(let id): return .id(access, op, op == .equal || op == .notEqual ? String(id.prefix(15)) : id)
        case .number(let number): return .number(access, op, number)
        case .scalar(let scalar): return .scalar(access, op, scalar)
        case .boolean(let boolean): return .boolean(access, op, boolean)
        case .range(let lower, let upper): return .range(access, op, lower: lower, upper: upper)
        }
    }

    private func member(_ access: FieldAccess, _ field: SOQLField, _ literals: [Literal], negated: Bool) throws(SOQLError)
        -> Predicate
    {
        var includesNull = false
        var texts = Set<String>()
        var ids = Set<String>()
        var scalars = Set<Int64>()
        var numbers = Set<Double>()
        var booleans = Set<Bool>()
        var lowers: [Int64] = []
        var uppers: [Int64] = []
        for literal in literals {
            switch try operand(literal, for: field) {
            case .null: includesNull = true
            case .text(let lowered): texts.insert(lowered)
            case .id(let id): ids.insert(TextCompare.idKey(id))
            case .number(let number): numbers.insert(number)
            case .scalar(let scalar): scalars.insert(scalar)
            case .boolean(let boolean): booleans.insert(boolean)
            case .range(let lower, let upper):
                lowers.append(lower)
                uppers.append(upper)
            }
        }
        let set: MemberSet
        switch field.kind {
        case .id: set = ids.count <= Self.linearScanLimit ? .idList(Array(ids)) : .id(ids)
        case .string: set = texts.count <= Self.linearScanLimit ? .textList(Array(texts)) : .text(texts)
        case .integer, .number: set = .number(numbers)
        case .boolean: set = .boolean(booleans)
        default:
            // Dates mix exact literals and relative ranges: exact ones become one-unit ranges.
            if lowers.isEmpty {
                set = .scalar(scalars)
            } else {
                for scalar in scalars {
                    lowers.append(scalar)
                    uppers.append(scalar + 1)
                }
                set = .ranges(lowers: lowers, uppers: uppers)
            }
        }
        return .member(access, set, includesNull: includesNull, negated: negated)
    }

    /// Converts a literal for comparison with `field`, rejecting the combinations Salesforce rejects.
    func operand(_ literal: Literal, for field: SOQLField) throws(SOQLError) -> Operand {
        if case .null = literal.value { return .null }
        switch (field.kind, literal.value) {
        case (.string, .string(let text, _)):
            return .text(lowered: text.lowercased())
        case (.id, .string(let text, _)):
            guard Self.isValidId(text) else {
                throw error(SOQLError.invalidFilterOperator, at: literal.offset, "invalid ID field: \(text)")
            }
            return .id(text)
        case (.integer, .number(let number)), (.number, .number(let number)):
            return .number(number)
        case (.boolean, .boolean(let boolean)):
            return .boolean(boolean)
        case (.date, .date(let days)):
            return .scalar(Int64(days))
        case (.dateTime, .dateTime(let ms)):
            return .scalar(ms)
        case (.date, .relative(let relative)):
            let range = relative.dayRange(now: now)
            return .range(Int64(range.lower), Int64(range.upper))
        case (.dateTime, .relative(let relative)):
            let range = relative.dayRange(now: now)
            return .range(Int64(range.lower) * SOQLDate.millisecondsPerDay, Int64(range.upper) * SOQLDate.millisecondsPerDay)
        case (.time, .string(let text, _)):
            guard let ms = SOQLDate.parseTime(text) else { throw mismatch(field, at: literal.offset) }
            return .scalar(Int64(ms))
        default:
            throw mismatch(field, at: literal.offset)
        }
    }

    /// Salesforce's wording: text and ids want quotes, every other type wants none.
    func mismatch(_ field: SOQLField, at offset: Int) -> SOQLError {
        let type: String
        let quoting: String
        switch field.kind {
        case .string: (type, quoting) = ("string", "should be enclosed in quotes")
        case .id: (type, quoting) = ("id", "should be enclosed in quotes")
        case .boolean: (type, quoting) = ("boolean", "should not be enclosed in quotes")
        case .integer: (type, quoting) = ("integer", "should not be enclosed in quotes")
        case .number: (type, quoting) = ("double", "should not be enclosed in quotes")
        case .date: (type, quoting) = ("date", "should not be enclosed in quotes")
        case .dateTime: (type, quoting) = ("dateTime", "should not be enclosed in quotes")
        case .time: (type, quoting) = ("time", "should be enclosed in quotes")
        case .compound, .base64: (type, quoting) = ("string", "should be enclosed in quotes")
        }
        return error(
            SOQLError.invalidField, at: offset,
            "value of filter criterion for field '\(field.name)' must be of type \(type) and \(quoting)")
    }

    /// 15 or 18 ASCII letters and digits.
    static func isValidId(_ text: String) -> Bool {
        let count = text.utf8.count
        return (count == 15 || count == 18)
            && text.utf8.allSatisfy { ($0 | 0x20) &- UInt8(ascii: "a") < 26 || $0 &- UInt8(ascii: "0") < 10 }
    }

    static func compareOp(_ symbol: ComparisonSymbol) -> CompareOp {
        switch symbol {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        }
    }
}
