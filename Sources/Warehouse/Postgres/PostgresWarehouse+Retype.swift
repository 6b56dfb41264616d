import PostgresNIO
import Rows

extension PostgresWarehouse {
    /// Moves a column to a new type without losing a value. PostgreSQL's own casts would fail the
    /// whole statement on one bad value and read text differently from a load, so the values go
    /// through the load path instead: read as Salesforce-style text (with the text of values the
    /// old type had rejected), the column retyped empty in place (it keeps its position), then
    /// written back converted, with what does not convert kept in `tributary_rejects`.
    /// Runs in the caller's transaction; holds the column's values in memory meanwhile.
    func retype(_ table: String, column: ColumnSpec, from old: ColumnType, _ connection: PostgresConnection) async throws {
        guard PostgresSQL.declaredType(old) != PostgresSQL.declaredType(column.type) else { return }
        let quotedTable = PostgresSQL.quote(table)
        let quotedColumn = PostgresSQL.quote(column.name)

        var batch = RowBatch(columnCount: 2)
        var binds = PostgresBindings()
        binds.append(table)
        binds.append(column.name)
        let rows = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT "id", \(PostgresSQL.textOf(column.name, type: old)) FROM \(quotedTable) WHERE \(quotedColumn) IS NOT NULL
            UNION ALL SELECT row_id, value FROM tributary_rejects WHERE table_name = $1 AND column_name = $2
            """, binds: binds), logger: logger)
        for try await (id, value) in rows.decode((String, String).self) {
            batch.append(id)
            batch.append(value)
        }

        try await connection.query(PostgresQuery(unsafeSQL: """
            ALTER TABLE \(quotedTable) ALTER COLUMN \(quotedColumn) TYPE \(PostgresSQL.declaredType(column.type)) USING NULL
            """), logger: logger)
        guard batch.rowCount > 0 else { return }

        let columns = [ColumnSpec(name: "id", sourceName: "Id", type: .text, salesforceType: "id"), column]
        var copy = PostgresCopyText(capacity: batch.byteCount + batch.rowCount * 4)
        copy.append(batch, columns: columns, rows: 0..<batch.rowCount, idIndex: 0)
        try await stage(copy.buffer, columns: columns, connection)
        try await connection.query(PostgresQuery(unsafeSQL: """
            UPDATE \(quotedTable) t SET \(quotedColumn) = s.\(quotedColumn) FROM \(PostgresSQL.stagingTable) s WHERE t."id" = s."id"
            """), logger: logger)
        try await replaceRejects(table, columns: columns, with: copy.rejects, connection)
        // Another retype may follow in this transaction and stage again.
        try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE \(PostgresSQL.stagingTable)"), logger: logger)
    }
}
