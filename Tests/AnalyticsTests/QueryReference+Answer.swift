import Analytics
import Foundation
import Warehouse

extension QueryReference {
    /// One expected row: period label (or nil), groups as (key, label), and each measure's value.
    struct Row {
        var period: String?
        var groups: [(key: String?, label: String?)]
        var measures: [Double?]
        var texts: [String?]
    }

    /// The answer to `spec`: rows as JSON-ish cells, in the README's order. `formula` computes
    /// the several-measures form's value from the measures by name.
    func answer(_ spec: QuerySpec, formula: (([String: Double?]) -> Double?)? = nil) -> [[QueryCell]] {
        let table = "sf_" + spec.object.lowercased()
        let names = spec.isSingleMeasure ? ["value"] : spec.measures.keys.sorted()
        let measures = names.map { spec.measures[$0]! }
        let interval = spec.time?.interval ?? "none"
        var buckets: [String: (period: String?, groups: [(key: String?, label: String?)], records: [Record])] = [:]
        var seenDays: [String] = []
        for record in tables[table].map({ Array($0.values) }) ?? [] {
            var period: String?
            if let time = spec.time {
                let day = value(record, table, time.field).value.map { String($0.prefix(10)) }
                if (time.from != nil || time.to != nil || interval != "none") && day == nil { continue }
                if let from = time.from, let day, day < from { continue }
                if let to = time.to, let day, day >= to { continue }
                if interval != "none", let day {
                    period = Self.label(day, interval)
                    seenDays.append(day)
                }
            }
            guard spec.filters.allSatisfy({ matches(record, table, $0) }) else { continue }
            let groups = spec.groupBy.map { group(record, table, $0) }
            let key = ([period] + groups.flatMap { [$0.key, $0.label] }).map { $0 ?? "\u{0}" }.joined(separator: "\u{1}")
            buckets[key, default: (period, groups, [])].records.append(record)
        }
        var rows = buckets.values.map { bucket in
            let values = measures.map { aggregate($0, bucket.records, table) }
            return Row(period: bucket.period, groups: bucket.groups, measures: values.map(\.0), texts: values.map(\.1))
        }
        if interval != "none" {
            // Every period of the range (or of the data seen) for every group seen.
            let first = spec.time?.from ?? seenDays.min()
            let last = spec.time?.to.map { Self.dayBefore($0) } ?? seenDays.max()
            if let first, let last {
                var periods: [String] = []
                for day in Self.days(from: first, through: last) where periods.last != Self.label(day, interval) { periods.append(Self.label(day, interval)) }
                var groupSets = Dictionary(grouping: rows, by: { $0.groups.map { "\($0.key ?? "\u{0}")|\($0.label ?? "\u{0}")" }.joined(separator: "\u{1}") })
                    .values.map { $0[0].groups }
                if groupSets.isEmpty && spec.groupBy.isEmpty { groupSets = [[]] }
                for period in periods {
                    for groups in groupSets where !rows.contains(where: { $0.period == period && same($0.groups, groups) }) {
                        let empty = measures.map { aggregate($0, [], table) }
                        rows.append(Row(period: period, groups: groups, measures: empty.map(\.0), texts: empty.map(\.1)))
                    }
                }
            }
        } else if rows.isEmpty && spec.groupBy.isEmpty {
            let empty = measures.map { aggregate($0, [], table) }
            rows = [Row(period: nil, groups: [], measures: empty.map(\.0), texts: empty.map(\.1))]
        }
        // A picklist grouping follows the org's own picklist order (the sandbox's schema, not the warehouse's record of it).
        let orders = spec.groupBy.map { picklistOrder(table, $0) }
        rows.sort { a, b in
            if a.period != b.period { return (a.period ?? "") < (b.period ?? "") }
            for (i, (x, y)) in zip(a.groups, b.groups).enumerated() where x.label != y.label {
                if let order = orders[i], let xl = x.label, let yl = y.label, (order[xl] ?? Int.max) != (order[yl] ?? Int.max) {
                    return (order[xl] ?? Int.max) < (order[yl] ?? Int.max)
                }
                return keyOrder(x.label, y.label)
            }
            for (x, y) in zip(a.groups, b.groups) where x.key != y.key { return keyOrder(x.key, y.key) }
            return false
        }
        return rows.map { row in
            var cells: [QueryCell] = []
            if let period = row.period { cells.append(.text(period)) }
            cells += row.groups.map { $0.label.map(QueryCell.text) ?? .null }
            let measureCells = zip(row.measures, row.texts).map { number, text in text.map(QueryCell.text) ?? number.map(QueryCell.double) ?? .null }
            if let formula {
                cells += measureCells
                cells.append(formula(Dictionary(uniqueKeysWithValues: zip(names, row.measures))).map(QueryCell.double) ?? .null)
            } else {
                cells += measureCells
            }
            return cells
        }
    }

    private func same(_ a: [(key: String?, label: String?)], _ b: [(key: String?, label: String?)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.label == $1.label }
    }

    static func dayBefore(_ day: String) -> String {
        let formatter = ISO8601DateFormatter()
        return String(formatter.string(from: formatter.date(from: day + "T12:00:00Z")!.addingTimeInterval(-86_400)).prefix(10))
    }

    /// A measure over records: (number, text) where text is set for the min/max of a date.
    private func aggregate(_ measure: MeasureSpec, _ records: [Record], _ table: String) -> (Double?, String?) {
        let chosen = records.filter { record in measure.filters.allSatisfy { matches(record, table, $0) } }
        let values = measure.field.map { field in chosen.compactMap { value($0, table, field).value } }
        let type = measure.field.map { value([:], table, $0).type } ?? .text
        switch measure.aggregate {
        case "count": return (Double(values?.count ?? chosen.count), nil)
        case "countDistinct": return (Double(Set(values ?? []).count), nil)
        case "sum": return ((values ?? []).compactMap(Double.init).reduce(0, +), nil)
        case "avg":
            let numbers = (values ?? []).compactMap(Double.init)
            return (numbers.isEmpty ? nil : numbers.reduce(0, +) / Double(numbers.count), nil)
        case "min", "max":
            if type == .date || type == .datetime {
                let sorted = (values ?? []).sorted()
                return (nil, measure.aggregate == "min" ? sorted.first : sorted.last)
            }
            let numbers = (values ?? []).compactMap(Double.init)
            return (measure.aggregate == "min" ? numbers.min() : numbers.max(), nil)
        default: fatalError("the reference has no aggregate \(measure.aggregate)")
        }
    }
}
