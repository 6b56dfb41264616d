import Warehouse

/// Turns the rows a compiled query's SQL returned into the answer: periods labelled, group
/// labels (a lookup's parent name, else the key), empty periods filled (zero for counts and
/// sums, null for the rest), the formula evaluated, rows ordered by period, then by group.
/// Pure, so every rule is tested on hand-made rows.
struct QueryShaper {
    /// More rows than this are refused: a report wants a narrower range or grouping.
    static let maximumRows = 100_000

    let query: ResolvedQuery
    /// Whether the several-measures form was used (each measure gets a column).
    let showsMeasures: Bool

    private struct Group: Hashable {
        var keys: [String?]
        var labels: [String?]
    }

    private struct Row {
        var period: CivilDay?
        var group: Group
        var measures: [QueryCell]
    }

    var columns: [String] {
        var columns: [String] = []
        if query.interval != .none { columns.append("period") }
        columns += query.groups.map(\.name)
        if showsMeasures { columns += query.measures.map(\.name) }
        if !showsMeasures || query.formula != nil { columns.append("value") }
        return columns
    }

    func shape(_ raw: [[String?]]) throws -> QueryResult {
        let hasPeriod = query.interval != .none
        guard raw.count <= Self.maximumRows else { throw Self.tooMany }
        var rows: [Row] = []
        for values in raw {
            var i = 0
            var period: CivilDay?
            if hasPeriod {
                guard let day = values[0].flatMap({ CivilDay($0) }) else { continue }
                period = query.interval.start(of: day)
                i = 1
            }
            var group = Group(keys: [], labels: [])
            for field in query.groups {
                let key = Self.normalized(values[i], field)
                group.keys.append(key)
                group.labels.append(field.label == nil ? key : (values[i + 1] ?? key))
                i += 2
            }
            let measures = query.measures.enumerated().map { Self.cell(values[i + $0.offset], $0.element) }
            rows.append(Row(period: period, group: group, measures: measures))
        }
        if hasPeriod { rows = try filled(rows) }
        guard rows.count <= Self.maximumRows else { throw Self.tooMany }
        // Sort keys are made once per row, not once per comparison (thousands of rows by owner and month).
        let orders = query.groups.map(\.order)
        let sorted = rows.map { (key: SortKey($0, orders: orders), row: $0) }.sorted { $0.key < $1.key }.map(\.row)
        return QueryResult(columns: columns, rows: sorted.map(output))
    }

    private static let tooMany = QueryError.invalid("the answer has more than \(maximumRows) rows; narrow the range, the interval or the groupings")

    /// Every period of the range (or of the data, where the range is open) for every group seen.
    private func filled(_ rows: [Row]) throws -> [Row] {
        let seen = rows.compactMap(\.period)
        let interval = query.interval
        guard let first = query.from.map({ interval.start(of: $0) }) ?? seen.min(), let last = query.to ?? seen.max().map({ interval.next($0) }) else {
            return rows
        }
        var periods: [CivilDay] = []
        var period = first
        let groupCount = max(1, Set(rows.map(\.group)).count)
        while period < last {
            periods.append(period)
            guard periods.count * groupCount <= Self.maximumRows else { throw Self.tooMany }
            period = query.interval.next(period)
        }
        var groups: [Group] = []
        var known = Set<Group>()
        for row in rows where known.insert(row.group).inserted { groups.append(row.group) }
        if groups.isEmpty && query.groups.isEmpty { groups = [Group(keys: [], labels: [])] }
        let present = Set(rows.map { PeriodGroup(period: $0.period, group: $0.group) })
        var out = rows
        let empty = query.measures.map { $0.zeroWhenEmpty ? ($0.isCount ? QueryCell.int(0) : .double(0)) : .null }
        for period in periods {
            for group in groups where !present.contains(PeriodGroup(period: period, group: group)) {
                out.append(Row(period: period, group: group, measures: empty))
            }
        }
        return out
    }

    private struct PeriodGroup: Hashable {
        var period: CivilDay?
        var group: Group
    }

    private func output(_ row: Row) -> [QueryCell] {
        var cells: [QueryCell] = []
        if let period = row.period { cells.append(.text(query.interval.label(period))) }
        cells += row.group.labels.map { $0.map(QueryCell.text) ?? .null }
        if showsMeasures { cells += row.measures }
        if let formula = query.formula {
            var values: [String: Double?] = [:]
            for (measure, cell) in zip(query.measures, row.measures) { values[measure.name] = cell.number }
            cells.append(formula.evaluate(values).map(QueryCell.double) ?? .null)
        } else if !showsMeasures {
            cells += row.measures
        }
        return cells
    }

    /// By period, then each grouping's label: empty first, a picklist's values in describe's
    /// order (stages from prospecting to closed) and values it does not list after them, other
    /// fields by code points (the same on every warehouse); then the keys (two parents of one
    /// name stay apart, in a stable order).
    private struct SortKey: Comparable {
        var period: Int
        var texts: [(rank: Int, text: [UInt32])?]

        init(_ row: Row, orders: [[String: Int]?]) {
            period = row.period?.daysSinceEpoch ?? Int.min
            let labels = row.group.labels.enumerated().map { i, label in
                label.map { (rank: (i < orders.count ? orders[i]?[$0] : nil) ?? Int.max, text: Array($0.unicodeScalars.map(\.value))) }
            }
            texts = labels + row.group.keys.map { $0.map { (rank: 0, text: Array($0.unicodeScalars.map(\.value))) } }
        }

        static func < (a: SortKey, b: SortKey) -> Bool {
            if a.period != b.period { return a.period < b.period }
            for (x, y) in zip(a.texts, b.texts) {
                guard let x else { if y == nil { continue } else { return true } }
                guard let y else { return false }
                if x.rank != y.rank { return x.rank < y.rank }
                if x.text != y.text { return x.text.lexicographicallyPrecedes(y.text) }
            }
            return false
        }

        static func == (a: SortKey, b: SortKey) -> Bool { !(a < b) && !(b < a) }
    }

    /// Group keys read the same on every warehouse: booleans as true/false, numbers without the
    /// trailing zeros PostgreSQL's numeric keeps (`12.50` is `12.5`, `3.0` is `3`).
    static func normalized(_ value: String?, _ field: ResolvedQuery.Field) -> String? {
        guard let value else { return nil }
        switch field.column.type {
        case .boolean:
            switch value {
            case "1", "t", "true": return "true"
            case "0", "f", "false": return "false"
            default: return value
            }
        case .integer, .real:
            guard let number = Double(value), number.isFinite else { return value }
            if number == number.rounded(), abs(number) < 1e15, let whole = Int(exactly: number) { return String(whole) }
            return String(number)
        default:
            return value
        }
    }

    private static func cell(_ value: String?, _ measure: ResolvedQuery.Measure) -> QueryCell {
        if measure.isCount { return .int(AnalyticsService.int(value)) }
        if measure.isText { return value.map(QueryCell.text) ?? .null }
        guard let number = value.flatMap(Double.init), number.isFinite else { return measure.zeroWhenEmpty ? .double(0) : .null }
        return .double(number)
    }
}
