import Analytics
import Foundation
import Warehouse

/// An independent answer to a query spec, in plain Swift over whole tables read with a plain
/// SELECT: its own lookup map (written out by hand, not derived), Foundation's ISO-8601 calendar
/// for weeks, and filter semantics restated from the README. Shares nothing with the query
/// layer but the spec type.
struct QueryReference {
    typealias Record = [String: String?]

    /// The lookups the test specs follow: relationship (lower case) → foreign key and parent table.
    static let lookups: [String: [String: (key: String, table: String)]] = [
        "sf_opportunity": ["account": ("accountid", "sf_account"), "owner": ("ownerid", "sf_user"), "campaign": ("campaignid", "sf_campaign")],
        "sf_lead": ["owner": ("ownerid", "sf_user"), "convertedaccount": ("convertedaccountid", "sf_account")],
        "sf_account": ["owner": ("ownerid", "sf_user"), "parent": ("parentid", "sf_account")],
    ]

    let tables: [String: [String: Record]]
    let types: [String: [String: ColumnType]]

    static func read(_ warehouse: any Warehouse, tables names: [String]) async throws -> QueryReference {
        var tables: [String: [String: Record]] = [:]
        var types: [String: [String: ColumnType]] = [:]
        for name in names {
            guard let spec = try await warehouse.tableSpec(name) else { continue }
            let columns = spec.columns.map(\.name)
            types[name] = Dictionary(uniqueKeysWithValues: spec.columns.map { ($0.name, $0.type) })
            var records: [String: Record] = [:]
            for row in try await warehouse.query("SELECT " + columns.map { "\"\($0)\"" }.joined(separator: ", ") + " FROM \"\(name)\"") {
                var record: Record = [:]
                for (column, value) in zip(columns, row) { record[column] = value }
                if let id = record["id"] ?? nil { records[id] = record }
            }
            tables[name] = records
        }
        return QueryReference(tables: tables, types: types)
    }

    /// The picklist order of the field at `path` as the org defines it (`StandardObjects`), nil
    /// for a field that is not a picklist.
    func picklistOrder(_ table: String, _ path: String) -> [String: Int]? {
        let parts = path.split(separator: ".").map(String.init)
        var owner = table
        if parts.count == 2 { guard let lookup = Self.lookups[table]?[parts[0].lowercased()] else { return nil }; owner = lookup.table }
        return PicklistOrders.sandbox.orders["\(owner).\(parts[parts.count - 1].lowercased())"]
    }

    /// A value of `path` for a record: its own field, or a parent's through a lookup.
    func value(_ record: Record, _ table: String, _ path: String) -> (value: String?, type: ColumnType) {
        let parts = path.lowercased().split(separator: ".").map(String.init)
        if parts.count == 1 { return (normalize(record[parts[0]] ?? nil, types[table]?[parts[0]]), types[table]?[parts[0]] ?? .text) }
        guard let lookup = Self.lookups[table]?[parts[0]] else { fatalError("the reference has no lookup \(parts[0]) on \(table)") }
        let parent = (record[lookup.key] ?? nil).flatMap { tables[lookup.table]?[$0] }
        let type = types[lookup.table]?[parts[1]] ?? .text
        return (normalize(parent?[parts[1]] ?? nil, type), type)
    }

    /// Booleans as true/false whatever the warehouse spells them.
    func normalize(_ value: String?, _ type: ColumnType?) -> String? {
        guard type == .boolean, let value else { return value }
        return value == "1" || value == "true" || value == "t" ? "true" : "false"
    }

    /// A group's key and label: a lookup field itself is labelled with its parent's name.
    func group(_ record: Record, _ table: String, _ path: String) -> (key: String?, label: String?) {
        let key = value(record, table, path).value
        if !path.contains("."), let lookup = Self.lookups[table]?.values.first(where: { $0.key == path.lowercased() }) {
            let name = key.flatMap { tables[lookup.table]?[$0] }.flatMap { $0["name"] ?? nil }
            return (key, name ?? key)
        }
        return (key, key)
    }

    func matches(_ record: Record, _ table: String, _ filter: FilterSpec) -> Bool {
        let (value, type) = self.value(record, table, filter.field)
        func text(_ v: FilterValue) -> String {
            switch v {
            case .string(let s): type == .datetime && s.count == 10 ? s + "T00:00:00.000Z" : s
            case .number(let n): n
            case .bool(let b): b ? "true" : "false"
            default: ""
            }
        }
        func compare(_ v: FilterValue) -> Int? {
            guard let value else { return nil }
            if type == .integer || type == .real {
                guard let a = Double(value), let b = Double(text(v)) else { return nil }
                return a < b ? -1 : a > b ? 1 : 0
            }
            let b = text(v)
            return value < b ? -1 : value > b ? 1 : 0
        }
        switch filter.op {
        case "isNull": return value == nil
        case "notNull": return value != nil
        case "=": return compare(filter.value ?? .null) == 0
        case "!=": return value == nil || compare(filter.value ?? .null) != 0
        case "<": return (compare(filter.value ?? .null) ?? 0) < 0
        case "<=": return value != nil && (compare(filter.value ?? .null) ?? 1) <= 0
        case ">": return (compare(filter.value ?? .null) ?? 0) > 0
        case ">=": return value != nil && (compare(filter.value ?? .null) ?? -1) >= 0
        case "in", "notIn":
            guard case .list(let items)? = filter.value else { return false }
            let found = items.contains { compare($0) == 0 }
            return filter.op == "in" ? found : value == nil || !found
        case "contains":
            guard let value, case .string(let part)? = filter.value else { return false }
            return value.lowercased().contains(part.lowercased())
        default: fatalError("the reference has no operator \(filter.op)")
        }
    }

    /// The period label of a day, through Foundation's calendars.
    static func label(_ day: String, _ interval: String) -> String {
        switch interval {
        case "day": return day
        case "week":
            var calendar = Calendar(identifier: .iso8601)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let date = ISO8601DateFormatter().date(from: day + "T12:00:00Z")!
            let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            return String(format: "%04d-W%02d", parts.yearForWeekOfYear!, parts.weekOfYear!)
        case "month": return String(day.prefix(7))
        case "quarter": return "\(day.prefix(4))-Q\((Int(day.dropFirst(5).prefix(2))! - 1) / 3 + 1)"
        default: return String(day.prefix(4))
        }
    }

    /// Every day from `first` to `last`, both included.
    static func days(from first: String, through last: String) -> [String] {
        let formatter = ISO8601DateFormatter()
        var date = formatter.date(from: first + "T12:00:00Z")!
        let end = formatter.date(from: last + "T12:00:00Z")!
        var out: [String] = []
        while date <= end {
            out.append(String(formatter.string(from: date).prefix(10)))
            date = date.addingTimeInterval(86_400)
        }
        return out
    }
}
