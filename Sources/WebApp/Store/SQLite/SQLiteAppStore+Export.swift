import Foundation
import GRDB

extension SQLiteAppStore {
    /// Every row of the state's tables, in one read (a consistent snapshot).
    func exportState() async throws -> [AppStateTable] {
        try await writer.read { db in
            try AppStateTable.schema.map { table in
                let columns = table.columns.map(\.name).joined(separator: ", ")
                let rows = try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table.name) ORDER BY 1").map { row in
                    table.columns.indices.map { index in Self.value(row[index] as DatabaseValue, as: table.columns[index].kind) }
                }
                return table.with(rows: rows)
            }
        }
    }

    private static func value(_ stored: DatabaseValue, as kind: AppStateTable.Kind) -> AppStateTable.Value {
        switch (kind, stored.storage) {
        case (_, .null): .null
        case (.integer, .int64(let n)): .integer(n)
        case (.real, .double(let d)): .real(d)
        case (.real, .int64(let n)): .real(Double(n))
        case (.time, .double(let seconds)): .time(Date(timeIntervalSince1970: seconds))
        case (.time, .int64(let seconds)): .time(Date(timeIntervalSince1970: TimeInterval(seconds)))
        case (.flag, .int64(let n)): .flag(n != 0)
        case (_, .string(let text)): kind == .text ? .text(text) : .null
        default: .null
        }
    }
}
