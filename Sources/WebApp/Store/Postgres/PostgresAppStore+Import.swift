import Foundation
import PostgresNIO
import Warehouse

extension PostgresAppStore {
    /// Inserts the tables' rows with their ids in one transaction, then moves each serial past
    /// the largest id; refuses (copies nothing) when the target has users already.
    func importState(_ tables: [AppStateTable], parametersPerInsert: Int = parametersPerInsert) async throws -> AppStateMoveResult {
        try await pool.transaction { connection in
            // Two moves at once: the second waits here, then sees the first one's users.
            _ = try await connection.rows("LOCK TABLE tributary_users IN EXCLUSIVE MODE", logger: logger)
            let existing = try await connection.rows("SELECT count(*) AS n FROM tributary_users", logger: logger)
            guard try existing.first?.value("n", as: Int64.self) == 0 else { return .targetHadUsers }
            var copied: [String: Int] = [:]
            for table in tables {
                let columns = table.columns.map(\.name).joined(separator: ", ")
                // Many rows per INSERT: one round trip per row made 41,000 rows (1,000 users,
                // 20,000 sessions and reports) take 40 s; a batch stays far below PostgreSQL's
                // 65,535 parameters per statement.
                let batch = max(1, parametersPerInsert / table.columns.count)
                for start in stride(from: 0, to: table.rows.count, by: batch) {
                    let rows = table.rows[start..<min(start + batch, table.rows.count)]
                    var binds = PostgresBindings()
                    var tuples: [String] = []
                    for row in rows {
                        let first = binds.count
                        for (value, column) in zip(row, table.columns) { Self.bind(value, as: column.kind, into: &binds) }
                        tuples.append("(" + (first..<binds.count).map { "$\($0 + 1)" }.joined(separator: ", ") + ")")
                    }
                    _ = try await connection.rows(PostgresQuery(unsafeSQL: "INSERT INTO \(table.name) (\(columns)) VALUES \(tuples.joined(separator: ", "))", binds: binds),
                                                  logger: logger)
                }
                if table.hasSerialID {
                    _ = try await connection.rows(PostgresQuery(unsafeSQL: """
                        SELECT setval(pg_get_serial_sequence('\(table.name)', 'id'), COALESCE(max(id), 1), max(id) IS NOT NULL) FROM \(table.name)
                        """), logger: logger)
                }
                copied[table.name] = table.rows.count
            }
            return .copied(copied)
        }
    }

    static let parametersPerInsert = 10_000

    /// A value in the column's PostgreSQL type; a null keeps the column's type so the insert
    /// does not depend on inference.
    private static func bind(_ value: AppStateTable.Value, as kind: AppStateTable.Kind, into binds: inout PostgresBindings) {
        switch (value, kind) {
        case (.integer(let n), _): binds.append(n)
        case (.real(let d), _): binds.append(d)
        case (.text(let text), _): binds.append(text)
        case (.time(let date), _): binds.append(date)
        case (.flag(let flag), _): binds.append(flag)
        case (.null, .integer): binds.append(Int64?.none)
        case (.null, .real): binds.append(Double?.none)
        case (.null, .text): binds.append(String?.none)
        case (.null, .time): binds.append(Date?.none)
        case (.null, .flag): binds.append(Bool?.none)
        }
    }
}
