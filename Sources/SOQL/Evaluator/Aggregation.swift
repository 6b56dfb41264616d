/// Folds matching rows into the single result row of an aggregate query without GROUP BY.
/// Feed it every row that `matches`, then read `results` (one value per `BoundQuery.aggregates`).
public struct AggregateAccumulator: Sendable {
    @usableFromInline let functions: [AggregateFunction]
    @usableFromInline let accesses: [FieldAccess]
    @usableFromInline let caseSensitive: [Bool]
    @usableFromInline var counts: [Int64]
    @usableFromInline var sums: [Double]
    /// Running MIN/MAX per aggregate.
    @usableFromInline var extremes: [SOQLValue]
    @usableFromInline var distinct: [Set<SOQLValue>]

    init(functions: [AggregateFunction], accesses: [FieldAccess], caseSensitive: [Bool]) {
        self.functions = functions
        self.accesses = accesses
        self.caseSensitive = caseSensitive
        counts = Array(repeating: 0, count: functions.count)
        sums = Array(repeating: 0, count: functions.count)
        extremes = Array(repeating: .null, count: functions.count)
        distinct = Array(repeating: [], count: functions.count)
    }

    @inlinable
    public mutating func add<R: SOQLRow>(_ row: R) {
        for k in functions.indices {
            let value = accesses[k].read(row)
            if value.isNull { continue }
            counts[k] += 1
            switch functions[k] {
            case .count:
                break
            case .countDistinct:
                distinct[k].insert(Self.distinctKey(value, caseSensitive: caseSensitive[k]))
            case .sum, .avg:
                sums[k] += value.double ?? 0
            case .min, .max:
                let current = extremes[k]
                let order = current.isNull ? 0 : ValueOrder.compare(value, current, caseSensitive: caseSensitive[k])
                if current.isNull || (functions[k] == .min ? order < 0 : order > 0) { extremes[k] = value }
            }
        }
    }

    /// COUNT_DISTINCT ignores case for text, like `=` does.
    @usableFromInline
    static func distinctKey(_ value: SOQLValue, caseSensitive: Bool) -> SOQLValue {
        if !caseSensitive, case .string(let s) = value { return .string(s.lowercased()) }
        return value
    }

    /// COUNT and COUNT_DISTINCT are integers, SUM and AVG numbers (null over no rows), MIN/MAX keep the field's type.
    public var results: [SOQLValue] {
        functions.indices.map { k in
            switch functions[k] {
            case .count: .integer(counts[k])
            case .countDistinct: .integer(Int64(distinct[k].count))
            case .sum: counts[k] == 0 ? .null : .number(sums[k])
            case .avg: counts[k] == 0 ? .null : .number(sums[k] / Double(counts[k]))
            case .min, .max: extremes[k]
            }
        }
    }
}
