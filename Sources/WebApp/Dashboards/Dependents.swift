import Analytics
import Foundation
import Warehouse

/// What reads a warehouse table or some of its columns: analyses (and the lead scores), goals,
/// and saved reports whose SQL names them. Shown before a removal in the Data Warehouse Manager.
enum Dependents {
    static func find(table: String, columns: [String]?, reports: any ReportStore, goals: any GoalStore) async throws -> [String] {
        var found = Analysis.reading(table: table, columns: columns).map { "Analysis: \($0.title)" }
        found += try await goals.goals().filter { $0.metric.reads(table: table, columns: columns) }.map { "Goal: \($0.title)" }
        found += try await reports.allReports().filter { report in
            switch report.definition {
            case .sql(let sql): mentions(sql, table: table, columns: columns)
            case .query(let spec): reads(spec, table: table, columns: columns)
            // Unknown to this version: listed when its text names them, to lean to warning.
            case .unreadable(let stored, _): mentions(stored, table: table, columns: columns, orItsObject: true)
            }
        }.map { "Report: \($0.title)" }
        return found
    }

    /// Whether a builder query reads the table (and one of the columns): its object's, or a
    /// parent's through a relationship named like its object (`Account.Industry` reads
    /// `sf_account`). A relationship named otherwise (`Owner.Name` reads `sf_user`) is not
    /// seen without the catalog, so the list may miss such a report; it then shows the
    /// report's own message once the field is gone.
    static func reads(_ spec: QuerySpec, table: String, columns: [String]?) -> Bool {
        let wanted = columns.map { Set($0.map { $0.lowercased() }) }
        for name in spec.fieldNames {
            let parts = name.lowercased().split(separator: ".", maxSplits: 1).map(String.init)
            let (fieldTable, column) = parts.count == 2
                ? (WarehouseNames.table(forObject: parts[0]), WarehouseNames.column(forField: parts[1]))
                : (WarehouseNames.table(forObject: spec.object), WarehouseNames.column(forField: parts[0]))
            guard fieldTable == table else { continue }
            if wanted?.contains(column) ?? true { return true }
        }
        return columns == nil && WarehouseNames.table(forObject: spec.object) == table
    }

    /// Whether the SQL names the table and (when given) one of the columns, as whole words: a
    /// report may alias tables, so the test leans to listing a report that does not break.
    /// With `orItsObject`, the object's name counts too (a builder query names `Account`, not
    /// `sf_account`).
    static func mentions(_ sql: String, table: String, columns: [String]?, orItsObject: Bool = false) -> Bool {
        let words = Set(sql.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        let table = table.lowercased()
        let object = table.hasPrefix(WarehouseNames.tablePrefix) ? String(table.dropFirst(WarehouseNames.tablePrefix.count)) : table
        guard words.contains(table) || (orItsObject && words.contains(object)) else { return false }
        return columns.map { !words.isDisjoint(with: $0.map { $0.lowercased() }) } ?? true
    }
}
