import SOQL

/// Salesforce archives old activities ("Archived Activities", SOAP API guide): events that
/// ended, and closed tasks due (or, without a due date, created), more than 365 days ago.
/// `query` and Bulk `query` leave archived rows out; `queryAll` returns them with
/// `IsArchived = true`. Here the rule is applied as rows are read, against a cutoff day that
/// only moves forward (`POST /_sandbox/archive`), so generated and changed records follow it alike.
struct ActivityArchive: Sendable {
    struct Rule: Sendable {
        var isArchived: Int
        /// The day the activity counts from: the task's due date, the event's end.
        var day: Int
        /// Tasks: created date when there is no due date.
        var fallback: Int?
        /// Tasks only: archived once closed.
        var isClosed: Int?
    }

    /// Activities dated before this day (days since 1970) are archived.
    var cutoffDay: Int32
    /// Per object index; nil for objects that are never archived.
    var rules: [Rule?]

    static let retentionDays: Int32 = 365

    init?(catalog: OrgCatalog, cutoffDay: Int32) {
        var rules = [Rule?](repeating: nil, count: catalog.schemas.count)
        if let task = catalog.objectIndex(name: "Task") {
            let s = catalog.schemas[task]
            if let archived = s.fieldIndex(named: "IsArchived"), let due = s.fieldIndex(named: "ActivityDate") {
                rules[task] = Rule(
                    isArchived: archived, day: due, fallback: s.fieldIndex(named: "CreatedDate"),
                    isClosed: s.fieldIndex(named: "IsClosed"))
            }
        }
        if let event = catalog.objectIndex(name: "Event") {
            let s = catalog.schemas[event]
            if let archived = s.fieldIndex(named: "IsArchived"), let end = s.fieldIndex(named: "EndDateTime") {
                rules[event] = Rule(isArchived: archived, day: end, fallback: nil, isClosed: nil)
            }
        }
        guard rules.contains(where: { $0 != nil }) else { return nil }
        self.cutoffDay = cutoffDay
        self.rules = rules
    }

    func applies(to object: Int) -> Bool { object < rules.count && rules[object] != nil }

    /// Sets `IsArchived` in the values; returns whether the record is archived.
    func mark(_ values: inout [SOQLValue], object: Int) -> Bool {
        guard object < rules.count, let rule = rules[object], rule.isArchived < values.count else { return false }
        let archived = isArchived(values, rule)
        values[rule.isArchived] = .boolean(archived)
        return archived
    }

    private func isArchived(_ values: [SOQLValue], _ rule: Rule) -> Bool {
        if let closed = rule.isClosed, values.indices.contains(closed), values[closed] != .boolean(true) { return false }
        guard let day = Self.day(values, rule.day) ?? rule.fallback.flatMap({ Self.day(values, $0) }) else { return false }
        return day < cutoffDay
    }

    private static func day(_ values: [SOQLValue], _ slot: Int) -> Int32? {
        guard values.indices.contains(slot) else { return nil }
        switch values[slot] {
        case .date(let d): return d
        case .dateTime(let ms): return Time.days(ms) - (ms < 0 && ms % Time.day != 0 ? 1 : 0)
        default: return nil
        }
    }
}
