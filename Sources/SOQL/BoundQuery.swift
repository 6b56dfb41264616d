/// A query checked against a catalog and compiled for evaluation over rows of the store.
public struct BoundQuery: Sendable {
    /// One selected field, in SELECT order.
    public struct Column: Sendable {
        /// The output key: the last field's API name in describe casing (`Name`).
        public var name: String
        /// The path in describe casing (`Owner.Name`), the Bulk CSV header.
        public var dottedName: String
        /// Relationship names in describe casing (`["Owner"]`); empty for a field of the FROM object.
        public var relationshipPath: [String]
        /// The object reached at each hop (`["User"]`); nil for a polymorphic hop (`Who`), whose
        /// object is the parent row's `objectName`.
        public var relationshipObjects: [String?]
        /// The last field. For a polymorphic hop this is the field of the first candidate object
        /// that has it; its `index` may differ on the other candidates.
        public var field: SOQLField
    }

    /// An aggregate function of the SELECT list (aggregate queries have no GROUP BY here, so they
    /// return one row).
    public struct Aggregate: Sendable {
        public var function: AggregateFunction
        /// The output key: the alias written, or `expr0`, `expr1`… in the order of unaliased aggregates.
        public var alias: String
        /// The column holding the function's argument.
        public var column: Int
    }

    /// The nesting of a REST JSON record: plain columns, and relationship objects holding the
    /// columns reached through them, in the order of their first appearance in SELECT.
    public indirect enum OutputNode: Sendable {
        /// A value of the row at this level; read it with `leafValue(ofColumn:in:)`.
        case column(Int)
        /// A nested `"Owner": {...}` object: the parent is `row.parent(through: lookupIndex)` of the
        /// row at this level, and JSON `null` when that is nil.
        case relationship(name: String, lookupIndex: Int, children: [OutputNode])
    }

    /// The FROM object.
    public let object: any SOQLObject
    /// Bare `SELECT COUNT() FROM …`: the answer is only `totalSize`.
    public let isCount: Bool
    /// Aggregate functions, when the query uses them (then `columns` are their arguments).
    public let aggregates: [Aggregate]
    public let columns: [Column]
    public let outputTree: [OutputNode]
    public let limit: Int?
    public let offset: Int?
    /// Top-level fields used anywhere (SELECT, WHERE, ORDER BY), lookups for paths, in describe casing.
    public let referencedFieldNames: [String]
    /// The row indices of `referencedFieldNames`, in the same order.
    public let referencedFieldIndices: [Int]

    @usableFromInline let predicate: Predicate?
    @usableFromInline let accesses: [FieldAccess]
    @usableFromInline let orderKeys: [OrderKey]

    init(
        object: any SOQLObject, isCount: Bool, aggregates: [Aggregate], columns: [Column], outputTree: [OutputNode],
        limit: Int?, offset: Int?, referencedFieldNames: [String], referencedFieldIndices: [Int],
        predicate: Predicate?, accesses: [FieldAccess], orderKeys: [OrderKey]
    ) {
        self.object = object
        self.isCount = isCount
        self.aggregates = aggregates
        self.columns = columns
        self.outputTree = outputTree
        self.limit = limit
        self.offset = offset
        self.referencedFieldNames = referencedFieldNames
        self.referencedFieldIndices = referencedFieldIndices
        self.predicate = predicate
        self.accesses = accesses
        self.orderKeys = orderKeys
    }

    public var hasOrderBy: Bool { !orderKeys.isEmpty }
    /// Whether the query has a WHERE clause (without one, every row matches and need not be read).
    public var hasFilter: Bool { predicate != nil }
    public var isAggregate: Bool { !aggregates.isEmpty }

    /// Whether the row passes the WHERE clause (true without one).
    @inlinable
    public func matches<R: SOQLRow>(_ row: R) -> Bool {
        predicate?.evaluate(row) ?? true
    }

    /// The column's value for a row of the FROM object, following lookups; null when one is empty.
    @inlinable
    public func value<R: SOQLRow>(ofColumn i: Int, in row: R) -> SOQLValue {
        accesses[i].read(row)
    }

    /// The column's last field read from the row that holds it (the parent at the end of its
    /// relationship path), for writers that walk `outputTree`.
    @inlinable
    public func leafValue<R: SOQLRow>(ofColumn i: Int, in holder: R) -> SOQLValue {
        accesses[i].leafValue(in: holder)
    }

    /// The parent row named by `columns[i].relationshipPath[hop]`, or nil when a lookup on the way is empty.
    @inlinable
    public func parentRow<R: SOQLRow>(forColumn i: Int, hop: Int, in row: R) -> R? {
        accesses[i].parent(after: hop + 1, from: row)
    }

    /// ORDER BY: whether `a` sorts strictly before `b` (false without ORDER BY).
    @inlinable
    public func orderedBefore<R: SOQLRow>(_ a: R, _ b: R) -> Bool {
        for key in orderKeys {
            let order = key.compare(a, b)
            if order != 0 { return order < 0 }
        }
        return false
    }

    /// A fresh accumulator for the aggregate functions of the query.
    public func makeAccumulator() -> AggregateAccumulator {
        AggregateAccumulator(
            functions: aggregates.map(\.function),
            accesses: aggregates.map { accesses[$0.column] },
            caseSensitive: aggregates.map { columns[$0.column].field.kind == .id }
        )
    }
}
