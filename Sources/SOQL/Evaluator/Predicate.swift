/// A comparison operator resolved at bind time.
@usableFromInline
enum CompareOp: Sendable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

    /// Whether the operator holds for a three-way comparison result of value against literal.
    @inlinable
    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }

    /// SOQL treats null as a value: `!=` matches rows whose field is null, every other operator does not.
    @inlinable
    var matchesNull: Bool { self == .notEqual }
}

/// The literal set of IN / NOT IN, converted to the field's kind.
@usableFromInline
enum MemberSet: Sendable {
    /// Lowercased text.
    case text(Set<String>)
    /// The 15-character case-sensitive form of each id.
    case id(Set<String>)
    /// Short lists: a linear scan beats hashing every row's value.
    case textList([String])
    case idList([String])
    /// Dates, datetimes and times as integers.
    case scalar(Set<Int64>)
    case number(Set<Double>)
    case boolean(Set<Bool>)
    /// Relative date literals: half-open ranges.
    case ranges(lowers: [Int64], uppers: [Int64])

    @inlinable
    func contains(_ value: SOQLValue) -> Bool {
        switch self {
        case .text(let set):
            guard case .string(let s) = value else { return false }
            return TextCompare.lowercasedMember(s, of: set)
        case .id(let set):
            guard case .string(let s) = value else { return false }
            return set.contains(TextCompare.idKey(s))
        case .textList(let list):
            guard case .string(let s) = value else { return false }
            for literal in list where TextCompare.equals(s, lowered: literal) { return true }
            return false
        case .idList(let list):
            guard case .string(let s) = value else { return false }
            for literal in list where TextCompare.idEquals(s, prefix15: literal) { return true }
            return false
        case .scalar(let set):
            guard let v = value.scalar else { return false }
            return set.contains(v)
        case .number(let set):
            guard let v = value.double else { return false }
            return set.contains(v)
        case .boolean(let set):
            guard case .boolean(let b) = value else { return false }
            return set.contains(b)
        case .ranges(let lowers, let uppers):
            guard let v = value.scalar else { return false }
            for k in lowers.indices where lowers[k] <= v && v < uppers[k] { return true }
            return false
        }
    }
}

/// A WHERE clause compiled against the catalog: field indices resolved, literals converted to the
/// field's representation (lowercased text, 15-character ids, integer days/ms), IN lists as sets.
@usableFromInline
indirect enum Predicate: Sendable {
    case constant(Bool)
    case and([Predicate])
    case or([Predicate])
    case not(Predicate)
    /// `= null` (true) or `!= null` (false).
    case isNull(FieldAccess, Bool)
    /// Case-insensitive text against a lowercased literal.
    case text(FieldAccess, CompareOp, String)
    /// Case-sensitive id; equality looks at the first 15 characters.
    case id(FieldAccess, CompareOp, String)
    case number(FieldAccess, CompareOp, Double)
    /// Dates (days), datetimes and times (ms) as integers.
    case scalar(FieldAccess, CompareOp, Int64)
    case boolean(FieldAccess, CompareOp, Bool)
    /// A relative date literal: the half-open range [lower, upper) in the field's unit.
    case range(FieldAccess, CompareOp, lower: Int64, upper: Int64)
    case like(FieldAccess, LikePattern)
    case member(FieldAccess, MemberSet, includesNull: Bool, negated: Bool)
    /// Multi-select picklists: each term is a set of lowercased values that must all be selected.
    case includes(FieldAccess, [[String]], excludes: Bool)

    @inlinable
    func evaluate<R: SOQLRow>(_ row: R) -> Bool {
        switch self {
        case .constant(let result):
            return result
        case .and(let terms):
            for term in terms where !term.evaluate(row) { return false }
            return true
        case .or(let terms):
            for term in terms where term.evaluate(row) { return true }
            return false
        case .not(let term):
            return !term.evaluate(row)
        case .isNull(let access, let wantsNull):
            return access.read(row).isNull == wantsNull
        case .text(let access, let op, let literal):
            guard case .string(let s) = access.read(row) else { return op.matchesNull }
            switch op {
            case .equal: return TextCompare.equals(s, lowered: literal)
            case .notEqual: return !TextCompare.equals(s, lowered: literal)
            default: return op.holds(TextCompare.compare(s, literal))
            }
        case .id(let access, let op, let literal):
            guard case .string(let s) = access.read(row) else { return op.matchesNull }
            switch op {
            case .equal: return TextCompare.idEquals(s, prefix15: literal)
            case .notEqual: return !TextCompare.idEquals(s, prefix15: literal)
            default: return op.holds(TextCompare.compareBytes(s, literal))
            }
        case .number(let access, let op, let literal):
            guard let v = access.read(row).double else { return op.matchesNull }
            return op.holds(v < literal ? -1 : (v == literal ? 0 : 1))
        case .scalar(let access, let op, let literal):
            guard let v = access.read(row).scalar else { return op.matchesNull }
            return op.holds(v < literal ? -1 : (v == literal ? 0 : 1))
        case .boolean(let access, let op, let literal):
            guard case .boolean(let b) = access.read(row) else { return op.matchesNull }
            return op.holds(b == literal ? 0 : (b ? 1 : -1))
        case .range(let access, let op, let lower, let upper):
            guard let v = access.read(row).scalar else { return op.matchesNull }
            switch op {
            case .equal: return lower <= v && v < upper
            case .notEqual: return v < lower || v >= upper
            case .less: return v < lower
            case .lessOrEqual: return v < upper
            case .greater: return v >= upper
            case .greaterOrEqual: return v >= lower
            }
        case .like(let access, let pattern):
            guard case .string(let s) = access.read(row) else { return false }
            return pattern.matches(s)
        case .member(let access, let set, let includesNull, let negated):
            let value = access.read(row)
            let found = value.isNull ? includesNull : set.contains(value)
            return found != negated
        case .includes(let access, let terms, let excludes):
            guard case .string(let s) = access.read(row) else { return excludes }
            let selected = Set(s.split(separator: ";").map { $0.trimmingSpaces.lowercased() })
            let any = terms.contains { term in term.allSatisfy { selected.contains($0) } }
            return any != excludes
        }
    }
}

extension SOQLValue {
    /// Dates, datetimes, times and integers as one integer, for comparisons within one field kind.
    @inlinable
    var scalar: Int64? {
        switch self {
        case .date(let d): Int64(d)
        case .dateTime(let ms): ms
        case .time(let t): Int64(t)
        case .integer(let i): i
        default: nil
        }
    }

    @inlinable
    var double: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }
}

extension Substring {
    @usableFromInline
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
