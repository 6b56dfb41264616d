import Analytics
import Foundation

/// What reads a warehouse table or some of its columns: analyses (and the lead scores), goals,
/// and saved reports whose SQL names them. Shown before a removal in the Data Warehouse Manager.
enum Dependents {
    static func find(table: String, columns: [String]?, users: UserStore) async throws -> [String] {
        var found = Analysis.reading(table: table, columns: columns).map { "Analysis: \($0.title)" }
        found += try await users.goals().filter { $0.metric.reads(table: table, columns: columns) }.map { "Goal: \($0.title)" }
        found += try await users.allReports().filter { mentions($0.sql, table: table, columns: columns) }.map { "Report: \($0.title)" }
        return found
    }

    /// Whether the SQL names the table and (when given) one of the columns, as whole words: a
    /// report may alias tables, so the test leans to listing a report that does not break.
    static func mentions(_ sql: String, table: String, columns: [String]?) -> Bool {
        let words = Set(sql.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        guard words.contains(table.lowercased()) else { return false }
        return columns.map { !words.isDisjoint(with: $0.map { $0.lowercased() }) } ?? true
    }
}
