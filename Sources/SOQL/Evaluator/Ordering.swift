/// One ORDER BY key, bound.
@usableFromInline
struct OrderKey: Sendable {
    @usableFromInline let access: FieldAccess
    /// Ids sort case-sensitively; other text ignores case.
    @usableFromInline let caseSensitive: Bool
    @usableFromInline let descending: Bool
    /// Salesforce defaults: nulls first for ASC, last for DESC; NULLS FIRST/LAST overrides either way.
    @usableFromInline let nullsFirst: Bool

    init(access: FieldAccess, caseSensitive: Bool, descending: Bool, nullsFirst: Bool) {
        self.access = access
        self.caseSensitive = caseSensitive
        self.descending = descending
        self.nullsFirst = nullsFirst
    }

    /// Three-way order of two rows on this key; the null placement is not flipped by DESC.
    @inlinable
    func compare<R: SOQLRow>(_ a: R, _ b: R) -> Int {
        let x = access.read(a)
        let y = access.read(b)
        switch (x.isNull, y.isNull) {
        case (true, true): return 0
        case (true, false): return nullsFirst ? -1 : 1
        case (false, true): return nullsFirst ? 1 : -1
        case (false, false):
            let order = ValueOrder.compare(x, y, caseSensitive: caseSensitive)
            return descending ? -order : order
        }
    }
}

@usableFromInline
enum ValueOrder {
    /// Three-way order of two non-null values of one field; values of different kinds compare equal.
    @inlinable
    static func compare(_ x: SOQLValue, _ y: SOQLValue, caseSensitive: Bool) -> Int {
        switch (x, y) {
        case (.string(let a), .string(let b)):
            return caseSensitive ? TextCompare.compareBytes(a, b) : TextCompare.compare(a, b)
        case (.boolean(let a), .boolean(let b)):
            return a == b ? 0 : (a ? 1 : -1)
        default:
            if let a = x.scalar, let b = y.scalar, !(x.isNumber || y.isNumber) {
                return a < b ? -1 : (a == b ? 0 : 1)
            }
            if let a = x.double, let b = y.double {
                return a < b ? -1 : (a == b ? 0 : 1)
            }
            return 0
        }
    }
}

extension SOQLValue {
    @inlinable
    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }
}
