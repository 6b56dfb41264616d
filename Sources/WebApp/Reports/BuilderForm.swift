import Analytics
import Foundation

/// The report builder's form as typed, and the query it means. Measures are the slots `A`, `B`
/// and `C` (each may count only where one condition holds, as a win rate's numerator counts won
/// deals); filters and groupings are slots too. One measure and no formula is the API's single
/// `measure` form. Pure, so the form ↔ query rules are tested without a server.
struct BuilderForm: Equatable {
    struct Condition: Equatable {
        var field = ""
        var op = "="
        var value = ""

        var isEmpty: Bool { field.isEmpty }
    }

    struct Measure: Equatable {
        /// Empty: the slot is unused.
        var aggregate = ""
        var field = ""
        var only = Condition()
    }

    static let measureNames = ["A", "B", "C"]
    static let filterSlots = 4
    static let groupSlots = 2

    var id: Int64?
    var object = ""
    var measures = Array(repeating: Measure(), count: measureNames.count)
    var formula = ""
    var timeField = ""
    var from = ""
    var to = ""
    var interval = "month"
    var filters = Array(repeating: Condition(), count: filterSlots)
    var groups = Array(repeating: "", count: groupSlots)
    var chart = SavedReport.Chart.line
    var title = ""
    var shared = false

    init() {
        measures[0].aggregate = "count"
    }

    /// The form's fields as posted (a missing field is empty).
    init(fields: [String: String]) {
        let text = { (name: String) in (fields[name] ?? "").trimmingCharacters(in: .whitespaces) }
        id = Int64(text("id"))
        object = text("object")
        for (i, name) in Self.measureNames.enumerated() {
            let key = "measure-\(name.lowercased())"
            measures[i] = Measure(aggregate: text(key + "-aggregate"), field: text(key + "-field"),
                                  only: Condition(field: text(key + "-only-field"), op: fields[key + "-only-op"] ?? "=", value: fields[key + "-only-value"] ?? ""))
        }
        formula = text("formula")
        timeField = text("time-field")
        from = text("time-from")
        to = text("time-to")
        interval = text("interval")
        for i in 0..<Self.filterSlots {
            filters[i] = Condition(field: text("filter-\(i + 1)-field"), op: fields["filter-\(i + 1)-op"] ?? "=", value: fields["filter-\(i + 1)-value"] ?? "")
        }
        for i in 0..<Self.groupSlots { groups[i] = text("group-\(i + 1)") }
        chart = SavedReport.Chart(rawValue: text("chart")) ?? .none
        title = fields["title"] ?? ""
        shared = fields["shared"] == "on"
    }

    /// A saved report's query back in the form, to edit it. The builder names its measures A,
    /// B, C; other names (a query from elsewhere) take those slots in order.
    init(_ spec: QuerySpec, id: Int64?, title: String, chart: SavedReport.Chart, shared: Bool) {
        self.init()
        self.id = id
        self.title = title
        self.chart = chart
        self.shared = shared
        object = spec.object
        measures = Array(repeating: Measure(), count: Self.measureNames.count)
        let named = spec.isSingleMeasure ? spec.measures.map { (key: "A", value: $0.value) } : spec.measures.sorted { $0.key < $1.key }
        for (slot, entry) in named.prefix(Self.measureNames.count).enumerated() {
            let only = entry.value.filters.first.map(Self.condition) ?? Condition()
            measures[slot] = Measure(aggregate: entry.value.aggregate, field: entry.value.field ?? "", only: only)
        }
        formula = spec.formula ?? ""
        timeField = spec.time?.field ?? ""
        from = spec.time?.from ?? ""
        to = spec.time?.to ?? ""
        interval = spec.time?.interval ?? "none"
        for (i, filter) in spec.filters.prefix(Self.filterSlots).enumerated() { filters[i] = Self.condition(filter) }
        for (i, group) in spec.groupBy.prefix(Self.groupSlots).enumerated() { groups[i] = group }
    }

    /// The query the form means; the query layer then checks every name in it.
    /// - Throws: `QueryError` when no measure is chosen.
    func spec() throws -> QuerySpec {
        guard !object.isEmpty else { throw QueryError.invalid("choose an object") }
        var chosen: [(name: String, measure: MeasureSpec)] = []
        for (name, slot) in zip(Self.measureNames, measures) where !slot.aggregate.isEmpty {
            let filters = slot.only.isEmpty ? [] : [Self.filter(slot.only)]
            chosen.append((name, MeasureSpec(aggregate: slot.aggregate, field: slot.field.isEmpty ? nil : slot.field, filters: filters)))
        }
        guard let first = chosen.first else { throw QueryError.invalid("choose a measure: a count of records, or an aggregate of a field") }
        let time = timeField.isEmpty ? nil : TimeSpec(field: timeField, from: from.isEmpty ? nil : from, to: to.isEmpty ? nil : to,
                                                       interval: interval.isEmpty ? nil : interval)
        let filters = self.filters.filter { !$0.isEmpty }.map(Self.filter)
        let groupBy = groups.filter { !$0.isEmpty }
        if chosen.count == 1, formula.isEmpty, first.measure.filters.isEmpty {
            return QuerySpec(object: object, measure: first.measure, time: time, filters: filters, groupBy: groupBy)
        }
        return QuerySpec(object: object, measures: Dictionary(chosen.map { ($0.name, $0.measure) }, uniquingKeysWith: { a, _ in a }),
                         formula: formula.isEmpty ? nil : formula, time: time, filters: filters, groupBy: groupBy)
    }

    /// A condition as a filter: `in`/`notIn` take a comma-separated list, `isNull`/`notNull` no
    /// value; the rest take the text, which the query layer reads as the field's type.
    static func filter(_ condition: Condition) -> FilterSpec {
        switch condition.op {
        case "in", "notIn":
            let items = condition.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return FilterSpec(field: condition.field, op: condition.op, value: .list(items.map(FilterValue.string)))
        case "isNull", "notNull":
            return FilterSpec(field: condition.field, op: condition.op)
        default:
            return FilterSpec(field: condition.field, op: condition.op, value: .string(condition.value))
        }
    }

    static func condition(_ filter: FilterSpec) -> Condition {
        Condition(field: filter.field, op: filter.op, value: filter.value.map(text) ?? "")
    }

    private static func text(_ value: FilterValue) -> String {
        switch value {
        case .string(let s), .number(let s): s
        case .bool(let b): String(b)
        case .null: ""
        case .list(let items): items.map(text).joined(separator: ", ")
        }
    }
}
